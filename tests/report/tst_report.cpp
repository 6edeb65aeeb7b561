#include "FileDeltaFactory.h"
#include "ReportTestSupport.h"
#include "git/GitLibrary.h"
#include "tasks/report/TaskReport.h"

#include <QFile>
#include <QRegularExpression>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextTable>
#include <QtTest>

#include <algorithm>
#include <random>

using namespace agentdesk;
using namespace agentdesk::tasks;
using agentdesk::test::FileDeltaFactory;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

const QString kBase = QStringLiteral("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678");
const QString kHead = QStringLiteral("f00dfeed00112233445566778899aabbccddeeff");

// The headings of a Markdown text that a renderer would see: lines starting with '#' outside
// fenced code.
QStringList headingsOutsideFences(const QString &markdown)
{
    static const QRegularExpression fence(QStringLiteral("^ {0,3}(`{3,}|~{3,})"));
    static const QRegularExpression heading(QStringLiteral("^ {0,3}#{1,6}(\\s|$)"));
    QStringList headings;
    QString open;
    for (const QString &line : markdown.split(QLatin1Char('\n'))) {
        const QRegularExpressionMatch match = fence.match(line);
        if (match.hasMatch()) {
            const QString marker = match.captured(1);
            if (open.isEmpty())
                open = marker;
            else if (marker.front() == open.front() && marker.size() >= open.size() &&
                     line.trimmed() == marker)
                open.clear();
            continue;
        }
        if (open.isEmpty() && heading.match(line).hasMatch())
            headings << line;
    }
    return headings;
}

QStringList standardHeadings(const QString &title)
{
    return {QStringLiteral("# ") + title,
            QStringLiteral("## What changed"),
            QStringLiteral("## Which tests passed"),
            QStringLiteral("## Decisions to review"),
            QStringLiteral("### The implementer's"),
            QStringLiteral("### The reviewer's"),
            QStringLiteral("### Detected in the change")};
}

ValidationResult run(int exitCode, const QStringList &tests)
{
    ValidationResult result;
    result.commit = kHead;
    result.command = QStringLiteral("ctest --output-on-failure");
    result.started = true;
    result.exitCode = exitCode;
    result.durationMs = 12345;
    result.sandboxed = true;
    for (const QString &test : tests) {
        const QString status = test.section(u':', -1);
        result.report.add(
            {test.section(u':', 0, -2), status == QLatin1String("p")   ? TestStatus::Passed
                                        : status == QLatin1String("f") ? TestStatus::Failed
                                                                       : TestStatus::Skipped});
    }
    return result;
}

// One input with every part filled: files of each kind, a failing run compared with the base,
// the implementer's report, a verdict with findings.
ReportInput sampleInput()
{
    ReportInput input;
    input.title = s("Handle empty input in the parser");
    input.prompt = s("Fix src/parser.cpp so that empty input is an error.");
    input.iteration = 2;
    input.requestText = s("Return -1 instead of throwing.");
    input.baseCommit = kBase;
    input.headCommit = kHead;
    input.files.push_back(FileDeltaFactory::make(s("src/parser.cpp"), s("src/parser.cpp"),
                                                 "@@ -10,3 +10,4 @@\n"
                                                 " int parse(const Input &input) {\n"
                                                 "-    return input.read();\n"
                                                 "+    if (input.empty())\n"
                                                 "+        return -1;\n"
                                                 " }\n"));
    input.files.push_back(FileDeltaFactory::make(s("include/demo/parser.h"),
                                                 s("include/demo/parser.h"),
                                                 "@@ -3,2 +3,2 @@\n"
                                                 "-int parse(Input input);\n"
                                                 "+int parse(const Input &input);\n"
                                                 " \n"));
    git::FileDelta renamed = FileDeltaFactory::make(s("docs/old name.md"), s("docs/new|name.md"),
                                                    QByteArray(), git::DeltaStatus::Renamed);
    renamed.similarity = 100;
    input.files.push_back(renamed);
    git::FileDelta logo = FileDeltaFactory::make(QString(), s("assets/logo.png"), QByteArray(),
                                                 git::DeltaStatus::Added);
    logo.binary = true;
    input.files.push_back(logo);
    input.files.push_back(FileDeltaFactory::make(s("tests/test_parser.py"),
                                                 s("tests/test_parser.py"),
                                                 "@@ -1,3 +1,4 @@\n"
                                                 " import pytest\n"
                                                 " \n"
                                                 "+@pytest.mark.skip(reason=\"flaky\")\n"
                                                 " def test_empty():\n"));
    git::FileDelta script =
        FileDeltaFactory::make(s("tools/run.sh"), s("tools/run.sh"), QByteArray());
    script.oldMode = 0100644;
    script.newMode = 0100755;
    input.files.push_back(script);

    agents::FinishReport finish;
    finish.summary =
        s("Empty input now returns -1.\n\n- Added a guard in `parse()`\n- Took the input "
          "by reference");
    finish.decisions = {{s("Return -1 rather than throw"), s("src/parser.cpp"), 11},
                        {s("Skipped a flaky test"), s("tests/test_parser.py"), 3}};
    input.implementerReport = finish;

    ValidationResult validation =
        run(1, {s("parser.empty:p"), s("parser.big:f"), s("lexer.unicode:f"), s("lexer.slow:s"),
                s("parser.crlf:p")});
    input.validation = validation;
    BaseComparison comparison;
    comparison.baseCommit = kBase;
    comparison.newlyFailing = {s("parser.big")};
    comparison.preexistingFailing = {s("lexer.unicode")};
    comparison.fixed = {s("parser.crlf")};
    comparison.missing = {s("parser.legacy")};
    input.baseComparison = comparison;

    store::ReviewVerdictRecord verdict;
    verdict.correct = false;
    verdict.explanation = s("Callers treat a negative result as an I/O error.");
    verdict.confidence = 0.8;
    verdict.decisionsToReview = {s("src/parser.cpp:11 - is -1 the right sentinel?"),
                                 s("Whether the legacy test should go")};
    input.verdict = verdict;
    const auto finding = [](const char *title, int priority, const char *file, int line,
                            bool acknowledged) {
        store::FindingRecord record;
        record.title = s(title);
        record.priority = priority;
        record.file = s(file);
        record.startLine = line;
        record.endLine = line;
        record.acknowledged = acknowledged;
        return record;
    };
    input.findings = {finding("Callers check for < 0", 0, "src/parser.cpp", 11, false),
                      finding("Header and source differ", 1, "include/demo/parser.h", 3, true),
                      finding("Name the constant", 3, "src/parser.cpp", 12, false),
                      finding("No test for empty input", 1, "", 0, false)};
    return input;
}

// The level-2 headings Qt's own Markdown reader (md4c, GitHub dialect) finds.
QStringList renderedSections(const QString &markdown)
{
    QTextDocument document;
    document.setMarkdown(markdown, QTextDocument::MarkdownDialectGitHub);
    QStringList sections;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        if (block.blockFormat().headingLevel() == 2)
            sections << block.text();
    }
    return sections;
}

QString dataFile(const char *name)
{
    return QStringLiteral(AGENTDESK_REPORT_DATA_DIR "/") + s(name);
}

} // namespace

class TestTaskReport : public QObject
{
    Q_OBJECT

private:
    git::GitLibrary m_library;

private Q_SLOTS:
    void threeSectionsInOrder()
    {
        const TaskReport report = buildReport(sampleInput());
        QCOMPARE(headingsOutsideFences(report.markdown),
                 standardHeadings(s("Handle empty input in the parser")));
        // An empty input still has the same structure.
        QCOMPARE(headingsOutsideFences(buildReport(ReportInput()).markdown),
                 standardHeadings(s("Task report")));
    }

    void qtRendersThreeSectionsAndTheTable()
    {
        const QStringList sections = {s("What changed"), s("Which tests passed"),
                                      s("Decisions to review")};
        const QString markdown = buildReport(sampleInput()).markdown;
        QCOMPARE(renderedSections(markdown), sections);

        ReportInput hostile = sampleInput();
        hostile.implementerReport->summary = s("## Decisions to review\n```\n## x");
        hostile.title = s("## What changed");
        hostile.verdict->explanation = s("Which tests passed\n---");
        QCOMPARE(renderedSections(buildReport(hostile).markdown), sections);

        // The files table: a header and six rows of four cells; the '|' in a file name stays in
        // its cell.
        QTextDocument document;
        document.setMarkdown(markdown, QTextDocument::MarkdownDialectGitHub);
        QTextTable *table = nullptr;
        for (QTextBlock block = document.begin(); block.isValid() && !table; block = block.next())
            table = QTextCursor(block).currentTable();
        QVERIFY(table);
        QCOMPARE(table->rows(), 7);
        QCOMPARE(table->columns(), 4);
        const auto cellText = [table](int row, int column) {
            const QTextTableCell cell = table->cellAt(row, column);
            QTextCursor cursor = cell.firstCursorPosition();
            cursor.setPosition(cell.lastCursorPosition().position(), QTextCursor::KeepAnchor);
            return cursor.selectedText();
        };
        QCOMPARE(cellText(0, 0), s("File"));
        QCOMPARE(cellText(2, 0), s("docs/old name.md → docs/new|name.md"));
        QCOMPARE(cellText(2, 1), s("renamed (100 % similar)"));
        QCOMPARE(cellText(4, 2), s("2"));
    }

    void goldenReport()
    {
        const QString markdown = buildReport(sampleInput()).markdown;
        const QString path = dataFile("sample_report.md");
        if (qEnvironmentVariableIsSet("AGENTDESK_UPDATE_GOLDEN")) {
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
            out.write(markdown.toUtf8());
        }
        QFile in(path);
        QVERIFY2(in.open(QIODevice::ReadOnly), qPrintable(path));
        const QString expected = QString::fromUtf8(in.readAll());
        if (markdown != expected)
            qWarning().noquote() << "Report as built:\n" << markdown;
        QCOMPARE(markdown, expected);
    }

    void hostileTextCannotBreakTheStructure()
    {
        ReportInput input = sampleInput();
        input.title = s("# Evil | title\n## What changed");
        input.requestText = s("## Decisions to review\n```");
        input.implementerReport->summary =
            s("## Decisions to review\n# Top\nSetext\n===\n<script>alert(1)</script>\n```cpp\nint "
              "x;");
        input.implementerReport->decisions.append(
            {s("## Which tests passed\n- [x] [link](javascript:alert(1))"), s("a|b.cpp"), 2});
        input.verdict->explanation = s("Fine.\n~~~\n## What changed");
        input.verdict->decisionsToReview.append(s("## Decisions to review"));
        input.reviewError = s("<b>boom</b>\n## x");
        const TaskReport report = buildReport(input);
        QCOMPARE(headingsOutsideFences(report.markdown),
                 standardHeadings(s("\\# Evil \\| title ## What changed")));
        // No raw HTML: every '<' in this report is escaped.
        static const QRegularExpression rawHtml(QStringLiteral("(?<!\\\\)<"));
        QVERIFY(!report.markdown.contains(rawHtml));
        QVERIFY(report.markdown.contains(s("\\<script>")));
        QVERIFY(!report.markdown.contains(s("<b>")));
        QVERIFY(report.markdown.contains(s("`a|b.cpp:2`")));
    }

    // Placeholders in text a user wrote stay text.
    void percentPlaceholdersInTheTitleStayText()
    {
        ReportInput input = sampleInput();
        input.title = s("Handle %1 placeholders");
        input.iteration = 2;
        const QString markdown = buildReport(input).markdown;
        QVERIFY2(markdown.contains(s("Handle %1 placeholders")), qPrintable(markdown.left(200)));
        QVERIFY(markdown.contains(s("Iteration 2")));
    }

    void zeroTestsIsNotAPass()
    {
        ReportInput input;
        input.headCommit = kHead;
        input.validation = run(0, {});
        const QString markdown = buildReport(input).markdown;
        QVERIFY(markdown.contains(
            s("Result: **no tests ran, which is NOT a pass**: no test result was found in the "
              "output or in JUnit XML. 0 passed, 0 failed, 0 skipped (exit code 0).")));
        QVERIFY(!markdown.contains(s("**passed**")));
    }

    void runOutcomes_data()
    {
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QStringList>("tests");
        QTest::addColumn<bool>("timedOut");
        QTest::addColumn<bool>("crashed");
        QTest::addColumn<QString>("line");
        QTest::newRow("passed")
            << 0 << QStringList{s("a:p"), s("b:p"), s("c:s")} << false << false
            << s("Result: **passed**. 2 passed, 0 failed, 1 skipped (exit code 0).");
        QTest::newRow("failed")
            << 8 << QStringList{s("a:p"), s("b:f")} << false << false
            << s("Result: **failed**. 1 passed, 1 failed, 0 skipped (exit code 8).");
        QTest::newRow("failed naming no test")
            << 2 << QStringList{s("a:p")} << false << false
            << s("Result: **failed**: the command failed without naming a failing test (a build "
                 "error?). 1 passed, 0 failed, 0 skipped (exit code 2).");
        QTest::newRow("timed out")
            << -1 << QStringList{s("a:p")} << true << false
            << s("Result: **timed out**: the counts are what was read before "
                 "the run was stopped. 1 passed, 0 failed, 0 skipped.");
        QTest::newRow("crashed")
            << -1 << QStringList{s("a:p")} << false << true
            << s("Result: **crashed**: the test command did not exit normally. "
                 "1 passed, 0 failed, 0 skipped.");
        QTest::newRow("only skipped")
            << 0 << QStringList{s("a:s")} << false << false
            << s("Every test that ran was skipped: none actually passed.");
    }

    void runOutcomes()
    {
        QFETCH(int, exitCode);
        QFETCH(QStringList, tests);
        QFETCH(bool, timedOut);
        QFETCH(bool, crashed);
        QFETCH(QString, line);
        ReportInput input;
        input.headCommit = kHead;
        ValidationResult validation = run(exitCode, tests);
        validation.timedOut = timedOut;
        validation.crashed = crashed;
        input.validation = validation;
        const QString markdown = buildReport(input).markdown;
        QVERIFY2(markdown.contains(line), qPrintable(markdown));
        QVERIFY(markdown.contains(
            s("Validated commit `f00dfee` with `ctest --output-on-failure` (12.3 s, sandboxed).")));
    }

    void noValidationIsStatedPlainly()
    {
        const QString markdown = buildReport(ReportInput()).markdown;
        QVERIFY(markdown.contains(s("## Which tests passed\n\n**No validation ran for this "
                                    "iteration**, so nothing here says the tests pass.")));

        ReportInput input;
        ValidationResult validation;
        validation.command = s("make test");
        validation.error = s("/bin/sh: make: not found");
        input.validation = validation;
        QVERIFY(buildReport(input).markdown.contains(
            s("**The validation command could not run** (`make test`): /bin/sh: make: not found. "
              "No test result exists for this iteration.")));
    }

    void staleValidationIsFlagged()
    {
        ReportInput input;
        input.headCommit = kHead;
        ValidationResult validation = run(0, {s("a:p")});
        validation.commit = kBase;
        validation.sandboxed = false;
        validation.sandboxNote = s("bwrap is not installed");
        input.validation = validation;
        const QString markdown = buildReport(input).markdown;
        QVERIFY(markdown.contains(s("(12.3 s, not sandboxed: bwrap is not installed).")));
        QVERIFY(markdown.contains(s("**Warning:** the validated commit `a1b2c3d` is not this "
                                    "iteration's head `f00dfee`")));
    }

    void baseComparisonListsAreSortedAndCapped()
    {
        ReportInput input;
        input.headCommit = kHead;
        QStringList tests;
        BaseComparison comparison;
        comparison.baseCommit = kBase;
        for (int i = 13; i >= 1; --i) {
            const QString name = QStringLiteral("t%1").arg(i, 2, 10, QLatin1Char('0'));
            tests << name + s(":f");
            comparison.newlyFailing << name;
        }
        comparison.preexistingFailing = {s("old")};
        input.validation = run(1, tests);
        input.baseComparison = comparison;
        const QString markdown = buildReport(input).markdown;
        QVERIFY2(markdown.contains(
                     s("Compared with the base `a1b2c3d`:\n\n"
                       "- Newly failing (13): `t01`, `t02`, `t03`, `t04`, `t05`, `t06`, `t07`, "
                       "`t08`, `t09`, `t10` and 3 more\n"
                       "- Failing on the base too (1): `old`\n- Fixed (0)\n"
                       "- Ran on the base but not here (0)")),
                 qPrintable(markdown));

        input.baseComparison.reset();
        QVERIFY(buildReport(input).markdown.contains(
            s("The base commit was not validated, so failures cannot be told apart as new or "
              "pre-existing.\n\nFailing (13): `t01`, `t02`")));
    }

    void filesAndTotals()
    {
        ReportInput input = sampleInput();
        git::FileDelta big =
            FileDeltaFactory::make(s("data/big.csv"), s("data/big.csv"), QByteArray());
        big.tooLarge = true;
        input.files.push_back(big);
        const TaskReport report = buildReport(input);
        QCOMPARE(report.filesChanged, 7);
        QCOMPARE(report.linesAdded, 4);
        QCOMPARE(report.linesRemoved, 2);
        const QString markdown = report.markdown;
        QVERIFY(markdown.contains(s("| `docs/old name.md` → docs/new\\|name.md | renamed (100 % "
                                    "similar) | 0 | 0 |")));
        QVERIFY(markdown.contains(s("| `assets/logo.png` | added, binary | – | – |")));
        QVERIFY(markdown.contains(s("| `data/big.csv` | modified, too large to show | – | – |")));
        QVERIFY(
            markdown.contains(s("| `tools/run.sh` | modified, mode 100644 → 100755 | 0 | 0 |")));
        QVERIFY(
            markdown.contains(s("**7 files changed, 4 lines added, 2 removed** (1 binary file)")));
    }

    void longFileListsAreCut()
    {
        ReportInput input;
        for (int i = 0; i < 205; ++i) {
            input.files.push_back(
                FileDeltaFactory::make(QStringLiteral("f%1.txt").arg(i, 3, 10, QLatin1Char('0')),
                                       QStringLiteral("f%1.txt").arg(i, 3, 10, QLatin1Char('0')),
                                       "@@ -1 +1 @@\n-a\n+b\n"));
        }
        const QString markdown = buildReport(input).markdown;
        QVERIFY(markdown.contains(s("| `f199.txt` |")));
        QVERIFY(!markdown.contains(s("| `f200.txt` |")));
        QVERIFY(markdown.contains(s("…and 5 more files (see the diff).")));
        QVERIFY(markdown.contains(s("**205 files changed, 205 lines added, 205 removed**")));
    }

    void longDecisionListsAreCut()
    {
        ReportInput input;
        agents::FinishReport finish;
        finish.summary = s("Many decisions.");
        for (int i = 1; i <= 60; ++i)
            finish.decisions.append({QStringLiteral("decision %1").arg(i), QString(), 0});
        input.implementerReport = finish;
        const TaskReport report = buildReport(input);
        QCOMPARE(report.decisions.size(), 60); // all kept for the engine
        QVERIFY(report.markdown.contains(s("- decision 50\n- …and 10 more\n")));
        QVERIFY(!report.markdown.contains(s("- decision 51\n")));
    }

    void decisionsBySource()
    {
        const TaskReport report = buildReport(sampleInput());
        QStringList sources;
        for (const ReportDecision &decision : report.decisions)
            sources << reportDecisionSourceName(decision.source) + QLatin1Char(' ') + decision.kind;
        QCOMPARE(sources,
                 (QStringList{s("implementer implementer"), s("implementer implementer"),
                              s("reviewer reviewer"), s("reviewer reviewer"),
                              s("detected public-api"), s("detected tests-deleted"),
                              s("detected tests-skipped"), s("detected outside-prompt-paths")}));
        // The reviewer's "path:line - text" is anchored on a changed file; other text is not.
        QCOMPARE(report.decisions.at(2).file, s("src/parser.cpp"));
        QCOMPARE(report.decisions.at(2).line, 11);
        QCOMPARE(report.decisions.at(2).text, s("is -1 the right sentinel?"));
        QVERIFY(report.decisions.at(3).file.isEmpty());
        const QString markdown = report.markdown;
        QVERIFY(markdown.contains(s("### The implementer's\n\n- `src/parser.cpp:11`: Return -1 "
                                    "rather than throw\n")));
        QVERIFY(markdown.contains(s("Verdict: **incorrect**, confidence 80 %.")));
        QVERIFY(
            markdown.contains(s("4 findings: 1 P0 (blocker), 2 P1, 0 P2, 1 P3; 1 acknowledged.\n\n"
                                "Blocking findings not acknowledged:\n\n"
                                "- **P0** `src/parser.cpp:11`: Callers check for \\< 0\n"
                                "- **P1** No test for empty input")));
    }

    void reviewFailureAndClosingMessage()
    {
        ReportInput input;
        input.implementerFinalText = s("Done. I changed the parser.\n# Not a heading");
        input.reviewError = s("malformed-review: no submit_review call");
        const QString markdown = buildReport(input).markdown;
        QVERIFY(
            markdown.contains(s("The implementer filed no structured report; its closing "
                                "message:\n\n> Done. I changed the parser.\n> \\# Not a heading")));
        QVERIFY(markdown.contains(
            s("### The implementer's\n\n*No structured report: read its closing message above.*")));
        QVERIFY(markdown.contains(s("### The reviewer's\n\n**The review failed:** "
                                    "malformed-review: no submit\\_review call")));
        QVERIFY(markdown.contains(s("### Detected in the change\n\n*Nothing detected.*")));
        QVERIFY(markdown.contains(s("**No files changed.**")));
    }

    void deterministic()
    {
        const ReportInput input = sampleInput();
        const TaskReport first = buildReport(input);
        QCOMPARE(buildReport(input).markdown, first.markdown);
        ReportInput shuffled = input;
        std::mt19937 random(7);
        for (int round = 0; round < 5; ++round) {
            std::shuffle(shuffled.files.begin(), shuffled.files.end(), random);
            std::shuffle(shuffled.findings.begin(), shuffled.findings.end(), random);
            const TaskReport again = buildReport(shuffled);
            QCOMPARE(again.markdown, first.markdown);
            QCOMPARE(again.decisions, first.decisions);
        }
    }

    void endToEndFromARealRepository()
    {
        const test::CommittedChange change = test::commitAndDiff(
            QVariantMap{{s("src/parser.cpp"), QByteArray("int parse() { return 0; }\n")},
                        {s("tests/test_parser.py"), QByteArray("def test_a():\n    assert True\n")},
                        {s("package.json"),
                         QByteArray("{\n  \"dependencies\": {\n    \"a\": \"^1.0.0\"\n  }\n}\n")}},
            QVariantMap{{s("src/parser.cpp"), QByteArray("int parse() {\n    return -1;\n}\n")},
                        {s("tests/test_parser.py"), QVariant()},
                        {s("package.json"),
                         QByteArray("{\n  \"dependencies\": {\n    \"a\": \"^2.0.0\"\n  }\n}\n")},
                        {s("assets/icon.bin"), QByteArray("\x00\x01\x02", 3)}});
        QVERIFY2(change.error.isEmpty(), qPrintable(change.error));
        ReportInput input;
        input.title = s("Parser returns -1");
        input.prompt = s("Change src/parser.cpp to return -1.");
        input.baseCommit = change.baseCommit;
        input.headCommit = change.headCommit;
        input.files = change.files;
        const TaskReport report = buildReport(input);
        QCOMPARE(report.filesChanged, change.gitFiles);
        QCOMPARE(report.linesAdded, change.gitAdded);
        QCOMPARE(report.linesRemoved, change.gitRemoved);
        QCOMPARE(
            test::describe(report.decisions),
            (QStringList{s("dependency-manifest package.json:3"),
                         s("tests-deleted tests/test_parser.py:0"), s("outside-prompt-paths :0")}));
        QVERIFY(report.markdown.contains(
            s("Iteration 1: `%1` → `%2`.")
                .arg(shortCommit(change.baseCommit), shortCommit(change.headCommit))));
        QVERIFY(report.markdown.contains(s("- **Tests deleted**: `tests/test_parser.py`: Test file "
                                           "deleted: tests/test\\_parser.py (1 test, 0 of them "
                                           "declared again elsewhere)")));
    }

    void shortCommits()
    {
        QCOMPARE(shortCommit(kHead), s("f00dfee"));
        QCOMPARE(shortCommit(s("abc")), s("abc"));
        QCOMPARE(shortCommit(QString()), QString());
    }

    void kindIds()
    {
        for (int i = 0; i <= int(DetectedKind::OutsidePromptPaths); ++i) {
            const auto kind = DetectedKind(i);
            QVERIFY(detectedKindFromId(detectedKindId(kind)) == std::optional(kind));
        }
        QVERIFY(!detectedKindFromId(s("implementer")));
    }
};

QTEST_MAIN(TestTaskReport)
#include "tst_report.moc"
