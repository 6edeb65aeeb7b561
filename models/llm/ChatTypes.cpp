#include "llm/ChatTypes.h"

namespace agentdesk::llm {

ContentBlock ContentBlock::makeText(const QString &text)
{
    ContentBlock block;
    block.type = Type::Text;
    block.text = text;
    return block;
}

ContentBlock ContentBlock::makeToolUse(const QString &id, const QString &name,
                                       const QJsonObject &input)
{
    ContentBlock block;
    block.type = Type::ToolUse;
    block.toolUseId = id;
    block.toolName = name;
    block.input = input;
    return block;
}

ContentBlock ContentBlock::makeToolResult(const QString &toolUseId, const QString &content,
                                          bool isError)
{
    ContentBlock block;
    block.type = Type::ToolResult;
    block.toolUseId = toolUseId;
    block.text = content;
    block.isError = isError;
    return block;
}

ChatMessage ChatMessage::userText(const QString &text)
{
    return ChatMessage{Role::User, {ContentBlock::makeText(text)}};
}

ChatMessage ChatMessage::assistantText(const QString &text)
{
    return ChatMessage{Role::Assistant, {ContentBlock::makeText(text)}};
}

QString ChatMessage::plainText() const
{
    QString result;
    for (const ContentBlock &block : content) {
        if (block.type == ContentBlock::Type::Text)
            result += block.text;
    }
    return result;
}

QList<ContentBlock> ChatMessage::toolUses() const
{
    QList<ContentBlock> result;
    for (const ContentBlock &block : content) {
        if (block.type == ContentBlock::Type::ToolUse)
            result.append(block);
    }
    return result;
}

QString stopReasonName(StopReason reason)
{
    switch (reason) {
    case StopReason::None:
        return QStringLiteral("none");
    case StopReason::EndTurn:
        return QStringLiteral("end_turn");
    case StopReason::MaxTokens:
        return QStringLiteral("max_tokens");
    case StopReason::StopSequence:
        return QStringLiteral("stop_sequence");
    case StopReason::ToolUse:
        return QStringLiteral("tool_use");
    case StopReason::PauseTurn:
        return QStringLiteral("pause_turn");
    case StopReason::Refusal:
        return QStringLiteral("refusal");
    case StopReason::ContextWindowExceeded:
        return QStringLiteral("model_context_window_exceeded");
    case StopReason::Other:
        break;
    }
    return QStringLiteral("other");
}

} // namespace agentdesk::llm
