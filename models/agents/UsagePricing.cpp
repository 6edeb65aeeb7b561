#include "agents/UsagePricing.h"

#include "cost/PriceTable.h"
#include "llm/Usage.h"

namespace agentdesk::agents {

UsagePricer pricerFromTable(std::shared_ptr<const cost::PriceTable> table)
{
    return [table = std::move(table)](const QString &model,
                                      const TokenUsage &usage) -> std::optional<Money> {
        llm::Usage tokens;
        tokens.inputTokens = usage.inputTokens;
        tokens.outputTokens = usage.outputTokens;
        tokens.cacheWrite5mTokens = usage.cacheWrite5mTokens;
        tokens.cacheWrite1hTokens = usage.cacheWrite1hTokens;
        tokens.cacheReadTokens = usage.cacheReadTokens;
        const Result<Money> cost = table->cost(model, tokens);
        if (!cost)
            return std::nullopt;
        return *cost;
    };
}

} // namespace agentdesk::agents
