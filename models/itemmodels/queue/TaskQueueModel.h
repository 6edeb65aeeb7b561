#pragma once

#include "core/Money.h"
#include "store/StoreTypes.h"
#include "tasks/TaskProgress.h"

#include <QAbstractItemModel>
#include <QDateTime>
#include <QHash>
#include <QList>

#include <array>

namespace agentdesk::itemmodels {

// The queue, as a two-level tree: five group rows, in the order of what they need from the
// user (needs review, running, queued, paused or failed, done), each holding its tasks newest
// first. Every group row is always present — an empty one is shown disabled, so the
// structure never changes under a view and "Needs review · 0" still says something.
//
// It is fed values: setTasks() for the full list (once, when the engine opens), upsertTask()
// for one task the engine read again after it changed, applyProgress() for the engine's
// coalesced live updates, which change only the cells that changed and move a row
// between groups (beginMoveRows) when its state changes group.
class TaskQueueModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum class Group
    {
        NeedsInput, // an agent waits for the user's answer (issue 19): first, it blocks work
        NeedsReview,
        Running,
        Queued,
        PausedOrFailed,
        Done,
    };
    static constexpr int groupCount = 6;

    enum Column
    {
        TitleColumn,
        StateColumn,
        CostColumn, // spent vs budget
        ElapsedColumn,
        ModelsColumn, // implementer / reviewer
        FlagsColumn,  // open findings (blocking)
        BadgeColumn,  // stale N behind, conflicts
        ColumnCount,
    };

    enum Role
    {
        TaskIdRole = Qt::UserRole + 1, // qint64; 0 on a group row
        IsGroupRole,                   // bool
        GroupRole,                     // int (Group), on both kinds of row
        GroupTaskCountRole,            // int, group rows
        StateRole,                     // int (tasks::TaskState)
        StateReasonRole,               // QString: why Paused/Failed/Interrupted
        ActivityRole,                  // QString: what a running task is doing
        SpentRole,                     // qint64 nanodollars
        BudgetRole,                    // qint64 nanodollars (0: none)
        ElapsedSecondsRole,            // qint64
        CreatedAtRole,                 // QDateTime (UTC)
        ImplementerRole,               // QString "provider:model"
        ReviewerRole,                  // QString "provider:model"
        OpenFindingsRole,              // int
        BlockingFindingsRole,          // int
        BehindRole,                    // int: commits the base moved since the task's base
        ConflictsRole,                 // bool
        BranchRole,                    // QString
        WorktreePathRole,              // QString
        IterationRole,                 // int
        SortRole, // a value that sorts the column (numbers for cost, time, counts)
    };

    explicit TaskQueueModel(QObject *parent = nullptr);

    static Group groupOf(tasks::TaskState state);
    static QString groupTitle(Group group);

    // Replaces every task (a model reset). Finding counts and badges given earlier are kept.
    void setTasks(const QList<store::TaskSummary> &tasks);
    // Adds one task (a dispatch) or replaces the one with its id, moving it if its state
    // changed group.
    void upsertTask(const store::TaskSummary &task);
    bool removeTask(tasks::TaskId id);
    // Live values from the engine: unknown tasks are ignored (their upsert brings them), and
    // so is a state older than the row's (read before the change its upsert brought).
    void applyProgress(const tasks::TaskProgressList &progress);
    void setFindingCounts(tasks::TaskId id, int open, int blocking);
    void setBadge(tasks::TaskId id, int behind, bool conflicts);
    // The time elapsed times are measured to. Rows whose clock is running (queued and
    // running tasks) report their elapsed cell changed. Until called, the wall clock is used.
    void setCurrentTime(const QDateTime &nowUtc);

    tasks::TaskId taskId(const QModelIndex &index) const; // 0 for a group row
    QModelIndex indexOf(tasks::TaskId id, int column = TitleColumn) const;
    QModelIndex groupIndex(Group group, int column = TitleColumn) const;
    bool contains(tasks::TaskId id) const { return m_entries.contains(id); }
    std::optional<tasks::TaskState> stateOf(tasks::TaskId id) const;
    QString titleOf(tasks::TaskId id) const;

    int taskCount() const { return int(m_entries.size()); }
    int taskCount(Group group) const;
    // Tasks waiting for the user: ready for review, paused, failed or interrupted.
    int attentionCount() const;

    static QString formatElapsed(qint64 seconds);
    static QString formatShortMoney(Money amount);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

Q_SIGNALS:
    // The number of tasks in some group changed (including resets).
    void countsChanged();

private:
    struct Entry
    {
        tasks::TaskId id = 0;
        QString title;
        tasks::TaskState state = tasks::TaskState::Queued;
        QString reason;
        QString activity;
        QString branch;
        QString worktreePath;
        tasks::ModelRef implementer;
        tasks::ModelRef reviewer;
        Money spent;
        Money budget;
        int iteration = 0;
        QDateTime createdAt;
        QDateTime updatedAt;
        QDateTime startedAt;
    };
    struct Findings
    {
        int open = 0;
        int blocking = 0;
    };
    struct Badge
    {
        int behind = 0;
        bool conflicts = false;
    };

    static Entry entryFrom(const store::TaskSummary &summary);
    static bool sortsBefore(const Entry &a, const Entry &b);
    int insertionRow(Group group, const Entry &entry) const;
    int rowOf(Group group, tasks::TaskId id) const;
    const Entry *entryAt(const QModelIndex &index) const;
    // Moves (or leaves) the entry's row where its state and order put it; returns its group.
    void place(tasks::TaskId id, Group from);
    void emitCellsChanged(tasks::TaskId id, const QList<int> &columns);
    static QList<int> changedColumns(const Entry &before, const Entry &after);
    void emitGroupsChanged(Group a, Group b);

    qint64 elapsedSeconds(const Entry &entry) const;
    bool clockRuns(const Entry &entry) const;
    QDateTime now() const;
    QVariant groupData(Group group, int column, int role) const;
    QVariant taskData(const Entry &entry, int column, int role) const;
    QString displayText(const Entry &entry, int column) const;
    QString toolTip(const Entry &entry, int column) const;
    QVariant sortValue(const Entry &entry, int column) const;

    QHash<tasks::TaskId, Entry> m_entries;
    std::array<QList<tasks::TaskId>, groupCount> m_groups;
    QHash<tasks::TaskId, Findings> m_findings;
    QHash<tasks::TaskId, Badge> m_badges;
    QDateTime m_now;
};

} // namespace agentdesk::itemmodels
