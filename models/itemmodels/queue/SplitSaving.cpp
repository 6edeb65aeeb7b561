#include "itemmodels/queue/SplitSaving.h"

#include "cost/PriceTable.h"
#include "llm/Usage.h"

namespace agentdesk::itemmodels {

SplitSaving computeSplitSaving(const QList<store::LedgerEntry> &entries,
                               const QHash<tasks::TaskId, tasks::ModelRef> &implementerByTask,
                               const cost::PriceTable &prices, const QSet<QString> &localProviders)
{
    SplitSaving saving;
    for (const store::LedgerEntry &entry : entries) {
        saving.actual += entry.cost;
        if (entry.role != store::LedgerRole::Reviewer) {
            saving.ifImplementerModelForBoth += entry.cost;
            continue;
        }
        const auto implementer = implementerByTask.constFind(entry.taskId);
        if (implementer == implementerByTask.cend() || implementer->isEmpty()) {
            saving.ifImplementerModelForBoth += entry.cost;
            ++saving.callsNotRepriced;
            continue;
        }
        llm::Usage usage;
        usage.inputTokens = entry.inputTokens;
        usage.outputTokens = entry.outputTokens;
        usage.cacheWrite5mTokens = entry.cacheWrite5mTokens;
        usage.cacheWrite1hTokens = entry.cacheWrite1hTokens;
        usage.cacheReadTokens = entry.cacheReadTokens;
        const Result<Money> repriced =
            prices.cost(implementer->model, usage, localProviders.contains(implementer->provider));
        if (!repriced) {
            saving.ifImplementerModelForBoth += entry.cost;
            ++saving.callsNotRepriced;
            continue;
        }
        saving.ifImplementerModelForBoth += *repriced;
    }
    return saving;
}

} // namespace agentdesk::itemmodels
