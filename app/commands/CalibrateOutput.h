#pragma once

#include "calibration/CalibrationRun.h"

#include <QJsonObject>
#include <QString>

namespace agentdesk::app {

// What `agentdesk calibrate` prints for a finished run: the per-model, per-class table with
// noise and cost, the reviewers side by side, and the review page's sentences; or, with
// --json, one object with the same figures and every review (file, line, class, caught,
// findings, cost). JSON fields are only ever added. `referenceModel` (provider:model, may be
// empty) is the one the others' cost is compared with: the implementer's model.
QString calibrationTable(const calibration::CalibrationReport &report,
                         const QString &referenceModel);
QJsonObject calibrationJson(const calibration::CalibrationReport &report,
                            const QString &referenceModel);
// One line per review as it finishes, for stderr.
QString reviewProgressLine(const calibration::RunRequest &request,
                           const calibration::ReviewResult &result, int total);

} // namespace agentdesk::app
