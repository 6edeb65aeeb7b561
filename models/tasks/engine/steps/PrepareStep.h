#pragma once

#include "core/Result.h"
#include "tasks/engine/steps/RunnerStep.h"

namespace agentdesk::tasks {

// Preparing: the task's worktree on its branch from the base commit (or the one an earlier
// run left, reused), recorded in the store. It is created in the repository's WorktreeQueue
// turn, which the runner's thread does not block waiting for.
class PrepareStep : public RunnerStep
{
    Q_OBJECT

public:
    using RunnerStep::RunnerStep;
    ~PrepareStep() override;
    void start() override;

private:
    VoidResult createWorktree();
};

} // namespace agentdesk::tasks
