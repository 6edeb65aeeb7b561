#pragma once

#include "core/Result.h"
#include "tasks/engine/steps/RunnerStep.h"

namespace agentdesk::tasks {

class EnvironmentSetup;

// Preparing: the task's worktree on its branch from the base commit (or the one an earlier
// run left, reused), recorded in the store. It is created in the repository's WorktreeQueue
// turn, which the runner's thread does not block waiting for. A new worktree is then prepared
// (EnvironmentSetup: .worktreeinclude files, the recipe's or the detected setup); a failed
// setup fails the task here, with the worktree kept.
class PrepareStep : public RunnerStep
{
    Q_OBJECT

public:
    using RunnerStep::RunnerStep;
    ~PrepareStep() override;
    void start() override;

    bool cancel() override;
    void abandon() override;

private:
    VoidResult createWorktree();
    void setUpEnvironment();

    EnvironmentSetup *m_setup = nullptr;
};

} // namespace agentdesk::tasks
