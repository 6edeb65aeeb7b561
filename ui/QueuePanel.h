#pragma once

#include "core/Money.h"
#include "tasks/TaskId.h"

#include <QSet>
#include <QWidget>

class QAction;
class QLabel;
class QMenu;
class QSpinBox;
class QStackedLayout;
class QTimer;
class QToolButton;
class QTreeView;

namespace agentdesk::itemmodels {
class TaskQueueModel;
}
namespace agentdesk::watchui {
class QueueItemDelegate;
}

namespace agentdesk::ui {

// The left-hand queue: the tasks, grouped by what they need from the user (a TaskQueueModel
// painted by QueueItemDelegate), with a queue-wide pause, the concurrency, and a context menu
// per task. It reports what the user asks for as signals carrying the task's id; it does no
// engine work. Shows an empty state with the next step while there is nothing to list.
class QueuePanel : public QWidget
{
    Q_OBJECT

public:
    explicit QueuePanel(QWidget *parent = nullptr);
    ~QueuePanel() override;

    // The model shown; the panel owns one from the start. A model given here is not owned.
    itemmodels::TaskQueueModel *model() const { return m_model; }
    void setModel(itemmodels::TaskQueueModel *model);
    QTreeView *view() const { return m_view; }
    // The hint shown while the queue is empty; changes once a repository is open.
    void setEmptyHint(const QString &text);
    bool isShowingEmptyState() const;

    // The selected task (0: none), and selecting one (scrolls to it).
    tasks::TaskId currentTask() const;
    bool selectTask(tasks::TaskId id);

    // What the engine says; neither emits the change signals.
    void setQueuePaused(bool paused);
    bool isQueuePaused() const;
    void setConcurrency(int tasks);
    int concurrency() const;

    // The actions of the context menu, acting on the current task (for a Task menu too).
    QAction *pauseAction() const { return m_pause; }
    QAction *resumeAction() const { return m_resume; }
    QAction *cancelAction() const { return m_cancel; }
    QAction *openWorktreeAction() const { return m_openWorktree; }
    // "Add $X and Continue": a task paused for its budget, X what an iteration has cost.
    QAction *addBudgetAction() const { return m_addBudget; }
    QAction *copyBranchAction() const { return m_copyBranch; }
    QAction *pauseQueueAction() const { return m_pauseQueue; }
    // The menu for a task, with actions enabled for its state (what right-click shows).
    QMenu *contextMenuFor(tasks::TaskId id);

Q_SIGNALS:
    // Double-click or Enter on a task: open it.
    void taskActivated(agentdesk::tasks::TaskId id);
    void currentTaskChanged(agentdesk::tasks::TaskId id);
    void pauseRequested(agentdesk::tasks::TaskId id);
    void resumeRequested(agentdesk::tasks::TaskId id);
    void cancelRequested(agentdesk::tasks::TaskId id);
    void budgetRequested(agentdesk::tasks::TaskId id, agentdesk::Money extra);
    void openWorktreeRequested(agentdesk::tasks::TaskId id, const QString &path);
    // The branch name is already on the clipboard.
    void branchCopied(agentdesk::tasks::TaskId id, const QString &branch);
    void queuePausedChanged(bool paused);
    void concurrencyChanged(int tasks);

private:
    void createActions();
    QWidget *createControls();
    void connectModel();
    void updateEmptyState();
    void updateActions();
    void restoreExpansion();
    void showContextMenu(const QPoint &position);
    void onClicked(const QModelIndex &index);
    tasks::TaskId actionTask() const;

    itemmodels::TaskQueueModel *m_model = nullptr;
    itemmodels::TaskQueueModel *m_ownModel = nullptr;
    watchui::QueueItemDelegate *m_delegate = nullptr;
    QTreeView *m_view = nullptr;
    QLabel *m_emptyHint = nullptr;
    QStackedLayout *m_stack = nullptr;
    QToolButton *m_pauseQueueButton = nullptr;
    QSpinBox *m_concurrency = nullptr;
    QTimer *m_clock = nullptr;
    QMenu *m_menu = nullptr;
    QSet<int> m_collapsedGroups;
    tasks::TaskId m_selectionBeforeReset = 0;
    tasks::TaskId m_menuTask = 0;

    QAction *m_pause = nullptr;
    QAction *m_resume = nullptr;
    QAction *m_cancel = nullptr;
    QAction *m_openWorktree = nullptr;
    QAction *m_addBudget = nullptr;
    Money m_budgetStep; // what m_addBudget adds
    QAction *m_copyBranch = nullptr;
    QAction *m_pauseQueue = nullptr;
};

} // namespace agentdesk::ui
