#pragma once

#include "llm/Usage.h"

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

namespace agentdesk::llm {

// One block of a message. Which fields matter depends on `type`; the rest keep their defaults.
struct ContentBlock
{
    enum class Type
    {
        Text,
        ToolUse,
        ToolResult,
        Thinking,
        RedactedThinking
    };

    Type type = Type::Text;
    QString text;         // Text, Thinking, and ToolResult content
    QString toolUseId;    // ToolUse id, or the id a ToolResult answers
    QString toolName;     // ToolUse
    QJsonObject input;    // ToolUse arguments, parsed
    bool isError = false; // ToolResult
    QString signature;    // Thinking: must go back unchanged in the next request
    QString redactedData; // RedactedThinking: opaque, sent back unchanged

    static ContentBlock makeText(const QString &text);
    static ContentBlock makeToolUse(const QString &id, const QString &name,
                                    const QJsonObject &input);
    static ContentBlock makeToolResult(const QString &toolUseId, const QString &content,
                                       bool isError = false);
};

enum class Role
{
    User,
    Assistant
};

struct ChatMessage
{
    Role role = Role::User;
    QList<ContentBlock> content;

    static ChatMessage userText(const QString &text);
    static ChatMessage assistantText(const QString &text);
    QString plainText() const; // all Text blocks joined
    QList<ContentBlock> toolUses() const;
};

struct ToolDefinition
{
    QString name;
    QString description;
    QJsonObject inputSchema; // a JSON schema of type "object"
};

struct ToolChoice
{
    enum class Mode
    {
        Auto,
        Any,
        None,
        Tool
    };
    Mode mode = Mode::Auto;
    QString toolName; // Mode::Tool
    bool disableParallelToolUse = false;
};

struct ChatRequest
{
    QString model;
    QString system;
    QList<ChatMessage> messages;
    QList<ToolDefinition> tools;
    ToolChoice toolChoice;
    int maxOutputTokens = 4096;
};

enum class StopReason
{
    None,
    EndTurn,
    MaxTokens,
    StopSequence,
    ToolUse,
    PauseTurn, // Anthropic: send the response back as-is to let the model continue
    Refusal,
    ContextWindowExceeded,
    Other
};
QString stopReasonName(StopReason reason);

// A failure a user can act on. `requestId` is the provider's id for support and logs.
struct ChatError
{
    QString code; // "auth", "not-found", "rate-limited", "quota", "overloaded", "server-error",
                  // "bad-request", "too-large", "permission", "connection", "timeout",
                  // "stream-interrupted", "stream-overrun" (more than max_tokens streamed),
                  // "malformed-response", "provider-error", "cancelled"
    QString message;
    QString requestId;
    int httpStatus = 0;
    bool retryable = false;
    bool afterStreamStarted = false;
};

// A retry about to happen, for the UI ("rate limited, retrying in 12 s").
struct RetryNotice
{
    int attempt = 0; // 1 for the first retry
    qint64 delayMs = 0;
    ChatError cause;
    QString message;
};

struct ToolCall
{
    QString id;
    QString name;
    QJsonObject input;
};

// One streamed event. `index` is the content block index the event belongs to.
struct ChatEvent
{
    enum class Kind
    {
        MessageStarted,
        TextDelta,
        ReasoningDelta,
        ToolCallStarted,
        ToolArgumentsDelta,
        ToolCallCompleted,
        UsageUpdated,
        Stopped,
        Error
    };
    Kind kind = Kind::TextDelta;
    int index = 0;
    QString text; // TextDelta, ReasoningDelta, ToolArgumentsDelta fragment
    ToolCall toolCall;
    Usage usage; // UsageUpdated: the cumulative usage so far
    StopReason stopReason = StopReason::None;
    ChatError error;
};

// The assistant's answer once the stream ended normally.
struct FinalMessage
{
    QString id;
    QString model;
    ChatMessage message{Role::Assistant, {}};
    StopReason stopReason = StopReason::None;
    QString rawStopReason;
    QString reasoning;   // OpenAI-compatible reasoning text (not sent back)
    QString refusalText; // OpenAI-compatible refusal text
    Usage usage;
    QString requestId;
    int attempts = 1;
    // Set when the provider reported more output tokens than the request allowed: the usage
    // is kept as reported (it is what will be billed), and this says why it is suspect.
    QString usageNote;
};

} // namespace agentdesk::llm

Q_DECLARE_METATYPE(agentdesk::llm::ChatEvent)
Q_DECLARE_METATYPE(agentdesk::llm::FinalMessage)
Q_DECLARE_METATYPE(agentdesk::llm::ChatError)
Q_DECLARE_METATYPE(agentdesk::llm::RetryNotice)
