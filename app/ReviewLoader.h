#pragma once

#include "core/Result.h"
#include "itemmodels/ReviewSnapshot.h"
#include "tasks/TaskId.h"

#include <QString>

#include <atomic>

namespace agentdesk::app {

// Everything the review page shows for one task, read on the calling thread (a pool thread,
// never the GUI's): the store's records on a connection of its own, the diff of the shown
// iteration and the changes since the previous one from git, the documents built, and the
// merge gate and radar answered. `iteration` 0 means the latest.
Result<itemmodels::ReviewSnapshot> loadReviewSnapshot(const QString &databasePath, tasks::TaskId id,
                                                      int iteration = 0,
                                                      const std::atomic_bool *cancel = nullptr);

} // namespace agentdesk::app
