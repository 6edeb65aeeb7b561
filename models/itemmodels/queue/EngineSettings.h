#pragma once

#include "core/Money.h"
#include "tasks/TaskSpec.h"

#include <QString>

#include <array>

class QSettings;

namespace agentdesk::itemmodels {

// Every value of SettingsKeys.h, read with its default where the file has none or has one
// that does not parse, so neither the dialog nor the engine repeats the defaults.
struct EngineSettings
{
    int concurrency = 2;
    Money dailyBudget = Money::fromCents(2000);
    int validationTimeoutSeconds = 1200;
    bool sandbox = true;
    QString mergeStrategy = QStringLiteral("squash"); // "squash" | "merge" | "fast-forward"
    QString worktreeRoot;                             // empty: AppPaths::worktreesDir()
    std::array<tasks::RiskDefaults, 3> risk = {tasks::riskDefaults(tasks::RiskLevel::Low),
                                               tasks::riskDefaults(tasks::RiskLevel::Medium),
                                               tasks::riskDefaults(tasks::RiskLevel::High)};
    bool notificationsEnabled = true;

    const tasks::RiskDefaults &forRisk(tasks::RiskLevel level) const
    {
        return risk[static_cast<std::size_t>(level)];
    }
    tasks::RiskDefaults &forRisk(tasks::RiskLevel level)
    {
        return risk[static_cast<std::size_t>(level)];
    }

    static EngineSettings load(const QSettings &settings);
    void save(QSettings &settings) const;
};

// "20.00", "0.50", "1.255": dollars with at least two decimals, exact (the form the settings
// file keeps budgets in).
QString dollarsSettingString(Money amount);

} // namespace agentdesk::itemmodels
