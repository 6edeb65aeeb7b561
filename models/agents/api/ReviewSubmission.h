#pragma once

#include "core/Result.h"
#include "llm/ChatTypes.h"
#include "review/Finding.h"

#include <QJsonObject>
#include <QStringList>

#include <vector>

namespace agentdesk::agents {

// The reviewer's answer: the findings contract (ARCHITECTURE.md §6) as the input schema of
// the forced `submit_review` tool, and the strict parser that turns the model's input into
// review::Finding values.
struct ReviewSubmission
{
    std::vector<review::Finding> findings;
    review::ReviewVerdict verdict;

    static constexpr char toolName[] = "submit_review";
    static llm::ToolDefinition tool();
    // Checks every type, enum and range; on failure the error message lists each problem with
    // its JSON path ("findings[1].priority: ...") so the model can correct its answer.
    static Result<ReviewSubmission> fromToolInput(const QJsonObject &input);
};

} // namespace agentdesk::agents
