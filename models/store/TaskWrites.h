#pragma once

#include "core/Result.h"
#include "store/StoreTypes.h"

#include <QList>

namespace agentdesk::store {

class Connection;

// The writer's statements. Each runs inside the transaction the writer thread opened, on its
// connection; none commits. Only the writer thread calls these.
class TaskWrites
{
public:
    static Result<qint64> ensureRepository(Connection &c, const QString &path);
    static Result<TaskId> createTask(Connection &c, const tasks::TaskSpec &spec);
    static VoidResult setWorktree(Connection &c, TaskId id, const QString &path);
    static VoidResult setSandboxed(Connection &c, TaskId id, bool sandboxed);
    static VoidResult setBudget(Connection &c, TaskId id, Money budget);
    // Compare-and-set: fails with "state-conflict" unless the stored state is `from`, and with
    // "invalid-transition" if the table does not allow from → to. Records a StateChange event.
    static VoidResult transition(Connection &c, TaskId id, tasks::TaskState from,
                                 tasks::TaskState to, const QString &reason);
    // Tasks in running states become Interrupted (and lose their owner); returns them with the
    // state they were in. A task another live process owns is left alone.
    static Result<QList<QPair<TaskId, tasks::TaskState>>> interruptRunning(Connection &c);
    static Result<ProcessIdentity> taskOwner(Connection &c, TaskId id);
    // "task-owned" when another live process owns it; a dead owner's claim is taken over.
    static VoidResult claimTask(Connection &c, TaskId id, const ProcessIdentity &owner);
    static VoidResult releaseTask(Connection &c, TaskId id, const ProcessIdentity &owner);

    static VoidResult startIteration(Connection &c, TaskId id, const tasks::Iteration &iteration);
    static VoidResult finishIteration(Connection &c, TaskId id, int number,
                                      const QString &headCommit, const QString &reportMarkdown);
    static Result<qint64> recordLedger(Connection &c, const LedgerEntry &entry);
    static Result<qint64> insertFinding(Connection &c, const FindingRecord &finding);
    static VoidResult updateFinding(Connection &c, qint64 id, const QString &column,
                                    const QVariant &value);
    static VoidResult saveVerdict(Connection &c, const ReviewVerdictRecord &verdict);
    static Result<qint64> saveValidation(Connection &c, const ValidationRecord &validation);
    static VoidResult setSetting(Connection &c, const QString &key, const QString &value);
    static VoidResult insertEvents(Connection &c, const QList<tasks::TaskEvent> &events);
};

} // namespace agentdesk::store
