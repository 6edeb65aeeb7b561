#include "ValidationResult.h"

#include <QJsonArray>
#include <QSet>

#include <algorithm>

namespace agentdesk::tasks {

namespace {

// A pseudo-test standing for "the run failed and named no failing test".
const QString kWholeRun = QStringLiteral("(the validation run)");

int &counter(TestReport &report, TestStatus status)
{
    switch (status) {
    case TestStatus::Passed:
        return report.passed;
    case TestStatus::Failed:
        return report.failed;
    case TestStatus::Skipped:
        break;
    }
    return report.skipped;
}

QSet<QString> toSet(const QStringList &list)
{
    return QSet<QString>(list.cbegin(), list.cend());
}

QStringList failingNames(const ValidationResult &result)
{
    QStringList names = result.report.names(TestStatus::Failed);
    const bool runFailed = !result.started || result.timedOut || result.crashed ||
                           result.exitCode != 0 || result.report.failed > 0;
    if (names.isEmpty() && runFailed)
        names << kWholeRun;
    return names;
}

} // namespace

QString testStatusName(TestStatus status)
{
    switch (status) {
    case TestStatus::Passed:
        return QStringLiteral("passed");
    case TestStatus::Failed:
        return QStringLiteral("failed");
    case TestStatus::Skipped:
        break;
    }
    return QStringLiteral("skipped");
}

QStringList TestReport::names(TestStatus status) const
{
    QStringList result;
    for (const TestCase &test : tests) {
        if (test.status == status)
            result << test.name;
    }
    return result;
}

void TestReport::add(const TestCase &test)
{
    const auto found = indexByName.constFind(test.name);
    if (found != indexByName.constEnd()) {
        TestCase &existing = tests[*found];
        --counter(*this, existing.status);
        ++counter(*this, test.status);
        existing.status = test.status;
        return;
    }
    indexByName.insert(test.name, tests.size());
    tests.append(test);
    ++counter(*this, test.status);
}

void TestReport::merge(const TestReport &other)
{
    if (format.isEmpty())
        format = other.format;
    else if (!other.format.isEmpty() && other.format != format)
        format += QLatin1Char('+') + other.format;
    // Tests counted by `other` without a name are added to the totals as they are.
    const int unnamedPassed =
        other.passed - static_cast<int>(other.names(TestStatus::Passed).size());
    const int unnamedFailed =
        other.failed - static_cast<int>(other.names(TestStatus::Failed).size());
    const int unnamedSkipped =
        other.skipped - static_cast<int>(other.names(TestStatus::Skipped).size());
    for (const TestCase &test : other.tests)
        add(test);
    passed += std::max(unnamedPassed, 0);
    failed += std::max(unnamedFailed, 0);
    skipped += std::max(unnamedSkipped, 0);
}

QString ValidationResult::summary() const
{
    if (!started)
        return QStringLiteral("did not run: %1").arg(error);
    QString text = QStringLiteral("%1 passed, %2 failed, %3 skipped")
                       .arg(report.passed)
                       .arg(report.failed)
                       .arg(report.skipped);
    if (zeroTestsRan())
        text = QStringLiteral("no tests ran");
    if (timedOut)
        return text + QStringLiteral(" (timed out)");
    return text + QStringLiteral(" (exit code %1)").arg(exitCode);
}

QJsonObject ValidationResult::toJson() const
{
    QJsonArray tests;
    for (const TestCase &test : report.tests) {
        tests.append(QJsonObject{{QStringLiteral("name"), test.name},
                                 {QStringLiteral("status"), testStatusName(test.status)}});
    }
    return {{QStringLiteral("commit"), commit},
            {QStringLiteral("command"), command},
            {QStringLiteral("exitCode"), exitCode},
            {QStringLiteral("started"), started},
            {QStringLiteral("timedOut"), timedOut},
            {QStringLiteral("durationMs"), durationMs},
            {QStringLiteral("format"), report.format},
            {QStringLiteral("passed"), report.passed},
            {QStringLiteral("failed"), report.failed},
            {QStringLiteral("skipped"), report.skipped},
            {QStringLiteral("zeroTestsRan"), zeroTestsRan()},
            {QStringLiteral("passedOverall"), passedOverall()},
            {QStringLiteral("tests"), tests},
            {QStringLiteral("sandboxed"), sandboxed},
            {QStringLiteral("sandboxNote"), sandboxNote},
            {QStringLiteral("error"), error},
            {QStringLiteral("outputExcerpt"), outputExcerpt}};
}

QJsonObject BaseComparison::toJson() const
{
    return {{QStringLiteral("baseCommit"), baseCommit},
            {QStringLiteral("newlyFailing"), QJsonArray::fromStringList(newlyFailing)},
            {QStringLiteral("preexistingFailing"), QJsonArray::fromStringList(preexistingFailing)},
            {QStringLiteral("fixed"), QJsonArray::fromStringList(fixed)},
            {QStringLiteral("missing"), QJsonArray::fromStringList(missing)},
            {QStringLiteral("baseRanZeroTests"), baseRanZeroTests}};
}

BaseComparison compareWithBase(const ValidationResult &result, const ValidationResult &base)
{
    BaseComparison comparison;
    comparison.baseCommit = base.commit;
    comparison.baseRanZeroTests = base.zeroTestsRan();
    const QSet<QString> baseFailing = toSet(failingNames(base));
    for (const QString &name : failingNames(result)) {
        if (baseFailing.contains(name))
            comparison.preexistingFailing << name;
        else
            comparison.newlyFailing << name;
    }
    const QSet<QString> passingNow = toSet(result.report.names(TestStatus::Passed));
    QSet<QString> ranNow;
    for (const TestCase &test : result.report.tests)
        ranNow.insert(test.name);
    for (const TestCase &test : base.report.tests) {
        if (test.status == TestStatus::Failed && passingNow.contains(test.name))
            comparison.fixed << test.name;
        if (test.status != TestStatus::Skipped && !ranNow.contains(test.name))
            comparison.missing << test.name;
    }
    return comparison;
}

} // namespace agentdesk::tasks
