#include "itemmodels/queue/Calibration.h"

namespace agentdesk::itemmodels {

QList<CalibrationRow>
computeCalibration(const QList<store::TaskSummary> &tasks,
                   const QHash<tasks::TaskId, QList<store::FindingRecord>> &findings)
{
    QMap<QString, CalibrationRow> rows;
    for (const store::TaskSummary &summary : tasks) {
        const store::TaskRecord &task = summary.task;
        // Only tasks that were reviewed: they reached review once, or were revised.
        const tasks::TaskState state = task.state;
        const bool reviewed =
            summary.latestIteration > 1 || state == tasks::TaskState::ReadyForReview ||
            state == tasks::TaskState::Merging || state == tasks::TaskState::Merged ||
            state == tasks::TaskState::Rejected || state == tasks::TaskState::Revising;
        if (!reviewed)
            continue;
        const QString reviewer = task.spec.reviewer.toString();
        CalibrationRow &row = rows[reviewer];
        row.reviewer = reviewer;
        ++row.tasksReviewed;
        const bool revisedTask = summary.latestIteration > 1;
        row.revised += revisedTask ? 1 : 0;
        if (task.state == tasks::TaskState::Merged)
            ++(revisedTask ? row.mergedAfterRevision : row.mergedAsIs);
        if (task.state == tasks::TaskState::Rejected)
            ++row.rejected;
        for (const store::FindingRecord &finding : findings.value(task.id)) {
            if (finding.carriedFromId != 0)
                continue; // the same concern, raised again: counted where it first appeared
            ++row.findings;
            ++row.byCategory[finding.category];
            row.byPriority[size_t(qBound(0, finding.priority, 3))] += 1;
            row.acknowledged += finding.acknowledged ? 1 : 0;
        }
    }
    return rows.values();
}

} // namespace agentdesk::itemmodels
