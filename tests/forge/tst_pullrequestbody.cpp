#include "forge/PullRequestBody.h"
#include "tasks/publish/PublishContent.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTest>

using namespace agentdesk;
using namespace agentdesk::forge;

namespace {

QString readSample()
{
    QFile file(QStringLiteral(AGENTDESK_REPORT_SAMPLE));
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

QString table(int rows, const QString &tag)
{
    QStringList lines{QStringLiteral("| File | Change | Added | Removed |"),
                      QStringLiteral("|:-----|:-------|------:|--------:|")};
    for (int i = 0; i < rows; ++i)
        lines.append(QStringLiteral("| `src/%1/file_%2.cpp` | modified | %3 | %4 |")
                         .arg(tag)
                         .arg(i)
                         .arg(i % 17)
                         .arg(i % 5));
    return lines.join(QLatin1Char('\n'));
}

QString bullets(int count, const QString &text)
{
    QStringList lines;
    for (int i = 0; i < count; ++i)
        lines.append(QStringLiteral("- %1 %2").arg(text).arg(i));
    return lines.join(QLatin1Char('\n'));
}

// What a reader of the body would see broken: a table row cut in the middle, a table with no
// header, an unclosed code fence.
QString structureProblem(const QString &body)
{
    const QStringList lines = body.split(QLatin1Char('\n'));
    bool inTable = false;
    int fences = 0;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.startsWith(QLatin1String("```")))
            ++fences;
        const bool row = line.startsWith(QLatin1Char('|'));
        if (row && !line.endsWith(QLatin1Char('|')))
            return QStringLiteral("cut row: ") + line;
        if (row && !inTable) {
            // A table starts with a header and its separator.
            if (i + 1 >= lines.size() || !lines.at(i + 1).trimmed().startsWith(QLatin1String("|:")))
                return QStringLiteral("table without header at: ") + line;
        }
        inTable = row;
    }
    if (fences % 2 != 0)
        return QStringLiteral("unclosed code fence");
    return QString();
}

} // namespace

class TestPullRequestBody : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theReportSplitsIntoItsSections()
    {
        const QString sample = readSample();
        QVERIFY(!sample.isEmpty());
        const PullRequestReport report = splitReport(sample);
        QStringList headings;
        for (const BodySection &section : report.sections)
            headings.append(section.heading);
        QCOMPARE(headings,
                 (QStringList{QStringLiteral("What changed"), QStringLiteral("Which tests passed"),
                              QStringLiteral("Decisions to review")}));
        QVERIFY(report.lead.startsWith(QLatin1String("Iteration 2:")));
        QVERIFY(!report.lead.contains(QLatin1String("# Handle empty input")));
        // "### The reviewer's" stays inside its section.
        QVERIFY(report.sections.at(2).markdown.contains(QLatin1String("### The reviewer's")));
        const QString body = composeBody(report, bodyLimit(ForgeKind::GitHub));
        QVERIFY(body.contains(QLatin1String("## Which tests passed")));
        QVERIFY(body.contains(report.sections.at(0).markdown)); // small enough: untouched
        QVERIFY(!body.contains(QLatin1String("left out")));
    }

    void limits()
    {
        QCOMPARE(bodyLimit(ForgeKind::GitHub), 65536);
        QCOMPARE(bodyLimit(ForgeKind::GitLab), 1048576);
        QCOMPARE(bodyLimit(ForgeKind::Gitea), 65536);
    }

    // 200,000 characters of report into GitHub's 65,536: the longest section gives way first,
    // at row boundaries, with a note; the short ones stay whole.
    void theLongestSectionsAreShortenedFirstNeverMidTable()
    {
        PullRequestReport report;
        report.lead = QStringLiteral("Iteration 1: `aaaaaaa` → `bbbbbbb`.");
        const QString tests = QStringLiteral("Result: **passed**. 812 passed, 0 failed.");
        const QString hugeTable = table(3000, QStringLiteral("core")); // ~150,000 characters
        const QString decisions = bullets(400, QStringLiteral("Decision to look at number"));
        report.sections = {{QStringLiteral("What changed"), hugeTable},
                           {QStringLiteral("Which tests passed"), tests},
                           {QStringLiteral("Decisions to review"), decisions}};
        report.footer = QStringLiteral("_Published by AgentDesk._");
        const QString body = composeBody(report, 65536);
        QVERIFY(body.size() <= 65536);
        QVERIFY(body.size() > 60000); // it uses the room it has
        QVERIFY2(structureProblem(body).isEmpty(), qPrintable(structureProblem(body)));
        for (const BodySection &section : report.sections)
            QVERIFY(body.contains(QStringLiteral("## ") + section.heading));
        QVERIFY(body.contains(tests));
        QVERIFY(body.contains(decisions)); // 10 KB: shorter than the cap, whole
        QVERIFY(body.contains(QLatin1String("| File | Change | Added | Removed |")));
        QVERIFY(body.contains(QLatin1String("more lines left out")));
        QVERIFY(body.contains(report.footer));
    }

    void twoLongSectionsShareTheRoom()
    {
        PullRequestReport report;
        report.sections = {{QStringLiteral("A"), bullets(3000, QStringLiteral("alpha item"))},
                           {QStringLiteral("B"), bullets(1000, QStringLiteral("beta item"))},
                           {QStringLiteral("C"), QStringLiteral("short")}};
        const qsizetype a = report.sections.at(0).markdown.size();
        const qsizetype b = report.sections.at(1).markdown.size();
        const int limit = int(b + 20000);
        const QString body = composeBody(report, limit);
        QVERIFY(body.size() <= limit);
        QVERIFY(a > b);
        // B is shorter than where the cap lands: kept whole; A took the cut.
        QVERIFY(body.contains(report.sections.at(1).markdown));
        QVERIFY(!body.contains(report.sections.at(0).markdown));
        QVERIFY(body.contains(QLatin1String("short")));
    }

    void aCodeFenceGoesWholeOrNotAtAll()
    {
        QStringList fence{QStringLiteral("```text")};
        for (int i = 0; i < 400; ++i)
            fence.append(QStringLiteral("log line %1 of the failing test").arg(i));
        fence.append(QStringLiteral("```"));
        const QString markdown = QStringLiteral("Before the output.\n\n") +
                                 fence.join(QLatin1Char('\n')) +
                                 QStringLiteral("\n\nAfter the output.");
        int omitted = 0;
        const QString shortened = shortenMarkdown(markdown, 5000, &omitted);
        QVERIFY(shortened.size() <= 5000);
        QVERIFY(shortened.contains(QLatin1String("Before the output.")));
        QVERIFY(!shortened.contains(QLatin1String("```")));
        QVERIFY(omitted > 400);
        QVERIFY(structureProblem(shortened).isEmpty());
    }

    // Random reports, random limits: never over, never broken.
    void neverOverNeverBroken()
    {
        QRandomGenerator random(21);
        for (int round = 0; round < 60; ++round) {
            PullRequestReport report;
            report.lead = bullets(random.bounded(1, 20), QStringLiteral("lead"));
            const int sections = random.bounded(1, 6);
            for (int s = 0; s < sections; ++s) {
                QStringList parts;
                const int blocks = random.bounded(1, 5);
                for (int b = 0; b < blocks; ++b) {
                    switch (random.bounded(3)) {
                    case 0:
                        parts.append(table(random.bounded(1, 800), QString::number(s)));
                        break;
                    case 1:
                        parts.append(bullets(random.bounded(1, 500), QStringLiteral("point")));
                        break;
                    default:
                        parts.append(QStringLiteral("```\n") +
                                     bullets(random.bounded(1, 60), QStringLiteral("code")) +
                                     QStringLiteral("\n```"));
                    }
                }
                report.sections.append(
                    {QStringLiteral("Section %1").arg(s), parts.join(QStringLiteral("\n\n"))});
            }
            report.footer = QStringLiteral("_footer_");
            const int limit = random.bounded(3000, 70000);
            const QString body = composeBody(report, limit);
            QVERIFY2(body.size() <= limit, qPrintable(QStringLiteral("round %1").arg(round)));
            QVERIFY2(structureProblem(body).isEmpty(), qPrintable(structureProblem(body)));
            for (const BodySection &section : report.sections)
                QVERIFY(body.contains(QStringLiteral("## ") + section.heading));
        }
    }

    void theTasksBodyCarriesFindingsAndCost()
    {
        tasks::PublishSource source;
        source.task.id = 12;
        source.task.spec.budget = Money::fromNanodollars(1'000'000'000);
        source.iteration.number = 2;
        source.iteration.headCommit = QStringLiteral("f00dfee0123456789abcdef0123456789abcdef0");
        source.iteration.reportMarkdown = readSample();
        store::FindingRecord blocker;
        blocker.id = 1;
        blocker.title = QStringLiteral("Callers check for < 0");
        blocker.priority = 0;
        blocker.file = QStringLiteral("src/parser.cpp");
        blocker.startLine = 11;
        blocker.endLine = 11;
        blocker.anchored = true;
        store::FindingRecord piped = blocker;
        piped.id = 2;
        piped.title = QStringLiteral("a | b");
        piped.priority = 2;
        piped.file.clear();
        piped.startLine = 0;
        piped.acknowledged = true;
        source.findings = {piped, blocker};
        store::CostLine line;
        line.role = store::LedgerRole::Implementer;
        line.provider = QStringLiteral("anthropic");
        line.model = QStringLiteral("claude-sonnet-4-5");
        line.calls = 3;
        line.cost = Money::fromNanodollars(48'000'000);
        source.costs = {line};
        source.totalCost = line.cost;
        const PullRequestReport report = tasks::buildPullRequestReport(source);
        const QString body = composeBody(report, bodyLimit(ForgeKind::GitHub));
        QVERIFY(body.contains(QLatin1String("## What changed")));
        QVERIFY(body.contains(QLatin1String("## Which tests passed")));
        QVERIFY(body.contains(QLatin1String("## Decisions to review")));
        QVERIFY(body.contains(QLatin1String("## The reviewer's findings")));
        QVERIFY(body.contains(QLatin1String("## Cost")));
        // Sorted by priority; file and line; a '|' in a title cannot split the row.
        const qsizetype p0 = body.indexOf(QLatin1String("| P0 | `src/parser.cpp:11` |"));
        const qsizetype p2 =
            body.indexOf(QStringLiteral("| P2 | – | **a \\| b** | open, acknowledged |"));
        QVERIFY2(p0 > 0, qPrintable(body));
        QVERIFY2(p2 > p0, qPrintable(body));
        QVERIFY(body.contains(QLatin1String("Total: **$0.048** of a $1.00 budget.")));
        QVERIFY(body.contains(QLatin1String("task 12, iteration 2 (commit `f00dfee01234`)")));
        QVERIFY(structureProblem(body).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPullRequestBody)
#include "tst_pullrequestbody.moc"
