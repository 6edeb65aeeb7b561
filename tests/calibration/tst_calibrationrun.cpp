// A calibration run against the scripted provider, told which lines to flag: 100 % when it
// flags the seeded lines, 0 % when it flags elsewhere, the noise counted; costs exact from the
// ledger; the budget stopping the run between reviews; cancel; the store's query and the
// review page's sentence.

#include "../apiagents/ApiAgentHarness.h"
#include "CalibrationHarness.h"
#include "calibration/CalibrationStats.h"
#include "git/GitLibrary.h"
#include "store/StoreReader.h"
#include "store/StoreWriter.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace agentdesk;
using namespace agentdesk::calibration;
using namespace agentdesk::test;

namespace {

const tasks::ModelRef haiku{QStringLiteral("anthropic"), QStringLiteral("claude-haiku-4-5")};
const tasks::ModelRef sonnet{QStringLiteral("anthropic"), QStringLiteral("claude-sonnet-4-5")};

Money haikuReview(qint64 in = 3000, qint64 out = 300)
{
    return Money::fromNanodollars(in * haikuIn + out * haikuOut);
}

// Flags the seeded line itself; on an untouched change, one finding (noise).
QJsonArray flagSeeded(const Variant *variant, const QString &)
{
    if (!variant)
        return {finding(QStringLiteral("inventory/stock.py"), 1, 1, 3)};
    return {finding(variant->file, variant->line, variant->line, 1)};
}

// Flags far from the seeded line (well past the tolerance); two findings on untouched changes.
QJsonArray flagElsewhere(const Variant *variant, const QString &)
{
    if (!variant)
        return {finding(QStringLiteral("web/cart.js"), 2, 2, 2),
                finding(QStringLiteral("web/pricing.ts"), 3, 4, 3)};
    const int line = variant->line > 20 ? variant->line - 12 : variant->line + 12;
    return {finding(variant->file, line, line, 1)};
}

} // namespace

class TestCalibrationRun : public QObject
{
    Q_OBJECT

private:
    git::GitLibrary library;
    SampleRepository sample;
    QTemporaryDir data;

    QString databasePath() const { return data.filePath(QStringLiteral("agentdesk.db")); }

    PlanRequest planRequest(int bugs) const
    {
        PlanRequest request;
        request.repositoryPath = sample.repo->path();
        request.bugs = bugs;
        return request;
    }

private Q_SLOTS:
    void initTestCase()
    {
        sample = SampleRepository::make();
        QVERIFY(sample.repo && !sample.modified.isEmpty());
    }

    void flaggingTheSeededLinesCatchesEveryBug()
    {
        FakeProviderServer server;
        QVERIFY(server.listen());
        CalibrationSession session(servicesFor(server));
        QString error;
        const std::optional<CalibrationPlan> plan = planOf(session, planRequest(7), &error);
        QVERIFY2(plan, qPrintable(error));
        QCOMPARE(plan->variants.size(), 7);
        ScriptedReviewer reviewer(server, sample.repo->path(), *plan, flagSeeded);

        RunRequest request;
        request.plan = *plan;
        request.reviewers = {haiku};
        request.budget = Money::fromCents(500);
        request.databasePath = databasePath();
        const std::optional<CalibrationReport> report = runToEnd(session, request, &error);
        QVERIFY2(report, qPrintable(error));
        QCOMPARE(report->status, QStringLiteral("finished"));
        QCOMPARE(reviewer.unrecognised, 0);
        const int untouched = int(plan->usedChanges().size());
        QCOMPARE(report->results.size(), 7 + untouched);
        QCOMPARE(reviewer.served.size(), 7 + untouched);

        // Reviewed with the tasks' reviewer: the forced submit tool and only read tools.
        const QJsonObject first = server.requests().first().json();
        QCOMPARE(
            first.value(QStringLiteral("tool_choice")).toObject().value(QStringLiteral("type")),
            QJsonValue(QStringLiteral("any")));
        QStringList tools;
        for (const QJsonValue &tool : first.value(QStringLiteral("tools")).toArray())
            tools.append(tool.toObject().value(QStringLiteral("name")).toString());
        tools.sort();
        QCOMPARE(tools,
                 (QStringList{QStringLiteral("list_directory"), QStringLiteral("read_file"),
                              QStringLiteral("search_text"), QStringLiteral("submit_review")}));

        const CalibrationSummary summary = summarize(talliesOf(reviewRecords(*report)));
        QCOMPARE(summary.models.size(), 1);
        const ModelCalibration &m = summary.models.first();
        QCOMPARE(m.overall.seeded, 7);
        QCOMPARE(m.overall.caught, 7);
        QCOMPARE(m.overall.caughtHighPriority, 7);
        QCOMPARE(m.overall.rate(), 1.0);
        QCOMPARE(m.untouchedReviews, untouched);
        QCOMPARE(m.noisePerReview().value(), 1.0);
        QCOMPARE(m.variantOtherFindings, 0);
        // Seven classes, one variant each: the queue goes round the classes.
        QCOMPARE(m.classes.size(), 7);

        // Exact: every review is 3,000 tokens in and 300 out at haiku's $1 / $5 per million.
        for (const ReviewResult &result : report->results) {
            QCOMPARE(result.cost, haikuReview());
            QCOMPARE(result.calls, 1);
        }
        QCOMPARE(report->spent, haikuReview() * (7 + untouched));
        QCOMPARE(m.costPerCatch().value(), haikuReview());
        QCOMPARE(m.costPerReview().value(), haikuReview());
        QVERIFY(report->spent <= *request.budget);
    }

    void theStoreKeepsItAndTheReviewPageSaysIt()
    {
        // The previous test's run, read back through the store's query.
        auto reader = store::StoreReader::open(databasePath());
        QVERIFY2(reader.ok(), qPrintable(reader.errorMessage()));
        const QString repository = sample.repo->path();
        Result<CalibrationSummary> summary = loadCalibration(**reader, repository);
        QVERIFY2(summary.ok(), qPrintable(summary.errorMessage()));
        const ModelCalibration *m =
            summary->find(QStringLiteral("anthropic"), QStringLiteral("claude-haiku-4-5"));
        QVERIFY(m);
        QCOMPARE(m->overall.caught, 7);
        QCOMPARE(m->overall.seeded, 7);
        QCOMPARE(m->lastDay, QDate::currentDate());
        const ClassRate *nullChecks = m->rateFor(QStringLiteral("null-check"));
        QVERIFY(nullChecks);
        QCOMPARE(nullChecks->seeded, 1);

        QCOMPARE(trustSentence(*summary, QStringLiteral("anthropic"),
                               QStringLiteral("claude-haiku-4-5"), QStringLiteral("null-check")),
                 QStringLiteral("claude-haiku-4-5 caught 1 of 1 seeded null-check bugs in this "
                                "repository, $0.0045 per catch"));
        Result<QString> sentence = loadTrustSentence(
            **reader, repository, QStringLiteral("anthropic"), QStringLiteral("claude-haiku-4-5"));
        QVERIFY(sentence.ok());
        QCOMPARE(*sentence, QStringLiteral("claude-haiku-4-5 caught 7 of 7 seeded bugs in this "
                                           "repository, $0.0045 per catch"));
        QCOMPARE(trustSentence(*summary, QStringLiteral("anthropic"), QStringLiteral("gpt-5-mini")),
                 QStringLiteral("gpt-5-mini has not been calibrated on this repository yet "
                                "(agentdesk calibrate measures it)."));

        Result<QList<store::CalibrationRunRecord>> runs = (*reader)->calibrationRuns(repository);
        QVERIFY(runs.ok());
        QCOMPARE(runs->size(), 1);
        QCOMPARE(runs->first().status, QStringLiteral("finished"));
        QCOMPARE(runs->first().budget.value(), Money::fromCents(500));
        Result<QList<store::CalibrationReviewRecord>> reviews =
            (*reader)->calibrationReviews(runs->first().id);
        QVERIFY(reviews.ok());
        Money total;
        for (const store::CalibrationReviewRecord &review : *reviews)
            total += review.cost;
        QCOMPARE(runs->first().spent, total);
        QCOMPARE(total, haikuReview() * qint64(reviews->size()));
    }

    void flaggingElsewhereCatchesNothingAndCountsTheNoise()
    {
        FakeProviderServer server;
        QVERIFY(server.listen());
        CalibrationSession session(servicesFor(server));
        QString error;
        const std::optional<CalibrationPlan> plan = planOf(session, planRequest(7), &error);
        QVERIFY2(plan, qPrintable(error));
        ScriptedReviewer reviewer(server, sample.repo->path(), *plan, flagElsewhere);
        RunRequest request;
        request.plan = *plan;
        request.reviewers = {haiku};
        request.budget = Money::fromCents(500);
        const std::optional<CalibrationReport> report = runToEnd(session, request, &error);
        QVERIFY2(report, qPrintable(error));
        QCOMPARE(report->status, QStringLiteral("finished"));
        const CalibrationSummary summary = summarize(talliesOf(reviewRecords(*report)));
        const ModelCalibration &m = summary.models.first();
        QCOMPARE(m.overall.seeded, 7);
        QCOMPARE(m.overall.caught, 0);
        QCOMPARE(m.overall.rate(), 0.0);
        QVERIFY(!m.costPerCatch());
        QCOMPARE(m.variantOtherFindings, 7);
        QCOMPARE(m.noisePerReview().value(), 2.0);
        QCOMPARE(m.untouchedFindings, 2 * int(plan->usedChanges().size()));
        QCOMPARE(
            trustSentence(summary, QStringLiteral("anthropic"), QStringLiteral("claude-haiku-4-5")),
            QStringLiteral("claude-haiku-4-5 caught 0 of 7 seeded bugs in this repository"));
    }

    void aLowPriorityCatchIsACatchButNotAtP0OrP1()
    {
        FakeProviderServer server;
        QVERIFY(server.listen());
        CalibrationSession session(servicesFor(server));
        QString error;
        const std::optional<CalibrationPlan> plan = planOf(session, planRequest(3), &error);
        QVERIFY2(plan, qPrintable(error));
        ScriptedReviewer reviewer(
            server, sample.repo->path(), *plan,
            [](const Variant *variant, const QString &) -> QJsonArray {
                if (!variant)
                    return {};
                // Within the three lines of tolerance, at priority 2.
                return {finding(variant->file, variant->line + 3, variant->line + 4, 2)};
            });
        RunRequest request;
        request.plan = *plan;
        request.reviewers = {haiku};
        const std::optional<CalibrationReport> report = runToEnd(session, request, &error);
        QVERIFY2(report, qPrintable(error));
        const ModelCalibration m = summarize(talliesOf(reviewRecords(*report))).models.first();
        QCOMPARE(m.overall.caught, 3);
        QCOMPARE(m.overall.caughtHighPriority, 0);
        QCOMPARE(m.noisePerReview().value(), 0.0);
    }

    void theImplementersModelSideBySide()
    {
        FakeProviderServer server;
        QVERIFY(server.listen());
        CalibrationSession session(servicesFor(server));
        QString error;
        const std::optional<CalibrationPlan> plan = planOf(session, planRequest(4), &error);
        QVERIFY2(plan, qPrintable(error));
        // Sonnet finds them all; haiku finds the first two classes only.
        ScriptedReviewer reviewer(
            server, sample.repo->path(), *plan,
            [](const Variant *variant, const QString &model) -> QJsonArray {
                if (!variant)
                    return {};
                const bool sees = model == QLatin1String("claude-sonnet-4-5") ||
                                  variant->bugClass == BugClass::NullCheck ||
                                  variant->bugClass == BugClass::OffByOne;
                return sees ? QJsonArray{finding(variant->file, variant->line, variant->line)}
                            : QJsonArray{};
            });
        RunRequest request;
        request.plan = *plan;
        request.reviewers = {haiku, sonnet};
        request.budget = Money::fromCents(500);
        const std::optional<CalibrationReport> report = runToEnd(session, request, &error);
        QVERIFY2(report, qPrintable(error));
        const CalibrationSummary summary = summarize(talliesOf(reviewRecords(*report)));
        const QList<ModelComparisonRow> rows =
            compareModels(summary, QStringLiteral("anthropic:claude-sonnet-4-5"));
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.at(0).reference, QStringLiteral("anthropic:claude-haiku-4-5"));
        QCOMPARE(rows.at(0).overall.caught, 2);
        QCOMPARE(rows.at(1).overall.caught, 4);
        QVERIFY(rows.at(1).isReference);
        // $0.0045 against $0.0135 a review: two thirds cheaper, exactly.
        QCOMPARE(rows.at(1).costPerReview.value(),
                 Money::fromNanodollars(3000 * sonnetIn + 300 * sonnetOut));
        QCOMPARE(qRound(rows.at(0).cheaperThanReferencePercent.value() * 1000), 66667);
    }

    void theBudgetStopsTheRunBetweenReviews()
    {
        FakeProviderServer server;
        QVERIFY(server.listen());
        CalibrationSession session(servicesFor(server));
        QString error;
        const std::optional<CalibrationPlan> plan = planOf(session, planRequest(6), &error);
        QVERIFY2(plan, qPrintable(error));
        ScriptedReviewer reviewer(server, sample.repo->path(), *plan, flagSeeded);
        RunRequest request;
        request.plan = *plan;
        request.reviewers = {haiku};
        Result<RunEstimate> estimate = estimateRun(request, servicesFor(server));
        QVERIFY(estimate.ok());
        // Room for the first three reviews' worst cases on top of what the earlier ones
        // really cost, no more.
        const Money each = haikuReview();
        Money budget;
        for (int i = 0; i < 3; ++i)
            budget = std::max(budget, estimate->slots.at(i).cost.allowance + each * i);
        request.budget = budget;
        int expectedReviews = 0;
        while (expectedReviews < estimate->slots.size() &&
               estimate->slots.at(expectedReviews).cost.allowance <=
                   budget - each * expectedReviews)
            ++expectedReviews;
        QVERIFY(expectedReviews >= 3 && expectedReviews < estimate->slots.size());

        const std::optional<CalibrationReport> report = runToEnd(session, request, &error);
        QVERIFY2(report, qPrintable(error));
        QCOMPARE(report->status, QStringLiteral("budget-reached"));
        QCOMPARE(report->results.size(), expectedReviews);
        QCOMPARE(server.requestCount(), expectedReviews);
        QCOMPARE(report->spent, each * expectedReviews);
        QVERIFY(report->spent <= budget);
        QVERIFY2(report->note.startsWith(QStringLiteral("Stopped before review %1 of %2")
                                             .arg(expectedReviews + 1)
                                             .arg(estimate->slots.size())),
                 qPrintable(report->note));
        // Each review was given its allowance as its own budget: the guard capped max_tokens.
        const qint64 maxTokens =
            server.requests().first().json().value(QStringLiteral("max_tokens")).toInteger();
        QVERIFY(maxTokens > 0 && maxTokens <= 16384);
    }

    void aBudgetBelowOneReviewIsRefusedBeforeAnyCall()
    {
        FakeProviderServer server;
        QVERIFY(server.listen());
        CalibrationSession session(servicesFor(server));
        QString error;
        const std::optional<CalibrationPlan> plan = planOf(session, planRequest(2), &error);
        QVERIFY2(plan, qPrintable(error));
        RunRequest request;
        request.plan = *plan;
        request.reviewers = {haiku};
        request.budget = Money::fromNanodollars(1000);
        Result<RunEstimate> started = session.run(request);
        QVERIFY(!started.ok());
        QCOMPARE(started.errorCode(), QStringLiteral("budget-too-small"));
        QVERIFY(!session.isBusy());
        QCOMPARE(server.requestCount(), 0);
    }

    void cancelStopsTheReviewInFlight()
    {
        FakeProviderServer server;
        QVERIFY(server.listen());
        CalibrationSession session(servicesFor(server));
        QString error;
        const std::optional<CalibrationPlan> plan = planOf(session, planRequest(4), &error);
        QVERIFY2(plan, qPrintable(error));
        ScriptedReviewer reviewer(server, sample.repo->path(), *plan, flagSeeded);
        reviewer.stallOn = {2};
        connect(&server, &FakeProviderServer::requestReceived, &session, [&] {
            if (server.requestCount() == 2)
                session.cancel();
        });
        QSignalSpy progress(&session, &CalibrationSession::progress);
        RunRequest request;
        request.plan = *plan;
        request.reviewers = {haiku};
        request.budget = Money::fromCents(500);
        const std::optional<CalibrationReport> report = runToEnd(session, request, &error);
        QVERIFY2(report, qPrintable(error));
        QCOMPARE(report->status, QStringLiteral("cancelled"));
        QCOMPARE(report->results.size(), 2);
        QCOMPARE(report->results.at(0).outcome, store::CalibrationOutcome::Untouched);
        QCOMPARE(report->results.at(1).outcome, store::CalibrationOutcome::Cancelled);
        QCOMPARE(server.requestCount(), 2);
        QVERIFY(!progress.isEmpty());
        Money total;
        for (const ReviewResult &result : report->results)
            total += result.cost;
        QCOMPARE(report->spent, total);
        QVERIFY(!session.isBusy());
    }

    void wilsonIntervalsKeepSmallSamplesHonest()
    {
        const Interval small = wilsonInterval(3, 4);
        QCOMPARE(qRound(small.low * 100), 30);
        QCOMPARE(qRound(small.high * 100), 95);
        const Interval large = wilsonInterval(75, 100);
        QCOMPARE(qRound(large.low * 100), 66);
        QCOMPARE(qRound(large.high * 100), 82);
        const Interval none = wilsonInterval(0, 0);
        QCOMPARE(none.low, 0.0);
        QCOMPARE(none.high, 1.0);
        const Interval all = wilsonInterval(20, 20);
        QCOMPARE(all.high, 1.0);
        QCOMPARE(qRound(all.low * 100), 84);
    }

    void summariesOverTime()
    {
        QList<store::CalibrationTally> tallies;
        const QDate day1(2025, 3, 1);
        const QDate day2(2025, 3, 8);
        tallies.append({QStringLiteral("anthropic"), QStringLiteral("claude-haiku-4-5"),
                        QStringLiteral("null-check"), day1, 4, 3, 2, 0, 5, 1,
                        Money::fromMicrodollars(8000)});
        tallies.append({QStringLiteral("anthropic"), QStringLiteral("claude-haiku-4-5"),
                        QStringLiteral("null-check"), day2, 16, 14, 10, 1, 20, 2,
                        Money::fromMicrodollars(30000)});
        tallies.append({QStringLiteral("anthropic"), QStringLiteral("claude-haiku-4-5"), QString(),
                        day2, 5, 0, 0, 0, 7, 7, Money::fromMicrodollars(10000)});
        const QList<QPair<QDate, CalibrationSummary>> days = summarizeByDay(tallies);
        QCOMPARE(days.size(), 2);
        QCOMPARE(days.at(0).first, day1);
        QCOMPARE(days.at(0).second.models.first().overall.caught, 3);
        QCOMPARE(days.at(1).second.models.first().noisePerReview().value(), 1.4);
        const CalibrationSummary all = summarize(tallies);
        const ModelCalibration &m = all.models.first();
        QCOMPARE(m.overall.caught, 17);
        QCOMPARE(m.overall.seeded, 20);
        QCOMPARE(m.overall.failed, 1);
        QCOMPARE(m.firstDay, day1);
        QCOMPARE(m.lastDay, day2);
        // $0.038 of seeded reviews for 17 catches: $0.00223529... → exact nanodollars, rounded.
        QCOMPARE(m.costPerCatch().value(), Money::fromNanodollars(2235294));
        QCOMPARE(trustSentence(all, QStringLiteral("anthropic"), QStringLiteral("claude-haiku-4-5"),
                               QStringLiteral("null-check")),
                 QStringLiteral("claude-haiku-4-5 caught 17 of 20 seeded null-check bugs in this "
                                "repository, $0.0022 per catch"));
    }
};

QTEST_GUILESS_MAIN(TestCalibrationRun)
#include "tst_calibrationrun.moc"
