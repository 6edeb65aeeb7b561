#pragma once

#include "agents/UsageWindow.h"
#include "core/Result.h"
#include "store/StoreTypes.h"
#include "tasks/MergeGate.h"
#include "tasks/TaskProgress.h"
#include "tasks/TaskSpec.h"
#include "tasks/decide/ConflictRadar.h"
#include "tasks/decide/MergeFlow.h"
#include "tasks/engine/EngineConfig.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>

#include <memory>
#include <optional>

class QThread;

namespace agentdesk::cost {
class DailyAllowance;
}

namespace agentdesk::store {
class StoreReader;
class StoreWriter;
} // namespace agentdesk::store

namespace agentdesk {
class DataFolderLock;
}

namespace agentdesk::tasks {

class TaskRunner;

// Decides what runs: a queue in dispatch order, a concurrency limit, the daily budget, and
// pause/resume of the whole queue. Each running task gets its own worker thread and
// TaskRunner. Lives on the engine's thread (Engine), where it may block on the store's
// writer; never on the GUI thread.
//
// Progress from the runners is coalesced again here: one progressChanged() with the latest
// value of every task that moved, at most about 30 times a second.
class Scheduler : public QObject
{
    Q_OBJECT

public:
    explicit Scheduler(std::shared_ptr<const EngineConfig> config, QObject *parent = nullptr);
    ~Scheduler() override;

    // Opens the store, marks tasks left running by a previous process Interrupted, and queues
    // the tasks still Queued. Returns the interrupted tasks.
    Result<QList<TaskId>> open();
    // Stops every runner (their tasks become Interrupted: resumable) and waits for the
    // workers. Called on shut-down.
    void shutDown();

    store::StoreWriter *writer() const { return m_writer.get(); }
    store::StoreReader *reader() const { return m_reader.get(); }
    const EngineConfig &config() const { return *m_config; }

    // Checks the spec (repository, base, models, prices, keys, CLI on PATH), records the base
    // commit, stores the task in Queued and schedules it. The spec's base commit, when set (the
    // one the New Task dialog showed), is kept even if the branch moved since; `notice` then
    // says so (the same sentence is a note in the task's timeline).
    Result<TaskId> dispatch(TaskSpec spec, QString *notice = nullptr);
    // A running task stops and is Paused; a queued one is Paused without running.
    VoidResult pause(TaskId id);
    // A Paused, Interrupted or Failed task goes back in the queue and continues from its
    // worktree.
    VoidResult resume(TaskId id);
    // A running or queued task stops and Fails ("Cancelled"); its work stays on its branch.
    VoidResult cancel(TaskId id);
    // Raises the task's budget by `extra`; a task Paused for its budget resumes.
    VoidResult addBudget(TaskId id, Money extra);
    // Starts a new iteration of a task waiting for review with one specific request.
    Result<int> revise(TaskId id, const QString &request);

    // The merge gate's answer for a task now (git facts read here, on the engine's thread).
    Result<GateAnswer> gate(TaskId id);
    // Lands a task that passes the gate, in the background: the base is merged in and the
    // result validated again when it moved; taskFinished() says Merged, or ReadyForReview with
    // the reason it stopped. Refused at once, with every reason, when the gate says no.
    VoidResult merge(TaskId id);
    // Archives the branch head and any uncommitted work under refs/agentdesk/archive/..., removes
    // the worktree, and marks the task Rejected. Returns the archive ref.
    Result<QString> reject(TaskId id);
    // A rejected task's archive back as a new task (Paused: resume continues from the work).
    Result<TaskId> restore(TaskId id);
    VoidResult acknowledge(qint64 findingId, bool acknowledged);
    // The user's answer to the question the task's agent waits on (issue 19).
    VoidResult permit(TaskId id, const QString &answer);
    // Runs the repository's tests again on a clean checkout of the task branch's head, without
    // an agent (issue 16: a head no step validated, such as a user's commit or a killed merge's
    // sync commit), and records it as the validation of the latest iteration, as ValidateStep
    // does, so the gate judges that head by it. validationFinished() follows. Refused for a task
    // that is running or has no branch or worktree.
    VoidResult validate(TaskId id);
    // Waiting tasks of a repository against their base, and against each other.
    Result<RadarReport> radar(const QString &repositoryPath, const QString &baseBranch);

    // Run only the tasks this process dispatches, resumes or revises; the queue the store holds
    // is left for the window or `agentdesk run`. Set before open().
    void setExclusive(bool exclusive) { m_exclusive = exclusive; }
    // Only adds tasks to the store's queue (a `dispatch` without --wait): takes no data-folder
    // lock, recovers nothing and runs nothing, so it works while another AgentDesk runs the
    // folder, and several at once just wait their turn at the store. Before open().
    void setEnqueueOnly(bool enqueueOnly) { m_enqueueOnly = enqueueOnly; }

    void setConcurrency(int concurrency);
    int concurrency() const { return m_concurrency; }
    void setQueuePaused(bool paused);
    bool isQueuePaused() const { return m_queuePaused; }
    void setDailyBudget(std::optional<Money> budget);

    int runningCount() const { return int(m_running.size()); }
    QList<TaskId> queuedTasks() const;
    bool isRunning(TaskId id) const { return m_running.contains(id); }

Q_SIGNALS:
    void taskStateChanged(agentdesk::tasks::TaskId id, agentdesk::tasks::TaskState from,
                          agentdesk::tasks::TaskState to, const QString &reason);
    void progressChanged(const agentdesk::tasks::TaskProgressList &progress);
    void ledgerRecorded(const agentdesk::store::LedgerEntry &entry);
    void taskFinished(agentdesk::tasks::TaskId id, agentdesk::tasks::TaskState state,
                      const QString &reason);
    // The daily budget is spent: queued tasks wait until tomorrow or a higher budget.
    void dailyBudgetReached(agentdesk::Money spent, agentdesk::Money budget);
    // Nothing is running and nothing queued can start.
    void idle();
    // A validate() ended: `error` is empty when its validation was recorded (pass or fail).
    void validationFinished(agentdesk::tasks::TaskId id, const QString &error);
    // A CLI agent's subscription window as a run reported it (issue 19), and at open() the
    // windows the store holds that still say something (a warning, a limit not yet reset).
    void usageWindowReported(const agentdesk::agents::UsageWindow &window);

private:
    struct Pending
    {
        TaskId id = 0;
        int iteration = 0;   // 0: work it out from the store when it starts
        QString requestText; // a revision's request
        bool resuming = false;
        bool ignoreUsageWindow = false; // the user's own resume: try now, whatever the window said
    };
    struct Running
    {
        QThread *thread = nullptr;
        TaskRunner *runner = nullptr;
        MergeFlow *merge = nullptr;
        int iteration = 0;
    };

    void schedule();
    VoidResult stopTask(TaskId id, bool pause);
    VoidResult startRunner(const Pending &pending);
    void onRunnerFinished(TaskId id, TaskState state, const QString &reason);
    void onMergeFinished(TaskId id, const MergeFlowResult &result);
    void stopThread(TaskId id);
    VoidResult reconcileInterruptedMerge(const store::TaskRecord &task);
    void onProgress(const TaskProgress &progress);
    void flushProgress();
    std::optional<Money> dailyRemaining() const;
    Result<store::TaskRecord> loadTask(TaskId id);
    VoidResult checkModels(const TaskSpec &spec) const;
    // Subscription windows (issue 19, SchedulerWindows.cpp).
    void loadUsageWindows();
    void onUsageWindowReported(const agents::UsageWindow &window);
    bool holdForUsageWindow(const Pending &pending);
    void armResumes();
    void resumeDue();

    std::shared_ptr<const EngineConfig> m_config;
    std::unique_ptr<DataFolderLock> m_folderLock; // issue 16: one engine per data folder
    std::unique_ptr<store::StoreWriter> m_writer;
    std::unique_ptr<store::StoreReader> m_reader;
    QList<Pending> m_queue;
    QHash<TaskId, Running> m_running;
    QHash<TaskId, QObject *> m_validating; // validate(): its checkout and run, on this thread
    QHash<TaskId, TaskProgress> m_pendingProgress;
    QTimer m_progressTimer;
    QTimer m_midnight;
    QHash<QString, agents::UsageWindow> m_windows; // by agent ("claude-code", "codex")
    QTimer m_resumeTimer;                          // the earliest scheduled resume
    bool m_exclusive = false;
    bool m_enqueueOnly = false;
    int m_concurrency = 2;
    bool m_queuePaused = false;
    std::optional<Money> m_dailyBudget;
    std::shared_ptr<cost::DailyAllowance> m_daily; // shared with the runners
    bool m_dailyBudgetAnnounced = false;
    bool m_shuttingDown = false;
};

} // namespace agentdesk::tasks
