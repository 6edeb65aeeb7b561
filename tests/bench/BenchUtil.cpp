#include "BenchUtil.h"
#include "review/DiffDocument.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QList>
#include <QTextStream>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace agentdesk::bench {

namespace {

QByteArray readProcFile(const char *path)
{
    QFile file(QString::fromLatin1(path));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

[[noreturn]] void usageError(const QString &message)
{
    std::fprintf(stderr, "%s\n", qPrintable(message));
    std::exit(2);
}

} // namespace

double peakRssMb()
{
    const QList<QByteArray> lines = readProcFile("/proc/self/status").split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmHWM:")) {
            const QByteArray kb = line.mid(6).trimmed().split(' ').value(0);
            return kb.toDouble() / 1024.0;
        }
    }
    return -1;
}

void printResult(const QJsonObject &figures)
{
    std::fflush(stdout);
    QTextStream out(stdout);
    out << QJsonDocument(figures).toJson(QJsonDocument::Compact) << '\n';
    out.flush();
}

double percentile(QList<double> samples, double p)
{
    if (samples.isEmpty())
        return 0;
    std::sort(samples.begin(), samples.end());
    const auto rank = qsizetype(std::ceil(p / 100.0 * double(samples.size())));
    return samples.at(std::clamp<qsizetype>(rank - 1, 0, samples.size() - 1));
}

QJsonObject machine()
{
    QJsonObject result;
    result[QStringLiteral("nproc")] = QThread::idealThreadCount();
    for (const QByteArray &line : readProcFile("/proc/meminfo").split('\n')) {
        if (line.startsWith("MemTotal:")) {
            const double kb = line.mid(9).trimmed().split(' ').value(0).toDouble();
            result[QStringLiteral("mem_total_gb")] = std::round(kb / (1024.0 * 1024.0) * 10) / 10;
        }
    }
    QJsonArray load;
    const QList<QByteArray> fields = readProcFile("/proc/loadavg").split(' ');
    for (int i = 0; i < 3 && i < fields.size(); ++i)
        load.append(fields.at(i).toDouble());
    result[QStringLiteral("load_avg")] = load;
    return result;
}

void addRepositoryOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("repo"),
                      QStringLiteral("Measure a real repository's diff instead of generated "
                                     "input (needs --range)."),
                      QStringLiteral("path")});
    parser.addOption({QStringLiteral("range"),
                      QStringLiteral("The commits to diff in --repo: FROM..TO, TO's changes "
                                     "since its merge base with FROM (git diff FROM...TO)."),
                      QStringLiteral("from..to")});
}

RepositoryRange repositoryRange(const QCommandLineParser &parser)
{
    const bool hasRepo = parser.isSet(QStringLiteral("repo"));
    const bool hasRange = parser.isSet(QStringLiteral("range"));
    if (!hasRepo && !hasRange)
        return {};
    if (!hasRepo || !hasRange)
        usageError(QStringLiteral("--repo and --range go together: --repo PATH --range FROM..TO"));
    RepositoryRange result;
    const QString path = parser.value(QStringLiteral("repo"));
    if (!QFileInfo(path).isDir())
        usageError(QStringLiteral("--repo %1: not a directory").arg(path));
    result.repository = QDir(path).absolutePath();
    const QString range = parser.value(QStringLiteral("range"));
    const bool threeDots = range.contains(QStringLiteral("..."));
    const qsizetype dots = range.indexOf(threeDots ? QStringLiteral("...") : QStringLiteral(".."));
    if (dots <= 0)
        usageError(QStringLiteral("--range %1: expected FROM..TO").arg(range));
    result.from = range.left(dots);
    result.to = range.mid(dots + (threeDots ? 3 : 2));
    if (result.to.isEmpty())
        usageError(QStringLiteral("--range %1: expected FROM..TO").arg(range));
    return result;
}

QJsonObject documentShape(const review::DiffDocument &document)
{
    int binary = 0, tooLarge = 0, generated = 0, renamed = 0, copied = 0, longest = 0;
    for (const review::DiffFile &file : document.files()) {
        binary += file.placeholder == review::Placeholder::Binary;
        tooLarge += file.placeholder == review::Placeholder::TooLarge;
        generated += file.placeholder == review::Placeholder::Generated;
        renamed += file.status == git::DeltaStatus::Renamed;
        copied += file.status == git::DeltaStatus::Copied;
        longest = std::max(longest, file.longestLine);
    }
    const git::DiffTotals totals = document.totals();
    return {{QStringLiteral("files"), document.fileCount()},
            {QStringLiteral("rows"), document.totalRows()},
            {QStringLiteral("added"), totals.added},
            {QStringLiteral("removed"), totals.removed},
            {QStringLiteral("binary"), binary},
            {QStringLiteral("too_large"), tooLarge},
            {QStringLiteral("generated"), generated},
            {QStringLiteral("renamed"), renamed},
            {QStringLiteral("copied"), copied},
            {QStringLiteral("longest_line"), longest}};
}

} // namespace agentdesk::bench
