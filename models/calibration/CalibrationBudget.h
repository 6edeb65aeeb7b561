#pragma once

#include "core/Money.h"
#include "cost/ModelPrice.h"

#include <QString>

namespace agentdesk::agents {
struct ReviewRequest;
}

namespace agentdesk::calibration {

// What one calibration review may cost, decided before the run starts.
//
// `allowance` is the review's own budget: it is handed to the reviewer as its run budget, so
// the budget guard never lets it spend more (a review that needs more ends "budget-reached"
// and is not scored). It is the worst case of `allowanceCalls` calls: the first with the
// request's bytes as its input bound (a byte-level tokenizer never makes more tokens than
// bytes) plus the providers' overhead, each later one adding a full answer and a file read,
// every call billed at the dearest input rate and `allowanceOutputTokens` of output. The run
// starts a review only when its allowance fits in what the run's budget has left, so the
// run's spend can never pass its budget. `expected` is a typical review (about four bytes
// per token, two calls, a short answer): the figure to plan with, not a bound.
struct ReviewCost
{
    Money allowance;
    Money expected;
};

class CalibrationBudget
{
public:
    static constexpr int allowanceCalls = 3;
    static constexpr int allowanceOutputTokens = 4096;
    static constexpr qint64 allowanceToolResultBytes = 16 * 1024;

    // The bytes of the reviewer's first request for `request`: its system prompt, every tool
    // it could be offered, and the briefing (task, validation and numbered diff).
    static qint64 firstRequestBytes(const agents::ReviewRequest &request);
    static ReviewCost reviewCost(const cost::ModelPrice &price, qint64 firstRequestBytes);
};

} // namespace agentdesk::calibration
