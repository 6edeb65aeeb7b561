// TaskQueueModel's cells: the value of each role for a group row and a task row, what a row
// shows, its tool tip and its sort value, with the running clock they read. The tree's
// structure (groups, rows, moves) is TaskQueueModel.cpp.

#include "itemmodels/queue/TaskQueueModel.h"

namespace agentdesk::itemmodels {

using tasks::TaskId;
using tasks::TaskState;

namespace {

QString pluralTasks(int count)
{
    return count == 1 ? QStringLiteral("1 task") : QStringLiteral("%1 tasks").arg(count);
}

} // namespace

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

QVariant TaskQueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TitleColumn:
        return tr("Task");
    case StateColumn:
        return tr("State");
    case CostColumn:
        return tr("Cost");
    case ElapsedColumn:
        return tr("Time");
    case ModelsColumn:
        return tr("Models");
    case FlagsColumn:
        return tr("Flags");
    case BadgeColumn:
        return tr("Base");
    default:
        return {};
    }
}

QVariant TaskQueueModel::groupData(Group group, int column, int role) const
{
    const int count = taskCount(group);
    switch (role) {
    case Qt::DisplayRole:
        return column == TitleColumn
                   ? QVariant(QStringLiteral("%1 · %2").arg(groupTitle(group)).arg(count))
                   : QVariant();
    case Qt::AccessibleTextRole:
        return column == TitleColumn
                   ? QVariant(QStringLiteral("%1, %2").arg(groupTitle(group), pluralTasks(count)))
                   : QVariant();
    case Qt::ToolTipRole:
        if (column != TitleColumn)
            return {};
        switch (group) {
        case Group::NeedsInput:
            return tr("An agent asks to use a tool and waits for your answer: allow or deny it");
        case Group::NeedsReview:
            return tr("Finished work waiting for you to review, merge, revise or reject");
        case Group::Running:
            return tr("Tasks an agent is working on now");
        case Group::Queued:
            return tr("Tasks waiting for a free slot (see Concurrency)");
        case Group::PausedOrFailed:
            return tr("Tasks that stopped: out of budget, failed, or interrupted");
        case Group::Done:
            return tr("Merged or rejected tasks");
        }
        return {};
    case IsGroupRole:
        return true;
    case GroupRole:
        return int(group);
    case GroupTaskCountRole:
        return count;
    case TaskIdRole:
        return qint64(0);
    case SortRole:
        return int(group);
    default:
        return {};
    }
}

QVariant TaskQueueModel::taskData(const Entry &entry, int column, int role) const
{
    const Findings findings = m_findings.value(entry.id);
    const Badge badge = m_badges.value(entry.id);
    switch (role) {
    case Qt::DisplayRole:
        return displayText(entry, column);
    case Qt::ToolTipRole:
        return toolTip(entry, column);
    case Qt::AccessibleTextRole: {
        if (column != TitleColumn)
            return displayText(entry, column);
        QStringList parts{entry.title, tasks::taskStateDisplayName(entry.state),
                          displayText(entry, CostColumn), displayText(entry, ElapsedColumn)};
        for (const int extra : {FlagsColumn, BadgeColumn}) {
            const QString text = displayText(entry, extra);
            if (!text.isEmpty())
                parts.append(text);
        }
        return parts.join(QStringLiteral(", "));
    }
    case Qt::TextAlignmentRole:
        if (column == CostColumn || column == ElapsedColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case TaskIdRole:
        return qint64(entry.id);
    case IsGroupRole:
        return false;
    case GroupRole:
        return int(groupOf(entry.state));
    case StateRole:
        return int(entry.state);
    case StateReasonRole:
        return entry.reason;
    case ActivityRole:
        return entry.activity;
    case SpentRole:
        return entry.spent.nanodollars();
    case BudgetRole:
        return entry.budget.nanodollars();
    case ElapsedSecondsRole:
        return elapsedSeconds(entry);
    case CreatedAtRole:
        return entry.createdAt;
    case ImplementerRole:
        return entry.implementer.isEmpty() ? QString() : entry.implementer.toString();
    case ReviewerRole:
        return entry.reviewer.isEmpty() ? QString() : entry.reviewer.toString();
    case OpenFindingsRole:
        return findings.open;
    case BlockingFindingsRole:
        return findings.blocking;
    case BehindRole:
        return badge.behind;
    case ConflictsRole:
        return badge.conflicts;
    case BranchRole:
        return entry.branch;
    case WorktreePathRole:
        return entry.worktreePath;
    case IterationRole:
        return entry.iteration;
    case SortRole:
        return sortValue(entry, column);
    default:
        return {};
    }
}

} // namespace agentdesk::itemmodels
