// TaskQueueModel's cell texts: what a row shows, its tool tip and its sort value, with the
// running clock they read.

#include "itemmodels/queue/TaskQueueModel.h"

namespace agentdesk::itemmodels {

using tasks::TaskId;
using tasks::TaskState;

QDateTime TaskQueueModel::now() const
{
    return m_now.isValid() ? m_now : QDateTime::currentDateTimeUtc();
}

bool TaskQueueModel::clockRuns(const Entry &entry) const
{
    return entry.state == TaskState::Queued || tasks::isRunningState(entry.state);
}

qint64 TaskQueueModel::elapsedSeconds(const Entry &entry) const
{
    // Queued: how long it has waited. Running: how long this iteration has run. Stopped: how
    // long the last iteration ran before it stopped.
    if (entry.state == TaskState::Queued)
        return entry.createdAt.isValid() ? qMax<qint64>(0, entry.createdAt.secsTo(now())) : 0;
    const QDateTime start = entry.startedAt.isValid() ? entry.startedAt : entry.createdAt;
    if (!start.isValid())
        return 0;
    const QDateTime end = clockRuns(entry) ? now() : entry.updatedAt;
    return end.isValid() ? qMax<qint64>(0, start.secsTo(end)) : 0;
}

QString TaskQueueModel::displayText(const Entry &entry, int column) const
{
    switch (column) {
    case TitleColumn:
        return entry.title;
    case StateColumn:
        return tasks::taskStateDisplayName(entry.state);
    case CostColumn:
        if (entry.budget.nanodollars() > 0)
            return QStringLiteral("%1 / %2").arg(formatShortMoney(entry.spent),
                                                 entry.budget.format(2));
        return formatShortMoney(entry.spent);
    case ElapsedColumn:
        // Three different clocks, so each says which it is (except the running one, next to
        // its state).
        if (entry.state == TaskState::Queued)
            return tr("waiting %1").arg(formatElapsed(elapsedSeconds(entry)));
        if (!entry.startedAt.isValid())
            return QString();
        if (clockRuns(entry))
            return formatElapsed(elapsedSeconds(entry));
        return tr("took %1").arg(formatElapsed(elapsedSeconds(entry)));
    case ModelsColumn:
        if (entry.implementer.isEmpty())
            return QString();
        return entry.reviewer.isEmpty()
                   ? entry.implementer.model
                   : QStringLiteral("%1 / %2").arg(entry.implementer.model, entry.reviewer.model);
    case FlagsColumn: {
        const Findings findings = m_findings.value(entry.id);
        if (findings.open == 0)
            return QString();
        const QString flags = findings.open == 1 ? tr("1 flag") : tr("%1 flags").arg(findings.open);
        return findings.blocking > 0 ? tr("%1 · %2 blocking").arg(flags).arg(findings.blocking)
                                     : flags;
    }
    case BadgeColumn: {
        const Badge badge = m_badges.value(entry.id);
        QStringList parts;
        if (badge.behind > 0)
            parts.append(tr("%1 behind").arg(badge.behind));
        if (badge.conflicts)
            parts.append(tr("conflicts"));
        return parts.join(QStringLiteral(" · "));
    }
    default:
        return QString();
    }
}

QString TaskQueueModel::toolTip(const Entry &entry, int column) const
{
    switch (column) {
    case TitleColumn:
        return entry.activity.isEmpty() ? entry.title
                                        : QStringLiteral("%1\n%2").arg(entry.title, entry.activity);
    case StateColumn: {
        QString text = tasks::taskStateDisplayName(entry.state);
        if (entry.iteration > 1)
            text += tr(" (revision %1)").arg(entry.iteration - 1);
        if (!entry.reason.isEmpty())
            text += QStringLiteral(": ") + entry.reason;
        else if (!entry.activity.isEmpty() && tasks::isRunningState(entry.state))
            text += QStringLiteral(": ") + entry.activity;
        return text;
    }
    case CostColumn: {
        if (entry.budget.nanodollars() <= 0)
            return tr("%1 spent, no budget set").arg(entry.spent.format(6));
        const qint64 percent = entry.spent.nanodollars() * 100 / entry.budget.nanodollars();
        return tr("%1 spent of a %2 budget (%3 %)")
            .arg(entry.spent.format(6), entry.budget.format(2))
            .arg(percent);
    }
    case ElapsedColumn:
        if (entry.state == TaskState::Queued)
            return tr("Waiting for %1").arg(formatElapsed(elapsedSeconds(entry)));
        if (clockRuns(entry))
            return tr("Running for %1").arg(formatElapsed(elapsedSeconds(entry)));
        return entry.startedAt.isValid()
                   ? tr("The last run took %1").arg(formatElapsed(elapsedSeconds(entry)))
                   : QString();
    case ModelsColumn:
        if (entry.implementer.isEmpty())
            return QString();
        return tr("Implementer: %1\nReviewer: %2")
            .arg(entry.implementer.toString(),
                 entry.reviewer.isEmpty() ? tr("none") : entry.reviewer.toString());
    case FlagsColumn: {
        const Findings findings = m_findings.value(entry.id);
        if (findings.open == 0)
            return tr("No open findings");
        return tr("%1 open findings from the reviewer, %2 of them blocking the merge")
            .arg(findings.open)
            .arg(findings.blocking);
    }
    case BadgeColumn: {
        const Badge badge = m_badges.value(entry.id);
        QStringList lines;
        if (badge.behind > 0)
            lines.append(tr("The base branch has moved %1 commits since this task started; "
                            "the diff is still against the task's own base")
                             .arg(badge.behind));
        if (badge.conflicts)
            lines.append(tr("Merging now would conflict with the base branch"));
        return lines.join(QLatin1Char('\n'));
    }
    default:
        return QString();
    }
}

QVariant TaskQueueModel::sortValue(const Entry &entry, int column) const
{
    switch (column) {
    case TitleColumn:
        return entry.title.toLower();
    case StateColumn:
        return int(entry.state);
    case CostColumn:
        return entry.spent.nanodollars();
    case ElapsedColumn:
        return elapsedSeconds(entry);
    case ModelsColumn:
        return entry.implementer.toString();
    case FlagsColumn: {
        const Findings findings = m_findings.value(entry.id);
        return qint64(findings.blocking) * 1'000'000 + findings.open;
    }
    case BadgeColumn: {
        const Badge badge = m_badges.value(entry.id);
        return qint64(badge.conflicts ? 1'000'000 : 0) + badge.behind;
    }
    default:
        return {};
    }
}

} // namespace agentdesk::itemmodels
