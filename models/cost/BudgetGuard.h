#pragma once

#include "core/Money.h"
#include "core/Result.h"
#include "cost/ModelPrice.h"

#include <optional>

namespace agentdesk::cost {

// What is left to spend. Either may be absent (no budget of that kind).
struct BudgetLimits
{
    std::optional<Money> runRemaining;
    std::optional<Money> dailyRemaining;
};

struct CallAllowance
{
    int maxOutputTokens = 0;
    Money worstCaseCost; // of a call using every allowed output token
};

// Decides, before each call, how many output tokens the remaining budget can pay for in the
// worst case, so that a run's recorded spend never exceeds its cap: the input is charged at
// its upper bound and at the dearest input rate (fresh, cache write or cache read), at the
// long-context tier when the bound crosses it.
class BudgetGuard
{
public:
    // `requestedMaxTokens` is what the call would ask for without a budget (the model's cap);
    // below `minUsefulOutputTokens` a call is not worth making: "budget reached".
    static Result<CallAllowance> allow(const ModelPrice &price, qint64 inputTokensUpperBound,
                                       const BudgetLimits &limits, int requestedMaxTokens,
                                       int minUsefulOutputTokens);

    static Money worstCaseCost(const ModelPrice &price, qint64 inputTokensUpperBound,
                               qint64 outputTokens);

    // A safe bound on the next call's input: the previous call's input and output plus the
    // bytes appended since (a byte-level tokenizer never yields more tokens than bytes).
    static qint64 nextInputUpperBound(qint64 previousTotalInputTokens, qint64 previousOutputTokens,
                                      qint64 bytesAppendedSince);
};

} // namespace agentdesk::cost
