#pragma once

#include "agents/AgentEvent.h"
#include "agents/AgentOutcome.h"
#include "agents/AgentRequest.h"
#include "core/Result.h"
#include "git/GitConfigGuard.h"
#include "tasks/engine/steps/RunnerStep.h"

#include <QHash>
#include <QTimer>

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
//
// A CLI agent that can ask (Claude Code) waits for the user on a tool it was not allowed in
// advance: each question is recorded in the store and the task goes Implementing → NeedsInput
// (its reason the tool, input and the agent's why); while it waits the step polls the store
// every half second for an answer given from any process (the window, `agentdesk permit`),
// hands it to the agent and settles the question; with nothing left to answer the task goes
// back to Implementing. The agent's wall clock does not run meanwhile (CliBackend).
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
    void endUsageLimited(const agents::AgentOutcome &outcome, const std::optional<QString> &head);
    // Needs input: the agent's open questions into the store, the state, the answers back.
    void syncQuestions();
    void onWaitingChanged(bool waiting);
    void pollAnswers();
    void settleQuestions(const QString &how);
    void recordCliCost(const agents::AgentOutcome &outcome);
    std::optional<QString> commitWork(const QString &why);
    // Restores what the turn changed in git's configuration; files the finding.
    void restoreGitConfig();

    std::optional<git::GitConfigGuard> m_guard;

    agents::AgentBackend *m_implementer = nullptr;
    bool m_sandboxed = false;
    bool m_needsInput = false;
    QHash<QString, qint64> m_questionIds; // the agent's request id → the store's question id
    QTimer m_answerPoll;
};

} // namespace agentdesk::tasks
