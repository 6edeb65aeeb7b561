#pragma once

#include "core/Money.h"
#include "review/DiffDocument.h"
#include "review/Finding.h"
#include "store/StoreTypes.h"
#include "tasks/Iteration.h"
#include "tasks/MergeGate.h"

#include <QList>
#include <QMetaType>
#include <QStringList>

#include <optional>
#include <vector>

namespace agentdesk::itemmodels {

// Everything the review page shows for one task and one of its iterations, as one value. The
// engine loads it off the GUI thread (store reads, git diffs, the merge gate) and hands it over
// whole in a queued signal; the page never reads the store or the repository itself.
struct ReviewSnapshot
{
    store::TaskRecord task;
    QList<tasks::Iteration> iterations; // all of the task's, by number
    int iteration = 0;                  // the number of the iteration shown
    // The shown iteration's findings, with their status carried forward from the previous
    // iteration (open, resolved, outdated) and whether the user acknowledged them.
    QList<store::FindingRecord> findings;
    std::optional<store::ReviewVerdictRecord> verdict; // of the shown iteration
    QList<store::ValidationRecord> validations;        // all; the page shows the shown one's latest
    QList<store::StoredEvent> timeline;                // the shown iteration's events
    QList<store::CostLine> costs;                      // by role and model, whole task
    Money totalCost;
    qint64 durationMs = 0;
    tasks::GateAnswer gate;
    QStringList conflictsWith;        // titles of waiting tasks this one would conflict with
    review::DiffDocumentPtr document; // base..head of the shown iteration
    review::DiffDocumentPtr sinceLastIteration; // previous head..this head; null for iteration 1

    // The shown iteration; nullptr when `iteration` names none.
    const tasks::Iteration *shownIteration() const;
    // The latest validation of the shown iteration (the last recorded); nullptr when none.
    const store::ValidationRecord *latestValidation() const;
};

// The stored finding as the review layer's value (the category id and side read back; an
// unknown category becomes Other). `anchored` is left false: the document sets it.
review::Finding toReviewFinding(const store::FindingRecord &record);

} // namespace agentdesk::itemmodels

Q_DECLARE_METATYPE(agentdesk::itemmodels::ReviewSnapshot)
