#include "ui/review/ReviewPage.h"

#include "diff/DiffView.h"
#include "itemmodels/DiffFilesModel.h"
#include "ui/review/ActionBar.h"
#include "ui/review/FindingsPanel.h"
#include "ui/review/ReportView.h"
#include "ui/review/ReviewFormat.h"
#include "ui/review/ReviewHeader.h"
#include "ui/review/RevisionDialog.h"
#include "ui/review/TimelinePanel.h"
#include "ui/review/ValidationPanel.h"

#include <QAction>
#include <QCheckBox>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListView>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTabBar>
#include <QTabWidget>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>
#include <numeric>

namespace agentdesk::ui {

using itemmodels::DiffFilesModel;

namespace {

QString withShortcut(const QString &text, const QAction *action)
{
    const QString keys = action->shortcut().toString(QKeySequence::NativeText);
    return keys.isEmpty() ? text : QStringLiteral("%1 (%2)").arg(text, keys);
}

QFrame *separator(QWidget *parent)
{
    auto *line = new QFrame(parent);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);
    return line;
}

} // namespace

ReviewPage::ReviewPage(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("reviewPage"));
    setAccessibleName(tr("Review"));
    createActions();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_header = new ReviewHeader(this);
    layout->addWidget(m_header);
    layout->addWidget(separator(this));

    m_mainSplitter = new QSplitter(Qt::Horizontal, this);
    m_mainSplitter->setObjectName(QStringLiteral("reviewMainSplitter"));
    m_mainSplitter->setChildrenCollapsible(false);
    m_sideSplitter = new QSplitter(Qt::Vertical, m_mainSplitter);
    m_sideSplitter->setObjectName(QStringLiteral("reviewSideSplitter"));
    m_sideSplitter->addWidget(createFilesPane());
    m_findingsPanel = new FindingsPanel(m_sideSplitter);
    m_findingsPanel->setContentsMargins(6, 4, 2, 6);
    m_sideSplitter->addWidget(m_findingsPanel);
    m_sideSplitter->setStretchFactor(0, 2);
    m_sideSplitter->setStretchFactor(1, 3);

    m_diffSplitter = new QSplitter(Qt::Vertical, m_mainSplitter);
    m_diffSplitter->setObjectName(QStringLiteral("reviewDiffSplitter"));
    m_diffSplitter->addWidget(createDiffPane());
    m_detailTabs = new QTabWidget(m_diffSplitter);
    m_detailTabs->setObjectName(QStringLiteral("reviewDetailTabs"));
    m_detailTabs->setDocumentMode(true);
    m_report = new ReportView(m_detailTabs);
    m_validation = new ValidationPanel(m_detailTabs);
    m_timeline = new TimelinePanel(m_detailTabs);
    m_detailTabs->addTab(m_report, tr("Report"));
    m_detailTabs->addTab(m_validation, tr("Tests"));
    m_detailTabs->addTab(m_timeline, tr("Timeline"));
    m_detailTabs->setTabToolTip(2, tr("The agent's steps, for when the diff and the tests "
                                      "leave a question"));
    m_diffSplitter->addWidget(m_detailTabs);
    m_diffSplitter->setStretchFactor(0, 3);
    m_diffSplitter->setStretchFactor(1, 2);
    m_diffSplitter->setSizes({560, 300});

    m_mainSplitter->addWidget(m_sideSplitter);
    m_mainSplitter->addWidget(m_diffSplitter);
    m_mainSplitter->setStretchFactor(0, 0);
    m_mainSplitter->setStretchFactor(1, 1);

    layout->addWidget(m_mainSplitter, 1);

    layout->addWidget(separator(this));
    m_actions = new ActionBar(this);
    layout->addWidget(m_actions);

    connectParts();
    updateActions();
}

ReviewPage::~ReviewPage() = default;

RevisionDialog *ReviewPage::revisionDialog() const
{
    return m_revisionDialog;
}

QMessageBox *ReviewPage::rejectConfirmation() const
{
    return m_rejectBox;
}

void ReviewPage::createActions()
{
    const auto make = [this](const QString &text, QKeySequence keys, const char *name) {
        auto *action = new QAction(text, this);
        action->setObjectName(QLatin1String(name));
        action->setShortcut(keys);
        // The page may sit in a window with other pages: its keys act only inside it.
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(action);
        return action;
    };
    m_mergeAction =
        make(tr("Merge"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M), "mergeAction");
    m_revisionAction = make(tr("Request Revision…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
                            "revisionAction");
    m_rejectAction =
        make(tr("Reject…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X), "rejectAction");
    m_acknowledgeAction = make(tr("Acknowledge Finding"),
                               QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A), "acknowledgeAction");
    m_sinceAction = make(tr("Changes Since Last Iteration"),
                         QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I), "sinceAction");
    m_openWorktreeAction = make(tr("Open Worktree"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O),
                                "openWorktreeAction");
    m_previousIterationAction =
        make(tr("Previous Iteration"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_PageUp),
             "previousIterationAction");
    m_nextIterationAction =
        make(tr("Next Iteration"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_PageDown),
             "nextIterationAction");
}

QWidget *ReviewPage::createFilesPane()
{
    auto *pane = new QWidget(this);
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(6, 6, 2, 4);
    layout->setSpacing(4);
    m_filesLabel = new QLabel(pane);
    m_filesLabel->setObjectName(QStringLiteral("filesSummaryLabel"));
    m_filesLabel->setTextFormat(Qt::RichText);
    layout->addWidget(m_filesLabel);
    m_filesModel = new DiffFilesModel(this);
    m_filesView = new QTreeView(pane);
    m_filesView->setObjectName(QStringLiteral("filesView"));
    m_filesView->setAccessibleName(tr("Changed files"));
    m_filesView->setModel(m_filesModel);
    m_filesView->setRootIsDecorated(false);
    m_filesView->setUniformRowHeights(true);
    m_filesView->setTextElideMode(Qt::ElideLeft); // the file name matters more than the folders
    QHeaderView *header = m_filesView->header();
    header->setStretchLastSection(false);
    header->setMinimumSectionSize(28);
    header->setSectionResizeMode(DiffFilesModel::PathColumn, QHeaderView::Stretch);
    for (int column : {int(DiffFilesModel::StatusColumn), int(DiffFilesModel::AddedColumn),
                       int(DiffFilesModel::RemovedColumn), int(DiffFilesModel::FlagsColumn)})
        header->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    layout->addWidget(m_filesView, 1);
    return pane;
}

QWidget *ReviewPage::createDiffPane()
{
    auto *pane = new QWidget(this);
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(6, 4, 6, 2);
    bar->setSpacing(8);
    m_iterationTabs = new QTabBar(pane);
    m_iterationTabs->setObjectName(QStringLiteral("iterationTabs"));
    m_iterationTabs->setAccessibleName(tr("Iterations"));
    m_iterationTabs->setDocumentMode(true);
    m_iterationTabs->setDrawBase(false);
    m_iterationTabs->setExpanding(false);
    m_iterationTabs->setToolTip(
        tr("Each revision is a new iteration with its own diff, tests and findings "
           "(%1 / %2)")
            .arg(m_previousIterationAction->shortcut().toString(QKeySequence::NativeText),
                 m_nextIterationAction->shortcut().toString(QKeySequence::NativeText)));
    bar->addWidget(m_iterationTabs);
    m_since = new QCheckBox(tr("Changes since last iteration"), pane);
    m_since->setObjectName(QStringLiteral("sinceLastIterationToggle"));
    m_since->setAccessibleName(tr("Show only the changes since the last iteration"));
    m_since->setToolTip(withShortcut(
        tr("Show what this iteration changed on top of the previous one, instead of the "
           "whole change against the base"),
        m_sinceAction));
    bar->addWidget(m_since);
    auto *hint = new QLabel(tr("N / Shift+N findings · Alt+↑↓ changes · Ctrl+↑↓ files"), pane);
    hint->setObjectName(QStringLiteral("diffKeysHint"));
    hint->setEnabled(false); // drawn dimmed: a hint, not a control
    hint->setToolTip(hint->text());
    hint->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    hint->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // the first to give way
    bar->addWidget(hint, 1);
    m_unified = new QToolButton(pane);
    m_unified->setObjectName(QStringLiteral("unifiedToggle"));
    m_unified->setText(tr("Unified"));
    m_unified->setCheckable(true);
    m_unified->setAccessibleName(tr("Unified diff"));
    m_unified->setToolTip(tr("One column instead of old and new side by side"));
    bar->addWidget(m_unified);
    m_openWorktree = new QToolButton(pane);
    m_openWorktree->setObjectName(QStringLiteral("openWorktreeButton"));
    m_openWorktree->setText(tr("Open Worktree"));
    m_openWorktree->setAccessibleName(tr("Open the task's worktree"));
    m_openWorktree->setToolTip(
        withShortcut(tr("Open the folder the agent worked in"), m_openWorktreeAction));
    bar->addWidget(m_openWorktree);
    layout->addLayout(bar);

    m_diff = new diffview::DiffView(pane);
    m_diff->setObjectName(QStringLiteral("diffView"));
    m_diff->setAccessibleName(tr("Diff"));
    m_diff->setFrameShape(QFrame::StyledPanel);
    layout->addWidget(m_diff, 1);
    return pane;
}

void ReviewPage::connectParts()
{
    connect(m_mergeAction, &QAction::triggered, this, [this] {
        if (m_mergeAction->isEnabled())
            Q_EMIT mergeRequested(taskId());
    });
    connect(m_revisionAction, &QAction::triggered, this, &ReviewPage::openRevisionDialog);
    connect(m_rejectAction, &QAction::triggered, this, &ReviewPage::confirmReject);
    connect(m_acknowledgeAction, &QAction::triggered, m_findingsPanel,
            &FindingsPanel::toggleAcknowledged);
    connect(m_sinceAction, &QAction::triggered, this, [this] {
        if (m_since->isEnabled())
            m_since->toggle();
    });
    connect(m_openWorktreeAction, &QAction::triggered, this, [this] {
        if (m_openWorktreeAction->isEnabled())
            Q_EMIT openWorktreeRequested(taskId());
    });
    connect(m_previousIterationAction, &QAction::triggered, this, [this] {
        if (m_iterationTabs->currentIndex() > 0)
            m_iterationTabs->setCurrentIndex(m_iterationTabs->currentIndex() - 1);
    });
    connect(m_nextIterationAction, &QAction::triggered, this, [this] {
        if (m_iterationTabs->currentIndex() + 1 < m_iterationTabs->count())
            m_iterationTabs->setCurrentIndex(m_iterationTabs->currentIndex() + 1);
    });

    connect(m_actions, &ActionBar::mergeClicked, m_mergeAction, &QAction::trigger);
    connect(m_actions, &ActionBar::revisionClicked, m_revisionAction, &QAction::trigger);
    connect(m_actions, &ActionBar::rejectClicked, m_rejectAction, &QAction::trigger);
    connect(m_actions, &ActionBar::acknowledgeBlockersClicked, this,
            [this](const QList<qint64> &ids) {
                for (qint64 id : ids) {
                    const int index = findingIndexOf(id);
                    if (index >= 0)
                        m_findingsPanel->setAcknowledged(index, true); // emits through the list
                    else
                        Q_EMIT acknowledgeRequested(id, true);
                }
            });
    connect(m_openWorktree, &QToolButton::clicked, m_openWorktreeAction, &QAction::trigger);
    connect(m_since, &QCheckBox::toggled, this, [this] { showDocument(); });
    connect(m_unified, &QToolButton::toggled, this, [this](bool unified) {
        m_diff->setMode(unified ? diffview::DiffView::Mode::Unified
                                : diffview::DiffView::Mode::SideBySide);
    });
    connect(m_iterationTabs, &QTabBar::currentChanged, this, [this](int index) {
        if (!m_syncing && index >= 0)
            requestIteration(m_iterationTabs->tabData(index).toInt());
    });

    // The findings list and the diff follow each other.
    connect(m_findingsPanel, &FindingsPanel::findingSelected, this, [this](int finding) {
        if (m_syncing)
            return;
        m_syncing = true;
        if (m_expandedNote != finding) {
            if (m_expandedNote >= 0)
                m_diff->setNoteExpanded(m_expandedNote, false);
            m_diff->setNoteExpanded(finding, true);
            m_expandedNote = finding;
        }
        m_diff->scrollToFinding(finding);
        m_syncing = false;
    });
    connect(m_diff, &diffview::DiffView::findingActivated, this, [this](int finding) {
        if (m_syncing)
            return;
        m_syncing = true;
        m_findingsPanel->selectFinding(finding);
        m_syncing = false;
    });
    connect(m_findingsPanel, &FindingsPanel::acknowledgeToggled, this,
            [this](int finding, bool acknowledged) {
                const qint64 id = findingId(finding);
                if (id != 0)
                    Q_EMIT acknowledgeRequested(id, acknowledged);
            });
    connect(m_findingsPanel->view()->selectionModel(), &QItemSelectionModel::currentRowChanged,
            this, [this] { updateActions(); });

    // The file list and the diff follow each other.
    connect(m_filesView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (!m_syncing && current.isValid())
                    scrollToFile(current.row());
            });
    connect(m_diff, &diffview::DiffView::currentFileChanged, this, &ReviewPage::showFileInList);

    connect(m_report, &ReportView::lineLinkActivated, this, &ReviewPage::followLink);
}

void ReviewPage::setSnapshot(itemmodels::ReviewSnapshot snapshot)
{
    const bool sameView = snapshot.task.id != 0 && snapshot.task.id == m_snapshot.task.id &&
                          snapshot.iteration == m_snapshot.iteration;
    const qint64 selectedId = findingId(m_findingsPanel->selectedFinding());
    const QList<store::StoredEvent> events = snapshot.timeline;
    m_snapshot = std::move(snapshot);
    if (m_loadingIteration == m_snapshot.iteration || !sameView)
        m_loadingIteration = 0;

    showIterations();
    showFindings();
    showDocument();
    if (sameView)
        m_findingsPanel->selectFinding(findingIndexOf(selectedId));
    else {
        m_detailTabs->setCurrentWidget(m_report);
        fitFilesPane();
    }

    const tasks::Iteration *iteration = m_snapshot.shownIteration();
    QStringList paths;
    if (m_snapshot.document) {
        for (const review::DiffFile &file : m_snapshot.document->files())
            paths << file.displayPath();
    }
    m_report->setReport(iteration ? iteration->reportMarkdown : QString(),
                        iteration ? iteration->requestText : QString(), m_snapshot.verdict, paths);
    const store::ValidationRecord *validation = m_snapshot.latestValidation();
    m_validation->setValidation(validation ? std::optional(*validation) : std::nullopt,
                                m_snapshot.gate.headCommit.isEmpty()
                                    ? (iteration ? iteration->headCommit : QString())
                                    : m_snapshot.gate.headCommit);
    showTimeline(events, sameView);
    updateGate(m_snapshot.gate);
}

void ReviewPage::fitFilesPane()
{
    // The file list as tall as its rows (up to a dozen), the findings below it get the rest.
    const int rows = std::clamp(m_filesModel->rowCount(), 3, 12);
    const int rowHeight = std::max(m_filesView->sizeHintForRow(0), fontMetrics().height() + 4);
    const int wanted = m_filesLabel->sizeHint().height() +
                       m_filesView->header()->sizeHint().height() + rows * rowHeight + 24;
    const QList<int> sizes = m_sideSplitter->sizes();
    const int total = sizes.value(0) + sizes.value(1);
    m_fitFilesPending = total <= 0; // not laid out yet: again on the first resize
    if (total > 0)
        m_sideSplitter->setSizes(
            {std::min(wanted, total / 2), total - std::min(wanted, total / 2)});
}

void ReviewPage::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (!m_sidebarSized && width() > 0) {
        // The diff dominates: the lists take about a quarter, within what they need to read.
        m_sidebarSized = true;
        const int side = std::clamp(width() * 27 / 100, 300, 440);
        m_mainSplitter->setSizes({side, width() - side});
    }
    if (m_fitFilesPending) {
        m_fitFilesPending = false;
        // After the splitters have taken their new sizes.
        QMetaObject::invokeMethod(this, &ReviewPage::fitFilesPane, Qt::QueuedConnection);
    }
}

void ReviewPage::updateGate(const tasks::GateAnswer &gate)
{
    m_snapshot.gate = gate;
    m_header->setSnapshot(m_snapshot); // the standing and the conflict badge follow the gate
    QStringList blocking;
    QSet<int> blockingIndexes;
    for (const tasks::GateReason &reason : gate.reasons) {
        for (qint64 id : reason.findingIds) {
            const int index = findingIndexOf(id);
            if (index >= 0) {
                blocking << m_findings[size_t(index)].title;
                blockingIndexes.insert(index);
            }
        }
    }
    m_findingsPanel->setBlocking(blockingIndexes);
    m_actions->setGate(gate, m_snapshot.task.spec.baseBranch, blocking);
    updateActions();
}

void ReviewPage::appendTimelineEvents(const QList<store::StoredEvent> &events)
{
    QList<store::StoredEvent> shown;
    for (const store::StoredEvent &event : events) {
        if (event.event.taskId == taskId() && event.event.iteration == m_snapshot.iteration)
            shown << event;
    }
    m_timeline->model()->appendEvents(shown);
    updateTabTitles();
}

void ReviewPage::showFindings()
{
    QList<int> open;
    QStringList closedTitles;
    int resolved = 0;
    int outdated = 0;
    for (int i = 0; i < m_snapshot.findings.size(); ++i) {
        const store::FindingRecord &record = m_snapshot.findings[i];
        if (record.status == store::FindingStatus::Open) {
            open << i;
            continue;
        }
        (record.status == store::FindingStatus::Resolved ? resolved : outdated) += 1;
        closedTitles << tr("%1: %2").arg(
            record.status == store::FindingStatus::Resolved ? tr("resolved") : tr("outdated"),
            record.title);
    }
    // Most severe first; the reviewer's order within a priority.
    std::stable_sort(open.begin(), open.end(), [this](int a, int b) {
        return m_snapshot.findings[a].priority < m_snapshot.findings[b].priority;
    });
    m_findings.clear();
    m_findingIds.clear();
    for (int i : open) {
        m_findings.push_back(itemmodels::toReviewFinding(m_snapshot.findings[i]));
        m_findingIds << m_snapshot.findings[i].id;
    }
    QString closed;
    if (resolved + outdated > 0)
        closed = tr("From earlier iterations: %1 resolved, %2 outdated (not listed).")
                     .arg(resolved)
                     .arg(outdated);
    std::vector<review::Finding> anchored = m_findings;
    if (m_snapshot.document)
        m_snapshot.document->anchor(anchored);
    m_findingsPanel->setFindings(std::move(anchored), closed, closedTitles.join(u'\n'));
}

void ReviewPage::showDocument()
{
    const bool since = m_since->isChecked() && m_snapshot.sinceLastIteration;
    const review::DiffDocumentPtr document =
        since ? m_snapshot.sinceLastIteration : m_snapshot.document;
    m_syncing = true;
    if (m_diff->document() != document) {
        m_diff->setDocument(document);
        m_filesModel->setDocument(document);
    }
    m_diff->setFindings(m_findings);
    m_filesModel->setFindings(m_findings);
    m_expandedNote = -1;
    m_syncing = false;

    int added = 0;
    int removed = 0;
    const int files = document ? document->fileCount() : 0;
    for (int i = 0; i < files; ++i) {
        added += document->file(i).added;
        removed += document->file(i).removed;
    }
    const QPalette &p = palette();
    m_filesLabel->setText(
        tr("<b>Files</b> — %n changed, ", nullptr, files) +
        reviewformat::coloured(QStringLiteral("+%1").arg(added), reviewformat::Tone::Good, p) +
        QLatin1Char(' ') +
        reviewformat::coloured(QStringLiteral("−%1").arg(removed), reviewformat::Tone::Bad, p) +
        (since ? tr(" since iteration %1").arg(m_snapshot.iteration - 1) : QString()));
}

void ReviewPage::showIterations()
{
    m_syncing = true;
    while (m_iterationTabs->count() > 0)
        m_iterationTabs->removeTab(0);
    for (const tasks::Iteration &iteration : m_snapshot.iterations) {
        const int tab = m_iterationTabs->addTab(
            iteration.requestText.isEmpty() ? tr("Iteration %1").arg(iteration.number)
                                            : tr("Iteration %1 · revision").arg(iteration.number));
        m_iterationTabs->setTabData(tab, iteration.number);
        m_iterationTabs->setTabToolTip(tab, iteration.requestText.isEmpty()
                                                ? tr("The first attempt")
                                                : tr("Revision: %1").arg(iteration.requestText));
        if (iteration.number == (m_loadingIteration ? m_loadingIteration : m_snapshot.iteration))
            m_iterationTabs->setCurrentIndex(tab);
    }
    m_syncing = false;
    // A hidden QTabBar does not announce its new size when tabs are added; the layout would
    // keep the empty bar's zero height.
    m_iterationTabs->updateGeometry();
    const bool hasPrevious = bool(m_snapshot.sinceLastIteration);
    m_since->setEnabled(hasPrevious);
    m_since->setText(hasPrevious ? tr("Changes since iteration %1").arg(m_snapshot.iteration - 1)
                                 : tr("Changes since last iteration"));
}

void ReviewPage::showTimeline(const QList<store::StoredEvent> &events, bool sameView)
{
    itemmodels::TimelineModel *model = m_timeline->model();
    const QList<store::StoredEvent> &held = model->events();
    // The same iteration again: keep the rows (and the selection) and add the new ones.
    const bool extends = sameView && held.size() <= events.size() &&
                         std::equal(held.begin(), held.end(), events.begin(),
                                    [](const store::StoredEvent &a, const store::StoredEvent &b) {
                                        return a.id == b.id;
                                    });
    if (extends)
        model->appendEvents(events);
    else
        model->setEvents(events);
    updateTabTitles();
}

void ReviewPage::setBusy(const QString &what)
{
    m_busyText = what;
    updateActions();
}

void ReviewPage::updateActions()
{
    const tasks::TaskState state = m_snapshot.task.state;
    const bool hasTask = m_snapshot.task.id != 0;
    const bool idle = m_busyText.isEmpty() && m_loadingIteration == 0 && hasTask;
    const bool merge = idle && m_snapshot.gate.allowed();
    const bool revise = idle && !tasks::isRunningState(state) && !tasks::isTerminalState(state);
    const bool reject = idle && !tasks::isTerminalState(state);
    m_mergeAction->setEnabled(merge);
    m_revisionAction->setEnabled(revise);
    m_rejectAction->setEnabled(reject);
    m_openWorktreeAction->setEnabled(hasTask && !m_snapshot.task.worktreePath.isEmpty());
    m_openWorktree->setEnabled(m_openWorktreeAction->isEnabled());
    m_acknowledgeAction->setEnabled(m_findingsPanel->selectedFinding() >= 0);
    m_actions->setActionsEnabled(merge, revise, reject);
    m_actions->setBusy(!m_busyText.isEmpty() ? m_busyText
                       : m_loadingIteration  ? tr("Loading iteration %1…").arg(m_loadingIteration)
                                             : QString());

    const QString base = m_snapshot.task.spec.baseBranch.isEmpty()
                             ? tr("the base")
                             : m_snapshot.task.spec.baseBranch;
    QString mergeTip = tr("Merge this branch into %1").arg(base);
    if (!m_busyText.isEmpty())
        mergeTip = tr("Wait: %1").arg(m_busyText);
    else if (!m_snapshot.gate.allowed() && !m_snapshot.gate.reasons.isEmpty())
        mergeTip = tr("Merging is blocked: %1").arg(m_snapshot.gate.reasons.constFirst().text);
    m_actions->mergeButton()->setToolTip(withShortcut(mergeTip, m_mergeAction));
    m_actions->revisionButton()->setToolTip(withShortcut(
        tr("Ask the agent for one specific change in a new iteration (prefilled from the "
           "selected finding)"),
        m_revisionAction));
    m_actions->rejectButton()->setToolTip(withShortcut(
        tr("Discard the task without merging; its work is archived and can be restored"),
        m_rejectAction));
    m_findingsPanel->acknowledgeButton()->setToolTip(
        withShortcut(tr("Mark the selected finding as seen: it no longer blocks the merge"),
                     m_acknowledgeAction));
}

void ReviewPage::updateTabTitles()
{
    m_detailTabs->setTabText(m_detailTabs->indexOf(m_validation), m_validation->tabTitle());
    const int events = m_timeline->model()->rowCount();
    m_detailTabs->setTabText(m_detailTabs->indexOf(m_timeline),
                             events > 0 ? tr("Timeline (%1)").arg(events) : tr("Timeline"));
}

qint64 ReviewPage::findingId(int findingIndex) const
{
    return findingIndex >= 0 && findingIndex < m_findingIds.size() ? m_findingIds[findingIndex] : 0;
}

int ReviewPage::findingIndexOf(qint64 id) const
{
    return id == 0 ? -1 : int(m_findingIds.indexOf(id));
}

void ReviewPage::selectFinding(int findingIndex)
{
    m_findingsPanel->selectFinding(findingIndex);
    // selectFinding does not emit (it is also how the diff drives the list): scroll here.
    if (findingIndex >= 0 && findingIndex < int(m_findings.size())) {
        if (m_expandedNote >= 0 && m_expandedNote != findingIndex)
            m_diff->setNoteExpanded(m_expandedNote, false);
        m_diff->setNoteExpanded(findingIndex, true);
        m_expandedNote = findingIndex;
        m_diff->scrollToFinding(findingIndex);
    }
}

void ReviewPage::setShowChangesSinceLastIteration(bool show)
{
    m_since->setChecked(show && m_since->isEnabled());
}

bool ReviewPage::showsChangesSinceLastIteration() const
{
    return m_since->isChecked() && m_snapshot.sinceLastIteration &&
           m_diff->document() == m_snapshot.sinceLastIteration;
}

bool ReviewPage::jumpToLine(const QString &path, int line)
{
    const auto fileIn = [&path](const review::DiffDocumentPtr &document) {
        if (!document)
            return -1;
        const int exact = document->fileIndex(path);
        if (exact >= 0)
            return exact;
        const QString suffix = QLatin1Char('/') + path;
        for (int i = 0; i < document->fileCount(); ++i) {
            if (document->file(i).displayPath().endsWith(suffix))
                return i;
        }
        return -1;
    };
    int file = fileIn(m_diff->document());
    if (file < 0 && m_diff->document() != m_snapshot.document && fileIn(m_snapshot.document) >= 0) {
        m_since->setChecked(false); // the interdiff does not touch that file: show it whole
        file = fileIn(m_diff->document());
    }
    if (file < 0)
        return false;
    if (!m_diff->scrollToLine(file, review::Side::New, line))
        m_diff->scrollToLine(file, review::Side::Old, line);
    m_diff->setFocus(Qt::OtherFocusReason);
    return true;
}

void ReviewPage::followLink(const LineLink &link)
{
    jumpToLine(link.path, link.line);
}

void ReviewPage::scrollToFile(int file)
{
    const auto &starts = m_diff->layout().fileStarts();
    if (file < 0 || file >= int(starts.size()))
        return;
    m_diff->verticalScrollBar()->setValue(
        int(m_diff->layout().topLine(starts[size_t(file)]) * m_diff->metrics().lineHeight));
}

void ReviewPage::showFileInList(int file)
{
    if (m_syncing || file < 0 || file >= m_filesModel->rowCount())
        return;
    m_syncing = true;
    m_filesView->setCurrentIndex(m_filesModel->index(file, DiffFilesModel::PathColumn));
    m_syncing = false;
}

void ReviewPage::requestIteration(int number)
{
    if (number <= 0)
        return;
    if (number == m_snapshot.iteration) {
        m_loadingIteration = 0;
        updateActions();
        return;
    }
    m_loadingIteration = number;
    updateActions();
    Q_EMIT iterationRequested(taskId(), number);
}

void ReviewPage::openRevisionDialog()
{
    if (!m_revisionAction->isEnabled())
        return;
    if (m_revisionDialog) {
        m_revisionDialog->raise();
        return;
    }
    RevisionPrefill prefill;
    prefill.taskTitle = m_snapshot.task.spec.title;
    const int selected = m_findingsPanel->selectedFinding();
    if (selected >= 0) {
        const review::Finding &finding = m_findings[size_t(selected)];
        prefill.findingId = findingId(selected);
        prefill.findingPriority = finding.priority;
        prefill.findingTitle = finding.title;
        prefill.location =
            finding.startLine > 0
                ? (finding.endLine > finding.startLine
                       ? QStringLiteral("%1:%2-%3")
                             .arg(finding.file)
                             .arg(finding.startLine)
                             .arg(finding.endLine)
                       : QStringLiteral("%1:%2").arg(finding.file).arg(finding.startLine))
                : finding.file;
        prefill.suggestedFix = finding.suggestedFix;
    }
    auto *dialog = new RevisionDialog(prefill, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const tasks::TaskId task = taskId();
    connect(dialog, &QDialog::accepted, this, [this, dialog, task] {
        Q_EMIT revisionRequested(task, dialog->request(), dialog->fromFindingId());
    });
    m_revisionDialog = dialog;
    dialog->open();
}

void ReviewPage::confirmReject()
{
    if (!m_rejectAction->isEnabled())
        return;
    if (m_rejectBox) {
        m_rejectBox->raise();
        return;
    }
    const store::TaskRecord &task = m_snapshot.task;
    auto *box =
        new QMessageBox(QMessageBox::Question, tr("Reject Task"),
                        tr("Reject “%1”?").arg(task.spec.title), QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("rejectConfirmation"));
    box->setInformativeText(
        tr("Nothing is merged. The branch %1 is kept and the worktree's uncommitted work is "
           "archived under refs/agentdesk/archive/%2/, so the work can be restored later.")
            .arg(task.branch.isEmpty() ? tr("(none)") : task.branch)
            .arg(task.id));
    QPushButton *reject = box->addButton(tr("Reject"), QMessageBox::DestructiveRole);
    reject->setObjectName(QStringLiteral("confirmRejectButton"));
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    const tasks::TaskId id = task.id;
    connect(box, &QMessageBox::finished, this, [this, box, reject, id] {
        if (box->clickedButton() == reject)
            Q_EMIT rejectRequested(id);
    });
    m_rejectBox = box;
    box->open();
}

} // namespace agentdesk::ui
