#pragma once

#include "agents/AgentEvent.h"
#include "agents/AgentOutcome.h"
#include "agents/AgentRequest.h"
#include "core/Result.h"

#include <QObject>

namespace agentdesk::agents {

// An agent step the pipeline drives: the built-in API agent and each CLI agent implement it.
// start() never blocks: errors it can see at once (an agent that is not installed, a missing
// worktree) come back as its Result; everything after arrives as signals on the thread that
// owns the backend, ending with exactly one finished().
class AgentBackend : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    ~AgentBackend() override;

    // A short identifier ("claude-code", "codex", "aider", "custom").
    virtual QString backendId() const = 0;
    virtual VoidResult start(const AgentRequest &request) = 0;
    // Stops the run; finished() follows with OutcomeKind::Cancelled. No effect once finished.
    virtual void cancel() = 0;
    virtual bool isRunning() const = 0;

    // Questions the agent is waiting on, oldest first; empty when it is not waiting. Each also
    // arrived as a PermissionRequest event.
    virtual QList<PermissionRequest> pendingPermissions() const { return {}; }
    bool isWaitingForInput() const { return !pendingPermissions().isEmpty(); }
    // Answers one question (`requestId` from the request). "no-such-question" when the agent
    // is not waiting on it (already answered, withdrawn, or the run ended).
    virtual VoidResult answerPermission(const QString &requestId,
                                        const PermissionDecision &decision);

Q_SIGNALS:
    void eventOccurred(const agentdesk::agents::AgentEvent &event);
    // Emitted when the run starts waiting for an answer (true) and when nothing is left to
    // answer (false): the engine's Needs input state, and when budget time stops and resumes.
    void waitingForInputChanged(bool waiting);
    void finished(const agentdesk::agents::AgentOutcome &outcome);
};

} // namespace agentdesk::agents
