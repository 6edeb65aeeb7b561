#include "agents/cli/CliSpend.h"

namespace agentdesk::agents {

QList<cost::LedgerEntry> cliLedgerEntries(const AgentOutcome &outcome, const UsagePricer &pricer,
                                          const cost::LedgerEntry &base)
{
    QList<cost::LedgerEntry> entries;
    Money assigned;
    const QStringList models = outcome.usage.keys();
    for (qsizetype i = 0; i < models.size(); ++i) {
        const TokenUsage usage = outcome.usage.value(models.at(i));
        cost::LedgerEntry entry = base;
        entry.model = models.at(i);
        entry.usage = llm::Usage{usage.inputTokens, usage.outputTokens, usage.cacheWrite5mTokens,
                                 usage.cacheWrite1hTokens, usage.cacheReadTokens};
        const std::optional<Money> priced = pricer ? pricer(models.at(i), usage) : std::nullopt;
        if (outcome.cost && i == models.size() - 1)
            entry.cost =
                Money::fromNanodollars(outcome.cost->nanodollars() - assigned.nanodollars());
        else
            entry.cost = priced.value_or(Money());
        assigned += entry.cost;
        entry.requestId = outcome.sessionId;
        entry.time = QDateTime::currentDateTimeUtc();
        entries.append(entry);
    }
    // Cost reported with no usage to split it by: one entry for the whole run.
    if (entries.isEmpty() && outcome.cost && outcome.cost->nanodollars() > 0) {
        cost::LedgerEntry entry = base;
        entry.cost = *outcome.cost;
        entry.requestId = outcome.sessionId;
        entry.time = QDateTime::currentDateTimeUtc();
        entries.append(entry);
    }
    return entries;
}

} // namespace agentdesk::agents
