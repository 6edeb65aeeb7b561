// Codex 0.171's messages told apart by their text, the user's config.toml, and dispatch's
// budget questions about CLI agents (CliBudget). The texts are from the real recordings in
// tests/agents/data/codex; the through-the-process cases are in tst_codexcli.
#include "agents/cli/ClaudeCodeAdapter.h"
#include "agents/cli/CliBudget.h"
#include "agents/cli/CodexAdapter.h"
#include "agents/cli/CodexMessages.h"
#include "agents/cli/CodexUserConfig.h"
#include "agents/cli/CustomCommandAdapter.h"
#include "cost/PriceTable.h"

#include <QtTest>

using namespace agentdesk;
using namespace agentdesk::agents;

class TestCodexConfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_codexHome.isValid()); }
    void messagesAreClassifiedByText_data();
    void messagesAreClassifiedByText();
    void usageLimitResetTime();
    void userConfig();
    void budgetChecksForDispatch();

private:
    QTemporaryDir m_codexHome;
};

void TestCodexConfig::messagesAreClassifiedByText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("status");
    using K = CodexMessage::Kind;
    QTest::newRow("metadata warning") << "Model metadata for `gpt-5` not found. Defaulting to "
                                         "fallback metadata; this can degrade performance."
                                      << int(K::Warning) << 0;
    QTest::newRow("fallback warning")
        << "Falling back from WebSockets to HTTPS transport. unexpected status 404 Not Found: no "
           "such path, url: ws://127.0.0.1:14010/v1/responses"
        << int(K::Warning) << 404;
    QTest::newRow("reconnect 2/5") << "Reconnecting... 2/5 (unexpected status 404 Not Found: no "
                                      "such path, url: ws://127.0.0.1:14010/v1/responses)"
                                   << int(K::Reconnecting) << 404;
    QTest::newRow("waiting for network")
        << "Reconnecting... waiting for network (Connection failed: error sending request)"
        << int(K::WaitingForNetwork) << 0;
    QTest::newRow("port 14010 is not a 401")
        << "unexpected status 404 Not Found: nothing here, url: http://127.0.0.1:14010/v1/responses"
        << int(K::Error) << 404;
    QTest::newRow("a key fragment is not a 401")
        << "invalid request: sk-4017-abc is malformed" << int(K::Error) << 0;
    QTest::newRow("401") << "unexpected status 401 Unauthorized: Incorrect API key provided: "
                            "sk-fake***., url: http://127.0.0.1:18433/v1/responses"
                         << int(K::Error) << 401;
    QTest::newRow("429") << "exceeded retry limit, last status: 429 Too Many Requests"
                         << int(K::RateLimited) << 429;
    QTest::newRow("usage limit") << QStringLiteral("You’ve hit your usage limit. Upgrade to Pro "
                                                   "(https://chatgpt.com/explore/pro) or try again "
                                                   "at 8:27 AM.")
                                 << int(K::UsageLimit) << 0;
}

void TestCodexConfig::messagesAreClassifiedByText()
{
    QFETCH(QString, text);
    const CodexMessage message = classifyCodexMessage(text);
    QTEST(int(message.kind), "kind");
    QTEST(message.status, "status");
}

void TestCodexConfig::usageLimitResetTime()
{
    const QDateTime now(QDate(2026, 12, 2), QTime(6, 27), Qt::LocalTime);
    const QString prefix =
        QStringLiteral("You’ve hit your usage limit. Upgrade to Pro, or try again at ");
    QCOMPARE(classifyCodexMessage(prefix + QStringLiteral("8:27 AM."), now).resetsAt,
             QDateTime(QDate(2026, 12, 2), QTime(8, 27), Qt::LocalTime).toUTC());
    // A time already past today is tomorrow's.
    QCOMPARE(classifyCodexMessage(prefix + QStringLiteral("5:05 AM."), now).resetsAt,
             QDateTime(QDate(2026, 12, 3), QTime(5, 5), Qt::LocalTime).toUTC());
    QCOMPARE(classifyCodexMessage(prefix + QStringLiteral("Dec 4th, 2026 11:14 AM."), now).resetsAt,
             QDateTime(QDate(2026, 12, 4), QTime(11, 14), Qt::LocalTime).toUTC());
    QCOMPARE(classifyCodexMessage(prefix + QStringLiteral("2:00 PM."), now).resetsAt,
             QDateTime(QDate(2026, 12, 2), QTime(14, 0), Qt::LocalTime).toUTC());
    // Codex prints the epoch when the server gave no reset time.
    QVERIFY(!classifyCodexMessage(prefix + QStringLiteral("Jan 1st, 1970 12:00 AM."), now)
                 .resetsAt.isValid());
}

void TestCodexConfig::userConfig()
{
    const CodexUserConfig config = CodexUserConfig::parse(
        "model = \"gpt-5\"\nprofile = \"work\"\n[profiles.work]\nmodel = \"gpt-5.4\"\n"
        "model_provider = \"corp\"\n[model_providers.corp]\nbase_url = \"https://corp/v1\"\n"
        "env_key = \"CORP_KEY\"\n",
        QStringLiteral("/h/.codex"));
    QVERIFY2(config.error.isEmpty(), qPrintable(config.error));
    QCOMPARE(config.model, QStringLiteral("gpt-5.4"));
    QCOMPARE(config.provider, QStringLiteral("corp"));
    QCOMPARE(config.providerEnvKey, QStringLiteral("CORP_KEY"));
    QCOMPARE(config.providerBaseUrl, QStringLiteral("https://corp/v1"));
    const CodexUserConfig broken = CodexUserConfig::parse("model = \n", QStringLiteral("/h"));
    QVERIFY(!broken.error.isEmpty());
    QVERIFY(broken.model.isEmpty());
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("HOME"), QStringLiteral("/home/u"));
    QCOMPARE(CodexUserConfig::codexHome(environment), QStringLiteral("/home/u/.codex"));
    environment.insert(QStringLiteral("CODEX_HOME"), QStringLiteral("/srv/codex/"));
    QCOMPARE(CodexUserConfig::codexHome(environment), QStringLiteral("/srv/codex"));
}

void TestCodexConfig::budgetChecksForDispatch()
{
    auto prices = cost::PriceTable::loadBundled();
    QVERIFY(prices.ok());
    const CodexAdapter codex;
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("CODEX_HOME"), m_codexHome.path());
    QVERIFY(checkCliBudget(codex, QStringLiteral("gpt-5"), *prices, environment).ok());
    const VoidResult unpriced =
        checkCliBudget(codex, QStringLiteral("gpt-6.2-sol"), *prices, environment);
    QCOMPARE(unpriced.errorCode(), QStringLiteral("unpriced-model"));
    QVERIFY2(unpriced.errorMessage().contains(QLatin1String("gpt-6.2-sol")) &&
                 unpriced.errorMessage().contains(QStringLiteral("Settings → Prices")) &&
                 unpriced.errorMessage().contains(QLatin1String("--no-budget")),
             qPrintable(unpriced.errorMessage()));
    // No model named and none in config.toml: Codex's default, which nobody can price.
    const VoidResult unnamed = checkCliBudget(codex, QString(), *prices, environment);
    QCOMPARE(unnamed.errorCode(), QStringLiteral("unpriced-model"));
    QVERIFY(unnamed.errorMessage().contains(QLatin1String("codex:MODEL")));
    // The model from the user's config.toml is the one priced.
    QFile config(m_codexHome.filePath(QStringLiteral("config.toml")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("model = \"gpt-5-mini\"\n");
    config.close();
    QCOMPARE(codex.effectiveModel(QString(), environment), QStringLiteral("gpt-5-mini"));
    QVERIFY(checkCliBudget(codex, QString(), *prices, environment).ok());
    QVERIFY(config.remove());
    // Claude Code reports its cost; a custom command reports nothing.
    QVERIFY(checkCliBudget(ClaudeCodeAdapter(), QStringLiteral("no-such-model"), *prices).ok());
    CustomCommandSettings custom;
    custom.commandLine = QStringLiteral("my-agent {prompt}");
    QCOMPARE(checkCliBudget(CustomCommandAdapter(custom), QString(), *prices).errorCode(),
             QStringLiteral("unmetered-budget"));
    QVERIFY(budgetStopsBetweenTurns(codex));
    QVERIFY(!budgetStopsBetweenTurns(ClaudeCodeAdapter()));
    QVERIFY(budgetTimingNote(codex).contains(QLatin1String("between turns")));
    QVERIFY(budgetTimingNote(ClaudeCodeAdapter()).isEmpty());
}

QTEST_GUILESS_MAIN(TestCodexConfig)
#include "tst_codexconfig.moc"
