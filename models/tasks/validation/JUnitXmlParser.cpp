#include "JUnitXmlParser.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QXmlStreamReader>

namespace agentdesk::tasks {

namespace {

bool looksLikeJUnitName(const QFileInfo &file)
{
    const QString name = file.fileName().toLower();
    if (!name.endsWith(QLatin1String(".xml")))
        return false;
    if (name.startsWith(QLatin1String("test-")) || name.contains(QLatin1String("junit")))
        return true;
    const QString folder = file.dir().dirName().toLower();
    return folder == QLatin1String("test-results") || folder == QLatin1String("test-reports") ||
           folder == QLatin1String("surefire-reports");
}

} // namespace

Result<TestReport> JUnitXmlParser::parse(const QByteArray &xml)
{
    QXmlStreamReader reader(xml);
    TestReport report;
    bool sawRoot = false;
    QString caseName;
    TestStatus caseStatus = TestStatus::Passed;
    while (!reader.atEnd()) {
        const auto token = reader.readNext();
        if (token == QXmlStreamReader::StartElement) {
            const auto name = reader.name();
            if (name == QLatin1String("testsuites") || name == QLatin1String("testsuite")) {
                sawRoot = true;
            } else if (name == QLatin1String("testcase")) {
                const auto attributes = reader.attributes();
                const QString className = attributes.value(QLatin1String("classname")).toString();
                const QString testName = attributes.value(QLatin1String("name")).toString();
                caseName = className.isEmpty() ? testName : className + QLatin1Char('.') + testName;
                caseStatus = TestStatus::Passed;
            } else if (!caseName.isEmpty() &&
                       (name == QLatin1String("failure") || name == QLatin1String("error"))) {
                caseStatus = TestStatus::Failed;
            } else if (!caseName.isEmpty() && name == QLatin1String("skipped") &&
                       caseStatus != TestStatus::Failed) {
                caseStatus = TestStatus::Skipped;
            }
        } else if (token == QXmlStreamReader::EndElement &&
                   reader.name() == QLatin1String("testcase")) {
            report.add({caseName, caseStatus});
            caseName.clear();
        }
    }
    if (reader.hasError()) {
        return Error(QStringLiteral("junit-invalid"),
                     QStringLiteral("The JUnit XML is not well-formed (line %1: %2).")
                         .arg(reader.lineNumber())
                         .arg(reader.errorString()));
    }
    if (!sawRoot) {
        return Error(QStringLiteral("junit-invalid"),
                     QStringLiteral("The XML has no <testsuites> or <testsuite> element."));
    }
    report.format = QStringLiteral("junit");
    return report;
}

QStringList JUnitXmlParser::find(const QString &directory, const QDateTime &since, int maxFiles)
{
    QStringList found;
    QStringList pending{directory};
    int seen = 0;
    while (!pending.isEmpty() && seen < maxFiles) {
        const QFileInfoList entries = QDir(pending.takeLast())
                                          .entryInfoList(QDir::AllEntries | QDir::NoSymLinks |
                                                             QDir::NoDotAndDotDot | QDir::Hidden,
                                                         QDir::Name);
        for (const QFileInfo &entry : entries) {
            ++seen;
            if (entry.isDir()) {
                if (entry.fileName() != QLatin1String(".git") &&
                    entry.fileName() != QLatin1String("node_modules"))
                    pending << entry.filePath();
            } else if (looksLikeJUnitName(entry) && entry.lastModified() >= since) {
                found << entry.filePath();
            }
        }
    }
    found.sort();
    return found;
}

QStringList JUnitXmlParser::match(const QString &directory, const QStringList &patterns)
{
    QStringList found;
    for (const QString &pattern : patterns) {
        QStringList current{directory};
        const QStringList parts = pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts);
        for (qsizetype i = 0; i < parts.size(); ++i) {
            const bool last = i + 1 == parts.size();
            QStringList next;
            for (const QString &base : std::as_const(current)) {
                const auto filter = last ? QDir::Files : QDir::Dirs | QDir::NoDotAndDotDot;
                const QFileInfoList entries =
                    QDir(base).entryInfoList({parts[i]}, filter, QDir::Name);
                for (const QFileInfo &entry : entries)
                    next << entry.filePath();
            }
            current = next;
        }
        for (const QString &file : std::as_const(current)) {
            if (!found.contains(file))
                found << file;
        }
    }
    return found;
}

} // namespace agentdesk::tasks
