#include "agents/AgentBackend.h"

namespace agentdesk::agents {

AgentBackend::~AgentBackend() = default;

} // namespace agentdesk::agents
