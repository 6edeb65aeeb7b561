#include "cost/BudgetGuard.h"

#include <algorithm>

namespace agentdesk::cost {

Money BudgetGuard::worstCaseCost(const ModelPrice &price, qint64 inputTokensUpperBound,
                                 qint64 outputTokens)
{
    const TokenPrices &tier = price.pricesFor(inputTokensUpperBound);
    return tier.dearestInput() * inputTokensUpperBound + tier.output * outputTokens;
}

qint64 BudgetGuard::nextInputUpperBound(qint64 previousTotalInputTokens,
                                        qint64 previousOutputTokens, qint64 bytesAppendedSince)
{
    return previousTotalInputTokens + previousOutputTokens + bytesAppendedSince;
}

Result<CallAllowance> BudgetGuard::allow(const ModelPrice &price, qint64 inputTokensUpperBound,
                                         const BudgetLimits &limits, int requestedMaxTokens,
                                         int minUsefulOutputTokens)
{
    CallAllowance allowance;
    allowance.maxOutputTokens = requestedMaxTokens;
    // A model whose own cap is below the useful minimum is not a budget problem.
    minUsefulOutputTokens = std::max(1, std::min(minUsefulOutputTokens, requestedMaxTokens));
    std::optional<Money> remaining;
    bool dailyBinds = false;
    if (limits.runRemaining)
        remaining = *limits.runRemaining;
    if (limits.dailyRemaining && (!remaining || *limits.dailyRemaining < *remaining)) {
        remaining = *limits.dailyRemaining;
        dailyBinds = true;
    }
    if (!remaining) {
        allowance.worstCaseCost = worstCaseCost(price, inputTokensUpperBound, requestedMaxTokens);
        return allowance;
    }

    const TokenPrices &tier = price.pricesFor(inputTokensUpperBound);
    const Money inputCost = tier.dearestInput() * inputTokensUpperBound;
    const Money left = *remaining - inputCost;
    qint64 affordable = 0;
    if (!left.isNegative()) {
        affordable = tier.output.isZero() ? qint64(requestedMaxTokens)
                                          : left.nanodollars() / tier.output.nanodollars();
    }
    allowance.maxOutputTokens = int(std::min<qint64>(affordable, requestedMaxTokens));
    if (left.isNegative() || allowance.maxOutputTokens < minUsefulOutputTokens ||
        allowance.maxOutputTokens <= 0) {
        const Money needed = worstCaseCost(price, inputTokensUpperBound, minUsefulOutputTokens);
        return makeError(
            QStringLiteral("budget-reached"),
            QStringLiteral("%1 reached: %2 left, and the next call could cost up to "
                           "%3")
                .arg(dailyBinds ? QStringLiteral("daily budget") : QStringLiteral("budget"),
                     std::max(*remaining, Money()).format(), needed.format()));
    }
    allowance.worstCaseCost = inputCost + tier.output * allowance.maxOutputTokens;
    return allowance;
}

} // namespace agentdesk::cost
