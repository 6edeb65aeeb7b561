#include "CallRecorder.h"
#include "FakeProviderServer.h"
#include "ProviderScripts.h"
#include "llm/OpenAiClient.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QTest>

using namespace agentdesk;
using namespace agentdesk::test;
using llm::ChatEvent;
using llm::StopReason;

namespace {
QJsonObject wholeToolCall(const QJsonValue &index, const QString &id, const QString &name,
                          const QJsonValue &arguments)
{
    QJsonObject call{
        {QStringLiteral("id"), id},
        {QStringLiteral("type"), QStringLiteral("function")},
        {QStringLiteral("function"),
         QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("arguments"), arguments}}}};
    if (!index.isUndefined())
        call.insert(QStringLiteral("index"), index);
    return call;
}
} // namespace

class TestOpenAiClient : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<FakeProviderServer> server;
    std::unique_ptr<QNetworkAccessManager> network;
    std::unique_ptr<llm::OpenAiClient> client;

    llm::ChatRequest simpleRequest() const
    {
        llm::ChatRequest request;
        request.model = QStringLiteral("gpt-5-mini");
        request.system = QStringLiteral("Be brief.");
        request.messages = {llm::ChatMessage::userText(QStringLiteral("Hi"))};
        request.maxOutputTokens = 300;
        return request;
    }
    void makeClient(llm::ClientOptions options)
    {
        client = std::make_unique<llm::OpenAiClient>(network.get(), std::move(options));
    }
    std::unique_ptr<CallRecorder> run(const llm::ChatRequest &request)
    {
        auto calls = std::make_unique<CallRecorder>(client.get());
        client->start(request);
        [&] { QVERIFY(calls->wait()); }();
        return calls;
    }

private Q_SLOTS:
    void init()
    {
        server = std::make_unique<FakeProviderServer>();
        QVERIFY(server->listen());
        network = std::make_unique<QNetworkAccessManager>();
        makeClient(fastOptions(QStringLiteral("OpenAI"), server->baseUrl()));
    }
    void cleanup()
    {
        client.reset();
        network.reset();
        server.reset();
    }

    void textTurnWithIncludeUsage_data();
    void textTurnWithIncludeUsage();
    void sendsChatCompletionsOnTheWire();
    void baseUrlWithVersionSegment();
    void toolCallFragmentsByIndex_data();
    void toolCallFragmentsByIndex();
    void parallelToolCalls();
    void wholeToolCallsAsOllamaSendsThem();
    void reasoningFieldsBothNames();
    void usageOnTheFinishingChunkAndLastWins();
    void cachedTokensAreNotCountedAsFreshInput();
    void endOfStreamWithoutDone();
    void endOfStreamBeforeFinishIsInterrupted();
    void contentFilterAndRefusal();
    void errorPayloadMidStream();
    void quota429IsNotRetried();
    void rateLimit429IsRetried();
    void malformedChunkFails();
    void stalledStreamHitsInactivityTimeout();
    void droppedConnectionMidStream();
    void tenMegabyteResponse();
    void toolResultsBecomeToolMessages();
};

void TestOpenAiClient::textTurnWithIncludeUsage_data()
{
    QTest::addColumn<int>("splitEvery");
    QTest::newRow("whole") << 0;
    QTest::newRow("1 byte") << 1;
    QTest::newRow("7 bytes") << 7;
}

void TestOpenAiClient::textTurnWithIncludeUsage()
{
    QFETCH(int, splitEvery);
    ScriptedResponse turn =
        openai::textTurn({QStringLiteral("Hel"), QStringLiteral("lo ü€😀")}, 42, 6);
    if (splitEvery)
        turn.splitEvery(splitEvery);
    server->enqueue(turn);
    auto calls = run(simpleRequest());
    QVERIFY2(calls->final, qPrintable(calls->error ? calls->error->message : QString()));
    QCOMPARE(calls->text(), QStringLiteral("Hello ü€😀"));
    QCOMPARE(calls->final->message.plainText(), QStringLiteral("Hello ü€😀"));
    QCOMPARE(calls->final->stopReason, StopReason::EndTurn);
    QCOMPARE(calls->final->usage, (llm::Usage{42, 6, 0, 0, 0}));
    QCOMPARE(calls->final->requestId, QStringLiteral("req_text01"));
    QCOMPARE(calls->final->model, QStringLiteral("gpt-5-mini"));
    QCOMPARE(calls->endings, 1);
}

void TestOpenAiClient::sendsChatCompletionsOnTheWire()
{
    server->enqueue(openai::textTurn({QStringLiteral("ok")}, 1, 1));
    llm::ClientOptions options = fastOptions(QStringLiteral("OpenAI"), server->baseUrl());
    options.useMaxCompletionTokens = true;
    makeClient(options);
    llm::ChatRequest request = simpleRequest();
    request.tools = {
        llm::ToolDefinition{QStringLiteral("grep"), QStringLiteral("Search"),
                            QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}}}};
    request.toolChoice.mode = llm::ToolChoice::Mode::Any;
    auto calls = run(request);
    QVERIFY(calls->final);
    const RecordedRequest sent = server->requests().value(0);
    QCOMPARE(sent.path, QByteArray("/v1/chat/completions"));
    QCOMPARE(sent.header("authorization"), QByteArray("Bearer test-key-123"));
    const QJsonObject body = sent.json();
    QCOMPARE(body.value(QStringLiteral("stream")).toBool(), true);
    QCOMPARE(body.value(QStringLiteral("stream_options"))
                 .toObject()
                 .value(QStringLiteral("include_usage"))
                 .toBool(),
             true);
    QCOMPARE(body.value(QStringLiteral("max_completion_tokens")).toInt(), 300);
    QVERIFY(!body.contains(QStringLiteral("max_tokens")));
    QCOMPARE(body.value(QStringLiteral("tool_choice")).toString(), QStringLiteral("required"));
    const QJsonObject tool = body.value(QStringLiteral("tools")).toArray()[0].toObject();
    QCOMPARE(tool.value(QStringLiteral("type")).toString(), QStringLiteral("function"));
    QCOMPARE(
        tool.value(QStringLiteral("function")).toObject().value(QStringLiteral("name")).toString(),
        QStringLiteral("grep"));
    const QJsonArray messages = body.value(QStringLiteral("messages")).toArray();
    QCOMPARE(messages[0].toObject().value(QStringLiteral("role")).toString(),
             QStringLiteral("system"));
    QCOMPARE(messages[1].toObject().value(QStringLiteral("content")).toString(),
             QStringLiteral("Hi"));
}

void TestOpenAiClient::baseUrlWithVersionSegment()
{
    server->enqueue(openai::textTurn({QStringLiteral("ok")}, 1, 1));
    llm::ClientOptions options = fastOptions(
        QStringLiteral("Ollama"), QUrl(server->baseUrl().toString() + QStringLiteral("/v1/")));
    options.apiKey.clear();
    makeClient(options);
    auto calls = run(simpleRequest());
    QVERIFY(calls->final);
    QCOMPARE(server->requests()[0].path, QByteArray("/v1/chat/completions"));
    QVERIFY(server->requests()[0].header("authorization").isEmpty());
    QCOMPARE(server->requests()[0].json().value(QStringLiteral("max_tokens")).toInt(), 300);
}

void TestOpenAiClient::toolCallFragmentsByIndex_data()
{
    QTest::addColumn<QStringList>("fragments");
    QTest::newRow("one") << QStringList{QStringLiteral(R"({"pattern":"TODO","path":"src"})")};
    QTest::newRow("split in strings")
        << QStringList{QStringLiteral(R"({"pat)"), QStringLiteral(R"(tern":"TO)"),
                       QStringLiteral(R"(DO","path")"), QStringLiteral(R"(:"src"})")};
}

void TestOpenAiClient::toolCallFragmentsByIndex()
{
    QFETCH(QStringList, fragments);
    server->enqueue(
        openai::toolTurn(QStringLiteral("call_abc"), QStringLiteral("grep"), fragments, 80, 20)
            .splitEvery(11));
    auto calls = run(simpleRequest());
    QVERIFY2(calls->final, qPrintable(calls->error ? calls->error->message : QString()));
    QCOMPARE(calls->final->stopReason, StopReason::ToolUse);
    const QList<llm::ContentBlock> uses = calls->final->message.toolUses();
    QCOMPARE(uses.size(), 1);
    QCOMPARE(uses[0].toolUseId, QStringLiteral("call_abc"));
    QCOMPARE(uses[0].toolName, QStringLiteral("grep"));
    QCOMPARE(uses[0].input.value(QStringLiteral("pattern")).toString(), QStringLiteral("TODO"));
    QCOMPARE(calls->joined(ChatEvent::Kind::ToolArgumentsDelta), fragments.join(QString()));
    QCOMPARE(calls->ofKind(ChatEvent::Kind::ToolCallCompleted).size(), 1);
}

void TestOpenAiClient::parallelToolCalls()
{
    server->enqueue(ScriptedResponse::eventStream(
        {openai::frame(openai::chunk(openai::toolCallDelta(0, QStringLiteral("call_1"),
                                                           QStringLiteral("read"), QString()))),
         openai::frame(openai::chunk(openai::toolCallDelta(1, QStringLiteral("call_2"),
                                                           QStringLiteral("read"), QString()))),
         openai::frame(openai::chunk(
             openai::toolCallDelta(0, QString(), QString(), QStringLiteral(R"({"path":)")))),
         openai::frame(openai::chunk(
             openai::toolCallDelta(1, QString(), QString(), QStringLiteral(R"({"path":"b"})")))),
         openai::frame(openai::chunk(
             openai::toolCallDelta(0, QString(), QString(), QStringLiteral(R"("a"})")))),
         openai::frame(openai::chunk({}, QStringLiteral("tool_calls"))),
         openai::frame(openai::usageChunk(10, 9)), openai::done()}));
    auto calls = run(simpleRequest());
    QVERIFY(calls->final);
    const QList<llm::ContentBlock> uses = calls->final->message.toolUses();
    QCOMPARE(uses.size(), 2);
    QCOMPARE(uses[0].toolUseId, QStringLiteral("call_1"));
    QCOMPARE(uses[0].input.value(QStringLiteral("path")).toString(), QStringLiteral("a"));
    QCOMPARE(uses[1].toolUseId, QStringLiteral("call_2"));
    QCOMPARE(uses[1].input.value(QStringLiteral("path")).toString(), QStringLiteral("b"));
}

void TestOpenAiClient::wholeToolCallsAsOllamaSendsThem()
{
    QJsonObject delta{
        {QStringLiteral("role"), QStringLiteral("assistant")},
        {QStringLiteral("content"), QString()},
        {QStringLiteral("tool_calls"),
         QJsonArray{
             wholeToolCall(QJsonValue::Undefined, QStringLiteral("call_x1"), QStringLiteral("ls"),
                           QStringLiteral(R"({"dir":"."})")),
             wholeToolCall(QJsonValue::Undefined, QStringLiteral("call_x2"), QStringLiteral("cat"),
                           QJsonObject{{QStringLiteral("file"), QStringLiteral("a.txt")}})}}};
    server->enqueue(ScriptedResponse::eventStream(
        {openai::frame(openai::chunk(delta)),
         openai::frame(openai::chunk({}, QStringLiteral("tool_calls"))), openai::done()}));
    auto calls = run(simpleRequest());
    QVERIFY2(calls->final, qPrintable(calls->error ? calls->error->message : QString()));
    const QList<llm::ContentBlock> uses = calls->final->message.toolUses();
    QCOMPARE(uses.size(), 2);
    QCOMPARE(uses[0].toolName, QStringLiteral("ls"));
    QCOMPARE(uses[0].input.value(QStringLiteral("dir")).toString(), QStringLiteral("."));
    QCOMPARE(uses[1].toolName, QStringLiteral("cat"));
    QCOMPARE(uses[1].input.value(QStringLiteral("file")).toString(), QStringLiteral("a.txt"));
}

void TestOpenAiClient::reasoningFieldsBothNames()
{
    server->enqueue(ScriptedResponse::eventStream(
        {openai::frame(
             openai::chunk({{QStringLiteral("reasoning"), QStringLiteral("Think (ollama). ")}})),
         openai::frame(openai::chunk(
             {{QStringLiteral("reasoning_content"), QStringLiteral("Think (llama.cpp).")},
              {QStringLiteral("content"), QJsonValue()}})),
         openai::frame(openai::chunk({{QStringLiteral("content"), QStringLiteral("Answer")}},
                                     QStringLiteral("stop"))),
         openai::done()}));
    auto calls = run(simpleRequest());
    QVERIFY(calls->final);
    QCOMPARE(calls->reasoning(), QStringLiteral("Think (ollama). Think (llama.cpp)."));
    QCOMPARE(calls->final->reasoning, QStringLiteral("Think (ollama). Think (llama.cpp)."));
    QCOMPARE(calls->final->message.plainText(), QStringLiteral("Answer"));
    QCOMPARE(calls->final->message.content.size(), 1); // reasoning is not sent back
}

void TestOpenAiClient::usageOnTheFinishingChunkAndLastWins()
{
    QJsonObject finishing =
        openai::chunk({{QStringLiteral("content"), QStringLiteral("x")}}, QStringLiteral("stop"));
    finishing.insert(QStringLiteral("usage"),
                     openai::usageChunk(5, 1).value(QStringLiteral("usage")));
    server->enqueue(ScriptedResponse::eventStream(
        {openai::frame(finishing), openai::frame(openai::usageChunk(50, 10)), openai::done()}));
    auto calls = run(simpleRequest());
    QVERIFY(calls->final);
    QCOMPARE(calls->final->usage, (llm::Usage{50, 10, 0, 0, 0}));
    QCOMPARE(calls->ofKind(ChatEvent::Kind::UsageUpdated).size(), 2);

    // llama.cpp style: usage only on the finishing chunk, then [DONE].
    server->enqueue(ScriptedResponse::eventStream({openai::frame(finishing), openai::done()}));
    auto second = run(simpleRequest());
    QVERIFY(second->final);
    QCOMPARE(second->final->usage, (llm::Usage{5, 1, 0, 0, 0}));
}

void TestOpenAiClient::cachedTokensAreNotCountedAsFreshInput()
{
    server->enqueue(ScriptedResponse::eventStream(
        {openai::frame(openai::chunk({{QStringLiteral("content"), QStringLiteral("x")}},
                                     QStringLiteral("stop"))),
         openai::frame(openai::usageChunk(2000, 30, 1536)), openai::done()}));
    auto calls = run(simpleRequest());
    QVERIFY(calls->final);
    QCOMPARE(calls->final->usage, (llm::Usage{464, 30, 0, 0, 1536}));
    QCOMPARE(calls->final->usage.totalInputTokens(), 2000);
}

void TestOpenAiClient::endOfStreamWithoutDone()
{
    server->enqueue(ScriptedResponse::eventStream(
        {openai::frame(openai::chunk({{QStringLiteral("content"), QStringLiteral("bye")}})),
         openai::frame(openai::chunk({}, QStringLiteral("stop")))}));
    auto calls = run(simpleRequest());
    QVERIFY2(calls->final, qPrintable(calls->error ? calls->error->message : QString()));
    QCOMPARE(calls->final->message.plainText(), QStringLiteral("bye"));

    // "data: [DONE]" with no blank line before the close is accepted too.
    server->enqueue(ScriptedResponse::eventStream(
        {openai::frame(openai::chunk({{QStringLiteral("content"), QStringLiteral("x")}})),
         "data: [DONE]\n"}));
    auto second = run(simpleRequest());
    QVERIFY(second->final);
}

void TestOpenAiClient::endOfStreamBeforeFinishIsInterrupted()
{
    server->enqueue(ScriptedResponse::eventStream(
        {openai::frame(openai::chunk({{QStringLiteral("content"), QStringLiteral("half")}}))}));
    auto calls = run(simpleRequest());
    QVERIFY(calls->error);
    QCOMPARE(calls->error->code, QStringLiteral("stream-interrupted"));
    QCOMPARE(server->requests().size(), 1);
}

void TestOpenAiClient::contentFilterAndRefusal()
{
    server->enqueue(ScriptedResponse::eventStream(
        {openai::frame(openai::chunk({{QStringLiteral("content"), QStringLiteral("partial")}},
                                     QStringLiteral("content_filter"))),
         openai::done()}));
    auto calls = run(simpleRequest());
    QVERIFY(calls->final);
    QCOMPARE(calls->final->stopReason, StopReason::Refusal);

    server->enqueue(ScriptedResponse::eventStream(
        {openai::frame(openai::chunk(
             {{QStringLiteral("refusal"), QStringLiteral("I can't help with that.")}})),
         openai::done()}));
    auto second = run(simpleRequest());
    QVERIFY(second->final);
    QCOMPARE(second->final->stopReason, StopReason::Refusal);
    QCOMPARE(second->final->refusalText, QStringLiteral("I can't help with that."));
}

void TestOpenAiClient::errorPayloadMidStream()
{
    server->enqueue(
        ScriptedResponse::eventStream(
            {openai::frame(openai::chunk({{QStringLiteral("content"), QStringLiteral("a")}})),
             openai::frame(
                 {{QStringLiteral("error"),
                   QJsonObject{
                       {QStringLiteral("message"), QStringLiteral("The server had an error")},
                       {QStringLiteral("type"), QStringLiteral("server_error")}}}})})
            .header("x-request-id", "req_mid"));
    server->enqueue(openai::textTurn({QStringLiteral("never")}, 1, 1));
    auto calls = run(simpleRequest());
    QVERIFY(calls->error);
    QCOMPARE(calls->error->code, QStringLiteral("provider-error"));
    QVERIFY(calls->error->message.contains(QStringLiteral("The server had an error")));
    QCOMPARE(calls->error->requestId, QStringLiteral("req_mid"));
    QCOMPARE(server->requests().size(), 1);
}

void TestOpenAiClient::quota429IsNotRetried()
{
    server->enqueue(openai::httpError(
        429, QStringLiteral("insufficient_quota"), QStringLiteral("insufficient_quota"),
        QStringLiteral("You exceeded your current quota"), "req_quota"));
    server->enqueue(openai::textTurn({QStringLiteral("never")}, 1, 1));
    auto calls = run(simpleRequest());
    QVERIFY(calls->error);
    QCOMPARE(calls->error->code, QStringLiteral("quota"));
    QCOMPARE(calls->error->requestId, QStringLiteral("req_quota"));
    QCOMPARE(server->requests().size(), 1);
}

void TestOpenAiClient::rateLimit429IsRetried()
{
    server->enqueue(openai::httpError(429, QStringLiteral("requests"),
                                      QStringLiteral("rate_limit_exceeded"),
                                      QStringLiteral("Rate limit reached"))
                        .header("retry-after", "3"));
    server->enqueue(openai::textTurn({QStringLiteral("ok")}, 1, 1));
    auto calls = run(simpleRequest());
    QVERIFY(calls->final);
    QCOMPARE(calls->retries.size(), 1);
    QCOMPARE(calls->retries[0].message, QStringLiteral("rate limited by OpenAI, retrying in 3 s"));
    QCOMPARE(server->requests().size(), 2);
}

void TestOpenAiClient::malformedChunkFails()
{
    server->enqueue(
        ScriptedResponse::eventStream({"data: {\"choices\":[{\"delta\":\n\n", openai::done()}));
    auto calls = run(simpleRequest());
    QVERIFY(calls->error);
    QCOMPARE(calls->error->code, QStringLiteral("malformed-response"));
}

void TestOpenAiClient::stalledStreamHitsInactivityTimeout()
{
    llm::ClientOptions options = fastOptions(QStringLiteral("OpenAI"), server->baseUrl());
    options.inactivityTimeoutMs = 1500;
    makeClient(options);
    ScriptedResponse turn = openai::textTurn({QStringLiteral("a")}, 1, 1);
    turn.truncate(turn.pieces.first().bytes.size() + turn.pieces[1].bytes.size(),
                  ScriptedResponse::Ending::Stall);
    server->enqueue(turn);
    auto calls = run(simpleRequest());
    QVERIFY(calls->error);
    QCOMPARE(calls->error->code, QStringLiteral("timeout"));
    QCOMPARE(server->requests().size(), 1);
}

void TestOpenAiClient::droppedConnectionMidStream()
{
    ScriptedResponse turn =
        openai::toolTurn(QStringLiteral("call_1"), QStringLiteral("run"),
                         {QStringLiteral(R"({"cmd":)"), QStringLiteral(R"("make"})")}, 1, 1);
    turn.truncate(turn.wholeBody().indexOf("make"), ScriptedResponse::Ending::Drop);
    server->enqueue(turn);
    server->enqueue(openai::textTurn({QStringLiteral("never")}, 1, 1));
    auto calls = run(simpleRequest());
    QVERIFY(calls->error);
    QCOMPARE(calls->error->code, QStringLiteral("stream-interrupted"));
    QCOMPARE(server->requests().size(), 1);
    QCOMPARE(calls->ofKind(ChatEvent::Kind::ToolCallCompleted).size(), 0);
}

void TestOpenAiClient::tenMegabyteResponse()
{
    QList<QByteArray> frames;
    const QString piece = QString(16 * 1024, QLatin1Char('y'));
    for (int i = 0; i < 640; ++i)
        frames.append(openai::frame(openai::chunk({{QStringLiteral("content"), piece}})));
    frames.append(openai::frame(openai::chunk({}, QStringLiteral("stop"))));
    frames.append(openai::done());
    server->enqueue(ScriptedResponse::eventStream(frames));
    llm::ChatRequest request = simpleRequest();
    request.maxOutputTokens = 2500000; // a response that big has to be asked for
    auto calls = run(request);
    QVERIFY(calls->final);
    QCOMPARE(calls->final->message.plainText().size(), piece.size() * 640);
}

void TestOpenAiClient::toolResultsBecomeToolMessages()
{
    llm::ChatRequest request = simpleRequest();
    request.messages.append(llm::ChatMessage{
        llm::Role::Assistant,
        {llm::ContentBlock::makeText(QStringLiteral("Listing.")),
         llm::ContentBlock::makeToolUse(QStringLiteral("call_1"), QStringLiteral("ls"),
                                        {{QStringLiteral("dir"), QStringLiteral(".")}})}});
    request.messages.append(llm::ChatMessage{
        llm::Role::User,
        {llm::ContentBlock::makeToolResult(QStringLiteral("call_1"), QStringLiteral("a.txt"))}});
    const QJsonArray messages =
        llm::OpenAiClient::requestJson(request, false).value(QStringLiteral("messages")).toArray();
    QCOMPARE(messages.size(), 4);
    const QJsonObject assistant = messages[2].toObject();
    QCOMPARE(assistant.value(QStringLiteral("content")).toString(), QStringLiteral("Listing."));
    const QJsonObject call = assistant.value(QStringLiteral("tool_calls")).toArray()[0].toObject();
    QCOMPARE(call.value(QStringLiteral("id")).toString(), QStringLiteral("call_1"));
    QCOMPARE(call.value(QStringLiteral("function"))
                 .toObject()
                 .value(QStringLiteral("arguments"))
                 .toString(),
             QStringLiteral(R"({"dir":"."})"));
    const QJsonObject tool = messages[3].toObject();
    QCOMPARE(tool.value(QStringLiteral("role")).toString(), QStringLiteral("tool"));
    QCOMPARE(tool.value(QStringLiteral("tool_call_id")).toString(), QStringLiteral("call_1"));
    QCOMPARE(tool.value(QStringLiteral("content")).toString(), QStringLiteral("a.txt"));
}

QTEST_GUILESS_MAIN(TestOpenAiClient)
#include "tst_openaiclient.moc"
