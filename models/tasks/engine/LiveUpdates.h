#pragma once

#include "store/StoreTypes.h"
#include "tasks/MergeGate.h"
#include "tasks/TaskId.h"

#include <QHash>
#include <QList>
#include <QObject>

#include <optional>

namespace agentdesk::tasks {

class Scheduler;

// What the engine knows that the window shows live, pushed as deltas (issue 17, item 4). Lives
// on the engine thread, a child of the Scheduler, reading the Scheduler's StoreReader:
//   - the queue's rows: one task's summary after its state changed or an operation on it;
//   - the queue cards' flag counts: every task's after a load (one aggregate query), one
//     task's after its state changed (a review ended, a revision began) or a finding of it was
//     acknowledged;
//   - the open page's task ("watched"): the timeline events appended since the page's
//     snapshot, read when the writer commits a batch holding that task's events or its state
//     changed; and the merge gate's answer whenever it differs from the last one pushed.
class LiveUpdates : public QObject
{
    Q_OBJECT

public:
    explicit LiveUpdates(Scheduler *scheduler);

    // After the Scheduler opened the store: follows its writer's commits.
    void attach();
    // The task the window's review page shows, and the newest event id it holds (0: none);
    // 0 stops watching. Events committed after `afterEventId` are pushed at once.
    void watch(TaskId id, qint64 afterEventId);
    // Every task's flag counts (after a load).
    void publishAllFindingCounts();
    // A finding of `id` changed (acknowledged): its counts and, when watched, its gate.
    void findingsChanged(TaskId id);
    // A task's state changed: its summary and counts; when watched, its new events and gate.
    void stateChanged(TaskId id);
    // A task was created or changed outside a state change (a budget raised, a restore): its
    // summary and counts.
    void refresh(TaskId id);
    // Something the gate reads changed for `id` (a validation recorded).
    void gateInputsChanged(TaskId id);

Q_SIGNALS:
    // One task as the queue shows it, read again after it changed (issue 17, item 3: the
    // window upserts its row; nothing reloads every task).
    void taskUpserted(const agentdesk::store::TaskSummary &summary);
    // Tasks absent from `counts` with `complete` set have no open finding.
    void findingCountsChanged(
        const QHash<agentdesk::tasks::TaskId, agentdesk::store::FindingCounts> &counts,
        bool complete);
    void timelineAppended(agentdesk::tasks::TaskId id,
                          const QList<agentdesk::store::StoredEvent> &events);
    void gateChanged(agentdesk::tasks::TaskId id, const agentdesk::tasks::GateAnswer &answer);

private:
    void onEventsCommitted(const QList<TaskId> &tasks);
    void publishFindingCounts(TaskId id);
    void publishSummary(TaskId id);
    void readWatchedEvents();
    void refreshWatchedGate();

    Scheduler *m_scheduler;
    TaskId m_watched = 0;
    qint64 m_lastEventId = 0;
    std::optional<GateAnswer> m_lastGate;
};

} // namespace agentdesk::tasks
