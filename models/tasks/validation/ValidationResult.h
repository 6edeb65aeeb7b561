#pragma once

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace agentdesk::tasks {

enum class TestStatus
{
    Passed,
    Failed,
    Skipped,
};

QString testStatusName(TestStatus status); // "passed", "failed", "skipped"

struct TestCase
{
    QString name; // as the runner names it: "tests/test_x.py::test_y", "pkg::tests::it_works"
    TestStatus status = TestStatus::Passed;
    friend bool operator==(const TestCase &, const TestCase &) = default;
};

// What a test runner reported, from its output and any JUnit XML it wrote. A name appears at
// most once; `counts*` may exceed the named tests when a runner prints only totals.
struct TestReport
{
    QString format; // "ctest", "pytest", "jest", "vitest", "go", "cargo", "junit"; empty: none
    QList<TestCase> tests;
    int passed = 0;
    int failed = 0;
    int skipped = 0;
    QHash<QString, qsizetype> indexByName; // into `tests`; kept by add()

    int total() const { return passed + failed + skipped; }
    QStringList names(TestStatus status) const;
    // Adds or replaces a named test and keeps the counts in step.
    void add(const TestCase &test);
    // Adds `other`'s tests; counts grow by what `other` adds beyond its named tests too.
    void merge(const TestReport &other);
};

// One run of the validation command, naming the commit it validated.
struct ValidationResult
{
    QString commit; // given by the caller: the commit checked out when the command ran
    QString command;
    QString directory;
    int exitCode = -1;
    bool started = false;
    bool timedOut = false;
    bool crashed = false;
    qint64 durationMs = 0;
    TestReport report;
    QString outputExcerpt; // head and tail of the output
    bool sandboxed = false;
    QString sandboxNote;
    QString error; // why it could not run at all, when it could not

    int passed() const { return report.passed; }
    int failed() const { return report.failed; }
    int skipped() const { return report.skipped; }
    // Zero tests ran: never a pass, whatever the exit code says (a filter that matched
    // nothing, a collection error, a project with no tests).
    bool zeroTestsRan() const { return report.total() == 0; }
    bool passedOverall() const
    {
        return started && !timedOut && !crashed && exitCode == 0 && report.failed == 0 &&
               !zeroTestsRan();
    }
    // One line for a timeline or a report: "12 passed, 1 failed, 2 skipped (exit code 1)".
    QString summary() const;
    QJsonObject toJson() const;
};

// How a task's validation compares with the same command on the base commit.
struct BaseComparison
{
    QString baseCommit;
    QStringList newlyFailing;       // fail here; passed, skipped or did not exist on the base
    QStringList preexistingFailing; // fail here and failed on the base
    QStringList fixed;              // failed on the base, pass here
    QStringList missing;            // ran on the base, did not run here (deleted or skipped?)
    bool baseRanZeroTests = false;

    // Nothing fails that did not already fail on the base.
    bool noNewFailures() const { return newlyFailing.isEmpty(); }
    QJsonObject toJson() const;
};

// Compares by test name. When a run failed without naming its failing tests (a build error, a
// crash), the whole run counts as newly failing unless the base failed in the same way.
BaseComparison compareWithBase(const ValidationResult &result, const ValidationResult &base);

} // namespace agentdesk::tasks

Q_DECLARE_METATYPE(agentdesk::tasks::ValidationResult)
