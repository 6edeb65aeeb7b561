#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace agentdesk::agents {

// What a run does when its agent asks to use a tool it was not allowed in advance.
enum class PermissionPolicy
{
    DenyUnlisted, // answer "no" at once (nobody is there to ask); the timeline shows the question
    AskUser,      // wait for answerPermission(); the run keeps its process and stops its clocks
};

// One question an agent is waiting on: Claude Code's `control_request` {subtype `can_use_tool`,
// tool_name, input, tool_use_id, decision_reason or blocked_path, permission_suggestions}.
struct PermissionRequest
{
    QString requestId; // the agent's id for this question, echoed in the answer
    QString toolName;  // "Bash", "Write", "WebFetch", "mcp__server__tool"
    QString displayName;
    QJsonObject input; // the tool's input as the model wrote it ({command, description})
    QString toolUseId;
    QString reason;         // why it asks ("This command requires approval")
    QString blockedPath;    // a path outside the allowed folders, when that is the reason
    QString description;    // the agent's one-line description of the call
    QJsonArray suggestions; // the agent's own suggested rules for "always"

    // One line for a card or a notification: "Bash: npm test", "Write: src/a.cpp".
    QString summary() const;
    // The input field a rule about this tool matches (command, file_path, url, …); empty if none.
    QString subject() const;

    QJsonObject toJson() const;
    static std::optional<PermissionRequest> fromJson(const QJsonObject &object);
};

// A rule "allow always" grants for the rest of the task, in Claude Code's --allowedTools form:
// "Bash(npm test)", "Bash(npm run:*)" (a prefix), or a bare tool name for every use of it.
struct PermissionRule
{
    QString toolName;
    QString content; // empty: every use of the tool

    bool matches(const PermissionRequest &request) const;
    QString toString() const;
    static std::optional<PermissionRule> parse(const QString &text);
    // The narrowest rule covering `request`: the agent's own suggestion when it made one,
    // else the tool with this exact subject, else the tool.
    static PermissionRule covering(const PermissionRequest &request);

    friend bool operator==(const PermissionRule &, const PermissionRule &) = default;
};

enum class PermissionAnswer
{
    AllowOnce,
    AllowAlways, // this use and every later one the rule covers, for the rest of the task
    Deny,
};

// "allow", "allow_always", "deny" (the names `agentdesk permit` and the store use).
QString permissionAnswerName(PermissionAnswer answer);
std::optional<PermissionAnswer> permissionAnswerFromName(const QString &name);

struct PermissionDecision
{
    PermissionAnswer answer = PermissionAnswer::Deny;
    QString message; // for Deny: what the agent is told (a default sentence when empty)
    QString by;      // who answered: "user", "rule" (an earlier "always"), "policy", "timeout"

    bool allows() const { return answer != PermissionAnswer::Deny; }
    static PermissionDecision allowOnce();
    static PermissionDecision allowAlways();
    static PermissionDecision deny(QString message = {});
};

} // namespace agentdesk::agents

Q_DECLARE_METATYPE(agentdesk::agents::PermissionRequest)
Q_DECLARE_METATYPE(agentdesk::agents::PermissionDecision)
