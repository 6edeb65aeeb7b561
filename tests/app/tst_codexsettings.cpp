// Issue 19: the OpenAI endpoint and key AgentDesk has (here OPENAI_BASE_URL / OPENAI_API_KEY)
// reach Codex's settings through the engine factory; without a key Codex keeps the user's own
// login (nothing set).

#include "app/EngineFactory.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace agentdesk;

class TestCodexSettings : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("XDG_CONFIG_HOME", m_home.filePath(QStringLiteral("config")).toUtf8());
        qputenv("XDG_DATA_HOME", m_home.filePath(QStringLiteral("data")).toUtf8());
    }

    void environmentReachesCodex()
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("OPENAI_BASE_URL"), QStringLiteral("http://127.0.0.1:9/v1"));
        env.insert(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("sk-codex-test"));
        auto config = app::engineConfigFromSettings(env);
        QVERIFY2(config.ok(), qPrintable(config.errorMessage()));
        QCOMPARE((*config)->cli.codex.apiKey, QStringLiteral("sk-codex-test"));
        QVERIFY2((*config)->cli.codex.baseUrl.startsWith(QLatin1String("http://127.0.0.1:9")),
                 qPrintable((*config)->cli.codex.baseUrl));
    }

    void noKeyLeavesTheUsersLogin()
    {
        auto config = app::engineConfigFromSettings(QProcessEnvironment());
        QVERIFY2(config.ok(), qPrintable(config.errorMessage()));
        QVERIFY((*config)->cli.codex.apiKey.isEmpty());
        QVERIFY((*config)->cli.codex.baseUrl.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCodexSettings)
#include "tst_codexsettings.moc"
