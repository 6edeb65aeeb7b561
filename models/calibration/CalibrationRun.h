#pragma once

#include "agents/api/ApiAgentConfig.h"
#include "calibration/CalibrationBudget.h"
#include "calibration/CalibrationPlan.h"
#include "calibration/ReviewScoring.h"
#include "core/Money.h"
#include "core/Result.h"
#include "store/CalibrationRecords.h"
#include "tasks/TaskSpec.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace agentdesk::cost {
class PriceTable;
}

namespace agentdesk::calibration {

// Resolves a provider id to what the reviewer needs to reach it (thread-safe), exactly as the
// engine's resolver does; the composition root passes the engine's.
using ProviderResolver = std::function<Result<agents::ProviderSettings>(const QString &id)>;

struct CalibrationServices
{
    ProviderResolver providers;
    std::shared_ptr<const cost::PriceTable> prices;
};

struct RunRequest
{
    CalibrationPlan plan;
    QList<tasks::ModelRef> reviewers;
    std::optional<Money> budget; // nullopt: no cap (then unpriced models may run)
    QString databasePath;        // where the results go; empty: they are only reported
    int reviewTimeoutSeconds = 10 * 60;
};

// One review of the run, in the order the run makes them: for each variant in plan order,
// its change untouched first (the first time the change comes up), each once per reviewer.
struct ReviewSlot
{
    int reviewer = 0;
    int change = 0;
    int variant = -1; // -1: the untouched change
    ReviewCost cost;
};

struct RunEstimate
{
    QList<ReviewSlot> slots;
    Money expected;
    Money worstCase; // the sum of every review's allowance
    bool priced = true;
};

// What the run will cost before it starts. Errors: "no-reviewer", "cli-reviewer",
// "unpriced-model" (with a budget), a provider's resolve error, "budget-too-small" (not
// even the first review fits).
Result<RunEstimate> estimateRun(const RunRequest &request, const CalibrationServices &services);

struct ReviewResult
{
    int slot = 0;
    ReviewSlot review;
    store::CalibrationOutcome outcome = store::CalibrationOutcome::Failed;
    ReviewScore score;
    Money cost; // from the ledger: every call of this review
    int calls = 0;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    QString error;
    QDateTime at;
};

struct CalibrationProgress
{
    int done = 0;  // reviews finished
    int total = 0; // reviews planned
    Money spent;
    QString activity;
};

struct CalibrationReport
{
    RunRequest request;
    RunEstimate estimate;
    QList<ReviewResult> results; // in the order they ran; slots after a stop are absent
    // "finished", "budget-reached" (stopped between reviews), "cancelled", "failed"
    QString status;
    QString note;
    Money spent;
    qint64 runId = 0; // in the store; 0 when nothing was stored
};

// A result as the store row the run writes; all of a report's, for summaries of one run.
store::CalibrationReviewRecord reviewRecord(const CalibrationReport &report,
                                            const ReviewResult &result);
QList<store::CalibrationReviewRecord> reviewRecords(const CalibrationReport &report);

} // namespace agentdesk::calibration

Q_DECLARE_METATYPE(agentdesk::calibration::CalibrationProgress)
Q_DECLARE_METATYPE(agentdesk::calibration::ReviewResult)
Q_DECLARE_METATYPE(agentdesk::calibration::CalibrationReport)
