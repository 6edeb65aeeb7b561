#pragma once

#include "agents/Permission.h"
#include "agents/UsageWindow.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace agentdesk::agents::claude {

// Claude Code's stream-json input and its control protocol on standard input/output, as the
// real CLI 2.1.197 speaks it with `--input-format stream-json --permission-prompt-tool stdio`
// (confirmed against the binary; the shapes match hrntknr/claude-code-protocol and Vibe
// Kanban's executor):
//
//   stdin   {"type":"user","message":{"role":"user","content":PROMPT}}
//   stdout  {"type":"control_request","request_id":ID,"request":{"subtype":"can_use_tool",
//            "tool_name","display_name","input","tool_use_id","description",
//            "permission_suggestions":[{"type":"addRules","rules":[{toolName,ruleContent}],
//            "behavior":"allow","destination":"localSettings"}],
//            "decision_reason" | "blocked_path"}}
//   stdin   {"type":"control_response","response":{"subtype":"success","request_id":ID,
//            "response":{"behavior":"allow","updatedInput":{…}[,"updatedPermissions":[…]]}
//            | {"behavior":"deny","message":TEXT}}}
//
// `updatedInput` is required with "allow" (the CLI rejects the answer without it). The CLI
// waits for an answer as long as it takes, and after its `result` line it waits for more
// input until standard input is closed.

// The first line a run writes: the prompt as a `user` message, newline-terminated.
QByteArray userMessage(const QString &prompt);

// A `can_use_tool` request, or nullopt for any other control request.
std::optional<PermissionRequest> parseCanUseTool(const QJsonObject &controlRequest);

// The answer to `request`. "Allow always" adds the rule covering it for the rest of the CLI's
// session — destination "session", never the CLI's suggested "localSettings", which would
// write `.claude/settings.local.json` into the task's worktree.
QByteArray encodeAnswer(const PermissionRequest &request, const PermissionDecision &decision);

// A refusal of a control request AgentDesk does not handle (hook callbacks, MCP messages):
// without an answer the CLI would wait for ever.
QByteArray encodeError(const QString &requestId, const QString &message);

// `rate_limit_event` {rate_limit_info {status, resetsAt (epoch seconds), rateLimitType,
// utilization, isUsingOverage}}; nullopt when the status is missing or unknown.
std::optional<UsageWindow> parseRateLimitEvent(const QJsonObject &event);

// The sentence the agent reads when a question is denied without a message of the user's.
QString defaultDenyMessage(const PermissionRequest &request, const QString &by);

} // namespace agentdesk::agents::claude
