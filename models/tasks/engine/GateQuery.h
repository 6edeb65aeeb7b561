#pragma once

#include "core/Result.h"
#include "tasks/MergeGate.h"
#include "tasks/TaskId.h"
#include "tasks/decide/ConflictRadar.h"

namespace agentdesk::store {
class StoreReader;
}

namespace agentdesk::tasks {

// The merge gate for a task from what the store knows (its latest validation and findings)
// and what git says now. libgit2: worker threads or the headless command line only.
Result<GateAnswer> computeGate(store::StoreReader &reader, TaskId id);
// The conflict radar over a repository's tasks waiting on `baseBranch` (ready for review,
// paused or being revised): how far behind each is, and which conflict with the base or with
// each other. In memory; no work tree is touched.
Result<RadarReport> computeRadar(store::StoreReader &reader, const QString &repositoryPath,
                                 const QString &baseBranch);

} // namespace agentdesk::tasks
