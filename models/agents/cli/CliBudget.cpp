#include "agents/cli/CliBudget.h"

#include "cost/PriceTable.h"

namespace agentdesk::agents {

VoidResult checkCliBudget(const CliAdapter &adapter, const QString &model,
                          const cost::PriceTable &prices, const QProcessEnvironment &environment)
{
    const CliMetering metering = adapter.metering();
    switch (metering.cost) {
    case CliMetering::Cost::Reported:
        return {};
    case CliMetering::Cost::Unmetered:
        return makeError(QStringLiteral("unmetered-budget"),
                         QStringLiteral("%1 reports neither cost nor usage, so a budget cannot be "
                                        "kept: dispatch it without a budget (--no-budget).")
                             .arg(adapter.displayName()));
    case CliMetering::Cost::UsageOnly:
        break;
    }
    const QString effective = adapter.effectiveModel(model, environment);
    if (effective.isEmpty())
        return makeError(QStringLiteral("unpriced-model"),
                         QStringLiteral("%1 will use its own default model, which it does not name "
                                        "in its output, so AgentDesk cannot price it and a budget "
                                        "cannot be kept: name the model (%2:MODEL), or dispatch "
                                        "without a budget (--no-budget).")
                             .arg(adapter.displayName(), adapter.backendId()));
    if (!prices.lookup(effective))
        return makeError(QStringLiteral("unpriced-model"),
                         QStringLiteral("%1 reports tokens but no cost, and AgentDesk has no price "
                                        "for %2, so a budget cannot be kept: add its price in "
                                        "Settings → Prices (USD per million input, output and "
                                        "cached tokens), or dispatch without a budget "
                                        "(--no-budget).")
                             .arg(adapter.displayName(), effective));
    return {};
}

bool budgetStopsBetweenTurns(const CliAdapter &adapter)
{
    return adapter.metering().timing == CliMetering::Timing::EndOfTurn;
}

QString budgetTimingNote(const CliAdapter &adapter)
{
    if (!budgetStopsBetweenTurns(adapter))
        return {};
    return QStringLiteral("%1 reports its usage only when a turn ends, so the budget is checked "
                          "between turns: it is stopped after the turn that passes the budget, "
                          "not within it.")
        .arg(adapter.displayName());
}

} // namespace agentdesk::agents
