#include "ui/QueuePanel.h"

#include "itemmodels/queue/TaskQueueModel.h"
#include "watch/QueueItemDelegate.h"

#include <QAction>
#include <QClipboard>
#include <QDateTime>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStackedLayout>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace agentdesk::ui {

using itemmodels::TaskQueueModel;
using tasks::TaskState;

namespace {

bool canPause(TaskState state)
{
    return state == TaskState::Queued ||
           (tasks::isRunningState(state) && state != TaskState::Merging);
}

bool canResume(TaskState state)
{
    return state == TaskState::Paused || state == TaskState::Interrupted ||
           state == TaskState::Failed;
}

bool canCancel(TaskState state)
{
    return canPause(state) || canResume(state);
}

} // namespace

QueuePanel::QueuePanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("queuePanel"));
    // Done starts folded: it grows without end and rarely needs a look.
    m_collapsedGroups.insert(int(TaskQueueModel::Group::Done));

    auto *title = new QLabel(tr("Queue"), this);
    title->setObjectName(QStringLiteral("queueTitle"));
    QFont titleFont = title->font();
    titleFont.setBold(true);
    title->setFont(titleFont);

    createActions();

    m_view = new QTreeView(this);
    m_view->setObjectName(QStringLiteral("queueView"));
    m_view->setAccessibleName(tr("Task queue"));
    m_view->setAccessibleDescription(
        tr("Tasks grouped by what they need. Enter opens a task; the context menu pauses, "
           "resumes or cancels it."));
    m_view->setHeaderHidden(true);
    m_view->setRootIsDecorated(false);
    m_view->setIndentation(0);
    m_view->setUniformRowHeights(false);
    m_view->setExpandsOnDoubleClick(false);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setMouseTracking(true);
    m_view->setFrameShape(QFrame::NoFrame);
    m_delegate = new watchui::QueueItemDelegate(m_view);
    m_delegate->setExpandedQuery(
        [this](const QModelIndex &index) { return m_view->isExpanded(index.siblingAtColumn(0)); });
    m_view->setItemDelegate(m_delegate);
    connect(m_view, &QTreeView::customContextMenuRequested, this, &QueuePanel::showContextMenu);
    connect(m_view, &QTreeView::clicked, this, &QueuePanel::onClicked);
    connect(m_view, &QTreeView::activated, this, [this](const QModelIndex &index) {
        if (const tasks::TaskId id = m_model ? m_model->taskId(index) : 0)
            Q_EMIT taskActivated(id);
    });
    connect(m_view, &QTreeView::expanded, this, [this](const QModelIndex &index) {
        if (!index.parent().isValid())
            m_collapsedGroups.remove(index.row());
    });
    connect(m_view, &QTreeView::collapsed, this, [this](const QModelIndex &index) {
        if (!index.parent().isValid())
            m_collapsedGroups.insert(index.row());
    });

    m_emptyHint = new QLabel(this);
    m_emptyHint->setObjectName(QStringLiteral("queueEmptyHint"));
    m_emptyHint->setAlignment(Qt::AlignCenter);
    m_emptyHint->setWordWrap(true);
    m_emptyHint->setMargin(16);
    m_emptyHint->setForegroundRole(QPalette::PlaceholderText);
    setEmptyHint(tr("No tasks yet.\n\nOpen a repository, then dispatch a task with New Task "
                    "(Ctrl+N)."));

    auto *stackHost = new QWidget(this);
    m_stack = new QStackedLayout(stackHost);
    m_stack->addWidget(m_emptyHint);
    m_stack->addWidget(m_view);

    auto *header = new QHBoxLayout;
    header->addWidget(title);
    header->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 0, 0);
    layout->addLayout(header);
    layout->addWidget(createControls());
    layout->addWidget(stackHost, 1);

    // Elapsed times tick while tasks wait or run.
    m_clock = new QTimer(this);
    m_clock->setInterval(1000);
    connect(m_clock, &QTimer::timeout, this, [this] {
        if (m_model)
            m_model->setCurrentTime(QDateTime::currentDateTimeUtc());
    });
    m_clock->start();

    m_ownModel = new TaskQueueModel(this);
    setModel(m_ownModel);
}

QueuePanel::~QueuePanel() = default;

void QueuePanel::createActions()
{
    const auto makeAction = [this](const QString &text, const QString &icon,
                                   const QKeySequence &shortcut, const QString &name) {
        auto *action = new QAction(QIcon::fromTheme(icon), text, this);
        action->setObjectName(name);
        action->setShortcut(shortcut);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        action->setEnabled(false);
        addAction(action);
        return action;
    };
    m_pause = makeAction(tr("&Pause"), QStringLiteral("media-playback-pause"),
                         QKeySequence(tr("Ctrl+Shift+P")), QStringLiteral("pauseTaskAction"));
    m_resume = makeAction(tr("&Resume"), QStringLiteral("media-playback-start"),
                          QKeySequence(tr("Ctrl+Shift+R")), QStringLiteral("resumeTaskAction"));
    m_cancel = makeAction(tr("&Cancel Task"), QStringLiteral("process-stop"),
                          QKeySequence(tr("Ctrl+Shift+X")), QStringLiteral("cancelTaskAction"));
    m_openWorktree =
        makeAction(tr("&Open Worktree Folder"), QStringLiteral("folder-open"),
                   QKeySequence(tr("Ctrl+Shift+O")), QStringLiteral("openWorktreeAction"));
    m_addBudget = makeAction(tr("Add Budget and &Continue"), QStringLiteral("list-add"),
                             QKeySequence(), QStringLiteral("addBudgetAction"));
    m_addBudget->setVisible(false);
    m_copyBranch = makeAction(tr("Copy &Branch Name"), QStringLiteral("edit-copy"),
                              QKeySequence(tr("Ctrl+Shift+C")), QStringLiteral("copyBranchAction"));

    connect(m_pause, &QAction::triggered, this, [this] {
        if (const tasks::TaskId id = actionTask())
            Q_EMIT pauseRequested(id);
    });
    connect(m_resume, &QAction::triggered, this, [this] {
        if (const tasks::TaskId id = actionTask())
            Q_EMIT resumeRequested(id);
    });
    connect(m_addBudget, &QAction::triggered, this, [this] {
        if (const tasks::TaskId id = actionTask(); id && m_addBudget->isEnabled())
            Q_EMIT budgetRequested(id, m_budgetStep);
    });
    connect(m_cancel, &QAction::triggered, this, [this] {
        if (const tasks::TaskId id = actionTask())
            Q_EMIT cancelRequested(id);
    });
    connect(m_openWorktree, &QAction::triggered, this, [this] {
        const tasks::TaskId id = actionTask();
        const QString path =
            id ? m_model->indexOf(id).data(TaskQueueModel::WorktreePathRole).toString() : QString();
        if (!path.isEmpty())
            Q_EMIT openWorktreeRequested(id, path);
    });
    connect(m_copyBranch, &QAction::triggered, this, [this] {
        const tasks::TaskId id = actionTask();
        const QString branch =
            id ? m_model->indexOf(id).data(TaskQueueModel::BranchRole).toString() : QString();
        if (branch.isEmpty())
            return;
        QGuiApplication::clipboard()->setText(branch);
        Q_EMIT branchCopied(id, branch);
    });

    m_menu = new QMenu(this);
    m_menu->setObjectName(QStringLiteral("queueContextMenu"));
    m_menu->addAction(m_pause);
    m_menu->addAction(m_resume);
    m_menu->addAction(m_addBudget);
    m_menu->addAction(m_cancel);
    m_menu->addSeparator();
    m_menu->addAction(m_openWorktree);
    m_menu->addAction(m_copyBranch);

    m_pauseQueue = new QAction(QIcon::fromTheme(QStringLiteral("media-playback-pause")),
                               tr("Pause &Queue"), this);
    m_pauseQueue->setObjectName(QStringLiteral("pauseQueueAction"));
    m_pauseQueue->setCheckable(true);
    m_pauseQueue->setShortcut(QKeySequence(tr("Ctrl+Alt+P")));
    m_pauseQueue->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_pauseQueue->setToolTip(tr("Start no new task until resumed; running tasks finish their "
                                "step (Ctrl+Alt+P)"));
    addAction(m_pauseQueue);
    connect(m_pauseQueue, &QAction::toggled, this, [this](bool paused) {
        m_pauseQueue->setText(paused ? tr("Queue &Paused") : tr("Pause &Queue"));
        m_pauseQueueButton->setAccessibleDescription(
            paused ? tr("The queue is paused: no new task starts") : QString());
        Q_EMIT queuePausedChanged(paused);
    });
}

QWidget *QueuePanel::createControls()
{
    auto *controls = new QWidget(this);
    m_pauseQueueButton = new QToolButton(controls);
    m_pauseQueueButton->setObjectName(QStringLiteral("pauseQueueButton"));
    m_pauseQueueButton->setDefaultAction(m_pauseQueue);
    m_pauseQueueButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_pauseQueueButton->setAccessibleName(tr("Pause queue"));

    m_concurrency = new QSpinBox(controls);
    m_concurrency->setObjectName(QStringLiteral("queueConcurrency"));
    m_concurrency->setRange(1, 16);
    m_concurrency->setValue(2);
    m_concurrency->setAccessibleName(tr("Tasks running at once"));
    m_concurrency->setToolTip(tr("How many tasks run at the same time"));
    connect(m_concurrency, &QSpinBox::valueChanged, this, &QueuePanel::concurrencyChanged);
    auto *concurrencyLabel = new QLabel(tr("&At once:"), controls);
    concurrencyLabel->setBuddy(m_concurrency);

    auto *layout = new QHBoxLayout(controls);
    layout->setContentsMargins(0, 0, 8, 0);
    layout->addWidget(m_pauseQueueButton);
    layout->addStretch(1);
    layout->addWidget(concurrencyLabel);
    layout->addWidget(m_concurrency);
    return controls;
}

void QueuePanel::setModel(TaskQueueModel *model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    if (m_view->selectionModel())
        disconnect(m_view->selectionModel(), nullptr, this, nullptr);
    m_model = model;
    m_view->setModel(model);
    if (model) {
        for (int column = 1; column < TaskQueueModel::ColumnCount; ++column)
            m_view->setColumnHidden(column, true);
        connectModel();
    }
    restoreExpansion();
    updateEmptyState();
    updateActions();
}

void QueuePanel::connectModel()
{
    connect(m_model, &TaskQueueModel::countsChanged, this, &QueuePanel::updateEmptyState);
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this,
            [this] { m_selectionBeforeReset = currentTask(); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        restoreExpansion();
        if (m_selectionBeforeReset)
            selectTask(m_selectionBeforeReset);
        updateEmptyState();
        updateActions();
    });
    // A group that gets its first task opens (unless the user folded it).
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &QueuePanel::restoreExpansion);
    connect(m_model, &QAbstractItemModel::rowsMoved, this, &QueuePanel::restoreExpansion);
    // A state change can change which actions apply to the current task.
    connect(m_model, &QAbstractItemModel::dataChanged, this, &QueuePanel::updateActions);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, [this] {
        updateActions();
        Q_EMIT currentTaskChanged(currentTask());
    });
}

void QueuePanel::restoreExpansion()
{
    if (!m_model)
        return;
    for (int group = 0; group < TaskQueueModel::groupCount; ++group)
        m_view->setExpanded(m_model->groupIndex(TaskQueueModel::Group(group)),
                            !m_collapsedGroups.contains(group));
}

void QueuePanel::setEmptyHint(const QString &text)
{
    m_emptyHint->setText(text);
}

bool QueuePanel::isShowingEmptyState() const
{
    return m_stack->currentWidget() == m_emptyHint;
}

void QueuePanel::updateEmptyState()
{
    const bool empty = !m_model || m_model->taskCount() == 0;
    m_stack->setCurrentWidget(empty ? static_cast<QWidget *>(m_emptyHint) : m_view);
}

tasks::TaskId QueuePanel::currentTask() const
{
    return m_model ? m_model->taskId(m_view->currentIndex()) : 0;
}

bool QueuePanel::selectTask(tasks::TaskId id)
{
    if (!m_model)
        return false;
    const QModelIndex index = m_model->indexOf(id);
    if (!index.isValid())
        return false;
    m_view->setExpanded(index.parent(), true);
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
    return true;
}

tasks::TaskId QueuePanel::actionTask() const
{
    return currentTask();
}

void QueuePanel::updateActions()
{
    const tasks::TaskId id = currentTask();
    const std::optional<TaskState> state = id ? m_model->stateOf(id) : std::nullopt;
    const QModelIndex index = id ? m_model->indexOf(id) : QModelIndex();
    m_pause->setEnabled(state && canPause(*state));
    m_resume->setEnabled(state && canResume(*state));
    m_resume->setText(state == TaskState::Failed ? tr("&Retry") : tr("&Resume"));
    m_cancel->setEnabled(state && canCancel(*state));
    // Paused by the engine for its budget (its reason says so): more budget continues it.
    // (Not the daily budget's pause: more budget for the task would not continue it.)
    const bool budgetPaused = state == TaskState::Paused &&
                              index.data(TaskQueueModel::StateReasonRole)
                                  .toString()
                                  .contains(QLatin1String("budget"), Qt::CaseInsensitive) &&
                              !index.data(TaskQueueModel::StateReasonRole)
                                   .toString()
                                   .contains(QLatin1String("daily budget"), Qt::CaseInsensitive);
    if (budgetPaused) {
        const qint64 spent = index.data(TaskQueueModel::SpentRole).toLongLong();
        const qint64 iterations = std::max(1, index.data(TaskQueueModel::IterationRole).toInt());
        const qint64 quarter = Money::fromCents(25).nanodollars();
        m_budgetStep = Money::fromNanodollars(
            std::max<qint64>(1, (spent / iterations + quarter - 1) / quarter) * quarter);
        m_addBudget->setText(tr("Add %1 and &Continue").arg(m_budgetStep.format(2)));
    }
    m_addBudget->setVisible(budgetPaused);
    m_addBudget->setEnabled(budgetPaused);
    m_openWorktree->setEnabled(index.isValid() &&
                               !index.data(TaskQueueModel::WorktreePathRole).toString().isEmpty());
    m_copyBranch->setEnabled(index.isValid() &&
                             !index.data(TaskQueueModel::BranchRole).toString().isEmpty());
}

QMenu *QueuePanel::contextMenuFor(tasks::TaskId id)
{
    if (!selectTask(id))
        return nullptr;
    updateActions();
    return m_menu;
}

void QueuePanel::showContextMenu(const QPoint &position)
{
    const QModelIndex index = m_view->indexAt(position);
    const tasks::TaskId id = m_model ? m_model->taskId(index) : 0;
    if (!id)
        return;
    if (QMenu *menu = contextMenuFor(id))
        menu->popup(m_view->viewport()->mapToGlobal(position));
}

void QueuePanel::onClicked(const QModelIndex &index)
{
    // A click on a group's header folds or unfolds it.
    if (!index.isValid() || index.parent().isValid())
        return;
    const QModelIndex group = index.siblingAtColumn(0);
    m_view->setExpanded(group, !m_view->isExpanded(group));
}

void QueuePanel::setQueuePaused(bool paused)
{
    const QSignalBlocker blocker(this);
    m_pauseQueue->setChecked(paused);
}

bool QueuePanel::isQueuePaused() const
{
    return m_pauseQueue->isChecked();
}

void QueuePanel::setConcurrency(int tasks)
{
    const QSignalBlocker blocker(m_concurrency);
    m_concurrency->setValue(tasks);
}

int QueuePanel::concurrency() const
{
    return m_concurrency->value();
}

} // namespace agentdesk::ui
