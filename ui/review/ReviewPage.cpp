#include "ui/review/ReviewPage.h"

#include "diff/DiffView.h"
#include "itemmodels/DiffFilesModel.h"
#include "ui/review/ActionBar.h"
#include "ui/review/DiffToolbar.h"
#include "ui/review/FilesPane.h"
#include "ui/review/FindingsPanel.h"
#include "ui/review/ReportView.h"
#include "ui/review/ReviewDecisions.h"
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
#include <QLocale>
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
    m_files = new FilesPane(m_sideSplitter);
    m_sideSplitter->addWidget(m_files);
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
    m_decisions = new ReviewDecisions(this, m_actions);
    m_decisions->setPrefillSource([this] { return prefillFromSelection(); });
    connect(m_decisions, &ReviewDecisions::mergeRequested, this, &ReviewPage::mergeRequested);
    connect(m_decisions, &ReviewDecisions::revisionRequested, this, &ReviewPage::revisionRequested);
    connect(m_decisions, &ReviewDecisions::rejectRequested, this, &ReviewPage::rejectRequested);
    connect(m_actions, &ActionBar::addBudgetClicked, this, [this](Money extra) {
        if (!isBusy() && m_actions->recovery() == ActionBar::Recovery::AddBudget)
            Q_EMIT budgetRequested(taskId(), extra);
    });
    connect(m_actions, &ActionBar::restoreClicked, this, [this] {
        if (!isBusy() && m_actions->recovery() == ActionBar::Recovery::Restore)
            Q_EMIT restoreRequested(taskId());
    });

    connectParts();
    updateActions();
}

ReviewPage::~ReviewPage() = default;

RevisionDialog *ReviewPage::revisionDialog() const
{
    return m_decisions->revisionDialog();
}

QMessageBox *ReviewPage::rejectConfirmation() const
{
    return m_decisions->rejectConfirmation();
}

QTreeView *ReviewPage::filesView() const
{
    return m_files->view();
}

itemmodels::DiffFilesModel *ReviewPage::filesModel() const
{
    return m_files->model();
}

QTabBar *ReviewPage::iterationTabs() const
{
    return m_toolbar->tabs();
}

QCheckBox *ReviewPage::sinceLastIterationToggle() const
{
    return m_toolbar->sinceToggle();
}

QAction *ReviewPage::mergeAction() const
{
    return m_decisions->mergeAction();
}

QAction *ReviewPage::revisionAction() const
{
    return m_decisions->revisionAction();
}

QAction *ReviewPage::rejectAction() const
{
    return m_decisions->rejectAction();
}

void ReviewPage::createActions()
{
    const auto make = [this](const QString &text, QKeySequence keys, const char *name) {
        auto *action = new QAction(text, this);
        action->setObjectName(QLatin1String(name));
        action->setShortcut(keys);
        // Anywhere in the window while the page shows: a hidden page's keys never match, and
        // the focus may be in the queue beside it.
        action->setShortcutContext(Qt::WindowShortcut);
        addAction(action);
        return action;
    };
    m_nextFindingAction = make(tr("Next Finding"), QKeySequence(Qt::Key_N), "nextFindingAction");
    m_previousFindingAction =
        make(tr("Previous Finding"), QKeySequence(Qt::SHIFT | Qt::Key_N), "previousFindingAction");
    m_nextFileAction = make(tr("Next File"), QKeySequence(Qt::Key_F), "nextFileAction");
    m_previousFileAction =
        make(tr("Previous File"), QKeySequence(Qt::SHIFT | Qt::Key_F), "previousFileAction");
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

QWidget *ReviewPage::createDiffPane()
{
    auto *pane = new QWidget(this);
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_toolbar = new DiffToolbar(pane);
    m_toolbar->tabs()->setToolTip(
        tr("Each revision is a new iteration with its own diff, tests and findings (%1 / %2)")
            .arg(m_previousIterationAction->shortcut().toString(QKeySequence::NativeText),
                 m_nextIterationAction->shortcut().toString(QKeySequence::NativeText)));
    m_toolbar->sinceToggle()->setToolTip(ReviewDecisions::withShortcut(
        tr("Show what this iteration changed on top of the previous one, instead of the "
           "whole change against the base"),
        m_sinceAction));
    m_toolbar->openWorktreeButton()->setToolTip(ReviewDecisions::withShortcut(
        tr("Open the folder the agent worked in"), m_openWorktreeAction));
    layout->addWidget(m_toolbar);
    m_diff = new diffview::DiffView(pane);
    m_diff->setObjectName(QStringLiteral("diffView"));
    m_diff->setAccessibleName(tr("Diff"));
    m_diff->setFrameShape(QFrame::StyledPanel);
    layout->addWidget(m_diff, 1);
    return pane;
}

void ReviewPage::connectParts()
{
    connect(m_acknowledgeAction, &QAction::triggered, m_findingsPanel,
            &FindingsPanel::toggleAcknowledged);
    // The page's own steps through the findings (in the list's order, the diff follows) and
    // the files, from wherever the focus is.
    const auto stepFinding = [this](int direction) {
        if (m_diff->hasFocus()) { // in the diff: its own order, by position
            direction > 0 ? m_diff->nextFinding() : m_diff->previousFinding();
            return;
        }
        const int count = int(m_findings.size());
        if (count == 0)
            return;
        const int current = m_findingsPanel->selectedFinding();
        const int next =
            current < 0 ? (direction > 0 ? 0 : count - 1) : (current + direction + count) % count;
        selectFinding(next);
    };
    connect(m_nextFindingAction, &QAction::triggered, this, [stepFinding] { stepFinding(+1); });
    connect(m_previousFindingAction, &QAction::triggered, this, [stepFinding] { stepFinding(-1); });
    connect(m_nextFileAction, &QAction::triggered, m_diff, &diffview::DiffView::nextFile);
    connect(m_previousFileAction, &QAction::triggered, m_diff, &diffview::DiffView::previousFile);
    connect(m_sinceAction, &QAction::triggered, this, [this] {
        if (m_toolbar->sinceToggle()->isEnabled())
            m_toolbar->sinceToggle()->toggle();
    });
    connect(m_openWorktreeAction, &QAction::triggered, this, [this] {
        if (m_openWorktreeAction->isEnabled())
            Q_EMIT openWorktreeRequested(taskId());
    });
    connect(m_previousIterationAction, &QAction::triggered, this,
            [this] { m_toolbar->stepIteration(-1); });
    connect(m_nextIterationAction, &QAction::triggered, this,
            [this] { m_toolbar->stepIteration(+1); });

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
    connect(m_toolbar->openWorktreeButton(), &QToolButton::clicked, m_openWorktreeAction,
            &QAction::trigger);
    connect(m_toolbar->sinceToggle(), &QCheckBox::toggled, this, [this] { showDocument(); });
    connect(m_toolbar->unifiedButton(), &QToolButton::toggled, this, [this](bool unified) {
        m_diff->setMode(unified ? diffview::DiffView::Mode::Unified
                                : diffview::DiffView::Mode::SideBySide);
    });
    connect(m_toolbar, &DiffToolbar::iterationChosen, this, &ReviewPage::requestIteration);

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
    connect(m_files, &FilesPane::fileChosen, this, &ReviewPage::scrollToFile);
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
    // A merged task's branch head has moved on with the merge: no "stale result" note.
    const bool merged = m_snapshot.task.state == tasks::TaskState::Merged;
    m_validation->setValidation(validation ? std::optional(*validation) : std::nullopt,
                                merged ? QString()
                                : m_snapshot.gate.headCommit.isEmpty()
                                    ? (iteration ? iteration->headCommit : QString())
                                    : m_snapshot.gate.headCommit);
    showTimeline(events, sameView);
    updateGate(m_snapshot.gate);
}

void ReviewPage::fitFilesPane()
{
    const int wanted = m_files->preferredHeight(); // the findings below get the rest
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
    m_actions->setMergedSummary(mergedSummary());
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
    // An earlier iteration's tab shows the findings raised on it, whatever became of them
    // since (marked); the newest lists the open ones and, collapsed, the closed ones.
    const int newest = m_snapshot.iterations.isEmpty() ? m_snapshot.iteration
                                                       : m_snapshot.iterations.constLast().number;
    const bool earlier = m_snapshot.iteration > 0 && m_snapshot.iteration < newest;
    QList<int> open;
    QStringList closedLines;
    int resolved = 0;
    int outdated = 0;
    for (int i = 0; i < m_snapshot.findings.size(); ++i) {
        const store::FindingRecord &record = m_snapshot.findings[i];
        if (record.status == store::FindingStatus::Open || earlier) {
            open << i;
            continue;
        }
        const bool isResolved = record.status == store::FindingStatus::Resolved;
        (isResolved ? resolved : outdated) += 1;
        QString where = record.file;
        if (record.startLine > 0)
            where += QStringLiteral(":%1").arg(record.startLine);
        closedLines << tr("%1 · P%2 · %3%4")
                           .arg(isResolved ? tr("Resolved") : tr("Outdated"))
                           .arg(record.priority)
                           .arg(record.title, where.isEmpty() ? QString() : tr(" — %1").arg(where));
    }
    // Most severe first; the reviewer's order within a priority.
    std::stable_sort(open.begin(), open.end(), [this](int a, int b) {
        return m_snapshot.findings[a].priority < m_snapshot.findings[b].priority;
    });
    m_findings.clear();
    m_findingIds.clear();
    for (int i : open) {
        const store::FindingRecord &record = m_snapshot.findings[i];
        review::Finding finding = itemmodels::toReviewFinding(record);
        if (earlier && record.status == store::FindingStatus::Resolved)
            finding.title = tr("%1 (resolved later)").arg(finding.title);
        else if (earlier && record.status == store::FindingStatus::Outdated)
            finding.title = tr("%1 (outdated later)").arg(finding.title);
        m_findings.push_back(std::move(finding));
        m_findingIds << record.id;
    }
    QString closed;
    if (resolved + outdated > 0)
        closed =
            tr("From earlier iterations: %1 resolved, %2 outdated.").arg(resolved).arg(outdated);
    std::vector<review::Finding> anchored = m_findings;
    if (m_snapshot.document)
        m_snapshot.document->anchor(anchored);
    m_findingsPanel->setFindings(std::move(anchored), closed, closedLines.join(u'\n'));
}

void ReviewPage::showDocument()
{
    const bool since = m_toolbar->sinceToggle()->isChecked() && m_snapshot.sinceLastIteration;
    const review::DiffDocumentPtr document =
        since ? m_snapshot.sinceLastIteration : m_snapshot.document;
    m_syncing = true;
    if (m_diff->document() != document)
        m_diff->setDocument(document);
    m_diff->setFindings(m_findings);
    m_files->setDocument(document, m_findings, since ? m_snapshot.iteration - 1 : 0);
    m_expandedNote = -1;
    m_syncing = false;
}

void ReviewPage::showIterations()
{
    m_toolbar->setIterations(m_snapshot.iterations,
                             m_loadingIteration ? m_loadingIteration : m_snapshot.iteration,
                             m_snapshot.sinceLastIteration ? m_snapshot.iteration - 1 : 0);
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
    const bool hasTask = m_snapshot.task.id != 0;
    m_decisions->setState(m_snapshot.task, m_snapshot.gate,
                          !m_busyText.isEmpty() ? m_busyText
                          : m_loadingIteration ? tr("Loading iteration %1…").arg(m_loadingIteration)
                                               : QString());
    m_openWorktreeAction->setEnabled(hasTask && !m_snapshot.task.worktreePath.isEmpty());
    updateRecovery();
    m_toolbar->openWorktreeButton()->setEnabled(m_openWorktreeAction->isEnabled());
    m_acknowledgeAction->setEnabled(m_findingsPanel->selectedFinding() >= 0);
    const bool hasFindings = !m_findings.empty();
    m_nextFindingAction->setEnabled(hasFindings);
    m_previousFindingAction->setEnabled(hasFindings);
    const bool hasFiles = m_snapshot.document && m_snapshot.document->fileCount() > 0;
    m_nextFileAction->setEnabled(hasFiles);
    m_previousFileAction->setEnabled(hasFiles);
    m_findingsPanel->acknowledgeButton()->setToolTip(ReviewDecisions::withShortcut(
        tr("Mark the selected finding as seen: it no longer blocks the merge"),
        m_acknowledgeAction));
}

QString ReviewPage::mergedSummary() const
{
    const store::TaskRecord &task = m_snapshot.task;
    if (task.id == 0 || task.state != tasks::TaskState::Merged)
        return {};
    // The engine's reason names the commit: "Merged into main as 1a2b3c4".
    QString what = task.stateReason.isEmpty() ? tr("Merged into %1").arg(task.spec.baseBranch)
                                              : task.stateReason;
    if (what.endsWith(QLatin1Char('.')))
        what.chop(1);
    if (task.updatedAt.isValid())
        what += tr(" on %1").arg(
            QLocale().toString(task.updatedAt.toLocalTime(), QLocale::ShortFormat));
    return tr("%1. The diff, report and tests stay here for reading.").arg(what);
}

void ReviewPage::updateRecovery()
{
    const store::TaskRecord &task = m_snapshot.task;
    ActionBar::Recovery recovery = ActionBar::Recovery::None;
    // The engine pauses a task for its budget with a reason that says so; the user's own
    // pause resumes from the queue.
    if (task.id != 0 && task.state == tasks::TaskState::Paused &&
        task.stateReason.contains(QLatin1String("budget"), Qt::CaseInsensitive) &&
        !task.stateReason.contains(QLatin1String("daily budget"), Qt::CaseInsensitive))
        recovery = ActionBar::Recovery::AddBudget;
    else if (task.id != 0 && task.state == tasks::TaskState::Rejected)
        recovery = ActionBar::Recovery::Restore;
    // Prefilled from the run's spend: what one iteration has cost so far, in quarters.
    const int iterations = std::max(1, int(m_snapshot.iterations.size()));
    const qint64 perIteration = m_snapshot.totalCost.nanodollars() / iterations;
    const qint64 quarter = Money::fromCents(25).nanodollars();
    const Money suggested = Money::fromNanodollars(
        std::max<qint64>(1, (perIteration + quarter - 1) / quarter) * quarter);
    m_actions->setRecovery(recovery, suggested);
    const bool idle = m_busyText.isEmpty();
    m_actions->addBudgetButton()->setEnabled(idle);
    m_actions->restoreButton()->setEnabled(idle);
}

RevisionPrefill ReviewPage::prefillFromSelection() const
{
    RevisionPrefill prefill;
    const int selected = m_findingsPanel->selectedFinding();
    if (selected < 0)
        return prefill;
    const review::Finding &finding = m_findings[size_t(selected)];
    prefill.findingId = findingId(selected);
    prefill.findingPriority = finding.priority;
    prefill.findingTitle = finding.title;
    if (finding.startLine <= 0)
        prefill.location = finding.file;
    else if (finding.endLine > finding.startLine)
        prefill.location = QStringLiteral("%1:%2-%3")
                               .arg(finding.file)
                               .arg(finding.startLine)
                               .arg(finding.endLine);
    else
        prefill.location = QStringLiteral("%1:%2").arg(finding.file).arg(finding.startLine);
    prefill.suggestedFix = finding.suggestedFix;
    return prefill;
}

void ReviewPage::updateTabTitles()
{
    m_detailTabs->setTabText(m_detailTabs->indexOf(m_validation), m_validation->tabTitle());
    const int events = m_timeline->model()->rowCount();
    m_detailTabs->setTabText(m_detailTabs->indexOf(m_timeline),
                             events > 0 ? tr("Timeline (%1)").arg(events) : tr("Timeline"));
}

} // namespace agentdesk::ui
