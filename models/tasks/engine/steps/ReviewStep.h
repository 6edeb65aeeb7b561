#pragma once

#include "agents/api/ReviewerAgent.h"
#include "core/Result.h"
#include "tasks/engine/steps/RunnerStep.h"

namespace agentdesk::tasks {

// Reviewing: a fresh reviewer with the iteration's diff, a clean checkout of the committed
// head and the validation's summary — never the implementer's transcript. Its findings are
// saved (those of the previous iteration carried forward as resolved, open or outdated), and
// its verdict.
class ReviewStep : public RunnerStep
{
    Q_OBJECT

public:
    using RunnerStep::RunnerStep;
    void start() override;
    bool cancel() override;
    void abandon() override;

private:
    VoidResult makeReviewer();
    void startReviewer();
    agents::ReviewRequest request() const;
    void onFinished(const agents::ReviewOutcome &outcome);
    void carryPreviousFindings();

    agents::ReviewerAgent *m_reviewer = nullptr;
};

} // namespace agentdesk::tasks
