#pragma once

#include <QMainWindow>

class QAction;
class QLabel;
class QMenu;
class QPushButton;
class QSettings;
class QSplitter;
class QStackedWidget;

namespace agentdesk::ui {

class CostMeterWidget;
class QueuePanel;
class WelcomePage;

// The main window in its final arrangement: the queue on the left, the review area in the
// centre, a toolbar with New Task and the cost meter, and a status bar. It shows what the
// application hands it and reports the user's requests as signals; it does no engine work.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // `settings` (not owned) keeps the window layout between runs.
    explicit MainWindow(QSettings *settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    QueuePanel *queuePanel() const { return m_queuePanel; }
    CostMeterWidget *costMeter() const { return m_costMeter; }
    QAction *newTaskAction() const { return m_newTaskAction; }
    QAction *openRepositoryAction() const { return m_openRepositoryAction; }
    QAction *settingsAction() const { return m_settingsAction; }
    QAction *demoAction() const { return m_demoAction; }
    // Shows `page` (the review page, owned by the window from then on) in the review area.
    void showReviewPage(QWidget *page);
    // Back to the repository's page (no task selected).
    void showRepositoryPage();
    QStackedWidget *reviewArea() const { return m_reviewArea; }
    WelcomePage *welcomePage() const { return m_welcomePage; }

    // A repository was opened: name it in the title and status bar and show the next step.
    void showRepository(const QString &path, const QString &branch, const QString &commit);
    // The open repository's branch head moved (a task merged): the status bar and the
    // repository page follow, the page shown stays.
    void setRepositoryHead(const QString &branch, const QString &commit);
    // A repository could not be opened: say why, plainly, and stay where we were.
    void showRepositoryError(const QString &path, const QString &message);
    QString repositoryPath() const { return m_repositoryPath; }
    // The status bar's summary of the queue: "2 running, 1 queued".
    void setQueueCounts(int running, int queued, int needReview);

    QMenu *taskMenu() const { return m_taskMenu; }
    QAction *shortcutsAction() const { return m_shortcutsAction; }

public Q_SLOTS:
    void showAbout();
    // Every key of the window, the shown page's included (Help → Keyboard Shortcuts, Ctrl+/).
    void showKeyboardShortcuts();

Q_SIGNALS:
    // The user chose a directory to open as a repository.
    void openRepositoryRequested(const QString &path);
    void newTaskRequested();
    void settingsRequested();
    void demoRequested();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createToolBar();
    void createMenus();
    void createCentralArea();
    void createStatusBar();
    QWidget *createRepositoryPage();
    void chooseRepository();
    void restoreLayout();
    // The Task menu: New Task, then the shown page's own actions (its merge, revision, keys).
    void updateTaskMenu();
    void saveLayout();

    QSettings *m_settings = nullptr;
    QString m_repositoryPath;

    QAction *m_openRepositoryAction = nullptr;
    QAction *m_newTaskAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_settingsAction = nullptr;
    QAction *m_demoAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QAction *m_shortcutsAction = nullptr;
    QMenu *m_taskMenu = nullptr;

    QSplitter *m_splitter = nullptr;
    QueuePanel *m_queuePanel = nullptr;
    QStackedWidget *m_reviewArea = nullptr;
    WelcomePage *m_welcomePage = nullptr;
    QWidget *m_repositoryPage = nullptr;
    QLabel *m_repositoryHeadline = nullptr;
    CostMeterWidget *m_costMeter = nullptr;
    QLabel *m_repositoryStatus = nullptr;
    QLabel *m_runningStatus = nullptr;
};

} // namespace agentdesk::ui
