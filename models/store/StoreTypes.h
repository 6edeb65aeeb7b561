#pragma once

#include "core/Money.h"
#include "core/ProcessIdentity.h"
#include "tasks/Iteration.h"
#include "tasks/TaskEvent.h"
#include "tasks/TaskId.h"
#include "tasks/TaskSpec.h"
#include "tasks/TaskState.h"

#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QList>
#include <QString>
#include <QStringList>

// The rows the store reads and writes, as plain values. The store sits below the review and
// cost layers, so findings and ledger entries have their own record types here; those layers
// convert (the category and side are the stable ids the review layer defines).

namespace agentdesk::store {

using tasks::TaskId;

struct TaskRecord
{
    TaskId id = 0;
    qint64 repositoryId = 0;
    tasks::TaskSpec spec;
    QString branch; // agentdesk/<id>-<slug>
    QString worktreePath;
    tasks::TaskState state = tasks::TaskState::Queued;
    QString stateReason; // why it is Failed/Paused/Interrupted; empty otherwise
    bool sandboxed = false;
    QDateTime createdAt;
    QDateTime updatedAt;
    // The process running it (claimTask); null when none has claimed it.
    ProcessIdentity owner;
};

// Who made a model call, for the cost split.
enum class LedgerRole
{
    Implementer,
    Reviewer,
    Other,
};
QString ledgerRoleStorageName(LedgerRole role);
LedgerRole ledgerRoleFromStorageName(const QString &name);

// One metered model call. Costs are exact nanodollars; the request id is the provider's
// (for support tickets), never a credential.
struct LedgerEntry
{
    qint64 id = 0; // set by the store
    TaskId taskId = 0;
    int iteration = 1;
    LedgerRole role = LedgerRole::Implementer;
    QString provider;
    QString model;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 cacheWrite5mTokens = 0;
    qint64 cacheWrite1hTokens = 0;
    qint64 cacheReadTokens = 0;
    Money cost;
    QString requestId;
    QDateTime at; // UTC
    // The call's outcome was lost (AgentDesk was killed while it was in flight): `cost` is the
    // worst case reserved before the request left, not what the provider reported.
    bool worstCase = false;
    QString note; // why the entry is special (worst case, usage beyond max_tokens); or empty
};

// A call's worst case, held durably from before its request leaves until it is settled to
// the real usage (StoreWriter::settleReservation). One found at start whose owner is gone
// becomes a worst-case ledger entry (StoreWriter::settleAbandonedReservations).
struct SpendReservationRecord
{
    qint64 id = 0;
    TaskId taskId = 0;
    int iteration = 1;
    LedgerRole role = LedgerRole::Implementer;
    QString provider;
    QString model;
    Money worstCase;
    int maxOutputTokens = 0;
    ProcessIdentity owner; // set by the writer: the calling process
    QDateTime at;
};

// One line of a cost breakdown: the key columns that apply to the grouping are filled.
struct CostLine
{
    TaskId taskId = 0;
    LedgerRole role = LedgerRole::Other;
    QString provider;
    QString model;
    QDate day; // local day
    qint64 calls = 0;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    Money cost;
};

enum class CostGrouping
{
    Task,
    Role,
    Model, // provider + model
    RoleAndModel,
    Day,
};

// Carried-forward status of a finding from one iteration to the next (issue 6).
enum class FindingStatus
{
    Open,
    Resolved,
    Outdated,
};
QString findingStatusStorageName(FindingStatus status);
FindingStatus findingStatusFromStorageName(const QString &name);

// The findings contract of ARCHITECTURE.md §6, as stored.
struct FindingRecord
{
    qint64 id = 0;
    TaskId taskId = 0;
    int iteration = 1;
    QString title;
    QString body;
    QString category = QStringLiteral("other"); // review::categoryId()
    int priority = 3;                           // 0 = blocker ... 3
    double confidence = 0.5;
    QString file;
    QString side = QStringLiteral("new"); // "old" | "new"
    int startLine = 0;
    int endLine = 0;
    QString suggestedFix;
    bool anchored = false;
    bool acknowledged = false;
    FindingStatus status = FindingStatus::Open;
    qint64 carriedFromId = 0; // the previous iteration's finding this one continues; 0 if none
};

// The reviewer's overall answer for one iteration.
struct ReviewVerdictRecord
{
    TaskId taskId = 0;
    int iteration = 1;
    bool correct = true;
    QString explanation;
    double confidence = 0.5;
    QStringList decisionsToReview;
};

// One validation run, naming the exact commit it validated, with the comparison to base.
struct ValidationRecord
{
    qint64 id = 0;
    TaskId taskId = 0;
    int iteration = 1;
    QString commit;
    QString command;
    int exitCode = -1;
    bool timedOut = false;
    int passed = 0;
    int failed = 0;
    int skipped = 0;
    QJsonArray tests; // [{"name", "status"}]
    QString outputExcerpt;
    qint64 durationMs = 0;
    QString baseCommit; // empty when the base was not validated
    int basePassed = 0;
    int baseFailed = 0;
    int baseSkipped = 0;
    QStringList newlyFailing;
    QStringList preexistingFailing;
    QDateTime at;

    bool ranZeroTests() const { return passed + failed + skipped == 0; }
};

// A task's flags as its queue card shows them: the findings of its latest iteration that are
// still open, and those of them that block the merge (priority 0-1, not acknowledged: the
// gate's rule, tasks::isBlockingFinding).
struct FindingCounts
{
    int open = 0;
    int blocking = 0;
    friend bool operator==(const FindingCounts &, const FindingCounts &) = default;
};

struct TaskSummary
{
    TaskRecord task;
    int latestIteration = 0; // 0: none started
    QDateTime latestIterationStartedAt;
    Money totalCost;
    QList<CostLine> costByRoleAndModel;
};

struct TaskDetail
{
    TaskRecord task;
    QList<tasks::Iteration> iterations;
};

struct StoredEvent
{
    qint64 id = 0;
    tasks::TaskEvent event;
};

struct EventPage
{
    QList<StoredEvent> events;
    qint64 nextAfterId = 0; // pass back to get the next page
    bool atEnd = true;
};

} // namespace agentdesk::store
