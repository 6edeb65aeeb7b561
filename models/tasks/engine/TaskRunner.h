#pragma once

#include "agents/UsageWindow.h"
#include "store/StoreTypes.h"
#include "tasks/TaskProgress.h"
#include "tasks/engine/RunnerParams.h"

#include <QObject>

#include <array>
#include <memory>

namespace agentdesk::tasks {

struct IterationContext;
class RunnerJournal;
class RunnerStep;
class TaskCheckouts;
struct StepOutcome;

// Runs one iteration of a task on its worker thread, as a sequence of steps that share one
// IterationContext (steps/): Preparing (PrepareStep: the worktree) → Implementing
// (ImplementStep: an agent backend, the built-in tool loop or a CLI agent) → Validating
// (ValidateStep: our own run of the repository's tests on the committed head, and on the base
// commit in a temporary checkout) → Reviewing (ReviewStep: a fresh reviewer with the diff and
// the validation, never the implementer's transcript) → ReadyForReview with a three-part
// report (ReportStep). The runner itself holds only the transitions and the stopping.
//
// Every transition is committed to the store before it is announced; the timeline, ledger,
// findings and validations are written as they happen (RunnerJournal). The runner owns its own
// network manager, repository handles and processes, and never blocks on a process: each step
// finishes through a signal. Progress goes out coalesced, at most about 30 times a second.
//
// A budget reached mid-run commits the work and pauses the task; any other stop commits what
// there is and fails it with a reason; a pause or cancel request stops the current step at
// once. finished() is emitted exactly once.
class TaskRunner : public QObject
{
    Q_OBJECT

public:
    explicit TaskRunner(RunnerParams params, QObject *parent = nullptr);
    ~TaskRunner() override;

    TaskId taskId() const;

    // Both are called through queued invocations on the runner's thread.
    void start();
    // Stops the running step. `pause`: the task ends Paused (resumable), else Failed.
    void stop(bool pause, const QString &reason);

Q_SIGNALS:
    void progress(const agentdesk::tasks::TaskProgress &progress);
    void ledgerRecorded(const agentdesk::store::LedgerEntry &entry);
    void usageWindowReported(const agentdesk::agents::UsageWindow &window);
    void finished(agentdesk::tasks::TaskId id, agentdesk::tasks::TaskState state,
                  const QString &reason);

private:
    enum class Step
    {
        Prepare,
        Implement,
        Validate,
        Review,
        Report
    };
    static constexpr int kStepCount = 5;

    void run(Step step);
    RunnerStep *makeStep(Step step);
    void onStepFinished(const StepOutcome &outcome);
    // The recipe's ports for this run (and the variables every agent command gets); false
    // when none could be reserved (the run ended Paused).
    bool reservePorts();
    bool transition(TaskState to, const QString &reason = QString());
    void end(TaskState state, const QString &reason);

    std::unique_ptr<IterationContext> m_context;
    RunnerJournal *m_journal = nullptr;
    TaskCheckouts *m_checkouts = nullptr;
    std::array<RunnerStep *, kStepCount> m_steps{};
    Step m_current = Step::Prepare;
    TaskState m_state;
    bool m_finished = false;
};

} // namespace agentdesk::tasks
