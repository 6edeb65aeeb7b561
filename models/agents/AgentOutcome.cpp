#include "agents/AgentOutcome.h"

namespace agentdesk::agents {

QString outcomeKindName(OutcomeKind kind)
{
    switch (kind) {
    case OutcomeKind::Succeeded:
        return QStringLiteral("succeeded");
    case OutcomeKind::Failed:
        return QStringLiteral("failed");
    case OutcomeKind::BudgetExceeded:
        return QStringLiteral("budget_exceeded");
    case OutcomeKind::MaxTurns:
        return QStringLiteral("max_turns");
    case OutcomeKind::AuthFailed:
        return QStringLiteral("auth_failed");
    case OutcomeKind::Crashed:
        return QStringLiteral("crashed");
    case OutcomeKind::Cancelled:
        return QStringLiteral("cancelled");
    case OutcomeKind::TimedOut:
        return QStringLiteral("timed_out");
    case OutcomeKind::UsageLimited:
        return QStringLiteral("usage_limited");
    }
    return QStringLiteral("failed");
}

QString costSourceName(CostSource source)
{
    switch (source) {
    case CostSource::Reported:
        return QStringLiteral("reported");
    case CostSource::Priced:
        return QStringLiteral("priced");
    case CostSource::Unpriced:
        return QStringLiteral("unpriced");
    case CostSource::Unmetered:
        return QStringLiteral("unmetered");
    }
    return QStringLiteral("unmetered");
}

} // namespace agentdesk::agents
