#include "cost/DailyAllowance.h"

#include <QtTest>

#include <atomic>
#include <thread>
#include <vector>

using agentdesk::Money;
using agentdesk::cost::DailyAllowance;

class TestDailyAllowance : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void reservesOnlyWhatFitsAndSettlesToTheActualCost()
    {
        DailyAllowance daily(Money::fromCents(100), Money::fromCents(30));
        QCOMPARE(daily.available(), std::optional<Money>(Money::fromCents(70)));
        QVERIFY(daily.reserve(Money::fromCents(50)));
        QCOMPARE(daily.available(), std::optional<Money>(Money::fromCents(20)));
        QVERIFY(!daily.reserve(Money::fromCents(21)));
        daily.settle(Money::fromCents(50), Money::fromCents(12));
        QCOMPARE(daily.spentToday(), Money::fromCents(42));
        QCOMPARE(daily.available(), std::optional<Money>(Money::fromCents(58)));
        daily.addSpent(Money::fromCents(58));
        QCOMPARE(daily.available(), std::optional<Money>(Money()));
        QVERIFY(!daily.reserve(Money::fromNanodollars(1)));
    }

    void withoutALimitEverythingFitsAndIsCounted()
    {
        DailyAllowance daily(std::nullopt, Money());
        QVERIFY(!daily.available().has_value());
        QVERIFY(daily.reserve(Money::fromCents(1'000'000)));
        daily.settle(Money::fromCents(1'000'000), Money::fromCents(3));
        QCOMPARE(daily.spentToday(), Money::fromCents(3));
        daily.setBudget(Money::fromCents(2));
        QCOMPARE(daily.available(), std::optional<Money>(Money()));
    }

    // Many threads racing for one budget never hold more than it between them.
    void concurrentReservationsNeverExceedTheBudget()
    {
        DailyAllowance daily(Money::fromCents(1000), Money());
        std::atomic<qint64> granted{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 8; ++t) {
            threads.emplace_back([&] {
                for (int i = 0; i < 500; ++i) {
                    if (daily.reserve(Money::fromCents(1)))
                        granted += 1;
                }
            });
        }
        for (std::thread &thread : threads)
            thread.join();
        QCOMPARE(granted.load(), qint64(1000));
        QCOMPARE(daily.available(), std::optional<Money>(Money()));
    }
};

QTEST_GUILESS_MAIN(TestDailyAllowance)
#include "tst_dailyallowance.moc"
