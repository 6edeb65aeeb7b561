#pragma once

#include "tasks/TaskSpec.h"

#include <QString>

// The settings the Settings dialog writes and the engine reads, by name, with their defaults.
// These names are in users' settings files: never rename one, add a new key instead.
// Qt Core only, so the engine can include it.

namespace agentdesk::settingkeys {

// How many tasks run at once (int).
inline QString concurrency()
{
    return QStringLiteral("engine/concurrency");
}
constexpr int defaultConcurrency = 2;
constexpr int minimumConcurrency = 1;
constexpr int maximumConcurrency = 16;

// What all tasks together may spend in a local day, in dollars as an exact decimal string
// ("20.00"), never a floating value.
inline QString dailyBudgetUsd()
{
    return QStringLiteral("engine/dailyBudgetUsd");
}
inline QString defaultDailyBudgetUsd()
{
    return QStringLiteral("20.00");
}

// How long one validation run may take (int seconds).
inline QString validationTimeoutSeconds()
{
    return QStringLiteral("engine/validationTimeoutSeconds");
}
constexpr int defaultValidationTimeoutSeconds = 1200;

// Whether commands run under bubblewrap when it is installed (bool).
inline QString sandbox()
{
    return QStringLiteral("engine/sandbox");
}
constexpr bool defaultSandbox = true;

// How a task's branch lands on its base: one of the three values below.
inline QString mergeStrategy()
{
    return QStringLiteral("engine/mergeStrategy");
}
inline QString mergeStrategySquash()
{
    return QStringLiteral("squash");
}
inline QString mergeStrategyMergeCommit()
{
    return QStringLiteral("merge");
}
inline QString mergeStrategyFastForwardOnly()
{
    return QStringLiteral("fast-forward");
}
inline QString defaultMergeStrategy()
{
    return mergeStrategySquash();
}

// Where task worktrees are created (string); empty means AppPaths::worktreesDir().
inline QString worktreeRoot()
{
    return QStringLiteral("engine/worktreeRoot");
}

// Per risk level ("low", "medium", "high"): the implementer and reviewer as "provider:model"
// and the budget of a run in dollars ("1.00"). Defaults: tasks::riskDefaults().
inline QString riskImplementer(tasks::RiskLevel risk)
{
    return QStringLiteral("risk/%1/implementer").arg(tasks::riskLevelStorageName(risk));
}
inline QString riskReviewer(tasks::RiskLevel risk)
{
    return QStringLiteral("risk/%1/reviewer").arg(tasks::riskLevelStorageName(risk));
}
inline QString riskBudgetUsd(tasks::RiskLevel risk)
{
    return QStringLiteral("risk/%1/budgetUsd").arg(tasks::riskLevelStorageName(risk));
}

// Desktop notifications for tasks that need the user (bool).
inline QString notificationsEnabled()
{
    return QStringLiteral("notifications/enabled");
}
constexpr bool defaultNotificationsEnabled = true;

} // namespace agentdesk::settingkeys
