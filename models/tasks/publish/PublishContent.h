#pragma once

#include "core/Money.h"
#include "core/Result.h"
#include "forge/PullRequestBody.h"
#include "store/StoreTypes.h"

#include <QList>

namespace agentdesk::store {
class StoreReader;
}

namespace agentdesk::tasks {

// What a pull request's description is made of, read from the store.
struct PublishSource
{
    store::TaskRecord task;
    Iteration iteration;                  // the latest finished one: its report and head commit
    QList<store::FindingRecord> findings; // that iteration's
    QList<store::CostLine> costs;         // the whole task's, by role and model
    Money totalCost;
};

// The latest iteration with a report and a head commit; code publish-no-report when none.
Result<PublishSource> loadPublishSource(store::StoreReader &reader, TaskId id);

// The description: the iteration's report (what changed, which tests passed — our own
// validation of that exact commit, compared with the base —, decisions to review), then the
// reviewer's findings with file and line, then the cost. Pure.
forge::PullRequestReport buildPullRequestReport(const PublishSource &source);

} // namespace agentdesk::tasks
