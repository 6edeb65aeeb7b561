#pragma once

#include "agents/Permission.h"
#include "agents/TokenUsage.h"
#include "agents/UsageWindow.h"
#include "core/Money.h"

#include <QList>
#include <QMap>

#include <QMetaType>
#include <QString>

#include <optional>

namespace agentdesk::agents {

// How an agent step ended. The pipeline maps these to task states: Succeeded goes on to
// validation; BudgetExceeded pauses the task; UsageLimited pauses the vendor's CLI tasks until
// `usageWindow->resetsAt`; the rest fail it with `reason`.
enum class OutcomeKind
{
    Succeeded,
    Failed,         // the agent reported an error, or its output made no sense
    BudgetExceeded, // the agent's own budget flag or our guard stopped it
    MaxTurns,
    AuthFailed,   // the provider refused the key: retrying will not help
    Crashed,      // the process died or exited without a final result
    Cancelled,    // the user (or the pipeline) cancelled it
    TimedOut,     // the wall-clock limit was reached
    UsageLimited, // a subscription usage window said "rejected": `usageWindow` says until when
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
    // A stable identifier of the failure for code and tests, empty when there is none:
    // "auth", "cannot-reach", "not-found", "sandbox-helper", "rate-limited", "usage-limit",
    // "permission-timeout"; for the built-in agents the error's own code ("store-disk-full",
    // "stream-overrun", ...): the pipeline pauses, rather than fails, a task stopped by a full
    // disk (core/DurableFile.h isDiskFullError).
    QString code;
    UsageByModel usage;
    std::optional<Money> cost;
    CostSource costSource = CostSource::Unmetered;
    int turns = 0;
    QString sessionId;
    QString finalText; // the agent's closing message, when it has one
    int exitCode = -1;
    // The window that stopped the run (UsageLimited), or the last warning seen.
    std::optional<UsageWindow> usageWindow;
    // The provider's requests per model, where the CLI reports them (Claude Code: one per
    // assistant message id); empty when it does not (Codex reports only per turn).
    QMap<QString, int> requests;
    // Time the run spent waiting for the user's answers (not working, so budgets of time
    // should not count it), and the "allow always" rules granted during the run.
    qint64 waitedMs = 0;
    QList<PermissionRule> grantedRules;
    // The backend already stored this run's cost through a SpendJournal (CliBackend): the
    // pipeline must not record it again.
    bool costRecorded = false;

    bool succeeded() const { return kind == OutcomeKind::Succeeded; }
    TokenUsage totalUsage() const { return agents::totalUsage(usage); }
};

QString outcomeKindName(OutcomeKind kind);
QString costSourceName(CostSource source);

} // namespace agentdesk::agents

Q_DECLARE_METATYPE(agentdesk::agents::AgentOutcome)
