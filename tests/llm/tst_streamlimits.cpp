// A provider that streams past what was asked for — forever, at worst — is cut with a clear
// error instead of growing the process without bound; one that reports more output than
// max_tokens allowed is flagged; a request id echoing the key never carries it.

#include "CallRecorder.h"
#include "FakeProviderServer.h"
#include "ProviderScripts.h"
#include "llm/AnthropicClient.h"
#include "llm/OpenAiClient.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QTest>

using namespace agentdesk;
using namespace agentdesk::test;

namespace {

llm::ChatRequest smallRequest(int maxTokens)
{
    llm::ChatRequest request;
    request.model = QStringLiteral("claude-sonnet-4-5");
    request.messages = {llm::ChatMessage::userText(QStringLiteral("Say hi"))};
    request.maxOutputTokens = maxTokens;
    return request;
}

} // namespace

class TestStreamLimits : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<FakeProviderServer> server;
    std::unique_ptr<QNetworkAccessManager> network;

private Q_SLOTS:
    void init()
    {
        server = std::make_unique<FakeProviderServer>();
        QVERIFY(server->listen());
        network = std::make_unique<QNetworkAccessManager>();
    }
    void cleanup()
    {
        network.reset();
        server.reset();
    }

    // Text past max_tokens, and the server never stops: the client cuts it.
    void endlessTextIsCut()
    {
        llm::AnthropicClient client(network.get(),
                                    fastOptions(QStringLiteral("Anthropic"), server->baseUrl()));
        QList<QByteArray> frames{anthropic::messageStart(QStringLiteral("m"), 10),
                                 anthropic::textBlockStart(0)};
        const QString piece(16 * 1024, QLatin1Char('z'));
        for (int i = 0; i < 200; ++i) // 3.2 MB, far past 64 tokens
            frames.append(anthropic::textDelta(0, piece));
        ScriptedResponse endless = ScriptedResponse::eventStream(frames);
        endless.ending = ScriptedResponse::Ending::Stall; // and then it just keeps the line open
        server->enqueue(endless);
        CallRecorder calls(&client);
        client.start(smallRequest(64));
        QVERIFY(calls.wait(60000));
        QVERIFY(!calls.final);
        QVERIFY(calls.error);
        QCOMPARE(calls.error->code, QStringLiteral("stream-overrun"));
        QVERIFY2(calls.error->message.contains(QLatin1String("64 output tokens")),
                 qPrintable(calls.error->message));
        QVERIFY(calls.text().size() <= llm::ChatClient::contentLimitBytes(64));
        QTest::qWait(50);
        QCOMPARE(calls.endings, 1); // nothing after failed()
    }

    // One "line" that never ends: bounded by what the wire may bring, not only the content.
    void endlessLineIsCut()
    {
        llm::AnthropicClient client(network.get(),
                                    fastOptions(QStringLiteral("Anthropic"), server->baseUrl()));
        ScriptedResponse response;
        response.headers = {{"content-type", "text/event-stream"}};
        response.pieces.append({anthropic::messageStart(QStringLiteral("m"), 10)});
        response.pieces.append({QByteArray("data: ")});
        const QByteArray block(1024 * 1024, 'q');
        for (int i = 0; i < 12; ++i)
            response.pieces.append({block});
        response.ending = ScriptedResponse::Ending::Stall;
        server->enqueue(response);
        CallRecorder calls(&client);
        client.start(smallRequest(16));
        QVERIFY(calls.wait(60000));
        QVERIFY(calls.error);
        QCOMPARE(calls.error->code, QStringLiteral("stream-overrun"));
    }

    void endlessToolArgumentsAreCut()
    {
        llm::OpenAiClient client(network.get(),
                                 fastOptions(QStringLiteral("OpenAI"), server->baseUrl()));
        QList<QByteArray> frames{openai::frame(openai::chunk(
            openai::toolCallDelta(0, QStringLiteral("call_1"), QStringLiteral("write_file"),
                                  QStringLiteral("{\"content\":\""))))};
        const QString piece(8 * 1024, QLatin1Char('a'));
        for (int i = 0; i < 300; ++i)
            frames.append(openai::frame(
                openai::chunk(openai::toolCallDelta(0, QString(), QString(), piece))));
        ScriptedResponse endless = ScriptedResponse::eventStream(frames);
        endless.ending = ScriptedResponse::Ending::Stall;
        server->enqueue(endless);
        CallRecorder calls(&client);
        client.start(smallRequest(100));
        QVERIFY(calls.wait(60000));
        QVERIFY(calls.error);
        QCOMPARE(calls.error->code, QStringLiteral("stream-overrun"));
    }

    // A response within what was asked is never cut, however close to the limit.
    void responseAtTheLimitIsKept()
    {
        llm::AnthropicClient client(network.get(),
                                    fastOptions(QStringLiteral("Anthropic"), server->baseUrl()));
        const int maxTokens = 4096;
        // Sixteen characters for every token allowed: far more than any real tokenizer makes.
        const QString text(maxTokens * 16, QLatin1Char('k'));
        server->enqueue(anthropic::textTurn({text}, 10, maxTokens));
        CallRecorder calls(&client);
        client.start(smallRequest(maxTokens));
        QVERIFY(calls.wait(60000));
        QVERIFY2(calls.final, qPrintable(calls.error ? calls.error->message : QString()));
        QCOMPARE(calls.final->message.plainText().size(), text.size());
        QVERIFY(calls.final->usageNote.isEmpty());
    }

    // The provider says it produced more than max_tokens allows: kept as billed, but flagged.
    void usageBeyondMaxTokensIsFlagged()
    {
        llm::AnthropicClient client(network.get(),
                                    fastOptions(QStringLiteral("Anthropic"), server->baseUrl()));
        server->enqueue(anthropic::textTurn({QStringLiteral("hi")}, 10, 9000));
        CallRecorder calls(&client);
        client.start(smallRequest(256));
        QVERIFY(calls.wait(60000));
        QVERIFY(calls.final);
        QCOMPARE(calls.final->usage.outputTokens, 9000);
        QVERIFY2(calls.final->usageNote.contains(QLatin1String("9000")) &&
                     calls.final->usageNote.contains(QLatin1String("256")),
                 qPrintable(calls.final->usageNote));
    }

    // A 401 whose request id echoes the key: neither the id nor the message carries it.
    void requestIdEchoingTheKeyIsRedacted()
    {
        const QString key = QStringLiteral("key-abc-4f1e2d3c5b6a7980");
        llm::AnthropicClient client(
            network.get(), fastOptions(QStringLiteral("Anthropic"), server->baseUrl(), key));
        server->enqueue(anthropic::httpError(401, QStringLiteral("authentication_error"),
                                             QStringLiteral("invalid x-api-key ") + key,
                                             QByteArray("req_") + key.toLatin1()));
        CallRecorder calls(&client);
        client.start(smallRequest(16));
        QVERIFY(calls.wait(60000));
        QVERIFY(calls.error);
        QVERIFY2(!calls.error->requestId.contains(key), qPrintable(calls.error->requestId));
        QCOMPARE(calls.error->requestId, QStringLiteral("req_[redacted]"));
        QVERIFY(!calls.error->message.contains(key));
    }
};

QTEST_GUILESS_MAIN(TestStreamLimits)
#include "tst_streamlimits.moc"
