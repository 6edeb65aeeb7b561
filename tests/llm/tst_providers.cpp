#include "FakeProviderServer.h"
#include "llm/AnthropicClient.h"
#include "llm/ApiKeyStore.h"
#include "llm/OllamaDetector.h"
#include "llm/OpenAiClient.h"
#include "llm/ProviderRegistry.h"

#include <QNetworkAccessManager>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace agentdesk;
using namespace agentdesk::llm;
using agentdesk::test::FakeProviderServer;
using agentdesk::test::ScriptedResponse;

class TestProviders : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir dir;
    QString settingsPath() const { return dir.filePath(QStringLiteral("settings.ini")); }

    KeyLookup readKey(ApiKeyStore &store, const ProviderConfig &provider)
    {
        QSignalSpy spy(&store, &ApiKeyStore::keyRead);
        store.readKey(provider);
        if (spy.isEmpty())
            spy.wait(30000);
        return spy.isEmpty() ? KeyLookup{} : spy.first().first().value<KeyLookup>();
    }

private Q_SLOTS:
    void builtinsAndUserProvidersPersist();
    void rejectsBadProviders();
    void baseUrlSettingsThenEnvironmentThenDefault();
    void createsTheRightClient();
    void keysFromTheEnvironmentSaySo();
    void missingKeyExplainsWhatToDo();
    void secretStoreFallsBackToTheEnvironment();
    void writingWithoutAStoreNeverWritesAFile();
    void detectsOllamaAndListsModels();
    void noOllamaIsReported();
};

void TestProviders::builtinsAndUserProvidersPersist()
{
    {
        QSettings settings(settingsPath(), QSettings::IniFormat);
        ProviderRegistry registry(settings, QProcessEnvironment());
        QCOMPARE(registry.providers().size(), 2);
        QVERIFY(registry.provider(QStringLiteral("anthropic")));
        ProviderConfig ollama{QStringLiteral("ollama"),
                              ProviderKind::OpenAiCompatible,
                              QStringLiteral("Ollama"),
                              QUrl(QStringLiteral("http://127.0.0.1:11434/v1")),
                              QStringLiteral("qwen3-coder:30b"),
                              true,
                              false};
        QVERIFY(registry.save(ollama));
    }
    QSettings settings(settingsPath(), QSettings::IniFormat);
    ProviderRegistry registry(settings, QProcessEnvironment());
    const auto ollama = registry.provider(QStringLiteral("ollama"));
    QVERIFY(ollama);
    QCOMPARE(ollama->kind, ProviderKind::OpenAiCompatible);
    QCOMPARE(ollama->defaultModel, QStringLiteral("qwen3-coder:30b"));
    QVERIFY(ollama->isLocal);
    QVERIFY(!ollama->requiresKey);
    QCOMPARE(registry.providers().size(), 3);
    QVERIFY(registry.remove(QStringLiteral("ollama")));
    QVERIFY(!registry.provider(QStringLiteral("ollama")));
    QVERIFY(!registry.remove(QStringLiteral("anthropic")));
    QVERIFY(registry.provider(QStringLiteral("anthropic")));
}

void TestProviders::rejectsBadProviders()
{
    QSettings settings(settingsPath(), QSettings::IniFormat);
    ProviderRegistry registry(settings, QProcessEnvironment());
    ProviderConfig bad{QStringLiteral("has space"),
                       ProviderKind::OpenAiCompatible,
                       QStringLiteral("X"),
                       {},
                       {},
                       false,
                       true};
    QCOMPARE(registry.save(bad).errorCode(), QStringLiteral("invalid-provider"));
    bad.id = QStringLiteral("gw");
    bad.baseUrl = QUrl(QStringLiteral("ftp://example.invalid"));
    QCOMPARE(registry.save(bad).errorCode(), QStringLiteral("invalid-provider"));
    bad.baseUrl = QUrl(QStringLiteral("https://user:secret@example.invalid"));
    QVERIFY(registry.save(bad).errorMessage().contains(QStringLiteral("key field")));
}

void TestProviders::baseUrlSettingsThenEnvironmentThenDefault()
{
    QSettings settings(settingsPath(), QSettings::IniFormat);
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("ANTHROPIC_BASE_URL"),
                       QStringLiteral("http://gateway.invalid:8080"));
    ProviderRegistry registry(settings, environment);
    ProviderConfig anthropic = *registry.provider(QStringLiteral("anthropic"));
    QCOMPARE(registry.baseUrl(anthropic).source, ValueSource::Environment);
    QCOMPARE(registry.baseUrl(anthropic).url, QUrl(QStringLiteral("http://gateway.invalid:8080")));
    const ProviderConfig openai = *registry.provider(QStringLiteral("openai"));
    QCOMPARE(registry.baseUrl(openai).source, ValueSource::Default);
    QCOMPARE(registry.baseUrl(openai).url, QUrl(QStringLiteral("https://api.openai.com/v1")));
    anthropic.baseUrl = QUrl(QStringLiteral("https://proxy.invalid"));
    QCOMPARE(registry.baseUrl(anthropic).source, ValueSource::Settings);
}

void TestProviders::createsTheRightClient()
{
    QSettings settings(settingsPath(), QSettings::IniFormat);
    ProviderRegistry registry(settings, QProcessEnvironment());
    QNetworkAccessManager network;
    auto anthropic = registry.createClient(*registry.provider(QStringLiteral("anthropic")),
                                           QStringLiteral("k"), &network);
    QVERIFY(qobject_cast<AnthropicClient *>(anthropic.get()));
    auto openai = registry.createClient(*registry.provider(QStringLiteral("openai")),
                                        QStringLiteral("k"), &network);
    QVERIFY(qobject_cast<OpenAiClient *>(openai.get()));
    QVERIFY(openai->options().useMaxCompletionTokens);
    ProviderConfig local{QStringLiteral("llamacpp"),
                         ProviderKind::OpenAiCompatible,
                         QStringLiteral("llama.cpp"),
                         QUrl(QStringLiteral("http://127.0.0.1:8080")),
                         {},
                         true,
                         false};
    auto client = registry.createClient(local, QString(), &network);
    QVERIFY(qobject_cast<OpenAiClient *>(client.get()));
    QVERIFY(!client->options().useMaxCompletionTokens);
    QVERIFY(client->options().inactivityTimeoutMs > 60000);
}

void TestProviders::keysFromTheEnvironmentSaySo()
{
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("ANTHROPIC_API_KEY"), QStringLiteral("sk-ant-env"));
    environment.insert(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("sk-openai-env"));
    ApiKeyStore store(environment);
    store.setUseSecretStore(false);
    const KeyLookup anthropic = readKey(store, ProviderRegistry::builtins()[0]);
    QCOMPARE(anthropic.key, QStringLiteral("sk-ant-env"));
    QCOMPARE(anthropic.source, KeySource::Environment);
    QVERIFY(anthropic.note.contains(QStringLiteral("ANTHROPIC_API_KEY")));
    QVERIFY(!anthropic.note.contains(anthropic.key));
    const KeyLookup openai = readKey(store, ProviderRegistry::builtins()[1]);
    QCOMPARE(openai.key, QStringLiteral("sk-openai-env"));
}

void TestProviders::missingKeyExplainsWhatToDo()
{
    ApiKeyStore store{QProcessEnvironment()};
    store.setUseSecretStore(false);
    const KeyLookup lookup = readKey(store, ProviderRegistry::builtins()[0]);
    QCOMPARE(lookup.source, KeySource::None);
    QVERIFY(lookup.key.isEmpty());
    QVERIFY(lookup.note.contains(QStringLiteral("Settings")));
    ProviderConfig local{QStringLiteral("ollama"),
                         ProviderKind::OpenAiCompatible,
                         QStringLiteral("Ollama"),
                         {},
                         {},
                         true,
                         false};
    QVERIFY(readKey(store, local).note.contains(QStringLiteral("needs no API key")));
}

void TestProviders::secretStoreFallsBackToTheEnvironment()
{
    // Whatever this machine has (no store, or a store without this entry), a key that is not
    // in the store comes from the environment, and the lookup ends.
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("ANTHROPIC_API_KEY"), QStringLiteral("sk-ant-fallback"));
    ApiKeyStore store(environment);
    store.setServiceName(
        QStringLiteral("AgentDesk-test-%1").arg(QCoreApplication::applicationPid()));
    const KeyLookup lookup = readKey(store, ProviderRegistry::builtins()[0]);
    QCOMPARE(lookup.providerId, QStringLiteral("anthropic"));
    QCOMPARE(lookup.source, KeySource::Environment);
    QCOMPARE(lookup.key, QStringLiteral("sk-ant-fallback"));
}

void TestProviders::writingWithoutAStoreNeverWritesAFile()
{
    ApiKeyStore store{QProcessEnvironment()};
    store.setUseSecretStore(false);
    QSignalSpy written(&store, &ApiKeyStore::keyWritten);
    const QStringList before =
        QDir(QDir::homePath()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
    store.writeKey(QStringLiteral("anthropic"), QStringLiteral("sk-ant-never-on-disk"));
    QCOMPARE(written.size(), 1);
    QCOMPARE(written.first().at(1).toBool(), false);
    QVERIFY(written.first().at(2).toString().contains(QStringLiteral("environment")));
    QCOMPARE(
        QDir(QDir::homePath()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
        before);
}

void TestProviders::detectsOllamaAndListsModels()
{
    FakeProviderServer server;
    QVERIFY(server.listen());
    server.enqueue(ScriptedResponse::body(
        200, "application/json; charset=utf-8",
        R"({"models":[{"name":"qwen3-coder:30b","model":"qwen3-coder:30b","size":18556688736},)"
        R"({"name":"llama3.2:latest","model":"llama3.2:latest","size":2019393189}]})"));
    QNetworkAccessManager network;
    OllamaDetector detector(&network);
    QSignalSpy detected(&detector, &OllamaDetector::detected);
    detector.detect(server.baseUrl());
    QVERIFY(detected.wait(5000));
    QCOMPARE(detected.first().at(1).toStringList(),
             (QStringList{QStringLiteral("llama3.2:latest"), QStringLiteral("qwen3-coder:30b")}));
    QCOMPARE(server.requests().first().method, QByteArray("GET"));
    QCOMPARE(server.requests().first().path, QByteArray("/api/tags"));
}

void TestProviders::noOllamaIsReported()
{
    quint16 closedPort = 0;
    {
        FakeProviderServer probe;
        QVERIFY(probe.listen());
        closedPort = probe.port();
    }
    QNetworkAccessManager network;
    OllamaDetector detector(&network);
    QSignalSpy notFound(&detector, &OllamaDetector::notFound);
    detector.detect(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(closedPort)));
    QVERIFY(notFound.wait(5000));
    QVERIFY(notFound.first().first().toString().startsWith(QStringLiteral("no Ollama at")));

    FakeProviderServer other;
    QVERIFY(other.listen());
    other.enqueue(ScriptedResponse::body(200, "text/html", "<html>hello</html>"));
    QSignalSpy notOllama(&detector, &OllamaDetector::notFound);
    detector.detect(other.baseUrl());
    QVERIFY(notOllama.wait(5000));
    QVERIFY(notOllama.first().first().toString().contains(QStringLiteral("not as Ollama")));
}

QTEST_GUILESS_MAIN(TestProviders)
#include "tst_providers.moc"
