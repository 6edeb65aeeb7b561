#include "agents/AgentEvent.h"

namespace agentdesk::agents {

AgentEvent AgentEvent::make(Kind kind, QString text, QJsonObject payload)
{
    AgentEvent event;
    event.kind = kind;
    event.text = std::move(text);
    event.payload = std::move(payload);
    event.timestamp = QDateTime::currentDateTimeUtc();
    return event;
}

QString eventKindName(AgentEvent::Kind kind)
{
    switch (kind) {
    case AgentEvent::Kind::SessionStarted:
        return QStringLiteral("session_started");
    case AgentEvent::Kind::AssistantText:
        return QStringLiteral("assistant_text");
    case AgentEvent::Kind::ToolUse:
        return QStringLiteral("tool_use");
    case AgentEvent::Kind::ToolResult:
        return QStringLiteral("tool_result");
    case AgentEvent::Kind::RateLimit:
        return QStringLiteral("rate_limit");
    case AgentEvent::Kind::Retry:
        return QStringLiteral("retry");
    case AgentEvent::Kind::Usage:
        return QStringLiteral("usage");
    case AgentEvent::Kind::Cost:
        return QStringLiteral("cost");
    case AgentEvent::Kind::Note:
        return QStringLiteral("note");
    case AgentEvent::Kind::Stderr:
        return QStringLiteral("stderr");
    case AgentEvent::Kind::Error:
        return QStringLiteral("error");
    case AgentEvent::Kind::PermissionRequest:
        return QStringLiteral("permission_request");
    case AgentEvent::Kind::PermissionDecided:
        return QStringLiteral("permission_decided");
    }
    return QStringLiteral("note");
}

} // namespace agentdesk::agents
