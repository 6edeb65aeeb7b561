#pragma once

#include "agents/AgentEvent.h"
#include "agents/AgentOutcome.h"
#include "agents/api/ReviewerAgent.h"
#include "cost/Ledger.h"
#include "llm/Usage.h"
#include "review/Finding.h"
#include "store/StoreTypes.h"
#include "store/UsageWindowRecord.h"
#include "tasks/TaskEvent.h"
#include "tasks/validation/ValidationResult.h"

#include <QJsonObject>
#include <QList>

#include <optional>

namespace agentdesk::cost {
class PriceTable;
}

// Every conversion a task run makes between the agents', validation's and cost's values and
// the store's records, in one place: the steps hold no field-by-field copies of their own.
namespace agentdesk::tasks::records {

store::LedgerEntry ledgerEntry(const cost::LedgerEntry &entry, TaskId id, int iteration);
llm::Usage llmUsage(const agents::TokenUsage &usage);

// A CLI agent reports its cost once, at the end: one ledger entry per model, the figures adding
// up to what it reported (or to our pricing of its usage, with `prices`).
QList<store::LedgerEntry> cliLedgerEntries(const agents::AgentOutcome &outcome,
                                           const QString &provider, const cost::PriceTable *prices,
                                           TaskId id, int iteration);

// An agent's event on the timeline: its kind and payload, with `role` when it is not the
// implementer's.
TaskEventKind timelineKind(agents::AgentEvent::Kind kind);
QJsonObject timelinePayload(const agents::AgentEvent &event, const QString &role = QString());

store::FindingRecord findingRecord(const review::Finding &finding);
// A usage window as the store keeps it, and back (issue 19).
store::UsageWindowRecord usageWindowRecord(const agents::UsageWindow &window, TaskId reportedBy);
agents::UsageWindow usageWindow(const store::UsageWindowRecord &record);
store::ReviewVerdictRecord verdictRecord(const agents::ReviewOutcome &outcome, TaskId id,
                                         int iteration);

// The head's validation, compared with the base's when that ran; `command` is what was run when
// the result does not say.
store::ValidationRecord validationRecord(const ValidationResult &head, const QString &command,
                                         const std::optional<ValidationResult> &base,
                                         const std::optional<BaseComparison> &comparison, TaskId id,
                                         int iteration);

} // namespace agentdesk::tasks::records
