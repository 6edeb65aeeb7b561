#pragma once

#include "tasks/engine/steps/RunnerStep.h"

namespace agentdesk::tasks {

// The three-part report (what was asked, what changed, what to check) from everything the
// iteration found, saved with the iteration's head; the run then ends ReadyForReview.
class ReportStep : public RunnerStep
{
    Q_OBJECT

public:
    using RunnerStep::RunnerStep;
    void start() override;
};

} // namespace agentdesk::tasks
