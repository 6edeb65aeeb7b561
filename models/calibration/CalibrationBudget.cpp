#include "calibration/CalibrationBudget.h"

#include "agents/api/AgentPrompts.h"
#include "agents/api/MeteredChat.h"
#include "agents/api/ReviewSubmission.h"
#include "agents/api/ReviewerAgent.h"
#include "agents/toolbox/ToolSchema.h"
#include "cost/BudgetGuard.h"

namespace agentdesk::calibration {

qint64 CalibrationBudget::firstRequestBytes(const agents::ReviewRequest &request)
{
    llm::ChatRequest chat;
    chat.system = agents::AgentPrompts::reviewerSystem();
    chat.messages = {llm::ChatMessage::userText(agents::ReviewerAgent::briefing(request))};
    // Every tool the implementer has (the reviewer is offered the read-only ones), so the
    // bound never falls short of the real request.
    for (const agents::ToolSchema &schema : agents::ToolSchema::implementerTools())
        chat.tools.append({schema.name, schema.description, schema.inputSchema});
    chat.tools.append(agents::ReviewSubmission::tool());
    return agents::MeteredChat::requestBytes(chat);
}

ReviewCost CalibrationBudget::reviewCost(const cost::ModelPrice &price, qint64 firstRequestBytes)
{
    ReviewCost cost;
    qint64 bound = firstRequestBytes + agents::MeteredChat::requestOverheadTokens;
    for (int call = 0; call < allowanceCalls; ++call) {
        cost.allowance += cost::BudgetGuard::worstCaseCost(price, bound, allowanceOutputTokens);
        bound += allowanceOutputTokens + allowanceToolResultBytes;
    }
    llm::Usage first;
    first.inputTokens = firstRequestBytes / 4;
    first.outputTokens = 300;
    llm::Usage second;
    second.inputTokens = firstRequestBytes / 4 + 1500;
    second.outputTokens = 700;
    cost.expected = price.cost(first) + price.cost(second);
    return cost;
}

} // namespace agentdesk::calibration
