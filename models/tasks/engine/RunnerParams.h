#pragma once

#include "core/Money.h"
#include "store/StoreTypes.h"
#include "tasks/engine/EngineConfig.h"

#include <QString>

#include <memory>
#include <optional>

namespace agentdesk::cost {
class DailyAllowance;
}
namespace agentdesk::store {
class StoreWriter;
}

namespace agentdesk::tasks {

// What the scheduler hands a runner: one iteration of one task.
struct RunnerParams
{
    store::TaskRecord task;
    int iteration = 1;
    QString requestText;   // the revision request; empty for the first iteration
    bool resuming = false; // the worktree may hold work from an interrupted or paused run
    std::shared_ptr<const EngineConfig> config;
    store::StoreWriter *writer = nullptr;
    std::optional<Money> dailyRemaining; // what today's budget still allowed at the start
    // Today's budget, shared with every task running now (calls reserve their worst case).
    std::shared_ptr<cost::DailyAllowance> daily;
};

} // namespace agentdesk::tasks
