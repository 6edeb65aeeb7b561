#pragma once

// Private to models/calibration: the reviewer's request for one calibration review, built the
// way the task runner builds a task's (its title and prompt, the diff from the change's
// parent, the validation line), so the reviewer cannot tell a calibration from a task.

#include "agents/api/ReviewerAgent.h"
#include "calibration/CalibrationPlan.h"
#include "core/Result.h"

namespace agentdesk::git {
class Repository;
}

namespace agentdesk::calibration::detail {

// What the task runner tells the reviewer when no validation ran.
QString noValidationSummary();

// `head`: the change's commit or a variant's. `checkout`: where its files are (may be empty
// when only the size is wanted).
Result<agents::ReviewRequest> reviewRequestFor(const git::Repository &repository,
                                               const Change &change, const QString &head,
                                               const QString &checkout);

} // namespace agentdesk::calibration::detail
