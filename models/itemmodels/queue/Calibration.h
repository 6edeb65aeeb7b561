#pragma once

#include "store/StoreTypes.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QString>

#include <array>

namespace agentdesk::itemmodels {

// How far to trust each reviewer model, from what it did: the findings it raised by category
// and priority, how many of them the user acknowledged as real, and what became of the tasks
// it reviewed — merged as they were (one iteration) or after a revision.
struct CalibrationRow
{
    QString reviewer; // "provider:model"
    int tasksReviewed = 0;
    int findings = 0;
    QMap<QString, int> byCategory;   // category id → findings
    std::array<int, 4> byPriority{}; // P0..P3
    int acknowledged = 0;            // findings the user acknowledged as real
    int mergedAsIs = 0;              // merged after its first iteration
    int mergedAfterRevision = 0;     // merged after one or more revisions
    int revised = 0;                 // tasks with more than one iteration
    int rejected = 0;
    friend bool operator==(const CalibrationRow &, const CalibrationRow &) = default;
};

// One row per reviewer model, sorted by name. `findings` and `iterations` are by task id; a
// finding carried forward from an earlier iteration (carriedFromId) is counted once.
QList<CalibrationRow>
computeCalibration(const QList<store::TaskSummary> &tasks,
                   const QHash<tasks::TaskId, QList<store::FindingRecord>> &findings);

} // namespace agentdesk::itemmodels
