#pragma once

#include "agents/TokenUsage.h"
#include "core/Money.h"

#include <QMetaType>
#include <QString>

#include <optional>

namespace agentdesk::agents {

// How an agent step ended. The pipeline maps these to task states: Succeeded goes on to
// validation; BudgetExceeded pauses the task; the rest fail it with `reason`.
enum class OutcomeKind
{
    Succeeded,
    Failed,         // the agent reported an error, or its output made no sense
    BudgetExceeded, // the agent's own budget flag or our guard stopped it
    MaxTurns,
    AuthFailed, // the provider refused the key: retrying will not help
    Crashed,    // the process died or exited without a final result
    Cancelled,  // the user (or the pipeline) cancelled it
    TimedOut,   // the wall-clock limit was reached
};

// Where the outcome's cost figure comes from.
enum class CostSource
{
    Reported,  // the agent printed it (Claude Code's total_cost_usd, Aider's session cost)
    Priced,    // we priced the reported usage with the price table
    Unpriced,  // usage is known but no price was available: cost unknown
    Unmetered, // the agent reports neither cost nor usage (custom commands)
};

struct AgentOutcome
{
    OutcomeKind kind = OutcomeKind::Failed;
    QString reason; // empty on success; otherwise a sentence a user can act on
    UsageByModel usage;
    std::optional<Money> cost;
    CostSource costSource = CostSource::Unmetered;
    int turns = 0;
    QString sessionId;
    QString finalText; // the agent's closing message, when it has one
    int exitCode = -1;

    bool succeeded() const { return kind == OutcomeKind::Succeeded; }
    TokenUsage totalUsage() const { return agents::totalUsage(usage); }
};

QString outcomeKindName(OutcomeKind kind);
QString costSourceName(CostSource source);

} // namespace agentdesk::agents

Q_DECLARE_METATYPE(agentdesk::agents::AgentOutcome)
