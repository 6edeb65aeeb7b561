#include "itemmodels/queue/TaskQueueModel.h"

#include <algorithm>

namespace agentdesk::itemmodels {

using tasks::TaskId;
using tasks::TaskState;

namespace {

// Group rows carry internal id 0; a task row carries its group's number + 1, which is all
// parent() needs.
constexpr quintptr groupInternalId = 0;

std::size_t slot(TaskQueueModel::Group group)
{
    return static_cast<std::size_t>(group);
}

} // namespace

TaskQueueModel::TaskQueueModel(QObject *parent)
    : QAbstractItemModel(parent)
{}

TaskQueueModel::Group TaskQueueModel::groupOf(TaskState state)
{
    switch (state) {
    case TaskState::ReadyForReview:
        return Group::NeedsReview;
    case TaskState::Queued:
        return Group::Queued;
    case TaskState::Paused:
    case TaskState::Failed:
    case TaskState::Interrupted:
        return Group::PausedOrFailed;
    case TaskState::Merged:
    case TaskState::Rejected:
        return Group::Done;
    case TaskState::Preparing:
    case TaskState::Implementing:
    case TaskState::Validating:
    case TaskState::Reviewing:
    case TaskState::Merging:
    case TaskState::Revising:
        break;
    case TaskState::NeedsInput:
        return Group::NeedsInput;
    }
    return Group::Running;
}

QString TaskQueueModel::groupTitle(Group group)
{
    switch (group) {
    case Group::NeedsInput:
        return tr("Needs input");
    case Group::NeedsReview:
        return tr("Needs review");
    case Group::Running:
        return tr("Running");
    case Group::Queued:
        return tr("Queued");
    case Group::PausedOrFailed:
        return tr("Paused or failed");
    case Group::Done:
        break;
    }
    return tr("Done");
}

QString TaskQueueModel::formatElapsed(qint64 seconds)
{
    if (seconds < 0)
        seconds = 0;
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    const qint64 minutes = seconds / 60;
    if (minutes < 60)
        return tr("%1 min").arg(minutes);
    const qint64 hours = minutes / 60;
    if (hours < 24)
        return tr("%1 h %2 min").arg(hours).arg(minutes % 60, 2, 10, QLatin1Char('0'));
    return tr("%1 d %2 h").arg(hours / 24).arg(hours % 24);
}

QString TaskQueueModel::formatShortMoney(Money amount)
{
    // Cents are enough in a list, except for amounts that would read as "$0.00".
    const qint64 magnitude = amount.isNegative() ? -amount.nanodollars() : amount.nanodollars();
    return amount.format(magnitude != 0 && magnitude < 10'000'000 ? 4 : 2);
}

TaskQueueModel::Entry TaskQueueModel::entryFrom(const store::TaskSummary &summary)
{
    const store::TaskRecord &task = summary.task;
    Entry entry;
    entry.id = task.id;
    entry.title = task.spec.title;
    entry.state = task.state;
    entry.reason = task.stateReason;
    entry.branch = task.branch;
    entry.worktreePath = task.worktreePath;
    entry.implementer = task.spec.implementer;
    entry.reviewer = task.spec.reviewer;
    entry.spent = summary.totalCost;
    entry.budget = task.spec.budget;
    entry.iteration = summary.latestIteration;
    entry.createdAt = task.createdAt;
    entry.updatedAt = task.updatedAt;
    entry.startedAt = summary.latestIterationStartedAt;
    return entry;
}

bool TaskQueueModel::sortsBefore(const Entry &a, const Entry &b)
{
    // Newest first; the id breaks ties so the order is total and a reload reproduces it.
    if (a.createdAt != b.createdAt)
        return a.createdAt > b.createdAt;
    return a.id > b.id;
}

int TaskQueueModel::insertionRow(Group group, const Entry &entry) const
{
    const QList<TaskId> &ids = m_groups[slot(group)];
    // Binary search over the group without the entry itself (it may still be listed there
    // under its old sort key).
    const int self = int(ids.indexOf(entry.id));
    const int size = int(ids.size()) - (self >= 0 ? 1 : 0);
    int low = 0;
    int high = size;
    while (low < high) {
        const int middle = (low + high) / 2;
        const int at = self >= 0 && middle >= self ? middle + 1 : middle;
        if (sortsBefore(m_entries.value(ids.at(at)), entry))
            low = middle + 1;
        else
            high = middle;
    }
    return low;
}

int TaskQueueModel::rowOf(Group group, TaskId id) const
{
    return int(m_groups[slot(group)].indexOf(id));
}

void TaskQueueModel::setTasks(const QList<store::TaskSummary> &tasks)
{
    beginResetModel();
    m_entries.clear();
    for (auto &ids : m_groups)
        ids.clear();
    m_entries.reserve(tasks.size());
    for (const store::TaskSummary &summary : tasks) {
        if (summary.task.id <= 0)
            continue;
        m_entries.insert(summary.task.id, entryFrom(summary));
    }
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it)
        m_groups[slot(groupOf(it->state))].append(it.key());
    for (auto &ids : m_groups) {
        std::sort(ids.begin(), ids.end(), [this](TaskId a, TaskId b) {
            return sortsBefore(m_entries.value(a), m_entries.value(b));
        });
    }
    endResetModel();
    Q_EMIT countsChanged();
}

void TaskQueueModel::upsertTask(const store::TaskSummary &summary)
{
    const TaskId id = summary.task.id;
    if (id <= 0)
        return;
    const Entry fresh = entryFrom(summary);
    auto it = m_entries.find(id);
    if (it == m_entries.end()) {
        const Group group = groupOf(fresh.state);
        const int row = insertionRow(group, fresh);
        beginInsertRows(groupIndex(group), row, row);
        m_entries.insert(id, fresh);
        m_groups[slot(group)].insert(row, id);
        endInsertRows();
        emitGroupsChanged(group, group);
        return;
    }
    const Entry before = *it;
    *it = fresh;
    place(id, groupOf(before.state));
    emitCellsChanged(id, changedColumns(before, fresh));
}

bool TaskQueueModel::removeTask(TaskId id)
{
    const auto it = m_entries.constFind(id);
    if (it == m_entries.cend())
        return false;
    const Group group = groupOf(it->state);
    const int row = rowOf(group, id);
    beginRemoveRows(groupIndex(group), row, row);
    m_groups[slot(group)].removeAt(row);
    m_entries.remove(id);
    endRemoveRows();
    m_findings.remove(id);
    m_badges.remove(id);
    emitGroupsChanged(group, group);
    return true;
}

void TaskQueueModel::applyProgress(const tasks::TaskProgressList &progress)
{
    for (const tasks::TaskProgress &update : progress) {
        const auto it = m_entries.find(update.taskId);
        if (it == m_entries.end())
            continue;
        // Progress is coalesced (~30 Hz) while a task's summary is upserted as soon as its
        // state changed, so a value read before the change can arrive after it: it must not
        // put the row back in the state it left. (A snapshot taken in the row's own
        // millisecond is current: the runner reports a state after storing it.)
        if (update.at.isValid() && it->updatedAt.isValid() && update.at < it->updatedAt &&
            update.state != it->state)
            continue;
        const Entry before = *it;
        Entry &entry = *it;
        if (entry.state != update.state) {
            entry.state = update.state;
            entry.reason.clear(); // the stored reason was about the state it left
        }
        entry.spent = update.spent;
        if (!update.budget.isZero())
            entry.budget = update.budget;
        entry.iteration = update.iteration;
        entry.activity = update.activity;
        if (update.startedAt.isValid())
            entry.startedAt = update.startedAt;
        if (update.at.isValid())
            entry.updatedAt = update.at;
        const Entry after = entry;
        if (groupOf(before.state) != groupOf(after.state))
            place(after.id, groupOf(before.state));
        emitCellsChanged(after.id, changedColumns(before, after));
    }
}

void TaskQueueModel::setFindingCounts(TaskId id, int open, int blocking)
{
    const Findings counts{qMax(0, open), qBound(0, blocking, qMax(0, open))};
    const Findings before = m_findings.value(id);
    if (before.open == counts.open && before.blocking == counts.blocking)
        return;
    m_findings.insert(id, counts);
    emitCellsChanged(id, {FlagsColumn});
}

void TaskQueueModel::setBadge(TaskId id, int behind, bool conflicts)
{
    const Badge badge{qMax(0, behind), conflicts};
    const Badge before = m_badges.value(id);
    if (before.behind == badge.behind && before.conflicts == badge.conflicts)
        return;
    m_badges.insert(id, badge);
    emitCellsChanged(id, {BadgeColumn});
}

void TaskQueueModel::setCurrentTime(const QDateTime &nowUtc)
{
    QHash<TaskId, QString> before;
    for (const Entry &entry : std::as_const(m_entries)) {
        if (clockRuns(entry))
            before.insert(entry.id, displayText(entry, ElapsedColumn));
    }
    m_now = nowUtc;
    for (auto it = before.cbegin(); it != before.cend(); ++it) {
        if (displayText(m_entries.value(it.key()), ElapsedColumn) != it.value())
            emitCellsChanged(it.key(), {ElapsedColumn});
    }
}

void TaskQueueModel::place(TaskId id, Group from)
{
    const Entry &entry = m_entries[id];
    const Group to = groupOf(entry.state);
    const int source = rowOf(from, id);
    if (source < 0)
        return;
    const int target = insertionRow(to, entry);
    if (from == to) {
        if (target == source)
            return;
        // Qt counts the destination in the list before the row is taken out.
        const QModelIndex parentIndex = groupIndex(from);
        if (!beginMoveRows(parentIndex, source, source, parentIndex,
                           target > source ? target + 1 : target))
            return;
        m_groups[slot(from)].move(source, target);
        endMoveRows();
        return;
    }
    if (!beginMoveRows(groupIndex(from), source, source, groupIndex(to), target))
        return;
    m_groups[slot(from)].removeAt(source);
    m_groups[slot(to)].insert(target, id);
    endMoveRows();
    emitGroupsChanged(from, to);
}

QList<int> TaskQueueModel::changedColumns(const Entry &before, const Entry &after)
{
    QList<int> columns;
    if (before.title != after.title)
        columns.append(TitleColumn);
    if (before.state != after.state || before.reason != after.reason ||
        before.activity != after.activity || before.iteration != after.iteration)
        columns.append(StateColumn);
    if (before.spent != after.spent || before.budget != after.budget)
        columns.append(CostColumn);
    if (before.state != after.state || before.startedAt != after.startedAt ||
        before.updatedAt != after.updatedAt || before.createdAt != after.createdAt)
        columns.append(ElapsedColumn);
    if (before.implementer != after.implementer || before.reviewer != after.reviewer)
        columns.append(ModelsColumn);
    return columns;
}

void TaskQueueModel::emitCellsChanged(TaskId id, const QList<int> &columns)
{
    if (columns.isEmpty() || !m_entries.contains(id))
        return;
    // One signal per run of adjacent columns: a cost tick repaints the cost cell only.
    QList<int> sorted = columns;
    std::sort(sorted.begin(), sorted.end());
    int first = sorted.first();
    int last = first;
    const auto flush = [&] { Q_EMIT dataChanged(indexOf(id, first), indexOf(id, last)); };
    for (qsizetype i = 1; i < sorted.size(); ++i) {
        if (sorted.at(i) == last + 1) {
            last = sorted.at(i);
            continue;
        }
        flush();
        first = last = sorted.at(i);
    }
    flush();
}

void TaskQueueModel::emitGroupsChanged(Group a, Group b)
{
    const QModelIndex first = groupIndex(a);
    Q_EMIT dataChanged(first, groupIndex(a, ColumnCount - 1));
    if (b != a)
        Q_EMIT dataChanged(groupIndex(b), groupIndex(b, ColumnCount - 1));
    Q_EMIT countsChanged();
}

TaskId TaskQueueModel::taskId(const QModelIndex &index) const
{
    const Entry *entry = entryAt(index);
    return entry ? entry->id : 0;
}

QModelIndex TaskQueueModel::indexOf(TaskId id, int column) const
{
    const auto it = m_entries.constFind(id);
    if (it == m_entries.cend())
        return {};
    const Group group = groupOf(it->state);
    const int row = rowOf(group, id);
    if (row < 0)
        return {};
    return createIndex(row, column, quintptr(slot(group) + 1));
}

QModelIndex TaskQueueModel::groupIndex(Group group, int column) const
{
    return createIndex(int(slot(group)), column, groupInternalId);
}

std::optional<TaskState> TaskQueueModel::stateOf(TaskId id) const
{
    const auto it = m_entries.constFind(id);
    if (it == m_entries.cend())
        return std::nullopt;
    return it->state;
}

QString TaskQueueModel::titleOf(TaskId id) const
{
    return m_entries.value(id).title;
}

int TaskQueueModel::taskCount(Group group) const
{
    return int(m_groups[slot(group)].size());
}

int TaskQueueModel::attentionCount() const
{
    return taskCount(Group::NeedsInput) + taskCount(Group::NeedsReview) +
           taskCount(Group::PausedOrFailed);
}

const TaskQueueModel::Entry *TaskQueueModel::entryAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this || index.internalId() == groupInternalId)
        return nullptr;
    const std::size_t group = std::size_t(index.internalId() - 1);
    if (group >= m_groups.size() || index.row() >= m_groups[group].size())
        return nullptr;
    const auto it = m_entries.constFind(m_groups[group].at(index.row()));
    return it == m_entries.cend() ? nullptr : &*it;
}

QModelIndex TaskQueueModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid())
        return row < groupCount ? createIndex(row, column, groupInternalId) : QModelIndex();
    if (parent.internalId() != groupInternalId || parent.column() != 0 || parent.row() < 0 ||
        parent.row() >= groupCount)
        return {};
    if (row >= m_groups[std::size_t(parent.row())].size())
        return {};
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex TaskQueueModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == groupInternalId)
        return {};
    return createIndex(int(child.internalId() - 1), 0, groupInternalId);
}

int TaskQueueModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return groupCount;
    if (parent.internalId() != groupInternalId || parent.column() != 0)
        return 0;
    return int(m_groups[std::size_t(parent.row())].size());
}

int TaskQueueModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

Qt::ItemFlags TaskQueueModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    if (index.internalId() == groupInternalId) {
        // An empty group is shown disabled: present, dimmed, never selectable.
        const bool empty = m_groups[std::size_t(index.row())].isEmpty();
        return empty ? Qt::NoItemFlags : Qt::ItemIsEnabled;
    }
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QVariant TaskQueueModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.model() != this)
        return {};
    if (index.internalId() == groupInternalId) {
        if (index.row() < 0 || index.row() >= groupCount)
            return {};
        return groupData(Group(index.row()), index.column(), role);
    }
    const Entry *entry = entryAt(index);
    return entry ? taskData(*entry, index.column(), role) : QVariant();
}

} // namespace agentdesk::itemmodels
