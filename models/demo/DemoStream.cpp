#include "demo/DemoStream.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace agentdesk::demo {

namespace {

// Characters of tool input per input_json_delta, about what the API sends.
constexpr qsizetype kJsonFragment = 60;
// Words per text_delta.
constexpr int kWordsPerDelta = 3;
// The wait before the first event, in gaps: a model's time to first token.
constexpr int kFirstTokenGaps = 6;

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray frame(const char *event, const QJsonObject &data)
{
    return QByteArray("event: ") + event + "\ndata: " + compact(data) + "\n\n";
}

QByteArray blockDelta(int index, const QJsonObject &delta)
{
    return frame("content_block_delta",
                 {{QStringLiteral("type"), QStringLiteral("content_block_delta")},
                  {QStringLiteral("index"), index},
                  {QStringLiteral("delta"), delta}});
}

QByteArray blockStart(int index, const QJsonObject &block)
{
    return frame("content_block_start",
                 {{QStringLiteral("type"), QStringLiteral("content_block_start")},
                  {QStringLiteral("index"), index},
                  {QStringLiteral("content_block"), block}});
}

QByteArray blockStop(int index)
{
    return frame("content_block_stop",
                 {{QStringLiteral("type"), QStringLiteral("content_block_stop")},
                  {QStringLiteral("index"), index}});
}

// Splits text after every few words, keeping the spaces, so the pieces join back exactly.
QStringList textPieces(const QString &text)
{
    QStringList pieces;
    QString current;
    int words = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        current += text.at(i);
        if (text.at(i) == QLatin1Char(' ') && ++words == kWordsPerDelta) {
            pieces.append(current);
            current.clear();
            words = 0;
        }
    }
    if (!current.isEmpty())
        pieces.append(current);
    return pieces;
}

} // namespace

QList<DemoStream::Piece> DemoStream::turn(const DemoTurn &turn, const QString &model,
                                          const Ids &ids, int paceMs)
{
    QList<Piece> pieces;
    // Gaps vary between two thirds and four thirds of the pace, the same way every run.
    auto gap = [&pieces, paceMs]() -> int {
        if (paceMs <= 0)
            return 0;
        const int spread = int((pieces.size() * 37) % 100);
        return paceMs * 2 / 3 + paceMs * 2 * spread / 300;
    };
    auto add = [&pieces](QByteArray bytes, int delayMs) {
        pieces.append({std::move(bytes), delayMs});
    };

    const QJsonObject startUsage{{QStringLiteral("input_tokens"), turn.inputTokens},
                                 {QStringLiteral("cache_creation_input_tokens"), 0},
                                 {QStringLiteral("cache_read_input_tokens"), 0},
                                 {QStringLiteral("output_tokens"), 1}};
    const QJsonObject message{{QStringLiteral("id"), ids.messageId},
                              {QStringLiteral("type"), QStringLiteral("message")},
                              {QStringLiteral("role"), QStringLiteral("assistant")},
                              {QStringLiteral("model"), model},
                              {QStringLiteral("content"), QJsonArray()},
                              {QStringLiteral("stop_reason"), QJsonValue()},
                              {QStringLiteral("stop_sequence"), QJsonValue()},
                              {QStringLiteral("usage"), startUsage}};
    add(frame("message_start", {{QStringLiteral("type"), QStringLiteral("message_start")},
                                {QStringLiteral("message"), message}}),
        paceMs * kFirstTokenGaps);

    int index = 0;
    if (!turn.text.isEmpty()) {
        add(blockStart(index, {{QStringLiteral("type"), QStringLiteral("text")},
                               {QStringLiteral("text"), QString()}}),
            0);
        add(frame("ping", {{QStringLiteral("type"), QStringLiteral("ping")}}), 0);
        for (const QString &text : textPieces(turn.text)) {
            const int delay = gap();
            add(blockDelta(index, {{QStringLiteral("type"), QStringLiteral("text_delta")},
                                   {QStringLiteral("text"), text}}),
                delay);
        }
        add(blockStop(index), 0);
        ++index;
    }

    add(blockStart(index, {{QStringLiteral("type"), QStringLiteral("tool_use")},
                           {QStringLiteral("id"), ids.toolUseId},
                           {QStringLiteral("name"), turn.tool},
                           {QStringLiteral("input"), QJsonObject()}}),
        gap());
    // The first fragment is often empty on the real API.
    add(blockDelta(index, {{QStringLiteral("type"), QStringLiteral("input_json_delta")},
                           {QStringLiteral("partial_json"), QString()}}),
        0);
    const QString json = QString::fromUtf8(compact(turn.input));
    for (qsizetype from = 0; from < json.size();) {
        qsizetype length = qMin(kJsonFragment, json.size() - from);
        if (json.at(from + length - 1).isHighSurrogate() && from + length < json.size())
            ++length; // never split a surrogate pair
        const int delay = gap();
        add(blockDelta(index, {{QStringLiteral("type"), QStringLiteral("input_json_delta")},
                               {QStringLiteral("partial_json"), json.mid(from, length)}}),
            delay);
        from += length;
    }
    add(blockStop(index), 0);
    add(frame("message_delta",
              {{QStringLiteral("type"), QStringLiteral("message_delta")},
               {QStringLiteral("delta"),
                QJsonObject{{QStringLiteral("stop_reason"), QStringLiteral("tool_use")},
                            {QStringLiteral("stop_sequence"), QJsonValue()}}},
               {QStringLiteral("usage"),
                QJsonObject{{QStringLiteral("output_tokens"), turn.outputTokens}}}}),
        gap());
    add(frame("message_stop", {{QStringLiteral("type"), QStringLiteral("message_stop")}}), 0);
    return pieces;
}

QByteArray DemoStream::errorBody(const QString &type, const QString &message)
{
    return compact({{QStringLiteral("type"), QStringLiteral("error")},
                    {QStringLiteral("error"), QJsonObject{{QStringLiteral("type"), type},
                                                          {QStringLiteral("message"), message}}}});
}

} // namespace agentdesk::demo
