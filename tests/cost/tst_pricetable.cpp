#include "cost/PriceTable.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace agentdesk;
using agentdesk::cost::PriceTable;
using agentdesk::llm::Usage;

Q_DECLARE_METATYPE(agentdesk::llm::Usage)

class TestPriceTable : public QObject
{
    Q_OBJECT

private:
    PriceTable table;

private Q_SLOTS:
    void initTestCase();
    void bundledTableIsDated();
    void costParity_data();
    void costParity();
    void matchesClaudeCodesTotalCostUsd();
    void parsesPerMillionPricesExactly_data();
    void parsesPerMillionPricesExactly();
    void unpricedModelIsAClearError_data();
    void unpricedModelIsAClearError();
    void localModelsCostNothing();
    void userOverridesWinAndPersist();
    void rejectsBrokenTables_data();
    void rejectsBrokenTables();
};

void TestPriceTable::initTestCase()
{
    Result<PriceTable> loaded = PriceTable::loadBundled();
    QVERIFY2(loaded, qPrintable(loaded.errorMessage()));
    table = *loaded;
}

void TestPriceTable::bundledTableIsDated()
{
    QVERIFY(table.checkedOn().isValid());
    QVERIFY(table.checkedOn().year() >= 2026);
    QVERIFY(table.models().contains(QStringLiteral("claude-sonnet-4-5")));
    QVERIFY(table.models().contains(QStringLiteral("gpt-5-mini")));
}

void TestPriceTable::costParity_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<Usage>("usage");
    QTest::addColumn<QString>("dollars");

    // Claude Code reports total_cost_usd 0.003705 for this usage (PROTOCOLS.md).
    QTest::newRow("sonnet 4.5, Claude Code reference")
        << QStringLiteral("claude-sonnet-4-5") << Usage{1200, 7, 0, 0, 0}
        << QStringLiteral("0.003705");
    QTest::newRow("dated id") << QStringLiteral("claude-sonnet-4-5-20250929")
                              << Usage{1000, 100, 0, 0, 0} << QStringLiteral("0.0045");
    QTest::newRow("gateway prefix") << QStringLiteral("anthropic/claude-sonnet-4-5")
                                    << Usage{1000, 100, 0, 0, 0} << QStringLiteral("0.0045");
    QTest::newRow("vertex id") << QStringLiteral("claude-haiku-4-5@20251001")
                               << Usage{1000, 1000, 0, 0, 0} << QStringLiteral("0.006");
    QTest::newRow("opus 4.1 with cache")
        << QStringLiteral("claude-opus-4-1") << Usage{1000, 1000, 500, 0, 200}
        << QStringLiteral("0.099675");
    QTest::newRow("haiku 1h cache write is 2x input")
        << QStringLiteral("claude-haiku-4-5") << Usage{0, 0, 0, 1000, 0} << QStringLiteral("0.002");
    QTest::newRow("opus 4.5") << QStringLiteral("claude-opus-4-5")
                              << Usage{10000, 2000, 0, 0, 50000} << QStringLiteral("0.125");
    QTest::newRow("sonnet 4.5 above 200K")
        << QStringLiteral("claude-sonnet-4-5") << Usage{250000, 1000, 0, 0, 0}
        << QStringLiteral("1.5225");
    QTest::newRow("sonnet 4.5 at exactly 200K")
        << QStringLiteral("claude-sonnet-4-5") << Usage{200000, 0, 0, 0, 0}
        << QStringLiteral("0.6");
    QTest::newRow("gpt-5-mini cached") << QStringLiteral("gpt-5-mini") << Usage{464, 30, 0, 0, 1536}
                                       << QStringLiteral("0.0002144");
    QTest::newRow("gpt-4.1 dated") << QStringLiteral("gpt-4.1-2025-04-14")
                                   << Usage{1000000, 1000000, 0, 0, 0} << QStringLiteral("10");
    QTest::newRow("gpt-5.4-mini") << QStringLiteral("gpt-5.4-mini") << Usage{3, 7, 0, 0, 11}
                                  << QStringLiteral("0.000034575");
    QTest::newRow("one token of gpt-5 cache read")
        << QStringLiteral("gpt-5") << Usage{0, 0, 0, 0, 1} << QStringLiteral("0.000000125");
    QTest::newRow("nothing") << QStringLiteral("gpt-5") << Usage{} << QStringLiteral("0");
}

void TestPriceTable::costParity()
{
    QFETCH(QString, model);
    QFETCH(Usage, usage);
    QFETCH(QString, dollars);
    const Result<Money> cost = table.cost(model, usage);
    QVERIFY2(cost, qPrintable(cost.errorMessage()));
    QCOMPARE(cost->nanodollars(), Money::parseDollars(dollars)->nanodollars());
}

void TestPriceTable::matchesClaudeCodesTotalCostUsd()
{
    // recordings/claude-code/claude-stream-json-success.jsonl: two calls of 1,000 input and
    // 100 output tokens on claude-sonnet-4-5, total_cost_usd 0.009000000000000001.
    Money total;
    for (int call = 0; call < 2; ++call)
        total += *table.cost(QStringLiteral("claude-sonnet-4-5"), Usage{1000, 100, 0, 0, 0});
    QCOMPARE(total, Money::fromDollarsRounded(0.009000000000000001));
    QCOMPARE(*table.cost(QStringLiteral("claude-sonnet-4-5"), Usage{1200, 7, 0, 0, 0}),
             Money::fromDollarsRounded(0.003705));
}

void TestPriceTable::parsesPerMillionPricesExactly_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("nanosPerToken");
    QTest::addColumn<bool>("valid");
    QTest::newRow("whole") << QStringLiteral("3") << qint64(3000) << true;
    QTest::newRow("two decimals") << QStringLiteral("18.75") << qint64(18750) << true;
    QTest::newRow("three decimals") << QStringLiteral("0.125") << qint64(125) << true;
    QTest::newRow("0.025") << QStringLiteral("0.025") << qint64(25) << true;
    QTest::newRow("zero") << QStringLiteral("0") << qint64(0) << true;
    QTest::newRow("four decimals") << QStringLiteral("0.0001") << qint64(0) << false;
    QTest::newRow("negative") << QStringLiteral("-1") << qint64(0) << false;
    QTest::newRow("text") << QStringLiteral("three") << qint64(0) << false;
    QTest::newRow("float spelling") << QStringLiteral("1e3") << qint64(0) << false;
}

void TestPriceTable::parsesPerMillionPricesExactly()
{
    QFETCH(QString, text);
    QFETCH(qint64, nanosPerToken);
    QFETCH(bool, valid);
    const Result<Money> price = cost::parsePerMillionTokens(text);
    QCOMPARE(price.ok(), valid);
    if (valid) {
        QCOMPARE(price->nanodollars(), nanosPerToken);
        QCOMPARE(cost::parsePerMillionTokens(cost::formatPerMillionTokens(*price))->nanodollars(),
                 nanosPerToken);
    } else {
        QCOMPARE(price.errorCode(), QStringLiteral("invalid-price"));
    }
}

void TestPriceTable::unpricedModelIsAClearError_data()
{
    QTest::addColumn<QString>("model");
    QTest::newRow("unknown") << QStringLiteral("mystery-model");
    QTest::newRow("prefix is not enough") << QStringLiteral("gpt-5-nano");
    QTest::newRow("suffix is not a date") << QStringLiteral("claude-sonnet-4-5-turbo");
}

void TestPriceTable::unpricedModelIsAClearError()
{
    QFETCH(QString, model);
    const Result<cost::ModelPrice> price = table.lookup(model);
    QVERIFY(!price);
    QCOMPARE(price.errorCode(), QStringLiteral("unpriced-model"));
    QVERIFY(price.errorMessage().contains(model));
    QVERIFY(price.errorMessage().contains(QStringLiteral("Settings")));
}

void TestPriceTable::localModelsCostNothing()
{
    const Result<Money> cost =
        table.cost(QStringLiteral("qwen3-coder:30b"), Usage{100000, 5000, 0, 0, 0}, true);
    QVERIFY(cost);
    QVERIFY(cost->isZero());
    QVERIFY(table.lookup(QStringLiteral("qwen3-coder:30b"), true)->isFree());
}

void TestPriceTable::userOverridesWinAndPersist()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("settings.ini"));
    {
        PriceTable edited = table;
        cost::ModelPrice price;
        price.modelId = QStringLiteral("claude-sonnet-4-5");
        price.prices.input = *cost::parsePerMillionTokens(QStringLiteral("2.5"));
        price.prices.output = *cost::parsePerMillionTokens(QStringLiteral("12.125"));
        edited.setOverride(price);
        cost::ModelPrice custom = cost::ModelPrice::free(QStringLiteral("my-gateway-model"));
        custom.prices.input = *cost::parsePerMillionTokens(QStringLiteral("1"));
        edited.setOverride(custom);
        QCOMPARE(
            *edited.cost(QStringLiteral("claude-sonnet-4-5-20250929"), Usage{1000, 1000, 0, 0, 0}),
            Money::fromNanodollars(2'500'000 + 12'125'000));
        QSettings settings(path, QSettings::IniFormat);
        edited.saveOverrides(settings);
    }
    QSettings settings(path, QSettings::IniFormat);
    PriceTable reloaded = table;
    const VoidResult loaded = reloaded.loadOverrides(settings);
    QVERIFY2(loaded, qPrintable(loaded.errorMessage()));
    QVERIFY(reloaded.hasOverride(QStringLiteral("claude-sonnet-4-5")));
    QCOMPARE(*reloaded.cost(QStringLiteral("claude-sonnet-4-5"), Usage{1000, 1000, 0, 0, 0}),
             Money::fromNanodollars(14'625'000));
    QCOMPARE(*reloaded.cost(QStringLiteral("my-gateway-model"), Usage{1000, 0, 0, 0, 0}),
             Money::fromNanodollars(1'000'000));
    reloaded.removeOverride(QStringLiteral("claude-sonnet-4-5"));
    QCOMPARE(*reloaded.cost(QStringLiteral("claude-sonnet-4-5"), Usage{1200, 7, 0, 0, 0}),
             Money::fromNanodollars(3'705'000));
}

void TestPriceTable::rejectsBrokenTables_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("not json") << QByteArray("{");
    QTest::newRow("no date") << QByteArray(R"({"models":[]})");
    QTest::newRow("float price") << QByteArray(
        R"({"checked":"2026-08-01","models":[{"id":"m","input":3,"output":"1"}]})");
    QTest::newRow("too many decimals") << QByteArray(
        R"({"checked":"2026-08-01","models":[{"id":"m","input":"0.0005","output":"1"}]})");
    QTest::newRow("missing output")
        << QByteArray(R"({"checked":"2026-08-01","models":[{"id":"m","input":"1"}]})");
}

void TestPriceTable::rejectsBrokenTables()
{
    QFETCH(QByteArray, json);
    const Result<PriceTable> parsed = PriceTable::fromJson(json);
    QVERIFY(!parsed);
    QCOMPARE(parsed.errorCode(), QStringLiteral("invalid-price-table"));
}

QTEST_GUILESS_MAIN(TestPriceTable)
#include "tst_pricetable.moc"
