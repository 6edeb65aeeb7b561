#pragma once

#include "core/Money.h"
#include "itemmodels/ReviewSnapshot.h"
#include "review/Finding.h"
#include "tasks/TaskId.h"

#include <QWidget>

#include <vector>

class QAction;
class QCheckBox;
class QMessageBox;
class QSplitter;
class QTabBar;
class QTabWidget;
class QTreeView;

namespace agentdesk::diffview {
class DiffView;
}
namespace agentdesk::itemmodels {
class DiffFilesModel;
}

namespace agentdesk::ui {

class ActionBar;
class DiffToolbar;
class FilesPane;
class FindingsPanel;
class ReportView;
class ReviewDecisions;
class ReviewHeader;
class RevisionDialog;
class TimelinePanel;
class ValidationPanel;
struct LineLink;
struct RevisionPrefill;

// The review page for one task: the header, the diff (dominant), the file and findings lists
// beside it, the report, test results and timeline below it, and the decisions in a bar at
// the bottom. It shows a ReviewSnapshot the engine loaded off the GUI thread and reports
// what the user decides as signals; it never blocks and does no engine work itself.
//
// Shortcuts (also in the controls' tooltips, the window's Task menu and its Keyboard Shortcuts
// help), active anywhere in the window while the page shows: N / Shift+N next/previous
// finding, F / Shift+F next/previous file, Ctrl+Shift+M merge, Ctrl+Shift+R request a
// revision, Ctrl+Shift+X reject, Ctrl+Shift+A acknowledge the selected finding, Ctrl+Shift+I
// changes since the last iteration, Ctrl+Shift+O open the worktree, Ctrl+Alt+PgUp/PgDown
// previous/next iteration; in the diff, N/Shift+N findings, Alt+Up/Down changes, Ctrl+Up/Down
// files.
class ReviewPage : public QWidget
{
    Q_OBJECT
public:
    explicit ReviewPage(QWidget *parent = nullptr);
    ~ReviewPage() override;

    // Shows the snapshot. The same task and iteration again (after an acknowledgement, a new
    // gate answer) keeps the scroll position, the selected finding and the open tab.
    void setSnapshot(itemmodels::ReviewSnapshot snapshot);
    const itemmodels::ReviewSnapshot &snapshot() const { return m_snapshot; }
    tasks::TaskId taskId() const { return m_snapshot.task.id; }
    // A new merge-gate answer for the shown task (after an acknowledgement, a base move).
    void updateGate(const tasks::GateAnswer &gate);
    // Live timeline events of the shown iteration; ones already shown are skipped.
    void appendTimelineEvents(const QList<store::StoredEvent> &events);

    // A long operation (a merge with re-validation) is running: a progress indicator with
    // `what`, and every action disabled until setBusy({}).
    void setBusy(const QString &what);
    bool isBusy() const { return !m_busyText.isEmpty(); }

    // Scrolls the diff to a line of a file (on `side`, else the other side); false when the
    // diff does not show that file. `path` may be a suffix of the file's path ("parser.c").
    bool jumpToLine(const QString &path, int line, review::Side side = review::Side::New);
    // Selects a finding in the list and scrolls the diff to it.
    void selectFinding(int findingIndex);
    void setShowChangesSinceLastIteration(bool show);
    bool showsChangesSinceLastIteration() const;

    // The findings shown (open ones, most severe first), and their store ids.
    const std::vector<review::Finding> &findings() const { return m_findings; }
    qint64 findingId(int findingIndex) const;
    int findingIndexOf(qint64 findingId) const;

    diffview::DiffView *diffView() const { return m_diff; }
    QTreeView *filesView() const;
    itemmodels::DiffFilesModel *filesModel() const;
    FindingsPanel *findingsPanel() const { return m_findingsPanel; }
    ReportView *reportView() const { return m_report; }
    ValidationPanel *validationPanel() const { return m_validation; }
    TimelinePanel *timelinePanel() const { return m_timeline; }
    ReviewHeader *header() const { return m_header; }
    ActionBar *actionBar() const { return m_actions; }
    QTabBar *iterationTabs() const;
    QTabWidget *detailTabs() const { return m_detailTabs; }
    QCheckBox *sinceLastIterationToggle() const;
    // The open revision dialog and reject confirmation, if any (both window-modal, never
    // exec()'d: the page keeps running while they are up).
    RevisionDialog *revisionDialog() const;
    QMessageBox *rejectConfirmation() const;

    QAction *mergeAction() const;
    QAction *revisionAction() const;
    QAction *rejectAction() const;
    QAction *acknowledgeAction() const { return m_acknowledgeAction; }

Q_SIGNALS:
    void mergeRequested(agentdesk::tasks::TaskId task);
    void revisionRequested(agentdesk::tasks::TaskId task, const QString &request,
                           qint64 fromFindingId);
    void rejectRequested(agentdesk::tasks::TaskId task);
    void acknowledgeRequested(qint64 findingId, bool acknowledged);
    void iterationRequested(agentdesk::tasks::TaskId task, int iteration);
    void openWorktreeRequested(agentdesk::tasks::TaskId task);
    // The recovery controls: raise a budget-paused task's budget by `extra` and continue;
    // bring a rejected task back.
    void budgetRequested(agentdesk::tasks::TaskId task, agentdesk::Money extra);
    void restoreRequested(agentdesk::tasks::TaskId task);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void createActions();
    QWidget *createDiffPane();
    void connectParts();

    void showFindings();
    void showDocument();
    void showIterations();
    void showTimeline(const QList<store::StoredEvent> &events, bool sameView);
    void updateActions();
    void updateRecovery();
    QString mergedSummary() const;
    void updateTabTitles();
    void fitFilesPane();

    RevisionPrefill prefillFromSelection() const;
    void requestIteration(int number);
    void followLink(const LineLink &link);
    void showFileInList(int file);
    void scrollToFile(int file);

    itemmodels::ReviewSnapshot m_snapshot;
    std::vector<review::Finding> m_findings; // open findings, most severe first
    QList<qint64> m_findingIds;              // store id per entry of m_findings
    QString m_busyText;
    int m_loadingIteration = 0; // an iteration asked for and not yet shown
    int m_expandedNote = -1;
    bool m_syncing = false; // re-entrancy guard between the lists and the diff
    bool m_fitFilesPending = false;
    bool m_sidebarSized = false;

    ReviewHeader *m_header = nullptr;
    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_sideSplitter = nullptr;
    QSplitter *m_diffSplitter = nullptr;
    FilesPane *m_files = nullptr;
    FindingsPanel *m_findingsPanel = nullptr;
    DiffToolbar *m_toolbar = nullptr;
    diffview::DiffView *m_diff = nullptr;
    QTabWidget *m_detailTabs = nullptr;
    ReportView *m_report = nullptr;
    ValidationPanel *m_validation = nullptr;
    TimelinePanel *m_timeline = nullptr;
    ActionBar *m_actions = nullptr;
    ReviewDecisions *m_decisions = nullptr;

    QAction *m_nextFindingAction = nullptr;
    QAction *m_previousFindingAction = nullptr;
    QAction *m_nextFileAction = nullptr;
    QAction *m_previousFileAction = nullptr;
    QAction *m_acknowledgeAction = nullptr;
    QAction *m_sinceAction = nullptr;
    QAction *m_openWorktreeAction = nullptr;
    QAction *m_previousIterationAction = nullptr;
    QAction *m_nextIterationAction = nullptr;
};

} // namespace agentdesk::ui
