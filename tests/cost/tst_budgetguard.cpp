#include "cost/BudgetGuard.h"
#include "cost/PriceTable.h"

#include <QRandomGenerator>
#include <QTest>

using namespace agentdesk;
using agentdesk::cost::BudgetGuard;
using agentdesk::cost::BudgetLimits;
using agentdesk::cost::ModelPrice;
using agentdesk::llm::Usage;

namespace {

Money nanos(QRandomGenerator &random, qint64 from, qint64 to)
{
    return Money::fromNanodollars(from + qint64(random.bounded(quint64(to - from + 1))));
}

cost::TokenPrices randomPrices(QRandomGenerator &random)
{
    cost::TokenPrices p;
    p.input = nanos(random, 0, 20000);
    p.output = nanos(random, 0, 100000);
    p.cacheWrite5m = nanos(random, 0, 30000);
    p.cacheWrite1h = nanos(random, 0, 40000);
    p.cacheRead = nanos(random, 0, 3000);
    return p;
}

ModelPrice randomModel(QRandomGenerator &random)
{
    ModelPrice price;
    price.modelId = QStringLiteral("random");
    price.prices = randomPrices(random);
    if (random.bounded(3) == 0) {
        // A long-context tier never costs less than the base tier.
        const qint64 factor = 1 + random.bounded(3);
        price.longContextAboveInputTokens = 1000 + random.bounded(200000);
        price.longContextPrices = {price.prices.input * factor, price.prices.output * factor,
                                   price.prices.cacheWrite5m * factor,
                                   price.prices.cacheWrite1h * factor,
                                   price.prices.cacheRead * factor};
    }
    return price;
}

// Splits `total` input tokens randomly across fresh input, cache writes and cache reads.
Usage randomUsage(QRandomGenerator &random, qint64 total, qint64 output)
{
    Usage usage;
    usage.outputTokens = output;
    qint64 left = total;
    usage.cacheReadTokens = left ? random.bounded(quint64(left + 1)) : 0;
    left -= usage.cacheReadTokens;
    usage.cacheWrite5mTokens = left ? random.bounded(quint64(left + 1)) : 0;
    left -= usage.cacheWrite5mTokens;
    usage.cacheWrite1hTokens = left ? random.bounded(quint64(left + 1)) : 0;
    left -= usage.cacheWrite1hTokens;
    usage.inputTokens = left;
    return usage;
}

} // namespace

class TestBudgetGuard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void largestAffordableMaxTokens();
    void budgetReachedWhenNoUsefulCallFits();
    void dailyBudgetBindsWhenSmaller();
    void freeModelsAreNeverStopped();
    void inputBoundGrowsWithTheConversation();
    void spendNeverExceedsTheCapOverRandomRuns();
};

void TestBudgetGuard::largestAffordableMaxTokens()
{
    const ModelPrice sonnet =
        *cost::PriceTable::loadBundled()->lookup(QStringLiteral("claude-sonnet-4-5"));
    // $0.10 left, 10,000 input tokens at the dearest input rate (1h cache write, $6/M) = $0.06;
    // $0.04 buys 2,666 output tokens at $15/M.
    const auto allowance =
        BudgetGuard::allow(sonnet, 10000, {Money::fromCents(10), std::nullopt}, 32000, 256);
    QVERIFY2(allowance, qPrintable(allowance.errorMessage()));
    QCOMPARE(allowance->maxOutputTokens, 2666);
    QVERIFY(allowance->worstCaseCost <= Money::fromCents(10));
    QVERIFY(BudgetGuard::worstCaseCost(sonnet, 10000, 2667) > Money::fromCents(10));
    // Plenty of budget: the model's own cap.
    QCOMPARE(BudgetGuard::allow(sonnet, 10000, {Money::fromCents(10000), std::nullopt}, 32000, 256)
                 ->maxOutputTokens,
             32000);
    // No budget at all: the requested cap.
    QCOMPARE(BudgetGuard::allow(sonnet, 10000, {}, 8000, 256)->maxOutputTokens, 8000);
}

void TestBudgetGuard::budgetReachedWhenNoUsefulCallFits()
{
    const ModelPrice sonnet =
        *cost::PriceTable::loadBundled()->lookup(QStringLiteral("claude-sonnet-4-5"));
    const auto tooLittle =
        BudgetGuard::allow(sonnet, 10000, {Money::fromCents(6), std::nullopt}, 32000, 256);
    QVERIFY(!tooLittle);
    QCOMPARE(tooLittle.errorCode(), QStringLiteral("budget-reached"));
    QVERIFY(tooLittle.errorMessage().startsWith(QStringLiteral("budget reached: $0.06 left")));
    const auto overspent =
        BudgetGuard::allow(sonnet, 10000, {Money::fromCents(-1), std::nullopt}, 32000, 1);
    QCOMPARE(overspent.errorCode(), QStringLiteral("budget-reached"));
}

void TestBudgetGuard::dailyBudgetBindsWhenSmaller()
{
    const ModelPrice haiku =
        *cost::PriceTable::loadBundled()->lookup(QStringLiteral("claude-haiku-4-5"));
    const auto daily = BudgetGuard::allow(
        haiku, 1000, {Money::fromCents(500), Money::fromNanodollars(2'000'000)}, 64000, 100);
    QVERIFY(!daily);
    QVERIFY(daily.errorMessage().startsWith(QStringLiteral("daily budget reached")));
    const auto run =
        BudgetGuard::allow(haiku, 1000, {Money::fromCents(500), Money::fromCents(5)}, 64000, 100);
    QVERIFY(run);
    QCOMPARE(run->maxOutputTokens, (5'000'000 * 10 - 1000 * 2000) / 5000);
}

void TestBudgetGuard::freeModelsAreNeverStopped()
{
    const auto allowance = BudgetGuard::allow(ModelPrice::free(QStringLiteral("llama")), 100000,
                                              {Money(), Money()}, 4096, 256);
    QVERIFY(allowance);
    QCOMPARE(allowance->maxOutputTokens, 4096);
    QVERIFY(allowance->worstCaseCost.isZero());
}

void TestBudgetGuard::inputBoundGrowsWithTheConversation()
{
    QCOMPARE(BudgetGuard::nextInputUpperBound(1200, 300, 4096), 5596);
}

void TestBudgetGuard::spendNeverExceedsTheCapOverRandomRuns()
{
    QRandomGenerator random(20260901);
    int stoppedRuns = 0;
    int calls = 0;
    for (int run = 0; run < 3000; ++run) {
        const ModelPrice price = randomModel(random);
        const Money cap = nanos(random, 1'000, 20'000'000'000);
        const std::optional<Money> dailyCap =
            random.bounded(2) ? std::optional<Money>(nanos(random, 1'000, 20'000'000'000))
                              : std::nullopt;
        const int modelMax = 1000 + random.bounded(64000);
        const int minUseful = 1 + random.bounded(std::min(2000, modelMax));
        Money spent;
        qint64 previousInput = 100 + random.bounded(50000);
        qint64 previousOutput = 0;
        for (int step = 0; step < 40; ++step) {
            const qint64 appended = random.bounded(20000);
            const qint64 bound =
                BudgetGuard::nextInputUpperBound(previousInput, previousOutput, appended);
            BudgetLimits limits{cap - spent, std::nullopt};
            if (dailyCap)
                limits.dailyRemaining = *dailyCap - spent;
            const Money remaining = dailyCap ? std::min(cap, *dailyCap) - spent : cap - spent;
            const auto allowance = BudgetGuard::allow(price, bound, limits, modelMax, minUseful);
            if (!allowance) {
                // Stopped: a useful call really did not fit.
                QVERIFY(BudgetGuard::worstCaseCost(price, bound, minUseful) > remaining);
                QCOMPARE(allowance.errorCode(), QStringLiteral("budget-reached"));
                ++stoppedRuns;
                break;
            }
            QVERIFY(allowance->maxOutputTokens >= minUseful);
            QVERIFY(allowance->maxOutputTokens <= modelMax);
            QVERIFY(allowance->worstCaseCost <= remaining);
            // The largest that fits: one more token would not (unless the model's cap bound).
            if (allowance->maxOutputTokens < modelMax)
                QVERIFY(BudgetGuard::worstCaseCost(price, bound, allowance->maxOutputTokens + 1) >
                        remaining);
            // The provider bills any usage within the bounds.
            const qint64 actualInput = bound - random.bounded(quint64(appended + 1));
            const qint64 actualOutput = random.bounded(quint64(allowance->maxOutputTokens + 1));
            const Usage usage = randomUsage(random, actualInput, actualOutput);
            const Money billed = price.cost(usage);
            QVERIFY(billed <= allowance->worstCaseCost);
            spent += billed;
            QVERIFY2(spent <= cap,
                     qPrintable(QStringLiteral("run %1 spent %2 of %3")
                                    .arg(run)
                                    .arg(spent.toDecimalString(), cap.toDecimalString())));
            if (dailyCap)
                QVERIFY(spent <= *dailyCap);
            previousInput = usage.totalInputTokens();
            previousOutput = usage.outputTokens;
            ++calls;
        }
    }
    qInfo("%d calls, %d runs stopped by the guard", calls, stoppedRuns);
    // The generator covers both outcomes.
    QVERIFY(stoppedRuns > 100);
    QVERIFY(calls > 3000);
}

QTEST_GUILESS_MAIN(TestBudgetGuard)
#include "tst_budgetguard.moc"
