#pragma once

#include "agents/UsageWindow.h"
#include "core/Result.h"
#include "store/StoreTypes.h"
#include "tasks/MergeGate.h"
#include "tasks/TaskProgress.h"
#include "tasks/TaskSpec.h"
#include "tasks/decide/ConflictRadar.h"
#include "tasks/engine/EngineConfig.h"

#include <QHash>
#include <QObject>
#include <QThread>

#include <functional>
#include <memory>
#include <optional>

namespace agentdesk::tasks {

class LiveUpdates;
class Scheduler;

// The engine as the GUI (and the headless command line) sees it: a facade living on the
// caller's thread that owns the engine thread, where the Scheduler and the store's writer do
// their blocking work. Every call returns at once; answers come back as queued signals
// carrying values. Nothing here blocks the caller except the destructor, which drains the
// workers (their tasks become Interrupted, resumable on the next start).
class Engine : public QObject
{
    Q_OBJECT

public:
    explicit Engine(std::shared_ptr<const EngineConfig> config, QObject *parent = nullptr);
    ~Engine() override;

    // Opens the store and starts scheduling; opened() follows.
    void start();
    // Before start(): run only the tasks this engine is asked to dispatch, resume or revise,
    // leaving the store's other queued tasks for the window (the headless commands).
    void setExclusive(bool exclusive);
    // Scheduler::setEnqueueOnly: before start().
    void setEnqueueOnly(bool enqueueOnly);

    // Each returns a ticket; the answer arrives in dispatched() / operationFinished(). A
    // dispatched task keeps the spec's base commit when it has one (the commit the New Task
    // dialog showed); dispatched()'s message then says whether the branch moved meanwhile.
    int dispatch(const TaskSpec &spec);
    int pause(TaskId id);
    int resume(TaskId id);
    int cancel(TaskId id);
    int addBudget(TaskId id, Money extra);
    int revise(TaskId id, const QString &request);
    // Decisions (issue 6). merge: the gate is checked first; the landing (possibly with a
    // re-validation) ends in taskFinished(). restore: the new task's id is in the message.
    int merge(TaskId id);
    int reject(TaskId id);
    int restore(TaskId id);
    int acknowledge(TaskId id, qint64 findingId, bool acknowledged);
    // Answers the question the task's agent waits on (Needs input): `answer` is "allow",
    // "allow_always" or "deny". Written to the store, where the engine running the task (this
    // one or another process's) picks it up within about a second.
    int permit(TaskId id, const QString &answer);
    // Validates the branch head again without an agent; validationFinished() follows when
    // operationFinished() said yes.
    int validate(TaskId id);
    // Answered through gateReady() and radarReady().
    void requestGate(TaskId id);
    void requestRadar(const QString &repositoryPath, const QString &baseBranch);

    void setConcurrency(int concurrency);
    void setQueuePaused(bool paused);
    void setDailyBudget(std::optional<Money> budget);

    // Reads on the engine thread, answered through tasksLoaded(), then every task's flag
    // counts through findingCountsChanged().
    void loadTasks();
    // The task the window's review page shows (0: none) and the newest timeline event id its
    // snapshot holds: its events committed since then arrive through timelineAppended(), and
    // its merge gate through gateChanged() whenever the answer changes.
    void watchTask(TaskId id, qint64 afterEventId);

    // Runs `job` on the engine thread with the scheduler (for the merge and review loaders
    // built on top of it); `job` must not block for long.
    void post(std::function<void(Scheduler &)> job);

    const EngineConfig &config() const { return *m_config; }

Q_SIGNALS:
    void opened(bool ok, const QString &error, const QList<agentdesk::tasks::TaskId> &interrupted);
    void dispatched(int ticket, agentdesk::tasks::TaskId id, const QString &errorCode,
                    const QString &errorMessage);
    void operationFinished(int ticket, agentdesk::tasks::TaskId id, bool ok,
                           const QString &errorMessage);
    void taskStateChanged(agentdesk::tasks::TaskId id, agentdesk::tasks::TaskState from,
                          agentdesk::tasks::TaskState to, const QString &reason);
    void progressChanged(const agentdesk::tasks::TaskProgressList &progress);
    void ledgerRecorded(const agentdesk::store::LedgerEntry &entry);
    void taskFinished(agentdesk::tasks::TaskId id, agentdesk::tasks::TaskState state,
                      const QString &reason);
    void dailyBudgetReached(agentdesk::Money spent, agentdesk::Money budget);
    void idle();
    void validationFinished(agentdesk::tasks::TaskId id, const QString &error);
    // A CLI agent's subscription window (issue 19): warnings and limits for the cost meter.
    void usageWindowReported(const agentdesk::agents::UsageWindow &window);
    void tasksLoaded(const QList<agentdesk::store::TaskSummary> &tasks);
    void gateReady(agentdesk::tasks::TaskId id, const agentdesk::tasks::GateAnswer &answer,
                   const QString &error);
    void radarReady(const agentdesk::tasks::RadarReport &report, const QString &error);
    // Live deltas (LiveUpdates): a task's summary after its state changed, it was dispatched
    // or an operation on it succeeded (sent before dispatched()/operationFinished()); flag counts
    // of the tasks in `counts` (with `complete`, every task: one absent has none), the watched
    // task's new timeline events and its new gate.
    void taskUpserted(const agentdesk::store::TaskSummary &summary);
    void findingCountsChanged(
        const QHash<agentdesk::tasks::TaskId, agentdesk::store::FindingCounts> &counts,
        bool complete);
    void timelineAppended(agentdesk::tasks::TaskId id,
                          const QList<agentdesk::store::StoredEvent> &events);
    void gateChanged(agentdesk::tasks::TaskId id, const agentdesk::tasks::GateAnswer &answer);

private:
    int operation(TaskId id, std::function<VoidResult(Scheduler &)> job);

    std::shared_ptr<const EngineConfig> m_config;
    QThread m_thread;
    Scheduler *m_scheduler = nullptr; // lives on m_thread
    LiveUpdates *m_live = nullptr;    // the scheduler's child, on m_thread
    int m_nextTicket = 1;
};

} // namespace agentdesk::tasks
