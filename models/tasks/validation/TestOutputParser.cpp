#include "TestOutputParser.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>

namespace agentdesk::tasks {

namespace {

QStringList linesOf(const QString &output)
{
    QStringList lines = output.split(QLatin1Char('\n'));
    for (QString &line : lines) {
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
    }
    return lines;
}

// Raises the counts to a runner's own totals when it counted tests it did not name.
void applyTotals(TestReport &report, int passed, int failed, int skipped)
{
    report.passed = std::max(report.passed, passed);
    report.failed = std::max(report.failed, failed);
    report.skipped = std::max(report.skipped, skipped);
}

// "1 failed, 2 passed, 1 skipped" or "1 failed | 3 passed": the number before each word.
int countOf(const QString &summary, const QString &word)
{
    const QRegularExpression re(QStringLiteral("(\\d+) %1\\b").arg(word));
    const auto match = re.match(summary);
    return match.hasMatch() ? match.captured(1).toInt() : 0;
}

} // namespace

TestReport TestOutputParser::parse(const QByteArray &output)
{
    const QString text = QString::fromUtf8(output);
    TestReport report;
    for (const TestReport &part :
         {parseCtest(text), parsePytest(text), parseJest(text), parseVitest(text),
          parseGoTest(text), parseGoTestJson(text), parseCargoTest(text)}) {
        if (!part.format.isEmpty())
            report.merge(part);
    }
    return report;
}

TestReport TestOutputParser::parseCtest(const QString &output)
{
    // "1/3 Test #1: name ......................   Passed    0.01 sec"
    // "2/3 Test #2: name ......................***Failed    0.01 sec"
    // "3/3 Test #3: name ......................***Not Run (Disabled)   0.00 sec"
    static const QRegularExpression line(QStringLiteral(
        R"(^\s*\d+/\d+\s+Test\s+#\d+:\s+(\S+)\s+\.*\s*(\*\*\*)?(.+?)\s+[0-9.]+\s+sec\s*$)"));
    TestReport report;
    bool sawProject = false;
    for (const QString &text : linesOf(output)) {
        if (text.startsWith(QLatin1String("Test project ")))
            sawProject = true;
        const auto match = line.match(text);
        if (!match.hasMatch())
            continue;
        const QString status = match.captured(3).trimmed();
        TestStatus result = TestStatus::Failed;
        if (status == QLatin1String("Passed"))
            result = TestStatus::Passed;
        else if (status.startsWith(QLatin1String("Skipped")) ||
                 status == QLatin1String("Not Run (Disabled)"))
            result = TestStatus::Skipped;
        report.add({match.captured(1), result});
    }
    if (sawProject || !report.tests.isEmpty())
        report.format = QStringLiteral("ctest");
    return report;
}

TestReport TestOutputParser::parsePytest(const QString &output)
{
    // -v lines: "tests/test_a.py::test_b PASSED    [ 50%]"; -rA summary lines:
    // "FAILED tests/test_a.py::test_b - assert 1 == 2"; the final line:
    // "==== 1 failed, 2 passed, 1 skipped, 1 xfailed in 0.12s ====" or "no tests ran in 0.01s";
    // with -q the same totals without the rule: "1 failed, 1 passed, 1 skipped in 0.01s".
    static const QRegularExpression verbose(
        QStringLiteral(R"(^(\S+::\S+) (PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS)\b)"));
    static const QRegularExpression shortSummary(
        QStringLiteral(R"(^(PASSED|FAILED|ERROR|XFAIL|XPASS) (\S+::\S+))"));
    static const QRegularExpression finalLine(QStringLiteral(
        R"(^=+ (.*?(passed|failed|skipped|error|errors|xfailed|xpassed|no tests ran).*?) in [0-9.]+s\b.*=+$)"));
    static const QRegularExpression quietFinalLine(QStringLiteral(
        R"(^((?:\d+ (?:passed|failed|skipped|errors?|xfailed|xpassed|warnings?|deselected|rerun)(?:, )?)+|no tests ran) in [0-9.]+s\b)"));
    TestReport report;
    auto statusOf = [](const QString &word) {
        if (word == QLatin1String("PASSED") || word == QLatin1String("XPASS"))
            return TestStatus::Passed;
        if (word == QLatin1String("SKIPPED") || word == QLatin1String("XFAIL"))
            return TestStatus::Skipped;
        return TestStatus::Failed;
    };
    QString totals;
    for (const QString &text : linesOf(output)) {
        if (auto m = verbose.match(text); m.hasMatch())
            report.add({m.captured(1), statusOf(m.captured(2))});
        else if (auto s = shortSummary.match(text); s.hasMatch())
            report.add({s.captured(2), statusOf(s.captured(1))});
        else if (auto f = finalLine.match(text); f.hasMatch())
            totals = f.captured(1);
        else if (auto q = quietFinalLine.match(text); q.hasMatch())
            totals = q.captured(1);
    }
    if (totals.isEmpty() && report.tests.isEmpty())
        return report;
    report.format = QStringLiteral("pytest");
    applyTotals(
        report,
        countOf(totals, QStringLiteral("passed")) + countOf(totals, QStringLiteral("xpassed")),
        countOf(totals, QStringLiteral("failed")) + countOf(totals, QStringLiteral("errors?")),
        countOf(totals, QStringLiteral("skipped")) + countOf(totals, QStringLiteral("xfailed")));
    return report;
}

TestReport TestOutputParser::parseJest(const QString &output)
{
    // "PASS src/a.test.js" / "FAIL src/a.test.js", then (with --verbose or a single file)
    // describe blocks by indentation and "✓ title (2 ms)", "✕ title", "○ skipped title",
    // "✎ todo title"; failures as "  ● describe › title"; totals as
    // "Tests:       1 failed, 1 skipped, 3 passed, 5 total".
    static const QRegularExpression fileLine(QStringLiteral(R"(^(PASS|FAIL) (\S+))"));
    static const QRegularExpression testLine(QStringLiteral(
        "^(\\s+)([\u2713\u2715\u25cb\u270e]) (.+?)(?: \\(\\d+(?:\\.\\d+)? m?s\\))?$"));
    static const QRegularExpression describeLine(QStringLiteral(R"(^(\s+)([^\s●].*)$)"));
    static const QRegularExpression failureLine(QStringLiteral("^  \u25cf (.+)$"));
    static const QRegularExpression totalsLine(QStringLiteral(R"(^Tests:\s+(.*\d+ total)\s*$)"));
    TestReport report;
    QString file;
    QList<std::pair<qsizetype, QString>> describes; // indentation, title
    QString totals;
    auto scoped = [&](qsizetype indent, const QString &title) {
        while (!describes.isEmpty() && describes.last().first >= indent)
            describes.removeLast();
        QStringList parts{file};
        for (const auto &d : std::as_const(describes))
            parts << d.second;
        return (parts << title).join(QStringLiteral(" \u203a "));
    };
    for (const QString &text : linesOf(output)) {
        if (auto m = fileLine.match(text); m.hasMatch()) {
            file = m.captured(2);
            describes.clear();
        } else if (auto t = totalsLine.match(text); t.hasMatch()) {
            totals = t.captured(1);
            file.clear();
        } else if (file.isEmpty()) {
            continue;
        } else if (auto f = failureLine.match(text); f.hasMatch()) {
            if (f.captured(1) != QLatin1String("Test suite failed to run") &&
                f.captured(1) != QLatin1String("Console"))
                report.add({file + QStringLiteral(" \u203a ") + f.captured(1), TestStatus::Failed});
        } else if (auto c = testLine.match(text); c.hasMatch()) {
            const QChar mark = c.captured(2).at(0);
            QString title = c.captured(3);
            TestStatus status = TestStatus::Skipped;
            if (mark == QChar(0x2713))
                status = TestStatus::Passed;
            else if (mark == QChar(0x2715))
                status = TestStatus::Failed;
            else if (title.startsWith(QLatin1String("skipped ")) ||
                     title.startsWith(QLatin1String("todo ")))
                title = title.section(QLatin1Char(' '), 1);
            report.add({scoped(c.captured(1).size(), title), status});
        } else if (auto d = describeLine.match(text);
                   d.hasMatch() && d.captured(1).size() >= 2 &&
                   !text.trimmed().startsWith(QLatin1Char('>'))) {
            scoped(d.captured(1).size(), QString());
            describes.append({d.captured(1).size(), d.captured(2).trimmed()});
        }
    }
    if (totals.isEmpty() && report.tests.isEmpty())
        return report;
    report.format = QStringLiteral("jest");
    applyTotals(report, countOf(totals, QStringLiteral("passed")),
                countOf(totals, QStringLiteral("failed")),
                countOf(totals, QStringLiteral("skipped")) +
                    countOf(totals, QStringLiteral("todo")));
    return report;
}

TestReport TestOutputParser::parseVitest(const QString &output)
{
    // Failures as " FAIL  src/a.test.ts > describe > title"; with the verbose reporter every
    // test as "   ✓ src/a.test.ts > describe > title 2ms" (× failed, ↓ skipped); totals as
    // "      Tests  1 failed | 3 passed | 1 skipped (5)".
    static const QRegularExpression failLine(QStringLiteral(R"(^ FAIL  (\S+ > .+?)\s*$)"));
    static const QRegularExpression testLine(
        QStringLiteral("^\\s+([\u2713\u00d7\u2193]) (\\S+ > .+?)(?: \\d+(?:\\.\\d+)?m?s)?(?: "
                       "\\[skipped\\])?\\s*$"));
    static const QRegularExpression totalsLine(QStringLiteral(R"(^\s+Tests\s+(.+)\((\d+)\)\s*$)"));
    static const QRegularExpression filesLine(QStringLiteral(R"(^\s+Test Files\s+)"));
    TestReport report;
    QString totals;
    bool sawFiles = false;
    for (const QString &text : linesOf(output)) {
        if (auto f = failLine.match(text); f.hasMatch()) {
            report.add({f.captured(1), TestStatus::Failed});
        } else if (auto t = testLine.match(text); t.hasMatch()) {
            const QChar mark = t.captured(1).at(0);
            const TestStatus status = mark == QChar(0x2713)   ? TestStatus::Passed
                                      : mark == QChar(0x00d7) ? TestStatus::Failed
                                                              : TestStatus::Skipped;
            report.add({t.captured(2), status});
        } else if (filesLine.match(text).hasMatch()) {
            sawFiles = true;
        } else if (auto s = totalsLine.match(text); s.hasMatch() && sawFiles) {
            totals = s.captured(1);
        }
    }
    if (!sawFiles)
        return {};
    report.format = QStringLiteral("vitest");
    applyTotals(report, countOf(totals, QStringLiteral("passed")),
                countOf(totals, QStringLiteral("failed")),
                countOf(totals, QStringLiteral("skipped")) +
                    countOf(totals, QStringLiteral("todo")));
    return report;
}

TestReport TestOutputParser::parseGoTest(const QString &output)
{
    // "--- PASS: TestAdd (0.00s)", subtests indented; then the package's verdict
    // "ok  \texample.com/m\t0.002s" or "FAIL\texample.com/m\t0.003s", which names the package
    // the preceding tests belong to.
    static const QRegularExpression resultLine(
        QStringLiteral(R"(^\s*--- (PASS|FAIL|SKIP): (\S+) \()"));
    static const QRegularExpression packageLine(
        QStringLiteral(R"(^(ok|FAIL)\s+(\S+)\s+(\(cached\)|[0-9.]+s|\[))"));
    TestReport report;
    QList<TestCase> pending;
    bool sawPackage = false;
    auto flush = [&](const QString &package) {
        for (TestCase test : std::as_const(pending)) {
            if (!package.isEmpty())
                test.name = package + QLatin1Char('.') + test.name;
            report.add(test);
        }
        pending.clear();
    };
    for (const QString &text : linesOf(output)) {
        if (auto r = resultLine.match(text); r.hasMatch()) {
            const QString word = r.captured(1);
            pending.append({r.captured(2), word == QLatin1String("PASS")   ? TestStatus::Passed
                                           : word == QLatin1String("FAIL") ? TestStatus::Failed
                                                                           : TestStatus::Skipped});
        } else if (auto p = packageLine.match(text); p.hasMatch()) {
            sawPackage = true;
            flush(p.captured(2));
        }
    }
    flush(QString());
    if (sawPackage || !report.tests.isEmpty())
        report.format = QStringLiteral("go");
    return report;
}

TestReport TestOutputParser::parseGoTestJson(const QString &output)
{
    // `go test -json`: one test2json event per line; "pass"/"fail"/"skip" actions that carry a
    // "Test" are test results (those without are the package's).
    TestReport report;
    bool sawEvent = false;
    for (const QString &text : linesOf(output)) {
        if (!text.startsWith(QLatin1Char('{')) || !text.contains(QLatin1String("\"Action\"")))
            continue;
        const QJsonObject event = QJsonDocument::fromJson(text.toUtf8()).object();
        const QString action = event.value(QStringLiteral("Action")).toString();
        if (action.isEmpty())
            continue;
        sawEvent = true;
        const QString test = event.value(QStringLiteral("Test")).toString();
        if (test.isEmpty())
            continue;
        const QString name =
            event.value(QStringLiteral("Package")).toString() + QLatin1Char('.') + test;
        if (action == QLatin1String("pass"))
            report.add({name, TestStatus::Passed});
        else if (action == QLatin1String("fail"))
            report.add({name, TestStatus::Failed});
        else if (action == QLatin1String("skip"))
            report.add({name, TestStatus::Skipped});
    }
    if (sawEvent)
        report.format = QStringLiteral("go-json");
    return report;
}

TestReport TestOutputParser::parseCargoTest(const QString &output)
{
    // "test tests::it_works ... ok", "... FAILED", "... ignored" or "... ignored, <reason>";
    // per binary "test result: FAILED. 1 passed; 1 failed; 2 ignored; 0 measured; ...".
    static const QRegularExpression testLine(
        QStringLiteral(R"(^test (.+) \.\.\. (ok|FAILED|ignored)(, .*)?$)"));
    static const QRegularExpression resultLine(
        QStringLiteral(R"(^test result: \w+\. (\d+) passed; (\d+) failed; (\d+) ignored;)"));
    TestReport report;
    int passed = 0;
    int failed = 0;
    int ignored = 0;
    bool sawResult = false;
    for (const QString &text : linesOf(output)) {
        if (auto t = testLine.match(text); t.hasMatch()) {
            const QString word = t.captured(2);
            report.add({t.captured(1), word == QLatin1String("ok")       ? TestStatus::Passed
                                       : word == QLatin1String("FAILED") ? TestStatus::Failed
                                                                         : TestStatus::Skipped});
        } else if (auto r = resultLine.match(text); r.hasMatch()) {
            sawResult = true;
            passed += r.captured(1).toInt();
            failed += r.captured(2).toInt();
            ignored += r.captured(3).toInt();
        }
    }
    if (!sawResult && report.tests.isEmpty())
        return report;
    report.format = QStringLiteral("cargo");
    applyTotals(report, passed, failed, ignored);
    return report;
}

} // namespace agentdesk::tasks
