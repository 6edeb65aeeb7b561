#pragma once

#include "agents/AgentOutcome.h"
#include "agents/AgentRequest.h"
#include "cost/Ledger.h"

#include <QList>

namespace agentdesk::agents {

// The ledger entries of one CLI agent run: one per model it used, their costs adding up to
// the total it reported (the last model takes the remainder), or our pricing of each model's
// usage when it reported no total. `base` gives the task, iteration, role and provider.
QList<cost::LedgerEntry> cliLedgerEntries(const AgentOutcome &outcome, const UsagePricer &pricer,
                                          const cost::LedgerEntry &base);

} // namespace agentdesk::agents
