#pragma once

#include "agents/AgentRequest.h"

#include <memory>

namespace agentdesk::cost {
class PriceTable;
}

namespace agentdesk::agents {

// The UsagePricer the pipeline hands to agent steps: the price table's exact cost of a model's
// usage, or nullopt when the model has no price (the outcome is then "unpriced"). The table is
// shared read-only, so the pricer may be called from any worker thread.
UsagePricer pricerFromTable(std::shared_ptr<const cost::PriceTable> table);

} // namespace agentdesk::agents
