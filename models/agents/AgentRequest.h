#pragma once

#include "agents/Permission.h"
#include "agents/TokenUsage.h"
#include "core/Money.h"

#include <QMap>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace agentdesk::agents {

// Prices one model's usage; nullopt when the model has no price. The pipeline passes the
// price table's lookup here (models/cost); the agents layer never hard-codes prices.
using UsagePricer = std::function<std::optional<Money>(const QString &model, const TokenUsage &)>;

// One agent step: what to do, where, and within which limits. Immutable once started.
struct AgentRequest
{
    QString worktree; // absolute path; the agent runs there
    QString prompt;
    QString model;                        // empty: the agent's default
    std::optional<Money> remainingBudget; // what the task may still spend; nullopt: no cap
    int maxTurns = 0;                     // 0: the agent's default
    int wallClockLimitMs = 0;             // 0: none
    UsagePricer pricer; // may be empty: costs the agent does not report stay unpriced
    // Questions the agent asks about tools: answered "no" at once, or waited on (agents that
    // can ask: Claude Code). While it waits no wall clock runs and the process stays alive.
    PermissionPolicy permissions = PermissionPolicy::DenyUnlisted;
    int permissionTimeoutMs = 0;         // AskUser: deny a question unanswered this long; 0: wait
    QList<PermissionRule> alwaysAllowed; // rules the task was granted earlier ("always")
    // Variables of the task's environment, set for the agent and every command it runs: its
    // ports (AGENTDESK_PORT...) and the recipe's [env]. Never a credential.
    QMap<QString, QString> environment;
};

} // namespace agentdesk::agents
