#pragma once

#include "core/Result.h"
#include "store/CalibrationRecords.h"
#include "store/PermissionRecord.h"
#include "store/PullRequestRecord.h"
#include "store/StoreTypes.h"
#include "store/UsageWindowRecord.h"

#include <QHash>
#include <QThread>

#include <memory>
#include <optional>

namespace agentdesk::store {

class Connection;

// A read-only view of the store on its own connection. Qt Sql connections belong to the
// thread that opened them, so each thread that reads opens its own StoreReader and uses it
// there only; in WAL mode readers never block the writer or each other. Every query sees the
// last committed state.
class StoreReader
{
public:
    // The database must exist at the current schema version (the writer creates and migrates
    // it; open the writer first).
    static Result<std::unique_ptr<StoreReader>> open(const QString &path);
    ~StoreReader();
    StoreReader(const StoreReader &) = delete;
    StoreReader &operator=(const StoreReader &) = delete;

    // Every task, newest first, with its latest iteration and its cost by role and model.
    // The prompt is left empty here (loadTask() has it): the queue never shows it.
    Result<QList<TaskSummary>> listTasks();
    // One task's summary, as listTasks() gives it; nullopt when there is no such task.
    Result<std::optional<TaskSummary>> taskSummary(TaskId id);
    Result<TaskDetail> loadTask(TaskId id);
    Result<std::optional<tasks::TaskState>> taskState(TaskId id);

    // The timeline of a task, oldest first, `limit` events after the event id `afterId`.
    Result<EventPage> events(TaskId id, qint64 afterId = 0, int limit = 500);
    Result<qint64> eventCount(TaskId id);

    Result<QList<LedgerEntry>> ledger(TaskId id);
    // Sums of the ledger, grouped; `taskId` restricts to one task, `since` to calls at or
    // after that time.
    Result<QList<CostLine>> costs(CostGrouping grouping, std::optional<TaskId> taskId = {},
                                  const QDateTime &since = QDateTime());
    // What was spent on a local calendar day (the daily budget), worst-case entries included.
    Result<Money> spentOn(const QDate &localDay);
    // Calls in flight (or whose process died before they were settled), at their worst case.
    Result<QList<SpendReservationRecord>> openReservations();
    // Whether a live process holds this data folder's engine lock (core/DataFolderLock.h).
    bool engineRunning() const;

    // Findings of one iteration, or of all iterations when `iteration` is 0.
    Result<QList<FindingRecord>> findings(TaskId id, int iteration = 0);
    // Open and blocking findings of each task's latest iteration, in one aggregate query
    // (ReviewReads.cpp); `only` restricts it to one task. Tasks without findings are absent.
    Result<QHash<TaskId, FindingCounts>> findingCounts(std::optional<TaskId> only = {});
    Result<std::optional<ReviewVerdictRecord>> reviewVerdict(TaskId id, int iteration);
    Result<QList<ValidationRecord>> validations(TaskId id);

    Result<std::optional<QString>> setting(const QString &key);

    // The questions the task's agent waits on, answered or not, oldest first
    // (PermissionStore.cpp).
    Result<QList<PermissionQuestionRecord>> openPermissionQuestions(TaskId id);

    // The agents' last reported usage windows, and the paused tasks that continue on their own,
    // earliest first (UsageWindowStore.cpp).
    Result<QList<UsageWindowRecord>> usageWindows();
    Result<QList<ScheduledResume>> scheduledResumes();

    // The task's pull request record (PullRequestStore.cpp); nullopt when never published.
    Result<std::optional<PullRequestRecord>> pullRequest(TaskId id);
    // Every task's, by task id (the queue's cards).
    Result<QList<PullRequestRecord>> pullRequests();
    // Reviewer calibration: the sums per model, bug class and local day of a repository's
    // reviews at or after `since` (all when invalid), its runs newest first, and one run's
    // reviews in order. `repositoryPath` is spelled as the store records it (the work tree).
    Result<QList<CalibrationTally>> calibrationTallies(const QString &repositoryPath,
                                                       const QDateTime &since = QDateTime());
    Result<QList<CalibrationRunRecord>> calibrationRuns(const QString &repositoryPath);
    Result<QList<CalibrationReviewRecord>> calibrationReviews(qint64 runId);

private:
    explicit StoreReader(std::unique_ptr<Connection> connection);
    Result<QList<CostLine>> costByRoleAndModelPerTask(std::optional<TaskId> only);
    Result<QList<TaskSummary>> summaries(std::optional<TaskId> only);

    std::unique_ptr<Connection> m_connection;
    QThread *m_thread = nullptr;
};

} // namespace agentdesk::store
