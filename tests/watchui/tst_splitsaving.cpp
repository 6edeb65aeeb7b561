#include "cost/PriceTable.h"
#include "itemmodels/queue/EngineSettings.h"
#include "itemmodels/queue/SettingsKeys.h"
#include "itemmodels/queue/SplitSaving.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

using namespace agentdesk;
using store::LedgerEntry;
using store::LedgerRole;

namespace {

LedgerEntry call(tasks::TaskId task, LedgerRole role, const QString &model, qint64 input,
                 qint64 output, qint64 costNanos)
{
    LedgerEntry e;
    e.taskId = task;
    e.role = role;
    e.provider = QStringLiteral("anthropic");
    e.model = model;
    e.inputTokens = input;
    e.outputTokens = output;
    e.cost = Money::fromNanodollars(costNanos);
    e.at = QDateTime::currentDateTimeUtc();
    return e;
}

tasks::ModelRef ref(const QString &provider, const QString &model)
{
    return tasks::ModelRef{provider, model};
}

} // namespace

class TestSplitSaving : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void reviewerCallsArePricedAtTheImplementersModelExactly()
    {
        const Result<cost::PriceTable> prices = cost::PriceTable::loadBundled();
        QVERIFY2(prices.ok(), qPrintable(prices.errorMessage()));
        const QString sonnet = QStringLiteral("claude-sonnet-4-5");
        const QString haiku = QStringLiteral("claude-haiku-4-5");
        const QString anthropic = QStringLiteral("anthropic");

        QList<LedgerEntry> ledger;
        // Task 1: sonnet implements, haiku reviews (with cache traffic), plus a call of
        // another role, which counts the same on both sides.
        ledger.append(call(1, LedgerRole::Implementer, sonnet, 10'000, 2'000, 60'000'000));
        LedgerEntry review1 = call(1, LedgerRole::Reviewer, haiku, 20'000, 1'000, 26'750'000);
        review1.cacheReadTokens = 5'000;
        review1.cacheWrite5mTokens = 1'000;
        ledger.append(review1);
        ledger.append(call(1, LedgerRole::Other, haiku, 100, 10, 500'000));
        // Task 2: opus implements, sonnet reviews with a 1-hour cache write.
        LedgerEntry review2 = call(2, LedgerRole::Reviewer, sonnet, 8'000, 500, 43'500'000);
        review2.cacheWrite1hTokens = 2'000;
        ledger.append(review2);
        // Task 3 is unknown; task 4's implementer has no price: both stay at their own cost.
        ledger.append(call(3, LedgerRole::Reviewer, haiku, 1'000, 100, 1'000'000));
        ledger.append(call(4, LedgerRole::Reviewer, haiku, 1'000, 100, 2'000'000));
        // Task 5's implementer is a local model: running it for both would have cost nothing.
        ledger.append(call(5, LedgerRole::Reviewer, haiku, 2'000, 200, 3'000'000));
        // Task 6: a long reviewer call crosses sonnet's long-context threshold (200K input),
        // so the whole call is billed at that tier.
        ledger.append(call(6, LedgerRole::Reviewer, haiku, 250'000, 1'000, 255'000'000));

        const QHash<tasks::TaskId, tasks::ModelRef> implementers{
            {1, ref(anthropic, sonnet)},
            {2, ref(anthropic, QStringLiteral("claude-opus-4-5"))},
            {4, ref(QStringLiteral("acme"), QStringLiteral("mystery-model"))},
            {5, ref(QStringLiteral("ollama"), QStringLiteral("qwen2.5-coder:7b"))},
            {6, ref(anthropic, sonnet)},
        };

        const itemmodels::SplitSaving saving = itemmodels::computeSplitSaving(
            ledger, implementers, *prices, {QStringLiteral("ollama")});

        // By hand, in nanodollars per token (sonnet 3000/15000/3750/6000/300, long context
        // 6000/22500; opus 5000/25000/10000 for 1-hour writes):
        //   review1 at sonnet: 20000*3000 + 1000*15000 + 5000*300 + 1000*3750 = 80,250,000
        //   review2 at opus:   8000*5000 + 500*25000 + 2000*10000           = 72,500,000
        //   task 5 at a local model: 0
        //   task 6 at sonnet long context: 250000*6000 + 1000*22500        = 1,522,500,000
        QCOMPARE(saving.actual.nanodollars(), 391'750'000LL);
        QCOMPARE(saving.ifImplementerModelForBoth.nanodollars(),
                 60'000'000LL + 80'250'000 + 500'000 + 72'500'000 + 1'000'000 + 2'000'000 + 0 +
                     1'522'500'000);
        QCOMPARE(saving.ifImplementerModelForBoth.nanodollars(), 1'738'750'000LL);
        QCOMPARE(saving.saved().nanodollars(), 1'347'000'000LL);
        QCOMPARE(saving.callsNotRepriced, 2);
    }

    void noReviewerCallsMeansNoSaving()
    {
        const cost::PriceTable prices = *cost::PriceTable::loadBundled();
        const QList<LedgerEntry> ledger{
            call(1, LedgerRole::Implementer, QStringLiteral("claude-sonnet-4-5"), 1, 1, 18'000)};
        const itemmodels::SplitSaving saving = itemmodels::computeSplitSaving(ledger, {}, prices);
        QCOMPARE(saving.actual, Money::fromNanodollars(18'000));
        QCOMPARE(saving.ifImplementerModelForBoth, saving.actual);
        QVERIFY(saving.saved().isZero());
        QVERIFY(itemmodels::computeSplitSaving({}, {}, prices).actual.isZero());
    }

    void settingsHaveTheirDefaultsAndRoundTrip()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        itemmodels::EngineSettings loaded = itemmodels::EngineSettings::load(settings);
        QCOMPARE(loaded.concurrency, 2);
        QCOMPARE(loaded.dailyBudget, Money::fromCents(2000));
        QCOMPARE(loaded.validationTimeoutSeconds, 1200);
        QVERIFY(loaded.sandbox);
        QCOMPARE(loaded.mergeStrategy, QStringLiteral("squash"));
        QVERIFY(loaded.worktreeRoot.isEmpty());
        QCOMPARE(loaded.forRisk(tasks::RiskLevel::High).implementer,
                 tasks::riskDefaults(tasks::RiskLevel::High).implementer);
        QVERIFY(loaded.notificationsEnabled);

        // Values that do not parse fall back to the defaults.
        settings.setValue(settingkeys::concurrency(), QStringLiteral("lots"));
        settings.setValue(settingkeys::dailyBudgetUsd(), QStringLiteral("twenty"));
        settings.setValue(settingkeys::mergeStrategy(), QStringLiteral("octopus"));
        settings.setValue(settingkeys::riskReviewer(tasks::RiskLevel::Low), QStringLiteral("x"));
        loaded = itemmodels::EngineSettings::load(settings);
        QCOMPARE(loaded.concurrency, 2);
        QCOMPARE(loaded.dailyBudget, Money::fromCents(2000));
        QCOMPARE(loaded.mergeStrategy, QStringLiteral("squash"));
        QCOMPARE(loaded.forRisk(tasks::RiskLevel::Low).reviewer,
                 tasks::riskDefaults(tasks::RiskLevel::Low).reviewer);

        loaded.dailyBudget = Money::parseDollars(QStringLiteral("12.5")).value();
        loaded.forRisk(tasks::RiskLevel::Medium).budget =
            Money::parseDollars(QStringLiteral("2.125")).value();
        loaded.save(settings);
        QCOMPARE(settings.value(settingkeys::dailyBudgetUsd()).toString(), QStringLiteral("12.50"));
        QCOMPARE(settings.value(settingkeys::riskBudgetUsd(tasks::RiskLevel::Medium)).toString(),
                 QStringLiteral("2.125"));
        QCOMPARE(itemmodels::dollarsSettingString(Money()), QStringLiteral("0.00"));
    }
};

QTEST_GUILESS_MAIN(TestSplitSaving)
#include "tst_splitsaving.moc"
