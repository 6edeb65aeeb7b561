#pragma once

#include "tasks/MergeGate.h"
#include "tasks/decide/ConflictRadar.h"
#include "tasks/decide/MergeFlow.h"

#include <QJsonObject>

namespace agentdesk::tasks {

// The JSON forms `agentdesk show --json` and `agentdesk merge --json` print. Fields are only
// ever added, never renamed.

// {"allowed", "head", "baseHead", "validatedCommit", "ahead", "behind",
//  "reasons": [{"kind": "would-conflict", "text", "paths": [...], "findingIds": [...]}]}
QJsonObject gateAnswerToJson(const GateAnswer &answer);

// {"baseBranch", "baseHead", "tasks": [{"task", "branch", "head", "ahead", "behind", "stale",
//  "conflictsWithBase", "conflictingPaths", "error"?}], "pairs": [{"tasks": [a, b], "paths"}]}
QJsonObject radarReportToJson(const RadarReport &report);

// {"landed", "landedCommit", "oldBase", "newBase", "mergedBaseIntoBranch", "attempts",
//  "validations", "conflictingPaths", "error": {"code", "message"}?}
QJsonObject mergeFlowResultToJson(const MergeFlowResult &result);

} // namespace agentdesk::tasks
