#include "llm/AnthropicClient.h"

#include "llm/HttpErrors.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace agentdesk::llm {

namespace {

QJsonObject blockJson(const ContentBlock &block)
{
    switch (block.type) {
    case ContentBlock::Type::Text:
        return {{QStringLiteral("type"), QStringLiteral("text")},
                {QStringLiteral("text"), block.text}};
    case ContentBlock::Type::ToolUse:
        return {{QStringLiteral("type"), QStringLiteral("tool_use")},
                {QStringLiteral("id"), block.toolUseId},
                {QStringLiteral("name"), block.toolName},
                {QStringLiteral("input"), block.input}};
    case ContentBlock::Type::ToolResult: {
        QJsonObject result{{QStringLiteral("type"), QStringLiteral("tool_result")},
                           {QStringLiteral("tool_use_id"), block.toolUseId},
                           {QStringLiteral("content"), block.text}};
        if (block.isError)
            result.insert(QStringLiteral("is_error"), true);
        return result;
    }
    case ContentBlock::Type::Thinking:
        return {{QStringLiteral("type"), QStringLiteral("thinking")},
                {QStringLiteral("thinking"), block.text},
                {QStringLiteral("signature"), block.signature}};
    case ContentBlock::Type::RedactedThinking:
        return {{QStringLiteral("type"), QStringLiteral("redacted_thinking")},
                {QStringLiteral("data"), block.redactedData}};
    }
    return {};
}

QJsonObject toolChoiceJson(const ToolChoice &choice)
{
    QJsonObject json;
    switch (choice.mode) {
    case ToolChoice::Mode::Auto:
        json.insert(QStringLiteral("type"), QStringLiteral("auto"));
        break;
    case ToolChoice::Mode::Any:
        json.insert(QStringLiteral("type"), QStringLiteral("any"));
        break;
    case ToolChoice::Mode::None:
        return {{QStringLiteral("type"), QStringLiteral("none")}};
    case ToolChoice::Mode::Tool:
        json.insert(QStringLiteral("type"), QStringLiteral("tool"));
        json.insert(QStringLiteral("name"), choice.toolName);
        break;
    }
    if (choice.disableParallelToolUse)
        json.insert(QStringLiteral("disable_parallel_tool_use"), true);
    return json;
}

qint64 tokens(const QJsonObject &object, const QString &key, qint64 fallback)
{
    const QJsonValue value = object.value(key);
    return value.isDouble() ? qint64(value.toDouble()) : fallback;
}

} // namespace

QJsonObject AnthropicClient::requestJson(const ChatRequest &request)
{
    QJsonArray messages;
    for (const ChatMessage &message : request.messages) {
        QJsonArray content;
        for (const ContentBlock &block : message.content)
            content.append(blockJson(block));
        messages.append(QJsonObject{{QStringLiteral("role"), message.role == Role::User
                                                                 ? QStringLiteral("user")
                                                                 : QStringLiteral("assistant")},
                                    {QStringLiteral("content"), content}});
    }
    QJsonObject json{{QStringLiteral("model"), request.model},
                     {QStringLiteral("max_tokens"), request.maxOutputTokens},
                     {QStringLiteral("messages"), messages},
                     {QStringLiteral("stream"), true}};
    if (!request.system.isEmpty())
        json.insert(QStringLiteral("system"), request.system);
    if (!request.tools.isEmpty()) {
        QJsonArray tools;
        for (const ToolDefinition &tool : request.tools) {
            tools.append(QJsonObject{{QStringLiteral("name"), tool.name},
                                     {QStringLiteral("description"), tool.description},
                                     {QStringLiteral("input_schema"), tool.inputSchema}});
        }
        json.insert(QStringLiteral("tools"), tools);
        json.insert(QStringLiteral("tool_choice"), toolChoiceJson(request.toolChoice));
    }
    return json;
}

Usage AnthropicClient::parseUsage(const QJsonObject &usage, const Usage &previous)
{
    Usage result = previous;
    result.inputTokens = tokens(usage, QStringLiteral("input_tokens"), previous.inputTokens);
    result.outputTokens = tokens(usage, QStringLiteral("output_tokens"), previous.outputTokens);
    result.cacheReadTokens =
        tokens(usage, QStringLiteral("cache_read_input_tokens"), previous.cacheReadTokens);
    const QJsonValue creation = usage.value(QStringLiteral("cache_creation"));
    if (creation.isObject()) {
        const QJsonObject split = creation.toObject();
        result.cacheWrite5mTokens =
            tokens(split, QStringLiteral("ephemeral_5m_input_tokens"), previous.cacheWrite5mTokens);
        result.cacheWrite1hTokens =
            tokens(split, QStringLiteral("ephemeral_1h_input_tokens"), previous.cacheWrite1hTokens);
    } else if (usage.value(QStringLiteral("cache_creation_input_tokens")).isDouble()) {
        // Without the split, the total was written with the default (5-minute) lifetime.
        result.cacheWrite5mTokens =
            qint64(usage.value(QStringLiteral("cache_creation_input_tokens")).toDouble());
        result.cacheWrite1hTokens = 0;
    }
    return result;
}

StopReason AnthropicClient::parseStopReason(const QString &reason)
{
    if (reason == QLatin1String("end_turn"))
        return StopReason::EndTurn;
    if (reason == QLatin1String("max_tokens"))
        return StopReason::MaxTokens;
    if (reason == QLatin1String("stop_sequence"))
        return StopReason::StopSequence;
    if (reason == QLatin1String("tool_use"))
        return StopReason::ToolUse;
    if (reason == QLatin1String("pause_turn"))
        return StopReason::PauseTurn;
    if (reason == QLatin1String("refusal"))
        return StopReason::Refusal;
    if (reason == QLatin1String("model_context_window_exceeded"))
        return StopReason::ContextWindowExceeded;
    return reason.isEmpty() ? StopReason::None : StopReason::Other;
}

QNetworkRequest AnthropicClient::buildNetworkRequest() const
{
    QNetworkRequest request(endpoint(QStringLiteral("/v1/messages")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("anthropic-version", "2023-06-01");
    request.setRawHeader("accept", "text/event-stream");
    if (!options().apiKey.isEmpty())
        request.setRawHeader("x-api-key", options().apiKey.toUtf8());
    return request;
}

QByteArray AnthropicClient::buildBody(const ChatRequest &request) const
{
    return QJsonDocument(requestJson(request)).toJson(QJsonDocument::Compact);
}

void AnthropicClient::handleSseEvent(const SseEvent &sse)
{
    if (sse.type == QLatin1String("ping"))
        return;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(sse.data.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        failStream(protocolError(QStringLiteral("event \"%1\" is not valid JSON").arg(sse.type)));
        return;
    }
    const QJsonObject data = doc.object();
    const QString type = sse.type;
    if (type == QLatin1String("message_start")) {
        const QJsonObject message = data.value(QStringLiteral("message")).toObject();
        startMessage(message.value(QStringLiteral("id")).toString(),
                     message.value(QStringLiteral("model")).toString());
        const QJsonValue usage = message.value(QStringLiteral("usage"));
        if (isStreaming() && usage.isObject())
            updateUsage(parseUsage(usage.toObject(), this->message().usage));
    } else if (type == QLatin1String("content_block_start")) {
        onContentBlockStart(data);
    } else if (type == QLatin1String("content_block_delta")) {
        onContentBlockDelta(data);
    } else if (type == QLatin1String("content_block_stop")) {
        completeToolCall(data.value(QStringLiteral("index")).toInt());
    } else if (type == QLatin1String("message_delta")) {
        const QJsonObject delta = data.value(QStringLiteral("delta")).toObject();
        const QJsonValue usage = data.value(QStringLiteral("usage"));
        if (usage.isObject())
            updateUsage(parseUsage(usage.toObject(), message().usage));
        const QString reason = delta.value(QStringLiteral("stop_reason")).toString();
        if (isStreaming() && !reason.isEmpty())
            setStopReason(parseStopReason(reason), reason);
    } else if (type == QLatin1String("message_stop")) {
        finishMessage();
    } else if (type == QLatin1String("error")) {
        onErrorEvent(data);
    }
    // Anything else is a newer event type: ignored, as the SDKs do.
}

void AnthropicClient::onContentBlockStart(const QJsonObject &data)
{
    const int index = data.value(QStringLiteral("index")).toInt();
    const QJsonObject block = data.value(QStringLiteral("content_block")).toObject();
    const QString type = block.value(QStringLiteral("type")).toString();
    if (type == QLatin1String("text")) {
        appendText(index, block.value(QStringLiteral("text")).toString());
    } else if (type == QLatin1String("tool_use")) {
        beginToolCall(index, block.value(QStringLiteral("id")).toString(),
                      block.value(QStringLiteral("name")).toString());
        // Some compatible servers send the whole input here instead of deltas.
        const QJsonObject input = block.value(QStringLiteral("input")).toObject();
        if (isStreaming() && !input.isEmpty())
            appendToolArguments(
                index, QString::fromUtf8(QJsonDocument(input).toJson(QJsonDocument::Compact)));
    } else if (type == QLatin1String("thinking")) {
        appendReasoning(index, block.value(QStringLiteral("thinking")).toString(), true);
    } else if (type == QLatin1String("redacted_thinking")) {
        addRedactedThinking(index, block.value(QStringLiteral("data")).toString());
    }
}

void AnthropicClient::onContentBlockDelta(const QJsonObject &data)
{
    const int index = data.value(QStringLiteral("index")).toInt();
    const QJsonObject delta = data.value(QStringLiteral("delta")).toObject();
    const QString type = delta.value(QStringLiteral("type")).toString();
    if (type == QLatin1String("text_delta"))
        appendText(index, delta.value(QStringLiteral("text")).toString());
    else if (type == QLatin1String("input_json_delta"))
        appendToolArguments(index, delta.value(QStringLiteral("partial_json")).toString());
    else if (type == QLatin1String("thinking_delta"))
        appendReasoning(index, delta.value(QStringLiteral("thinking")).toString(), true);
    else if (type == QLatin1String("signature_delta"))
        setThinkingSignature(index, delta.value(QStringLiteral("signature")).toString());
}

void AnthropicClient::onErrorEvent(const QJsonObject &data)
{
    const QJsonObject error = data.value(QStringLiteral("error")).toObject();
    const QString type = error.value(QStringLiteral("type")).toString();
    const QString text = error.value(QStringLiteral("message")).toString();
    ChatError chatError;
    if (type == QLatin1String("overloaded_error")) {
        chatError = describeHttpStatus(options().providerName, 529, type, text, request().model);
    } else {
        chatError.code = QStringLiteral("provider-error");
        chatError.message = QStringLiteral("%1 stopped the response with an error: %2")
                                .arg(options().providerName, type + QStringLiteral(": ") + text);
    }
    chatError.httpStatus = 200;
    chatError.retryable = false;
    const QString requestId = data.value(QStringLiteral("request_id")).toString();
    if (!requestId.isEmpty())
        chatError.requestId = requestId;
    failStream(chatError);
}

void AnthropicClient::handleEndOfStream()
{
    ChatError error;
    error.code = QStringLiteral("stream-interrupted");
    error.message = QStringLiteral("the response from %1 ended before it was complete")
                        .arg(options().providerName);
    failStream(error);
}

QString AnthropicClient::errorCodeOf(const QByteArray &body) const
{
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    return root.value(QStringLiteral("error")).toObject().value(QStringLiteral("type")).toString();
}

ChatError AnthropicClient::describeHttpError(int status, const QByteArray &body) const
{
    // A proxy in front of the API may answer with HTML: then there is no provider message.
    const QJsonObject error =
        QJsonDocument::fromJson(body).object().value(QStringLiteral("error")).toObject();
    return describeHttpStatus(
        options().providerName, status, error.value(QStringLiteral("type")).toString(),
        redacted(error.value(QStringLiteral("message")).toString()), request().model);
}

} // namespace agentdesk::llm
