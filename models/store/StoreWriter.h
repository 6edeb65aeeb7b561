#pragma once

#include "core/Result.h"
#include "store/CalibrationRecords.h"
#include "store/PermissionRecord.h"
#include "store/PullRequestRecord.h"
#include "store/StoreTypes.h"
#include "store/UsageWindowRecord.h"

#include <QObject>
#include <QThread>

#include <functional>
#include <memory>

namespace agentdesk::store {

class Connection;
class WriterCore;

// The store's one writer. It owns a thread with an event loop and the only writing
// connection; every write runs there, in order. Calls are made from any thread except the
// GUI's (they block until committed):
//   - appendEvent() queues a timeline event and returns at once; events are committed in
//     batches at most ~25 ms apart, and always before any later write, so the timeline keeps
//     its order;
//   - everything else returns only after its transaction has committed (synchronous=FULL), so
//     a signal that follows — taskStateChanged — never announces something a crash can undo.
class StoreWriter : public QObject
{
    Q_OBJECT

public:
    // Opens (creating if needed) and migrates the database at `path`.
    static Result<std::unique_ptr<StoreWriter>> open(const QString &path);
    // Commits the pending events, then stops the thread.
    ~StoreWriter() override;

    const QString &path() const { return m_path; }

    // Timeline: asynchronous and batched. Payloads are redacted of credentials.
    void appendEvent(tasks::TaskEvent event);
    // Commits every event appended so far.
    VoidResult flush();

    Result<qint64> ensureRepository(const QString &repositoryPath);
    // A new task in Queued, with its branch name `agentdesk/<id>-<slug>` assigned.
    Result<TaskId> createTask(const tasks::TaskSpec &spec);
    VoidResult setWorktree(TaskId id, const QString &worktreePath);
    VoidResult setSandboxed(TaskId id, bool sandboxed);
    // A paused task given more budget ("+$X and continue").
    VoidResult setBudget(TaskId id, Money budget);

    // Compare-and-set of the task's state: fails ("state-conflict") unless it is `from`, and
    // ("invalid-transition") unless the state machine allows from → to. On success the change
    // and its timeline event are committed, then taskStateChanged is emitted.
    VoidResult transitionTask(TaskId id, tasks::TaskState from, tasks::TaskState to,
                              const QString &reason = QString());
    // On start: every task in a running state becomes Interrupted, except those another live
    // process owns (claimTask). Returns their ids.
    Result<QList<TaskId>> recoverInterrupted();

    // Per-task ownership: a task runs in at most one process. "task-owned" (naming the other
    // process) when a live one holds it; a dead owner's claim is taken over. Release when the
    // run ends; recoverInterrupted releases what it interrupts.
    VoidResult claimTask(TaskId id, const ProcessIdentity &owner = ProcessIdentity::current());
    VoidResult releaseTask(TaskId id, const ProcessIdentity &owner = ProcessIdentity::current());

    VoidResult startIteration(TaskId id, const tasks::Iteration &iteration);
    VoidResult finishIteration(TaskId id, int number, const QString &headCommit,
                               const QString &reportMarkdown);

    // One metered model call, durable when this returns. Returns the entry's id. A full disk
    // or a failing write is retried (writeRetrying says so each time) before it is reported.
    Result<qint64> recordLedger(const LedgerEntry &entry);

    // Durable spend (issue 16): the worst case of a call, committed before its request leaves;
    // then replaced, in one transaction, by the ledger entries of what it really cost (none
    // when nothing was billed). Settling is retried like recordLedger. What stays reserved
    // when a process dies is counted at its worst case by the next start:
    // settleAbandonedReservations() turns every reservation of a dead process into a ledger
    // entry marked worstCase (call it with the data folder's lock held, before tasks resume).
    Result<qint64> reserveSpend(const SpendReservationRecord &reservation);
    Result<QList<qint64>> settleReservation(qint64 reservationId,
                                            const QList<LedgerEntry> &entries);
    Result<QList<LedgerEntry>> settleAbandonedReservations();
    // How many times a failing write is tried in all (recordLedger, settleReservation).
    static constexpr int writeAttempts = 5;

    // Findings of one iteration (their taskId/iteration are taken from the arguments).
    Result<QList<qint64>> saveFindings(TaskId id, int iteration,
                                       const QList<FindingRecord> &findings);
    VoidResult setFindingAcknowledged(qint64 findingId, bool acknowledged);
    VoidResult setFindingStatus(qint64 findingId, FindingStatus status);
    VoidResult saveReviewVerdict(const ReviewVerdictRecord &verdict);
    Result<qint64> saveValidation(const ValidationRecord &validation);

    // Reviewer calibration (models/calibration): a run, its reviews one by one (each adds its
    // cost to the run's spend), and how it ended.
    Result<qint64> createCalibrationRun(const CalibrationRunRecord &run);
    Result<qint64> saveCalibrationReview(const CalibrationReviewRecord &review);
    VoidResult finishCalibrationRun(qint64 runId, const QString &status, const QString &note);

    // Settings that are not secrets: a key that names a credential is refused.
    VoidResult setSetting(const QString &key, const QString &value);

    // Pull requests (PullRequestStore.cpp). Before a publish sends anything: its target, title
    // and body, unconfirmed (a first publish creates the row in state "publishing"; a later
    // one keeps the number, URL and pushed commit until the forge confirms).
    VoidResult recordPublishIntent(const PullRequestRecord &record);
    // The forge confirmed: number, URL, state, pushed commit, the title and body it accepted,
    // and the checks when `record.checkedAt` is set.
    VoidResult recordPublished(const PullRequestRecord &record);
    VoidResult recordPublishFailure(TaskId id, const QString &message);
    // The push landed: the remote branch is at `sha` (the lease for the next push).
    VoidResult recordPushedHead(TaskId id, const QString &sha);
    // What following the pull request found: its state and its head commit's checks.
    VoidResult updatePullRequestStatus(TaskId id, const QString &state, const QString &checksState,
                                       const QString &checksSha, const QJsonArray &checks);

    // Questions a CLI agent waits on (PermissionStore.cpp, issue 19). The engine records one
    // when the agent asks (its id returned); answerPermission() writes the user's decision on
    // the task's oldest unanswered question ("no-question" when it waits on none) and returns
    // that question; the engine settles a question once it has delivered the answer, or when
    // it went away. Settling every open question of a task ends its Needs input.
    Result<qint64> recordPermissionQuestion(const PermissionQuestionRecord &question);
    Result<PermissionQuestionRecord> answerPermission(TaskId id, const QString &answer,
                                                      const QString &by);
    VoidResult settlePermissionQuestion(qint64 questionId, const QString &how);
    VoidResult settleOpenPermissionQuestions(TaskId id, const QString &how);

    // Subscription usage windows and scheduled resumes (UsageWindowStore.cpp, issue 19): the
    // last window an agent reported (one row per agent, replaced), and a paused task's time to
    // continue on its own (replaced; cleared when it resumes for any reason).
    VoidResult recordUsageWindow(const UsageWindowRecord &window);
    VoidResult scheduleResume(const ScheduledResume &resume);
    VoidResult clearScheduledResume(TaskId id);

    // Hooks for tests and benchmarks: transactions committed (of any kind), event batches
    // committed, events written.
    quint64 transactionsCommitted() const;
    quint64 eventBatchesCommitted() const;
    quint64 eventsWritten() const;

Q_SIGNALS:
    void taskStateChanged(agentdesk::tasks::TaskId id, agentdesk::tasks::TaskState from,
                          agentdesk::tasks::TaskState to, const QString &reason);
    // Timeline events of these tasks were committed (queued to the thread that opened the
    // writer; a state change's event commits with it and taskStateChanged announces it).
    void eventsCommitted(const QList<agentdesk::tasks::TaskId> &tasks);
    // A batch of timeline events could not be committed (it is kept and retried).
    void writeFailed(const agentdesk::Error &error);
    // A synchronous write failed (`attempt` of writeAttempts) and will be tried again; emitted
    // on the calling thread.
    void writeRetrying(const agentdesk::Error &error, int attempt);

private:
    explicit StoreWriter(QString path);
    // Runs `job` in a transaction on the writer thread and waits for it.
    VoidResult run(const std::function<VoidResult(Connection &)> &job);
    // run(), tried again after a pause when the disk is full, the write fails or the file is
    // busy: a full disk that frees up loses no ledger entry.
    VoidResult runRetrying(const std::function<VoidResult(Connection &)> &job);
    VoidResult runOnThread(const std::function<VoidResult()> &work);

    QString m_path;
    QThread m_thread;
    WriterCore *m_core = nullptr; // lives on m_thread; deleted when it finishes
};

} // namespace agentdesk::store
