#include "CallRecorder.h"
#include "FakeProviderServer.h"
#include "ProviderScripts.h"
#include "cost/Ledger.h"
#include "llm/AnthropicClient.h"
#include "llm/OpenAiClient.h"
#include "llm/ProviderRegistry.h"

#include <QFile>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace agentdesk;
using namespace agentdesk::test;

namespace {

const QString plantedKey = QStringLiteral("sk-ant-api03-PLANTED-7f3e9c1d5b2a4e6f8091");

QMutex logMutex;
QStringList capturedLogs;
QtMessageHandler previousHandler = nullptr;

void capture(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&logMutex);
        capturedLogs.append(message);
    }
    if (previousHandler)
        previousHandler(type, context, message);
}

// Error bodies that echo the key back, as misconfigured proxies and some servers do.
QString echo(const QString &what)
{
    return what + QStringLiteral(": the key ") + plantedKey + QStringLiteral(" was rejected");
}

QString describe(const llm::ChatError &error)
{
    return error.code + error.message + error.requestId;
}

} // namespace

class TestKeyLeak : public QObject
{
    Q_OBJECT

private:
    QStringList everyUserVisibleString;

    void runScript(bool anthropicWire, const QList<ScriptedResponse> &script,
                   const QUrl &base = QUrl())
    {
        FakeProviderServer server;
        QVERIFY(server.listen());
        for (const ScriptedResponse &response : script)
            server.enqueue(response);
        QNetworkAccessManager network;
        const llm::ClientOptions options =
            fastOptions(anthropicWire ? QStringLiteral("Anthropic") : QStringLiteral("OpenAI"),
                        base.isEmpty() ? server.baseUrl() : base, plantedKey);
        std::unique_ptr<llm::ChatClient> client;
        if (anthropicWire)
            client = std::make_unique<llm::AnthropicClient>(&network, options);
        else
            client = std::make_unique<llm::OpenAiClient>(&network, options);
        CallRecorder calls(client.get());
        llm::ChatRequest request;
        request.model = QStringLiteral("claude-sonnet-4-5");
        request.messages = {llm::ChatMessage::userText(QStringLiteral("hello"))};
        client->start(request);
        QVERIFY(calls.wait());
        if (calls.error)
            everyUserVisibleString << describe(*calls.error);
        for (const llm::RetryNotice &notice : calls.retries)
            everyUserVisibleString << notice.message << describe(notice.cause);
        for (const llm::ChatEvent &event : calls.events)
            everyUserVisibleString << event.text << describe(event.error);
        if (calls.final) {
            everyUserVisibleString << calls.final->message.plainText() << calls.final->requestId;
            // What the ledger would keep of the call.
            cost::LedgerEntry entry;
            entry.provider = options.providerName;
            entry.model = calls.final->model;
            entry.requestId = calls.final->requestId;
            everyUserVisibleString << entry.provider + entry.model + entry.requestId;
        }
        // The key really was sent: otherwise the test proves nothing.
        if (base.isEmpty()) {
            QVERIFY(!server.requests().isEmpty());
            const RecordedRequest sent = server.requests().first();
            const QByteArray header =
                anthropicWire ? sent.header("x-api-key") : sent.header("authorization");
            QVERIFY(header.contains(plantedKey.toUtf8()));
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("agentdesk.*=true"));
        previousHandler = qInstallMessageHandler(capture);
    }
    void cleanupTestCase() { qInstallMessageHandler(previousHandler); }

    void keyNeverLeaks_data();
    void keyNeverLeaks();
    void settingsNeverHoldTheKey();
};

void TestKeyLeak::keyNeverLeaks_data()
{
    QTest::addColumn<bool>("anthropicWire");
    QTest::newRow("anthropic") << true;
    QTest::newRow("openai") << false;
}

void TestKeyLeak::keyNeverLeaks()
{
    QFETCH(bool, anthropicWire);
    capturedLogs.clear();
    everyUserVisibleString.clear();
    auto error = [&](int status, const QString &type, const QString &message) {
        return anthropicWire ? anthropic::httpError(status, type, message)
                             : openai::httpError(status, type, type, message);
    };
    // Failing calls: bad key, server errors with retries, bad request, error after a 200.
    runScript(anthropicWire, {error(401, QStringLiteral("authentication_error"),
                                    echo(QStringLiteral("invalid x-api-key")))});
    runScript(anthropicWire,
              {error(500, QStringLiteral("api_error"), echo(QStringLiteral("boom"))),
               error(503, QStringLiteral("api_error"), echo(QStringLiteral("boom"))),
               error(500, QStringLiteral("api_error"), echo(QStringLiteral("boom")))});
    runScript(anthropicWire,
              {error(400, QStringLiteral("invalid_request_error"), echo(QStringLiteral("bad")))});
    runScript(anthropicWire,
              {error(403, QStringLiteral("permission_error"), echo(QStringLiteral("denied")))});
    if (anthropicWire) {
        runScript(
            true,
            {ScriptedResponse::eventStream(
                {anthropic::messageStart(QStringLiteral("m"), 1),
                 anthropic::error(QStringLiteral("api_error"), echo(QStringLiteral("late")))})});
    } else {
        runScript(false,
                  {ScriptedResponse::eventStream({openai::frame(
                      {{QStringLiteral("error"), QJsonObject{{QStringLiteral("message"),
                                                              echo(QStringLiteral("late"))}}}})})});
    }
    // Unreachable server.
    quint16 closedPort = 0;
    {
        FakeProviderServer probe;
        QVERIFY(probe.listen());
        closedPort = probe.port();
    }
    runScript(anthropicWire, {}, QUrl(QStringLiteral("http://127.0.0.1:%1").arg(closedPort)));
    // A succeeding call.
    runScript(anthropicWire, {anthropicWire ? anthropic::textTurn({QStringLiteral("fine")}, 5, 1)
                                            : openai::textTurn({QStringLiteral("fine")}, 5, 1)});

    QVERIFY2(!capturedLogs.isEmpty(), "the failures must have been logged");
    QVERIFY(capturedLogs.join(QLatin1Char('\n')).contains(QStringLiteral("req_err")));
    for (const QString &line : std::as_const(capturedLogs))
        QVERIFY2(!line.contains(plantedKey),
                 qPrintable(QStringLiteral("leaked in a log: ") + line));
    QVERIFY(everyUserVisibleString.join(QString()).contains(QStringLiteral("[redacted]")));
    for (const QString &text : std::as_const(everyUserVisibleString))
        QVERIFY2(!text.contains(plantedKey),
                 qPrintable(QStringLiteral("leaked in a message: ") + text));
    // Nor any long piece of it.
    const QString middle = plantedKey.mid(8, 20);
    QVERIFY(!capturedLogs.join(QString()).contains(middle));
    QVERIFY(!everyUserVisibleString.join(QString()).contains(middle));
}

void TestKeyLeak::settingsNeverHoldTheKey()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("settings.ini"));
    {
        QSettings settings(path, QSettings::IniFormat);
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("ANTHROPIC_API_KEY"), plantedKey);
        llm::ProviderRegistry registry(settings, environment);
        llm::ProviderConfig gateway{QStringLiteral("gateway"),
                                    llm::ProviderKind::Anthropic,
                                    QStringLiteral("Gateway"),
                                    QUrl(QStringLiteral("https://gateway.invalid")),
                                    QStringLiteral("claude-sonnet-4-5"),
                                    false,
                                    true};
        QVERIFY(registry.save(gateway));
        QNetworkAccessManager network;
        auto client = registry.createClient(gateway, plantedKey, &network);
        QCOMPARE(client->options().apiKey, plantedKey);
        QCOMPARE(client->redacted(QStringLiteral("x ") + plantedKey),
                 QStringLiteral("x [redacted]"));
    }
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray contents = file.readAll();
    QVERIFY(contents.contains("gateway.invalid"));
    QVERIFY(!contents.contains(plantedKey.toUtf8()));
}

QTEST_GUILESS_MAIN(TestKeyLeak)
#include "tst_keyleak.moc"
