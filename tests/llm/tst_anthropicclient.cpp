#include "CallRecorder.h"
#include "FakeProviderServer.h"
#include "ProviderScripts.h"
#include "llm/AnthropicClient.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QTest>

using namespace agentdesk;
using namespace agentdesk::test;
using llm::ChatEvent;
using llm::StopReason;

Q_DECLARE_METATYPE(agentdesk::llm::Usage)
Q_DECLARE_METATYPE(agentdesk::llm::StopReason)

class TestAnthropicClient : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<FakeProviderServer> server;
    std::unique_ptr<QNetworkAccessManager> network;
    std::unique_ptr<llm::AnthropicClient> client;

    llm::ChatRequest simpleRequest() const
    {
        llm::ChatRequest request;
        request.model = QStringLiteral("claude-sonnet-4-5");
        request.system = QStringLiteral("You are terse.");
        request.messages = {llm::ChatMessage::userText(QStringLiteral("Say hi"))};
        request.maxOutputTokens = 256;
        return request;
    }
    void makeClient(llm::ClientOptions options)
    {
        client = std::make_unique<llm::AnthropicClient>(network.get(), std::move(options));
    }

private Q_SLOTS:
    void init()
    {
        server = std::make_unique<FakeProviderServer>();
        QVERIFY(server->listen());
        network = std::make_unique<QNetworkAccessManager>();
        makeClient(fastOptions(QStringLiteral("Anthropic"), server->baseUrl()));
    }
    void cleanup()
    {
        client.reset();
        network.reset();
        server.reset();
    }

    void textTurnStreamsDeltasUsageAndFinalMessage_data();
    void textTurnStreamsDeltasUsageAndFinalMessage();
    void sendsTheMessagesRequestOnTheWire();
    void toolArgumentsSplitAnywhereAreAssembled_data();
    void toolArgumentsSplitAnywhereAreAssembled();
    void emptyToolInputIsAnEmptyObject();
    void usageVariants_data();
    void usageVariants();
    void stopReasons_data();
    void stopReasons();
    void thinkingBlocksAreKeptForTheNextRequest();
    void errorEventAfter200FailsWithoutRetry();
    void retriesHonourRetryAfter();
    void retries529ThenSucceeds();
    void gives500UpAfterTwoRetries();
    void neverRetriesClientErrors_data();
    void neverRetriesClientErrors();
    void shouldRetryHeaderOverridesStatus();
    void droppedConnectionMidStreamIsNotReplayed();
    void stalledStreamHitsInactivityTimeout();
    void malformedJsonFrameFails();
    void unknownEventTypesAreIgnored();
    void tenMegabyteResponse();
    void cancelStopsAtOnce();
    void unreachableServerIsRetriedThenReported();
    void toolResultsGoBackInAUserMessage();
    void redirectsAreNotFollowedWithTheKey();
};

void TestAnthropicClient::textTurnStreamsDeltasUsageAndFinalMessage_data()
{
    QTest::addColumn<int>("splitEvery");
    QTest::newRow("whole frames") << 0;
    QTest::newRow("1 byte") << 1;
    QTest::newRow("3 bytes") << 3;
    QTest::newRow("17 bytes") << 17;
    QTest::newRow("250 bytes") << 250;
}

void TestAnthropicClient::textTurnStreamsDeltasUsageAndFinalMessage()
{
    QFETCH(int, splitEvery);
    ScriptedResponse turn = anthropic::textTurn(
        {QStringLiteral("Hel"), QStringLiteral("lo, w€"), QStringLiteral("orld 😀")}, 1200, 7);
    if (splitEvery > 0)
        turn.splitEvery(splitEvery);
    server->enqueue(turn);
    CallRecorder calls(client.get());
    client->start(simpleRequest());
    QVERIFY(calls.wait());
    QVERIFY2(calls.final, qPrintable(calls.error ? calls.error->message : QString()));
    QCOMPARE(calls.text(), QStringLiteral("Hello, w€orld 😀"));
    QCOMPARE(calls.final->message.plainText(), QStringLiteral("Hello, w€orld 😀"));
    QCOMPARE(calls.final->stopReason, StopReason::EndTurn);
    QCOMPARE(calls.final->usage.inputTokens, 1200);
    QCOMPARE(calls.final->usage.outputTokens, 7);
    QCOMPARE(calls.final->requestId, QStringLiteral("req_text01"));
    QCOMPARE(calls.final->model, QStringLiteral("claude-sonnet-4-5-20250929"));
    QCOMPARE(calls.final->id, QStringLiteral("msg_fake01"));
    QCOMPARE(calls.endings, 1);
    QCOMPARE(calls.ofKind(ChatEvent::Kind::Stopped).size(), 1);
    QVERIFY(calls.ofKind(ChatEvent::Kind::UsageUpdated).size() >= 2);
}

void TestAnthropicClient::sendsTheMessagesRequestOnTheWire()
{
    server->enqueue(anthropic::textTurn({QStringLiteral("ok")}, 10, 1));
    llm::ChatRequest request = simpleRequest();
    request.tools = {llm::ToolDefinition{
        QStringLiteral("read_file"), QStringLiteral("Read a file"),
        QJsonObject{
            {QStringLiteral("type"), QStringLiteral("object")},
            {QStringLiteral("properties"),
             QJsonObject{{QStringLiteral("path"),
                          QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}}}}}};
    request.toolChoice.mode = llm::ToolChoice::Mode::Tool;
    request.toolChoice.toolName = QStringLiteral("read_file");
    CallRecorder calls(client.get());
    client->start(request);
    QVERIFY(calls.wait());
    QVERIFY(calls.final);
    const RecordedRequest sent = server->requests().value(0);
    QCOMPARE(sent.method, QByteArray("POST"));
    QCOMPARE(sent.path, QByteArray("/v1/messages"));
    QCOMPARE(sent.header("x-api-key"), QByteArray("test-key-123"));
    QCOMPARE(sent.header("anthropic-version"), QByteArray("2023-06-01"));
    QVERIFY(sent.header("content-type").startsWith("application/json"));
    const QJsonObject body = sent.json();
    QCOMPARE(body.value(QStringLiteral("model")).toString(), QStringLiteral("claude-sonnet-4-5"));
    QCOMPARE(body.value(QStringLiteral("max_tokens")).toInt(), 256);
    QCOMPARE(body.value(QStringLiteral("stream")).toBool(), true);
    QCOMPARE(body.value(QStringLiteral("system")).toString(), QStringLiteral("You are terse."));
    const QJsonObject tool = body.value(QStringLiteral("tools")).toArray().at(0).toObject();
    QCOMPARE(tool.value(QStringLiteral("name")).toString(), QStringLiteral("read_file"));
    QCOMPARE(tool.value(QStringLiteral("input_schema")).toObject().value(QStringLiteral("type")),
             QJsonValue(QStringLiteral("object")));
    const QJsonObject choice = body.value(QStringLiteral("tool_choice")).toObject();
    QCOMPARE(choice.value(QStringLiteral("type")).toString(), QStringLiteral("tool"));
    QCOMPARE(choice.value(QStringLiteral("name")).toString(), QStringLiteral("read_file"));
    const QJsonObject first = body.value(QStringLiteral("messages")).toArray().at(0).toObject();
    QCOMPARE(first.value(QStringLiteral("role")).toString(), QStringLiteral("user"));
    QCOMPARE(first.value(QStringLiteral("content"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QStringLiteral("text")),
             QJsonValue(QStringLiteral("Say hi")));
}

void TestAnthropicClient::toolArgumentsSplitAnywhereAreAssembled_data()
{
    QTest::addColumn<QStringList>("fragments");
    QTest::newRow("one piece") << QStringList{
        QStringLiteral(R"({"path":"src/main.cpp","lines":[1,2]})")};
    QTest::newRow("inside a key") << QStringList{
        QStringLiteral(R"({"pa)"), QStringLiteral(R"(th":"src/main.cpp","lines":[1,2]})")};
    QTest::newRow("inside a string and a number")
        << QStringList{QStringLiteral(R"({"path":"src/ma)"), QStringLiteral(R"(in.cpp","lines":[)"),
                       QStringLiteral("1,"), QStringLiteral("2]"), QStringLiteral("}")};
    QString whole = QStringLiteral(R"({"path":"src/main.cpp","lines":[1,2]})");
    QStringList chars;
    for (const QChar c : whole)
        chars << QString(c);
    QTest::newRow("one character each") << chars;
}

void TestAnthropicClient::toolArgumentsSplitAnywhereAreAssembled()
{
    QFETCH(QStringList, fragments);
    server->enqueue(anthropic::toolTurn(QStringLiteral("Reading."), QStringLiteral("toolu_01"),
                                        QStringLiteral("read_file"), fragments, 500, 40)
                        .splitEvery(5));
    CallRecorder calls(client.get());
    client->start(simpleRequest());
    QVERIFY(calls.wait());
    QVERIFY2(calls.final, qPrintable(calls.error ? calls.error->message : QString()));
    QCOMPARE(calls.final->stopReason, StopReason::ToolUse);
    const QList<llm::ContentBlock> uses = calls.final->message.toolUses();
    QCOMPARE(uses.size(), 1);
    QCOMPARE(uses[0].toolUseId, QStringLiteral("toolu_01"));
    QCOMPARE(uses[0].toolName, QStringLiteral("read_file"));
    QCOMPARE(uses[0].input.value(QStringLiteral("path")).toString(),
             QStringLiteral("src/main.cpp"));
    QCOMPARE(uses[0].input.value(QStringLiteral("lines")).toArray(), (QJsonArray{1, 2}));
    QCOMPARE(calls.final->message.content.size(), 2);
    QCOMPARE(calls.final->message.content[0].text, QStringLiteral("Reading."));
    QCOMPARE(calls.ofKind(ChatEvent::Kind::ToolCallStarted).size(), 1);
    QCOMPARE(calls.joined(ChatEvent::Kind::ToolArgumentsDelta), fragments.join(QString()));
    const QList<ChatEvent> done = calls.ofKind(ChatEvent::Kind::ToolCallCompleted);
    QCOMPARE(done.size(), 1);
    QCOMPARE(done[0].toolCall.input, uses[0].input);
}

void TestAnthropicClient::emptyToolInputIsAnEmptyObject()
{
    server->enqueue(anthropic::toolTurn(QString(), QStringLiteral("toolu_02"),
                                        QStringLiteral("list_files"), {}, 100, 10));
    CallRecorder calls(client.get());
    client->start(simpleRequest());
    QVERIFY(calls.wait());
    QVERIFY(calls.final);
    QCOMPARE(calls.final->message.toolUses().value(0).input, QJsonObject());
    QCOMPARE(calls.final->message.toolUses().value(0).toolName, QStringLiteral("list_files"));
}

void TestAnthropicClient::usageVariants_data()
{
    QTest::addColumn<QByteArray>("start");
    QTest::addColumn<QJsonObject>("deltaUsage");
    QTest::addColumn<llm::Usage>("expected");

    QTest::newRow("plain") << anthropic::messageStart(QStringLiteral("m"), 1000)
                           << QJsonObject{{QStringLiteral("output_tokens"), 100}}
                           << llm::Usage{1000, 100, 0, 0, 0};
    QTest::newRow("cache read and write")
        << anthropic::messageStart(QStringLiteral("m"), 20, 5000, 300)
        << QJsonObject{{QStringLiteral("output_tokens"), 50}} << llm::Usage{20, 50, 300, 0, 5000};
    QTest::newRow("cumulative delta replaces input")
        << anthropic::messageStart(QStringLiteral("m"), 10)
        << QJsonObject{{QStringLiteral("input_tokens"), 12},
                       {QStringLiteral("cache_read_input_tokens"), 7},
                       {QStringLiteral("output_tokens"), 3}}
        << llm::Usage{12, 3, 0, 0, 7};
    QTest::newRow("cache creation split 5m and 1h")
        << anthropic::frame(
               "message_start",
               QJsonObject{
                   {QStringLiteral("type"), QStringLiteral("message_start")},
                   {QStringLiteral("message"),
                    QJsonObject{
                        {QStringLiteral("id"), QStringLiteral("msg_x")},
                        {QStringLiteral("usage"),
                         QJsonObject{
                             {QStringLiteral("input_tokens"), 4},
                             {QStringLiteral("cache_creation_input_tokens"), 1500},
                             {QStringLiteral("cache_read_input_tokens"), QJsonValue()},
                             {QStringLiteral("cache_creation"),
                              QJsonObject{{QStringLiteral("ephemeral_5m_input_tokens"), 500},
                                          {QStringLiteral("ephemeral_1h_input_tokens"), 1000}}},
                             {QStringLiteral("output_tokens"), 1}}}}}})
        << QJsonObject{{QStringLiteral("output_tokens"), 9}} << llm::Usage{4, 9, 500, 1000, 0};
}

void TestAnthropicClient::usageVariants()
{
    QFETCH(QByteArray, start);
    QFETCH(QJsonObject, deltaUsage);
    QFETCH(llm::Usage, expected);
    server->enqueue(ScriptedResponse::eventStream(
        {start, anthropic::textBlockStart(0), anthropic::textDelta(0, QStringLiteral("x")),
         anthropic::blockStop(0), anthropic::messageDelta(QStringLiteral("end_turn"), deltaUsage),
         anthropic::messageStop()}));
    CallRecorder calls(client.get());
    client->start(simpleRequest());
    QVERIFY(calls.wait());
    QVERIFY(calls.final);
    QCOMPARE(calls.final->usage, expected);
    QCOMPARE(calls.ofKind(ChatEvent::Kind::UsageUpdated).last().usage, expected);
}

void TestAnthropicClient::stopReasons_data()
{
    QTest::addColumn<QString>("wire");
    QTest::addColumn<StopReason>("expected");
    QTest::newRow("end_turn") << QStringLiteral("end_turn") << StopReason::EndTurn;
    QTest::newRow("max_tokens") << QStringLiteral("max_tokens") << StopReason::MaxTokens;
    QTest::newRow("pause_turn") << QStringLiteral("pause_turn") << StopReason::PauseTurn;
    QTest::newRow("refusal") << QStringLiteral("refusal") << StopReason::Refusal;
    QTest::newRow("context window")
        << QStringLiteral("model_context_window_exceeded") << StopReason::ContextWindowExceeded;
    QTest::newRow("future reason") << QStringLiteral("something_new") << StopReason::Other;
}

void TestAnthropicClient::stopReasons()
{
    QFETCH(QString, wire);
    QFETCH(StopReason, expected);
    server->enqueue(anthropic::textTurn({QStringLiteral("I can't help with that.")}, 30, 8, wire));
    CallRecorder calls(client.get());
    client->start(simpleRequest());
    QVERIFY(calls.wait());
    QVERIFY(calls.final);
    QCOMPARE(calls.final->stopReason, expected);
    QCOMPARE(calls.final->rawStopReason, wire);
    QCOMPARE(calls.final->message.plainText(), QStringLiteral("I can't help with that."));
}

void TestAnthropicClient::thinkingBlocksAreKeptForTheNextRequest()
{
    const QJsonObject thinkingStart{
        {QStringLiteral("type"), QStringLiteral("content_block_start")},
        {QStringLiteral("index"), 0},
        {QStringLiteral("content_block"),
         QJsonObject{{QStringLiteral("type"), QStringLiteral("thinking")},
                     {QStringLiteral("thinking"), QString()}}}};
    auto delta = [](const QString &type, const QString &key, const QString &value) {
        return anthropic::frame(
            "content_block_delta",
            {{QStringLiteral("type"), QStringLiteral("content_block_delta")},
             {QStringLiteral("index"), 0},
             {QStringLiteral("delta"), QJsonObject{{QStringLiteral("type"), type}, {key, value}}}});
    };
    server->enqueue(ScriptedResponse::eventStream(
        {anthropic::messageStart(QStringLiteral("m"), 10),
         anthropic::frame("content_block_start", thinkingStart),
         delta(QStringLiteral("thinking_delta"), QStringLiteral("thinking"),
               QStringLiteral("Let me ")),
         delta(QStringLiteral("thinking_delta"), QStringLiteral("thinking"),
               QStringLiteral("think.")),
         delta(QStringLiteral("signature_delta"), QStringLiteral("signature"),
               QStringLiteral("sig==")),
         anthropic::blockStop(0), anthropic::textBlockStart(1),
         anthropic::textDelta(1, QStringLiteral("Answer")), anthropic::blockStop(1),
         anthropic::messageDelta(QStringLiteral("end_turn"),
                                 {{QStringLiteral("output_tokens"), 5}}),
         anthropic::messageStop()}));
    CallRecorder calls(client.get());
    client->start(simpleRequest());
    QVERIFY(calls.wait());
    QVERIFY(calls.final);
    QCOMPARE(calls.reasoning(), QStringLiteral("Let me think."));
    QCOMPARE(calls.final->message.content.size(), 2);
    const llm::ContentBlock thinking = calls.final->message.content[0];
    QCOMPARE(thinking.type, llm::ContentBlock::Type::Thinking);
    QCOMPARE(thinking.text, QStringLiteral("Let me think."));
    QCOMPARE(thinking.signature, QStringLiteral("sig=="));
    // Sent back unchanged.
    llm::ChatRequest next = simpleRequest();
    next.messages.append(calls.final->message);
    const QJsonObject sent = llm::AnthropicClient::requestJson(next)
                                 .value(QStringLiteral("messages"))
                                 .toArray()
                                 .at(1)
                                 .toObject()
                                 .value(QStringLiteral("content"))
                                 .toArray()
                                 .at(0)
                                 .toObject();
    QCOMPARE(sent.value(QStringLiteral("type")).toString(), QStringLiteral("thinking"));
    QCOMPARE(sent.value(QStringLiteral("signature")).toString(), QStringLiteral("sig=="));
}

void TestAnthropicClient::errorEventAfter200FailsWithoutRetry()
{
    server->enqueue(
        ScriptedResponse::eventStream(
            {anthropic::messageStart(QStringLiteral("m"), 10), anthropic::textBlockStart(0),
             anthropic::textDelta(0, QStringLiteral("partial")),
             anthropic::error(QStringLiteral("overloaded_error"), QStringLiteral("Overloaded"))})
            .header("request-id", "req_after200"));
    server->enqueue(anthropic::textTurn({QStringLiteral("never sent")}, 1, 1));
    CallRecorder calls(client.get());
    client->start(simpleRequest());
    QVERIFY(calls.wait());
    QVERIFY(calls.error);
    QCOMPARE(calls.error->code, QStringLiteral("overloaded"));
    QVERIFY(calls.error->afterStreamStarted);
    QCOMPARE(calls.error->requestId, QStringLiteral("req_after200"));
    QCOMPARE(calls.text(), QStringLiteral("partial"));
    QCOMPARE(server->requests().size(), 1);
    QCOMPARE(calls.retries.size(), 0);
    QCOMPARE(calls.endings, 1);
}

void TestAnthropicClient::retriesHonourRetryAfter()
{
    server->enqueue(
        anthropic::httpError(
            429, QStringLiteral("rate_limit_error"),
            QStringLiteral("Number of request tokens has exceeded your per-minute rate limit"))
            .header("retry-after", "12"));
    server->enqueue(anthropic::textTurn({QStringLiteral("ok")}, 10, 1));
    CallRecorder calls(client.get());
    client->start(simpleRequest());
    QVERIFY(calls.wait());
    QVERIFY(calls.final);
    QCOMPARE(server->requests().size(), 2);
    QCOMPARE(calls.retries.size(), 1);
    QCOMPARE(calls.retries[0].delayMs, 12000);
    QCOMPARE(calls.retries[0].message,
             QStringLiteral("rate limited by Anthropic, retrying in 12 s"));
    QCOMPARE(calls.retries[0].cause.requestId, QStringLiteral("req_err"));
    QCOMPARE(calls.final->attempts, 2);
    // The retry is the same request.
    QCOMPARE(server->requests()[0].body, server->requests()[1].body);
}

void TestAnthropicClient::retries529ThenSucceeds()
{
    server->enqueue(anthropic::httpError(529, QStringLiteral("overloaded_error"),
                                         QStringLiteral("Overloaded")));
    server->enqueue(anthropic::httpError(529, QStringLiteral("overloaded_error"),
                                         QStringLiteral("Overloaded")));
    server->enqueue(anthropic::textTurn({QStringLiteral("finally")}, 10, 2));
    CallRecorder calls(client.get());
    client->start(simpleRequest());
    QVERIFY(calls.wait());
    QVERIFY(calls.final);
    QCOMPARE(calls.final->message.plainText(), QStringLiteral("finally"));
    QCOMPARE(calls.final->attempts, 3);
    QCOMPARE(calls.retries.size(), 2);
    // Backoff without retry-after: 0.5 s then 1 s, times the jitter (0.875 here).
    QCOMPARE(calls.retries[0].delayMs, 438);
    QCOMPARE(calls.retries[1].delayMs, 875);
    QCOMPARE(calls.retries[0].cause.code, QStringLiteral("overloaded"));
}

void TestAnthropicClient::gives500UpAfterTwoRetries()
{
    for (int i = 0; i < 4; ++i)
        server->enqueue(anthropic::httpError(500, QStringLiteral("api_error"),
                                             QStringLiteral("Internal server error"),
                                             "req_500_" + QByteArray::number(i)));
    CallRecorder calls(client.get());
    client->start(simpleRequest());
    QVERIFY(calls.wait());
    QVERIFY(calls.error);
    QCOMPARE(server->requests().size(), 3);
    QCOMPARE(calls.error->code, QStringLiteral("server-error"));
    QCOMPARE(calls.error->httpStatus, 500);
    QCOMPARE(calls.error->requestId, QStringLiteral("req_500_2"));
    QVERIFY(calls.error->message.contains(QStringLiteral("Internal server error")));
}

void TestAnthropicClient::neverRetriesClientErrors_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");
    QTest::newRow("400") << 400 << QStringLiteral("invalid_request_error")
                         << QStringLiteral("bad-request")
                         << QStringLiteral(
                                "Anthropic rejected the request (HTTP 400): messages: empty");
    QTest::newRow("401") << 401 << QStringLiteral("authentication_error") << QStringLiteral("auth")
                         << QStringLiteral(
                                "invalid API key for Anthropic: check the key in Settings → "
                                "Providers or the environment variable");
    QTest::newRow("403") << 403 << QStringLiteral("permission_error")
                         << QStringLiteral("permission")
                         << QStringLiteral(
                                "Anthropic refused access with this API key: messages: empty");
    QTest::newRow("404") << 404 << QStringLiteral("not_found_error") << QStringLiteral("not-found")
                         << QStringLiteral("model not found: claude-opus-9 (on Anthropic)");
    QTest::newRow("413") << 413 << QStringLiteral("request_too_large")
                         << QStringLiteral("too-large")
                         << QStringLiteral(
                                "the request is too large for Anthropic (32 MB limit): shorten "
                                "the conversation or the files attached");
    QTest::newRow("422") << 422 << QStringLiteral("invalid_request_error")
                         << QStringLiteral("bad-request")
                         << QStringLiteral(
                                "Anthropic rejected the request (HTTP 422): messages: empty");
}

void TestAnthropicClient::neverRetriesClientErrors()
{
    QFETCH(int, status);
    QFETCH(QString, type);
    QFETCH(QString, code);
    QFETCH(QString, message);
    server->enqueue(
        anthropic::httpError(status, type, QStringLiteral("messages: empty"), "req_4xx"));
    server->enqueue(anthropic::textTurn({QStringLiteral("never")}, 1, 1));
    llm::ChatRequest request = simpleRequest();
    request.model = QStringLiteral("claude-opus-9");
    CallRecorder calls(client.get());
    client->start(request);
    QVERIFY(calls.wait());
    QVERIFY(calls.error);
    QCOMPARE(server->requests().size(), 1);
    QCOMPARE(calls.error->code, code);
    QCOMPARE(calls.error->message, message);
    QCOMPARE(calls.error->requestId, QStringLiteral("req_4xx"));
    QCOMPARE(calls.error->httpStatus, status);
}

void TestAnthropicClient::shouldRetryHeaderOverridesStatus()
{
    server->enqueue(anthropic::httpError(500, QStringLiteral("api_error"), QStringLiteral("x"))
                        .header("x-should-retry", "false"));
    CallRecorder first(client.get());
    client->start(simpleRequest());
    QVERIFY(first.wait());
    QVERIFY(first.error);
    QCOMPARE(server->requests().size(), 1);

    server->enqueue(
        anthropic::httpError(400, QStringLiteral("invalid_request_error"), QStringLiteral("x"))
            .header("x-should-retry", "true")
            .header("retry-after-ms", "25"));
    server->enqueue(anthropic::textTurn({QStringLiteral("ok")}, 1, 1));
    CallRecorder second(client.get());
    client->start(simpleRequest());
    QVERIFY(second.wait());
    QVERIFY(second.final);
    QCOMPARE(server->requests().size(), 3);
    QCOMPARE(second.retries.value(0).delayMs, 25);
}

void TestAnthropicClient::droppedConnectionMidStreamIsNotReplayed()
{
    ScriptedResponse turn =
        anthropic::toolTurn(QString(), QStringLiteral("toolu_9"), QStringLiteral("run"),
                            {QStringLiteral(R"({"cmd":"ls"})")}, 10, 5);
    const qsizetype cut = turn.wholeBody().indexOf("input_json_delta");
    turn.truncate(cut, ScriptedResponse::Ending::Drop);
    server->enqueue(turn);
    server->enqueue(anthropic::textTurn({QStringLiteral("replayed")}, 1, 1));
    CallRecorder calls(client.get());
    client->start(simpleRequest());
    QVERIFY(calls.wait());
    QVERIFY(calls.error);
    QCOMPARE(calls.error->code, QStringLiteral("stream-interrupted"));
    QVERIFY(calls.error->afterStreamStarted);
    QCOMPARE(server->requests().size(), 1);
    QCOMPARE(calls.ofKind(ChatEvent::Kind::ToolCallStarted).size(), 1);
    QCOMPARE(calls.ofKind(ChatEvent::Kind::ToolCallCompleted).size(), 0);
}

void TestAnthropicClient::stalledStreamHitsInactivityTimeout()
{
    llm::ClientOptions options = fastOptions(QStringLiteral("Anthropic"), server->baseUrl());
    options.inactivityTimeoutMs = 1500;
    makeClient(options);
    ScriptedResponse turn = anthropic::textTurn({QStringLiteral("a"), QStringLiteral("b")}, 10, 2);
    turn.truncate(turn.wholeBody().indexOf("content_block_stop"), ScriptedResponse::Ending::Stall);
    server->enqueue(turn);
    CallRecorder calls(client.get());
    client->start(simpleRequest());
    QVERIFY(calls.wait());
    QVERIFY(calls.error);
    QCOMPARE(calls.error->code, QStringLiteral("timeout"));
    QVERIFY(calls.error->message.contains(QStringLiteral("inactivity")));
    QVERIFY(calls.error->afterStreamStarted);
    QCOMPARE(calls.text(), QStringLiteral("ab"));
    QCOMPARE(server->requests().size(), 1);
}

void TestAnthropicClient::malformedJsonFrameFails()
{
    server->enqueue(ScriptedResponse::eventStream(
        {anthropic::messageStart(QStringLiteral("m"), 10), anthropic::textBlockStart(0),
         "event: content_block_delta\ndata: "
         "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\n\n",
         anthropic::messageStop()}));
    CallRecorder calls(client.get());
    client->start(simpleRequest());
    QVERIFY(calls.wait());
    QVERIFY(calls.error);
    QCOMPARE(calls.error->code, QStringLiteral("malformed-response"));
    QCOMPARE(calls.endings, 1);
}

void TestAnthropicClient::unknownEventTypesAreIgnored()
{
    server->enqueue(ScriptedResponse::eventStream(
        {anthropic::messageStart(QStringLiteral("m"), 10), anthropic::ping(),
         anthropic::frame("brand_new_event",
                          {{QStringLiteral("type"), QStringLiteral("brand_new_event")},
                           {QStringLiteral("x"), 1}}),
         anthropic::textBlockStart(0),
         anthropic::frame("content_block_delta",
                          {{QStringLiteral("type"), QStringLiteral("content_block_delta")},
                           {QStringLiteral("index"), 0},
                           {QStringLiteral("delta"),
                            QJsonObject{{QStringLiteral("type"), QStringLiteral("citations_delta")},
                                        {QStringLiteral("citation"), QJsonObject()}}}}),
         anthropic::textDelta(0, QStringLiteral("fine")), ": a comment\n\n",
         anthropic::blockStop(0),
         anthropic::messageDelta(QStringLiteral("end_turn"),
                                 {{QStringLiteral("output_tokens"), 1}}),
         anthropic::messageStop()}));
    CallRecorder calls(client.get());
    client->start(simpleRequest());
    QVERIFY(calls.wait());
    QVERIFY2(calls.final, qPrintable(calls.error ? calls.error->message : QString()));
    QCOMPARE(calls.final->message.plainText(), QStringLiteral("fine"));
}

void TestAnthropicClient::tenMegabyteResponse()
{
    QList<QByteArray> frames{anthropic::messageStart(QStringLiteral("m"), 10),
                             anthropic::textBlockStart(0)};
    QString expected;
    const QString piece = QString(16 * 1024 - 1, QLatin1Char('x')) + QLatin1Char('\n');
    for (int i = 0; i < 640; ++i) {
        frames.append(anthropic::textDelta(0, piece));
        expected += piece;
    }
    frames.append(anthropic::blockStop(0));
    frames.append(anthropic::messageDelta(QStringLiteral("end_turn"),
                                          {{QStringLiteral("output_tokens"), 2500000}}));
    frames.append(anthropic::messageStop());
    server->enqueue(ScriptedResponse::eventStream(frames));
    CallRecorder calls(client.get());
    llm::ChatRequest request = simpleRequest();
    request.maxOutputTokens = 2500000; // a response that big has to be asked for
    client->start(request);
    QVERIFY(calls.wait(60000));
    QVERIFY(calls.final);
    QCOMPARE(calls.final->message.plainText().size(), expected.size());
    QVERIFY(calls.final->message.plainText() == expected);
    QCOMPARE(calls.final->usage.outputTokens, 2500000);
}

void TestAnthropicClient::cancelStopsAtOnce()
{
    ScriptedResponse turn = anthropic::textTurn(
        {QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three")}, 10, 3);
    turn.pauseBefore(4, 200); // after the first delta
    server->enqueue(turn);
    CallRecorder calls(client.get());
    connect(client.get(), &llm::ChatClient::event, this, [this](const ChatEvent &e) {
        if (e.kind == ChatEvent::Kind::TextDelta)
            client->cancel();
    });
    client->start(simpleRequest());
    QVERIFY(calls.wait());
    QVERIFY(calls.error);
    QCOMPARE(calls.error->code, QStringLiteral("cancelled"));
    QVERIFY(!client->isRunning());
    const int eventsAtCancel = int(calls.events.size());
    QTest::qWait(400); // the server keeps sending; nothing may arrive
    QCOMPARE(calls.events.size(), eventsAtCancel);
    QCOMPARE(calls.text(), QStringLiteral("one"));
    QCOMPARE(calls.endings, 1);
}

void TestAnthropicClient::unreachableServerIsRetriedThenReported()
{
    quint16 closedPort = 0;
    {
        FakeProviderServer probe;
        QVERIFY(probe.listen());
        closedPort = probe.port();
    }
    makeClient(fastOptions(QStringLiteral("Anthropic"),
                           QUrl(QStringLiteral("http://127.0.0.1:%1").arg(closedPort))));
    CallRecorder calls(client.get());
    client->start(simpleRequest());
    QVERIFY(calls.wait());
    QVERIFY(calls.error);
    QCOMPARE(calls.error->code, QStringLiteral("connection"));
    QCOMPARE(calls.retries.size(), 2);
    QVERIFY(calls.error->message.startsWith(
        QStringLiteral("cannot reach Anthropic at http://127.0.0.1:")));
}

void TestAnthropicClient::toolResultsGoBackInAUserMessage()
{
    llm::ChatRequest request = simpleRequest();
    request.messages.append(llm::ChatMessage{
        llm::Role::Assistant,
        {llm::ContentBlock::makeToolUse(QStringLiteral("toolu_1"), QStringLiteral("run"),
                                        {{QStringLiteral("cmd"), QStringLiteral("ls")}})}});
    request.messages.append(
        llm::ChatMessage{llm::Role::User,
                         {llm::ContentBlock::makeToolResult(
                             QStringLiteral("toolu_1"), QStringLiteral("no such file"), true)}});
    const QJsonArray messages =
        llm::AnthropicClient::requestJson(request).value(QStringLiteral("messages")).toArray();
    QCOMPARE(messages.size(), 3);
    const QJsonObject use =
        messages[1].toObject().value(QStringLiteral("content")).toArray()[0].toObject();
    QCOMPARE(use.value(QStringLiteral("type")).toString(), QStringLiteral("tool_use"));
    QCOMPARE(use.value(QStringLiteral("input")).toObject().value(QStringLiteral("cmd")).toString(),
             QStringLiteral("ls"));
    const QJsonObject result = messages[2].toObject();
    QCOMPARE(result.value(QStringLiteral("role")).toString(), QStringLiteral("user"));
    const QJsonObject block = result.value(QStringLiteral("content")).toArray()[0].toObject();
    QCOMPARE(block.value(QStringLiteral("type")).toString(), QStringLiteral("tool_result"));
    QCOMPARE(block.value(QStringLiteral("tool_use_id")).toString(), QStringLiteral("toolu_1"));
    QCOMPARE(block.value(QStringLiteral("is_error")).toBool(), true);
}

void TestAnthropicClient::redirectsAreNotFollowedWithTheKey()
{
    FakeProviderServer elsewhere;
    QVERIFY(elsewhere.listen());
    elsewhere.enqueue(anthropic::textTurn({QStringLiteral("stolen")}, 1, 1));
    server->enqueue(
        ScriptedResponse::body(307, "text/plain", "moved")
            .header("location",
                    (elsewhere.baseUrl().toString() + QStringLiteral("/v1/messages")).toUtf8()));
    CallRecorder calls(client.get());
    client->start(simpleRequest());
    QVERIFY(calls.wait());
    QVERIFY(calls.error);
    QCOMPARE(calls.error->httpStatus, 307);
    QCOMPARE(elsewhere.requests().size(), 0);
}

QTEST_GUILESS_MAIN(TestAnthropicClient)
#include "tst_anthropicclient.moc"
