#include "core/Money.h"
#include "core/Result.h"

#include <QtTest>

using agentdesk::Money;

class TestMoney : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseDollars_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<qint64>("nanos");

        QTest::newRow("whole") << QStringLiteral("3") << true << qint64(3'000'000'000);
        QTest::newRow("claude-code figure")
            << QStringLiteral("0.003705") << true << qint64(3'705'000);
        QTest::newRow("dollar sign") << QStringLiteral("$1.50") << true << qint64(1'500'000'000);
        QTest::newRow("negative") << QStringLiteral("-2") << true << qint64(-2'000'000'000);
        QTest::newRow("nine decimals") << QStringLiteral("0.000000001") << true << qint64(1);
        QTest::newRow("leading dot") << QStringLiteral(".25") << true << qint64(250'000'000);
        QTest::newRow("ten decimals") << QStringLiteral("0.0000000001") << false << qint64(0);
        QTest::newRow("letters") << QStringLiteral("1e3") << false << qint64(0);
        QTest::newRow("empty") << QString() << false << qint64(0);
        QTest::newRow("only dot") << QStringLiteral(".") << false << qint64(0);
        QTest::newRow("arabic digits") << QStringLiteral("\u0663") << false << qint64(0);
    }

    void parseDollars()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(qint64, nanos);
        const auto money = Money::parseDollars(text);
        QCOMPARE(money.has_value(), valid);
        if (valid)
            QCOMPARE(money->nanodollars(), nanos);
    }

    void format_data()
    {
        QTest::addColumn<qint64>("nanos");
        QTest::addColumn<QString>("expected");

        QTest::newRow("zero") << qint64(0) << QStringLiteral("$0.00");
        QTest::newRow("dollars and cents") << qint64(12'400'000'000) << QStringLiteral("$12.40");
        QTest::newRow("small cost shows digits") << qint64(3'705'000) << QStringLiteral("$0.0037");
        QTest::newRow("rounds above a dollar") << qint64(1'005'000'000) << QStringLiteral("$1.01");
        QTest::newRow("negative") << qint64(-250'000'000) << QStringLiteral("-$0.25");
    }

    void format()
    {
        QFETCH(qint64, nanos);
        QFETCH(QString, expected);
        QCOMPARE(Money::fromNanodollars(nanos).format(), expected);
    }

    void decimalStringRoundTrips()
    {
        for (qint64 nanos : {qint64(0), qint64(1), qint64(3'705'000), qint64(9'000'000),
                             qint64(123'456'789'012), qint64(-42)}) {
            const Money money = Money::fromNanodollars(nanos);
            const auto parsed = Money::parseDollars(money.toDecimalString());
            QVERIFY2(parsed.has_value(), qPrintable(money.toDecimalString()));
            QCOMPARE(parsed->nanodollars(), nanos);
        }
    }

    void arithmeticIsExact()
    {
        // A million calls at a tenth of a cent each add up to exactly a thousand dollars:
        // no floating drift.
        Money total;
        const Money call = Money::parseDollars(QStringLiteral("0.001")).value();
        for (int i = 0; i < 1'000'000; ++i)
            total += call;
        QCOMPARE(total, Money::parseDollars(QStringLiteral("1000")).value());
        QCOMPARE(Money::fromDollarsRounded(0.003705).nanodollars(), qint64(3'705'000));
    }

    void resultCarriesValueOrError()
    {
        agentdesk::Result<int> good(7);
        QVERIFY(good.ok());
        QCOMPARE(*good, 7);
        agentdesk::Result<int> bad(
            agentdesk::makeError(QStringLiteral("nope"), QStringLiteral("It failed.")));
        QVERIFY(!bad.ok());
        QCOMPARE(bad.errorCode(), QStringLiteral("nope"));
        QCOMPARE(bad.valueOr(3), 3);
        agentdesk::VoidResult done;
        QVERIFY(done.ok());
    }
};

QTEST_GUILESS_MAIN(TestMoney)
#include "tst_money.moc"
