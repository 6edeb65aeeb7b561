#pragma once

#include "core/Money.h"

#include <QString>

#include <optional>

namespace agentdesk::tasks {

enum class RiskLevel
{
    Low,
    Medium,
    High,
};

QString riskLevelStorageName(RiskLevel risk); // "low", "medium", "high"
std::optional<RiskLevel> riskLevelFromStorageName(const QString &name);

// A model at a provider: {"anthropic", "claude-sonnet-4-5"}.
struct ModelRef
{
    QString provider;
    QString model;

    bool isEmpty() const { return provider.isEmpty() || model.isEmpty(); }
    // "anthropic:claude-sonnet-4-5", the form the command line takes.
    QString toString() const { return provider + QLatin1Char(':') + model; }
    static std::optional<ModelRef> parse(const QString &text);
    friend bool operator==(const ModelRef &, const ModelRef &) = default;
};

// Wall-clock limits of one iteration's steps, in seconds.
struct TaskTimeouts
{
    int implementSeconds = 30 * 60;
    int commandSeconds = 10 * 60; // one command the implementer runs
    int validateSeconds = 20 * 60;
    int reviewSeconds = 10 * 60;
    friend bool operator==(const TaskTimeouts &, const TaskTimeouts &) = default;
};

// What a risk level chooses when the user does not: the reviewer is a different, cheaper
// model than the implementer, and the budget grows with the risk.
struct RiskDefaults
{
    ModelRef implementer;
    ModelRef reviewer;
    Money budget;
};
RiskDefaults riskDefaults(RiskLevel risk);

// What the user asked for at dispatch. `baseCommit` is resolved from `baseBranch` when the
// task is dispatched and never changes afterwards: every diff is against it.
struct TaskSpec
{
    QString repositoryPath;
    QString baseBranch;
    QString baseCommit;
    QString title;
    QString prompt;
    RiskLevel risk = RiskLevel::Low;
    ModelRef implementer;
    ModelRef reviewer;
    Money budget;
    QString validationCommand; // empty: detected from the repository
    TaskTimeouts timeouts;

    // A spec with the risk level's models and budget filled in.
    static TaskSpec withDefaults(RiskLevel risk);
    friend bool operator==(const TaskSpec &, const TaskSpec &) = default;
};

} // namespace agentdesk::tasks
