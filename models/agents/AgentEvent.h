#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace agentdesk::agents {

// One entry of a task's timeline, produced by an agent backend. A plain value: copied across
// threads through queued signals and written to the store as (kind, text, payload, time).
struct AgentEvent
{
    enum class Kind
    {
        SessionStarted,    // the agent announced its session (id, model, tools)
        AssistantText,     // text the model wrote
        ToolUse,           // the model called a tool: payload {id, name, input}
        ToolResult,        // a tool's answer: payload {tool_use_id, content, is_error}
        RateLimit,         // a usage window's state: payload UsageWindow::toJson()
        Retry,             // the agent is retrying a failed call: payload {attempt, status, ...}
        Usage,             // tokens used by one call or turn: payload {model, input_tokens, ...}
        Cost,              // the run's cost as reported or priced: payload {usd, source}
        Note,              // a warning, or something AgentDesk noticed (a malformed line)
        Stderr,            // a line the CLI wrote to its standard error
        Error,             // the agent reported a real error (not a warning, not a retry)
        PermissionRequest, // the agent asks to use a tool: payload PermissionRequest::toJson()
        PermissionDecided, // the question was answered: payload {request_id, answer, by, ...}
    };

    Kind kind = Kind::Note;
    QString text;
    QJsonObject payload;
    QDateTime timestamp;

    static AgentEvent make(Kind kind, QString text, QJsonObject payload = {});
};

// Stable lower-case names ("assistant_text", "tool_use") for the store and JSON output.
QString eventKindName(AgentEvent::Kind kind);

} // namespace agentdesk::agents

Q_DECLARE_METATYPE(agentdesk::agents::AgentEvent)
