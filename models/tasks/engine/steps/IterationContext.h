#pragma once

#include "agents/api/ApiAgentConfig.h"
#include "agents/api/ReviewerAgent.h"
#include "agents/toolbox/FinishReport.h"
#include "git/DiffEngine.h"
#include "store/StoreTypes.h"
#include "tasks/engine/RunnerParams.h"
#include "tasks/environment/PortBlocks.h"
#include "tasks/validation/ValidationResult.h"

#include <QString>

#include <functional>

#include <memory>
#include <optional>
#include <vector>

class QNetworkAccessManager;

namespace agentdesk::store {
class StoreReader;
}

namespace agentdesk::tasks {

class RunnerJournal;
class TaskCheckouts;

// A stop the user (or the scheduler) asked for while a step was running.
struct StopRequest
{
    bool requested = false;
    bool pauses = false; // the task ends Paused (resumable), else Failed
    QString reason;
};

// What the steps of one iteration share: its inputs, what each step found for the next, and
// the iteration's one base..head diff. Lives on the runner's (worker's) thread.
struct IterationContext
{
    explicit IterationContext(RunnerParams runnerParams);
    ~IterationContext();

    const TaskSpec &spec() const { return params.task.spec; }
    TaskId taskId() const { return params.task.id; }
    int iteration() const { return params.iteration; }
    const EngineConfig &config() const { return *params.config; }

    // The diff of the committed head against the base, computed once (by the review, the
    // first step that reads it) and shared with the finding carry and the report.
    VoidResult computeDiff();
    // Empty until computeDiff() succeeded.
    const std::vector<git::FileDelta> &diffFiles() const;

    // What a built-in (API) agent of this iteration runs with, for `provider`: prices, the
    // task's identity and the daily budget; the step adds what is its own.
    agents::ApiAgentConfig apiAgentConfig(const agents::ProviderSettings &provider) const;

    RunnerParams params;
    std::unique_ptr<store::StoreReader> reader;
    QNetworkAccessManager *network = nullptr; // the runner's
    RunnerJournal *journal = nullptr;         // the runner's
    TaskCheckouts *checkouts = nullptr;       // the runner's
    StopRequest stop;
    // The runner's own transition, for a step that moves the task within itself
    // (Implementing ⇄ NeedsInput); false when the store refused and the run has ended.
    std::function<bool(TaskState to, const QString &reason)> transition;
    bool ended = false; // the run has ended: a step's late callback does nothing more
    // The task's ports while this run lasts (the recipe's `ports`), for its worktree and its
    // validation checkouts alike, and the variables every agent command gets: the ports and
    // the recipe's [env].
    PortLease ports;
    QList<QPair<QString, QString>> environmentVariables;

    // Prepare: the task's worktree. Implement: the committed head and what the agent said.
    QString worktree;
    QString headCommit;
    std::optional<agents::FinishReport> finishReport;
    QString implementerText;
    // Findings the engine files itself, saved with the reviewer's: what an agent turn changed
    // in git's configuration (reverted by GitConfigGuard), priority 0.
    QList<store::FindingRecord> engineFindings;
    // Validate: what ran, on the head and on the base, and how they compare; `headCheckout`
    // is the clean checkout of the head, which the reviewer reads too.
    QString validationCommand;
    QString headCheckout;
    std::optional<ValidationResult> headValidation;
    std::optional<ValidationResult> baseValidation;
    std::optional<BaseComparison> comparison;
    // Review: its outcome and the findings as saved (with their ids).
    std::optional<agents::ReviewOutcome> review;
    QList<store::FindingRecord> findings;

private:
    std::optional<git::CommitDiff> m_diff;
};

} // namespace agentdesk::tasks
