#pragma once

#include "agents/AgentEvent.h"
#include "agents/AgentOutcome.h"
#include "agents/AgentRequest.h"
#include "core/Result.h"
#include "tasks/engine/steps/RunnerStep.h"

#include <optional>

namespace agentdesk::agents {
class AgentBackend;
}

namespace agentdesk::tasks {

// Implementing: an agent backend (the built-in tool loop or a CLI agent) works in the task's
// worktree; what it leaves is committed on the task's branch, which is the head the later
// steps check. A budget reached pauses the task with the work committed.
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

    agents::AgentBackend *m_implementer = nullptr;
    bool m_sandboxed = false;
};

} // namespace agentdesk::tasks
