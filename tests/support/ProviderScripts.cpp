#include "ProviderScripts.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace agentdesk::test {

namespace {
QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}
} // namespace

namespace anthropic {

QByteArray frame(const QByteArray &event, const QJsonObject &data)
{
    return "event: " + event + "\ndata: " + compact(data) + "\n\n";
}

QByteArray messageStart(const QString &model, qint64 inputTokens, qint64 cacheRead,
                        qint64 cacheWrite)
{
    const QJsonObject usage{{QStringLiteral("input_tokens"), inputTokens},
                            {QStringLiteral("cache_creation_input_tokens"), cacheWrite},
                            {QStringLiteral("cache_read_input_tokens"), cacheRead},
                            {QStringLiteral("output_tokens"), 1}};
    const QJsonObject message{{QStringLiteral("id"), QStringLiteral("msg_fake01")},
                              {QStringLiteral("type"), QStringLiteral("message")},
                              {QStringLiteral("role"), QStringLiteral("assistant")},
                              {QStringLiteral("model"), model},
                              {QStringLiteral("content"), QJsonArray()},
                              {QStringLiteral("stop_reason"), QJsonValue()},
                              {QStringLiteral("stop_sequence"), QJsonValue()},
                              {QStringLiteral("usage"), usage}};
    return frame("message_start", {{QStringLiteral("type"), QStringLiteral("message_start")},
                                   {QStringLiteral("message"), message}});
}

QByteArray textBlockStart(int index)
{
    return frame("content_block_start",
                 {{QStringLiteral("type"), QStringLiteral("content_block_start")},
                  {QStringLiteral("index"), index},
                  {QStringLiteral("content_block"),
                   QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                               {QStringLiteral("text"), QString()}}}});
}

QByteArray textDelta(int index, const QString &text)
{
    return frame("content_block_delta",
                 {{QStringLiteral("type"), QStringLiteral("content_block_delta")},
                  {QStringLiteral("index"), index},
                  {QStringLiteral("delta"),
                   QJsonObject{{QStringLiteral("type"), QStringLiteral("text_delta")},
                               {QStringLiteral("text"), text}}}});
}

QByteArray toolUseStart(int index, const QString &id, const QString &name)
{
    return frame("content_block_start",
                 {{QStringLiteral("type"), QStringLiteral("content_block_start")},
                  {QStringLiteral("index"), index},
                  {QStringLiteral("content_block"),
                   QJsonObject{{QStringLiteral("type"), QStringLiteral("tool_use")},
                               {QStringLiteral("id"), id},
                               {QStringLiteral("name"), name},
                               {QStringLiteral("input"), QJsonObject()}}}});
}

QByteArray inputJsonDelta(int index, const QString &partialJson)
{
    return frame("content_block_delta",
                 {{QStringLiteral("type"), QStringLiteral("content_block_delta")},
                  {QStringLiteral("index"), index},
                  {QStringLiteral("delta"),
                   QJsonObject{{QStringLiteral("type"), QStringLiteral("input_json_delta")},
                               {QStringLiteral("partial_json"), partialJson}}}});
}

QByteArray blockStop(int index)
{
    return frame("content_block_stop",
                 {{QStringLiteral("type"), QStringLiteral("content_block_stop")},
                  {QStringLiteral("index"), index}});
}

QByteArray messageDelta(const QString &stopReason, const QJsonObject &usage)
{
    return frame("message_delta", {{QStringLiteral("type"), QStringLiteral("message_delta")},
                                   {QStringLiteral("delta"),
                                    QJsonObject{{QStringLiteral("stop_reason"), stopReason},
                                                {QStringLiteral("stop_sequence"), QJsonValue()}}},
                                   {QStringLiteral("usage"), usage}});
}

QByteArray messageStop()
{
    return frame("message_stop", {{QStringLiteral("type"), QStringLiteral("message_stop")}});
}

QByteArray ping()
{
    return frame("ping", {{QStringLiteral("type"), QStringLiteral("ping")}});
}

QByteArray error(const QString &type, const QString &message)
{
    return frame("error",
                 {{QStringLiteral("type"), QStringLiteral("error")},
                  {QStringLiteral("error"), QJsonObject{{QStringLiteral("type"), type},
                                                        {QStringLiteral("message"), message}}}});
}

ScriptedResponse textTurn(const QStringList &pieces, qint64 inputTokens, qint64 outputTokens,
                          const QString &stopReason)
{
    QList<QByteArray> frames{
        messageStart(QStringLiteral("claude-sonnet-4-5-20250929"), inputTokens), textBlockStart(0),
        ping()};
    for (const QString &piece : pieces)
        frames.append(textDelta(0, piece));
    frames.append(blockStop(0));
    frames.append(messageDelta(stopReason, {{QStringLiteral("output_tokens"), outputTokens}}));
    frames.append(messageStop());
    return ScriptedResponse::eventStream(frames).header("request-id", "req_text01");
}

ScriptedResponse toolTurn(const QString &leadText, const QString &id, const QString &name,
                          const QStringList &argumentFragments, qint64 inputTokens,
                          qint64 outputTokens)
{
    QList<QByteArray> frames{
        messageStart(QStringLiteral("claude-sonnet-4-5-20250929"), inputTokens)};
    int index = 0;
    if (!leadText.isEmpty()) {
        frames.append(textBlockStart(0));
        frames.append(textDelta(0, leadText));
        frames.append(blockStop(0));
        index = 1;
    }
    frames.append(toolUseStart(index, id, name));
    frames.append(inputJsonDelta(index, QString())); // the first fragment is often empty
    for (const QString &fragment : argumentFragments)
        frames.append(inputJsonDelta(index, fragment));
    frames.append(blockStop(index));
    frames.append(messageDelta(QStringLiteral("tool_use"),
                               {{QStringLiteral("output_tokens"), outputTokens}}));
    frames.append(messageStop());
    return ScriptedResponse::eventStream(frames).header("request-id", "req_tool01");
}

ScriptedResponse httpError(int status, const QString &type, const QString &message,
                           const QByteArray &requestId)
{
    const QJsonObject body{
        {QStringLiteral("type"), QStringLiteral("error")},
        {QStringLiteral("error"),
         QJsonObject{{QStringLiteral("type"), type}, {QStringLiteral("message"), message}}},
        {QStringLiteral("request_id"), QString::fromLatin1(requestId)}};
    return ScriptedResponse::body(status, "application/json", compact(body))
        .header("request-id", requestId);
}

} // namespace anthropic

namespace openai {

QByteArray frame(const QJsonObject &chunk)
{
    return "data: " + compact(chunk) + "\n\n";
}

QByteArray done()
{
    return "data: [DONE]\n\n";
}

QJsonObject chunk(const QJsonObject &delta, const QString &finishReason)
{
    const QJsonObject choice{{QStringLiteral("index"), 0},
                             {QStringLiteral("delta"), delta},
                             {QStringLiteral("finish_reason"),
                              finishReason.isEmpty() ? QJsonValue() : QJsonValue(finishReason)}};
    return {{QStringLiteral("id"), QStringLiteral("chatcmpl-fake01")},
            {QStringLiteral("object"), QStringLiteral("chat.completion.chunk")},
            {QStringLiteral("created"), 1788000000},
            {QStringLiteral("model"), QStringLiteral("gpt-5-mini")},
            {QStringLiteral("choices"), QJsonArray{choice}}};
}

QJsonObject usageChunk(qint64 promptTokens, qint64 completionTokens, qint64 cachedTokens)
{
    const QJsonObject usage{{QStringLiteral("prompt_tokens"), promptTokens},
                            {QStringLiteral("completion_tokens"), completionTokens},
                            {QStringLiteral("total_tokens"), promptTokens + completionTokens},
                            {QStringLiteral("prompt_tokens_details"),
                             QJsonObject{{QStringLiteral("cached_tokens"), cachedTokens}}}};
    return {{QStringLiteral("id"), QStringLiteral("chatcmpl-fake01")},
            {QStringLiteral("object"), QStringLiteral("chat.completion.chunk")},
            {QStringLiteral("created"), 1788000000},
            {QStringLiteral("model"), QStringLiteral("gpt-5-mini")},
            {QStringLiteral("choices"), QJsonArray()},
            {QStringLiteral("usage"), usage}};
}

QJsonObject toolCallDelta(int index, const QString &id, const QString &name,
                          const QString &arguments)
{
    QJsonObject function{{QStringLiteral("arguments"), arguments}};
    QJsonObject call{{QStringLiteral("index"), index}};
    if (!id.isEmpty()) {
        call.insert(QStringLiteral("id"), id);
        call.insert(QStringLiteral("type"), QStringLiteral("function"));
        function.insert(QStringLiteral("name"), name);
    }
    call.insert(QStringLiteral("function"), function);
    return {{QStringLiteral("tool_calls"), QJsonArray{call}}};
}

ScriptedResponse textTurn(const QStringList &pieces, qint64 promptTokens, qint64 completionTokens)
{
    QList<QByteArray> frames{frame(chunk({{QStringLiteral("role"), QStringLiteral("assistant")},
                                          {QStringLiteral("content"), QString()}}))};
    for (const QString &piece : pieces)
        frames.append(frame(chunk({{QStringLiteral("content"), piece}})));
    frames.append(frame(chunk({}, QStringLiteral("stop"))));
    frames.append(frame(usageChunk(promptTokens, completionTokens)));
    frames.append(done());
    return ScriptedResponse::eventStream(frames).header("x-request-id", "req_text01");
}

ScriptedResponse toolTurn(const QString &id, const QString &name,
                          const QStringList &argumentFragments, qint64 promptTokens,
                          qint64 completionTokens)
{
    QList<QByteArray> frames{frame(chunk({{QStringLiteral("role"), QStringLiteral("assistant")},
                                          {QStringLiteral("content"), QJsonValue()}})),
                             frame(chunk(toolCallDelta(0, id, name, QString())))};
    for (const QString &fragment : argumentFragments)
        frames.append(frame(chunk(toolCallDelta(0, QString(), QString(), fragment))));
    frames.append(frame(chunk({}, QStringLiteral("tool_calls"))));
    frames.append(frame(usageChunk(promptTokens, completionTokens)));
    frames.append(done());
    return ScriptedResponse::eventStream(frames).header("x-request-id", "req_tool01");
}

ScriptedResponse httpError(int status, const QString &type, const QString &code,
                           const QString &message, const QByteArray &requestId)
{
    const QJsonObject body{
        {QStringLiteral("error"),
         QJsonObject{{QStringLiteral("message"), message},
                     {QStringLiteral("type"), type},
                     {QStringLiteral("param"), QJsonValue()},
                     {QStringLiteral("code"), code.isEmpty() ? QJsonValue() : QJsonValue(code)}}}};
    return ScriptedResponse::body(status, "application/json", compact(body))
        .header("x-request-id", requestId);
}

} // namespace openai

} // namespace agentdesk::test
