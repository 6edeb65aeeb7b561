#include "llm/OpenAiClient.h"

#include "llm/HttpErrors.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace agentdesk::llm {

namespace {

// Text blocks become the content; tool_use blocks become tool_calls; tool results become
// separate "tool" messages, which the protocol wants right after the assistant message.
void appendMessages(const ChatMessage &message, QJsonArray &out)
{
    QString text;
    QJsonArray toolCalls;
    for (const ContentBlock &block : message.content) {
        if (block.type == ContentBlock::Type::Text) {
            text += block.text;
        } else if (block.type == ContentBlock::Type::ToolUse) {
            toolCalls.append(QJsonObject{
                {QStringLiteral("id"), block.toolUseId},
                {QStringLiteral("type"), QStringLiteral("function")},
                {QStringLiteral("function"),
                 QJsonObject{{QStringLiteral("name"), block.toolName},
                             {QStringLiteral("arguments"),
                              QString::fromUtf8(
                                  QJsonDocument(block.input).toJson(QJsonDocument::Compact))}}}});
        } else if (block.type == ContentBlock::Type::ToolResult) {
            out.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("tool")},
                                   {QStringLiteral("tool_call_id"), block.toolUseId},
                                   {QStringLiteral("content"), block.text}});
        }
    }
    if (message.role == Role::Assistant) {
        QJsonObject json{{QStringLiteral("role"), QStringLiteral("assistant")},
                         {QStringLiteral("content"), text.isEmpty() ? QJsonValue() : text}};
        if (!toolCalls.isEmpty())
            json.insert(QStringLiteral("tool_calls"), toolCalls);
        out.append(json);
    } else if (!text.isEmpty()) {
        out.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                               {QStringLiteral("content"), text}});
    }
}

QJsonValue toolChoiceJson(const ToolChoice &choice)
{
    switch (choice.mode) {
    case ToolChoice::Mode::Auto:
        return QStringLiteral("auto");
    case ToolChoice::Mode::Any:
        return QStringLiteral("required");
    case ToolChoice::Mode::None:
        return QStringLiteral("none");
    case ToolChoice::Mode::Tool:
        return QJsonObject{
            {QStringLiteral("type"), QStringLiteral("function")},
            {QStringLiteral("function"), QJsonObject{{QStringLiteral("name"), choice.toolName}}}};
    }
    return QStringLiteral("auto");
}

QString stringOrEmpty(const QJsonValue &value)
{
    return value.isString() ? value.toString() : QString();
}

} // namespace

QJsonObject OpenAiClient::requestJson(const ChatRequest &request, bool useMaxCompletionTokens)
{
    QJsonArray messages;
    if (!request.system.isEmpty())
        messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("system")},
                                    {QStringLiteral("content"), request.system}});
    for (const ChatMessage &message : request.messages)
        appendMessages(message, messages);
    QJsonObject json{
        {QStringLiteral("model"), request.model},
        {QStringLiteral("messages"), messages},
        {QStringLiteral("stream"), true},
        {QStringLiteral("stream_options"), QJsonObject{{QStringLiteral("include_usage"), true}}}};
    json.insert(useMaxCompletionTokens ? QStringLiteral("max_completion_tokens")
                                       : QStringLiteral("max_tokens"),
                request.maxOutputTokens);
    if (!request.tools.isEmpty()) {
        QJsonArray tools;
        for (const ToolDefinition &tool : request.tools) {
            tools.append(
                QJsonObject{{QStringLiteral("type"), QStringLiteral("function")},
                            {QStringLiteral("function"),
                             QJsonObject{{QStringLiteral("name"), tool.name},
                                         {QStringLiteral("description"), tool.description},
                                         {QStringLiteral("parameters"), tool.inputSchema}}}});
        }
        json.insert(QStringLiteral("tools"), tools);
        json.insert(QStringLiteral("tool_choice"), toolChoiceJson(request.toolChoice));
        if (request.toolChoice.disableParallelToolUse)
            json.insert(QStringLiteral("parallel_tool_calls"), false);
    }
    return json;
}

Usage OpenAiClient::parseUsage(const QJsonObject &usage)
{
    Usage result;
    const qint64 prompt = qint64(usage.value(QStringLiteral("prompt_tokens")).toDouble());
    const qint64 cached = qint64(usage.value(QStringLiteral("prompt_tokens_details"))
                                     .toObject()
                                     .value(QStringLiteral("cached_tokens"))
                                     .toDouble());
    // prompt_tokens includes the cached ones; Usage::inputTokens does not.
    result.cacheReadTokens = qBound<qint64>(0, cached, prompt);
    result.inputTokens = prompt - result.cacheReadTokens;
    result.outputTokens = qint64(usage.value(QStringLiteral("completion_tokens")).toDouble());
    return result;
}

StopReason OpenAiClient::parseFinishReason(const QString &reason)
{
    if (reason == QLatin1String("stop"))
        return StopReason::EndTurn;
    if (reason == QLatin1String("length"))
        return StopReason::MaxTokens;
    if (reason == QLatin1String("tool_calls") || reason == QLatin1String("function_call"))
        return StopReason::ToolUse;
    if (reason == QLatin1String("content_filter"))
        return StopReason::Refusal;
    return reason.isEmpty() ? StopReason::None : StopReason::Other;
}

QNetworkRequest OpenAiClient::buildNetworkRequest() const
{
    QNetworkRequest request(endpoint(QStringLiteral("/v1/chat/completions")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("accept", "text/event-stream");
    if (!options().apiKey.isEmpty())
        request.setRawHeader("authorization", "Bearer " + options().apiKey.toUtf8());
    return request;
}

QByteArray OpenAiClient::buildBody(const ChatRequest &request) const
{
    return QJsonDocument(requestJson(request, options().useMaxCompletionTokens))
        .toJson(QJsonDocument::Compact);
}

void OpenAiClient::handleSseEvent(const SseEvent &sse)
{
    if (sse.data.trimmed() == QLatin1String("[DONE]")) {
        finishStream();
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(sse.data.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        failStream(protocolError(QStringLiteral("a chunk is not valid JSON")));
        return;
    }
    const QJsonObject chunk = doc.object();
    const QJsonValue error = chunk.value(QStringLiteral("error"));
    if (error.isObject() || error.isString()) {
        const QJsonObject object = error.toObject();
        const QString text = error.isString() ? error.toString()
                                              : object.value(QStringLiteral("message")).toString();
        ChatError chatError;
        chatError.code = QStringLiteral("provider-error");
        chatError.message = QStringLiteral("%1 stopped the response with an error: %2")
                                .arg(options().providerName, redacted(text));
        chatError.httpStatus = 200;
        failStream(chatError);
        return;
    }
    handleChunk(chunk);
}

void OpenAiClient::handleChunk(const QJsonObject &chunk)
{
    if (!m_started) {
        m_started = true;
        startMessage(chunk.value(QStringLiteral("id")).toString(),
                     chunk.value(QStringLiteral("model")).toString());
    }
    const QJsonArray choices = chunk.value(QStringLiteral("choices")).toArray();
    for (const QJsonValue &choiceValue : choices) {
        if (!isStreaming())
            return;
        const QJsonObject choice = choiceValue.toObject();
        if (choice.value(QStringLiteral("index")).toInt() != 0)
            continue; // n > 1 is never requested
        const QJsonObject delta = choice.value(QStringLiteral("delta")).toObject();
        const QString reasoning = stringOrEmpty(delta.value(QStringLiteral("reasoning"))) +
                                  stringOrEmpty(delta.value(QStringLiteral("reasoning_content")));
        if (!reasoning.isEmpty())
            appendReasoning(0, reasoning, false);
        const QString content = stringOrEmpty(delta.value(QStringLiteral("content")));
        if (isStreaming() && !content.isEmpty())
            appendText(0, content);
        message().refusalText += stringOrEmpty(delta.value(QStringLiteral("refusal")));
        if (isStreaming())
            handleToolCallDeltas(delta.value(QStringLiteral("tool_calls")).toArray());
        const QString finish = stringOrEmpty(choice.value(QStringLiteral("finish_reason")));
        if (isStreaming() && !finish.isEmpty()) {
            if (!completeOpenToolCalls())
                return;
            setStopReason(parseFinishReason(finish), finish);
        }
    }
    const QJsonValue usage = chunk.value(QStringLiteral("usage"));
    if (isStreaming() && usage.isObject())
        updateUsage(parseUsage(usage.toObject())); // last non-null usage wins
}

void OpenAiClient::handleToolCallDeltas(const QJsonArray &toolCalls)
{
    for (const QJsonValue &value : toolCalls) {
        if (!isStreaming())
            return;
        const QJsonObject call = value.toObject();
        // Content is block 0; tool call i is block i + 1. Ollama omits the index on whole calls.
        const int index = call.value(QStringLiteral("index")).toInt(-1);
        const QJsonObject function = call.value(QStringLiteral("function")).toObject();
        const QString id = stringOrEmpty(call.value(QStringLiteral("id")));
        int block = index + 1;
        if (index < 0) {
            block = 1;
            while (hasToolCall(block))
                ++block;
        }
        if (!hasToolCall(block))
            beginToolCall(block, id, stringOrEmpty(function.value(QStringLiteral("name"))));
        const QJsonValue arguments = function.value(QStringLiteral("arguments"));
        if (isStreaming() && arguments.isString())
            appendToolArguments(block, arguments.toString());
        else if (isStreaming() && arguments.isObject()) // some servers send an object
            appendToolArguments(
                block, QString::fromUtf8(
                           QJsonDocument(arguments.toObject()).toJson(QJsonDocument::Compact)));
    }
}

void OpenAiClient::resetStream()
{
    m_started = false;
}

void OpenAiClient::finishStream()
{
    if (!isStreaming())
        return;
    if (!m_started)
        startMessage(QString(), request().model);
    if (!message().refusalText.isEmpty() && message().stopReason == StopReason::None)
        setStopReason(StopReason::Refusal, QStringLiteral("refusal"));
    finishMessage();
}

void OpenAiClient::handleEndOfStream()
{
    // Without [DONE], a stream that reached a finish_reason is complete (some local servers
    // just close); one that did not was cut off.
    if (message().stopReason == StopReason::None) {
        ChatError error;
        error.code = QStringLiteral("stream-interrupted");
        error.message = QStringLiteral("the response from %1 ended before it was complete")
                            .arg(options().providerName);
        failStream(error);
        return;
    }
    finishStream();
}

QString OpenAiClient::errorCodeOf(const QByteArray &body) const
{
    const QJsonObject error =
        QJsonDocument::fromJson(body).object().value(QStringLiteral("error")).toObject();
    const QString code = stringOrEmpty(error.value(QStringLiteral("code")));
    return code.isEmpty() ? stringOrEmpty(error.value(QStringLiteral("type"))) : code;
}

ChatError OpenAiClient::describeHttpError(int status, const QByteArray &body) const
{
    const QJsonObject error =
        QJsonDocument::fromJson(body).object().value(QStringLiteral("error")).toObject();
    return describeHttpStatus(options().providerName, status, errorCodeOf(body),
                              redacted(stringOrEmpty(error.value(QStringLiteral("message")))),
                              request().model);
}

} // namespace agentdesk::llm
