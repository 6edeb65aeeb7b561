#pragma once

#include "agents/AgentEvent.h"
#include "agents/AgentOutcome.h"
#include "core/Money.h"
#include "llm/ChatTypes.h"

namespace agentdesk::agents {

// The timeline events the built-in agents emit, shaped like the CLI parsers' so the store and
// the views treat both alike.
namespace apievents {

AgentEvent usage(const QString &model, const llm::Usage &usage, Money cost, bool priced,
                 const QString &requestId);
AgentEvent toolUse(const llm::ContentBlock &block);
AgentEvent toolResult(const QString &toolUseId, const QString &text, bool isError);
AgentEvent retry(const llm::RetryNotice &notice);
AgentEvent totalCost(Money cost, bool priced);

TokenUsage tokenUsage(const llm::Usage &usage);
// "rate limited (request req_1)": the provider's message with its request id, once.
QString providerFailure(const llm::ChatError &error);
OutcomeKind outcomeKindFor(const llm::ChatError &error);

} // namespace apievents

} // namespace agentdesk::agents
