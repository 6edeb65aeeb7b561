#include "agents/AgentBackend.h"

namespace agentdesk::agents {

AgentBackend::~AgentBackend() = default;

VoidResult AgentBackend::answerPermission(const QString &requestId, const PermissionDecision &)
{
    return makeError(QStringLiteral("no-such-question"),
                     QStringLiteral("%1 is not waiting for an answer to question %2.")
                         .arg(backendId(), requestId));
}

} // namespace agentdesk::agents
