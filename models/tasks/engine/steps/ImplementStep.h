#pragma once

#include "agents/AgentEvent.h"
#include "agents/AgentOutcome.h"
#include "agents/AgentRequest.h"
#include "core/Result.h"
#include "git/GitConfigGuard.h"
#include "tasks/engine/steps/RunnerStep.h"

#include <optional>

namespace agentdesk::agents {
class AgentBackend;
}

namespace agentdesk::tasks {

// Implementing: an agent backend (the built-in tool loop or a CLI agent) works in the task's
// worktree; what it leaves is committed on the task's branch, which is the head the later
// steps check. A budget reached pauses the task with the work committed. Every turn runs
// under a GitConfigGuard: what the agent changed in the repository's config, hooks,
// info/attributes or the user's git config is put back when the turn ends and filed as a
// priority-0 finding naming each change (issue 16, break 2).
class ImplementStep : public RunnerStep
{
    Q_OBJECT

public:
    using RunnerStep::RunnerStep;
    void start() override;
    bool cancel() override;
    void abandon() override;

private:
    VoidResult recordIterationStart();
    QString prompt() const;
    agents::AgentRequest request() const;
    Result<agents::AgentBackend *> makeBackend();
    void onAgentEvent(const agents::AgentEvent &event);
    void onFinished(const agents::AgentOutcome &outcome);
    void recordCliCost(const agents::AgentOutcome &outcome);
    std::optional<QString> commitWork(const QString &why);
    // Restores what the turn changed in git's configuration; files the finding.
    void restoreGitConfig();

    std::optional<git::GitConfigGuard> m_guard;

    agents::AgentBackend *m_implementer = nullptr;
    bool m_sandboxed = false;
};

} // namespace agentdesk::tasks
