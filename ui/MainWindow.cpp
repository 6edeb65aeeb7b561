#include "ui/MainWindow.h"

#include "ui/AboutDialog.h"
#include "ui/CostMeterWidget.h"
#include "ui/QueuePanel.h"
#include "ui/WelcomePage.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QIcon>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>

namespace agentdesk::ui {

MainWindow::MainWindow(QSettings *settings, QWidget *parent)
    : QMainWindow(parent)
    , m_settings(settings)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("AgentDesk"));
    setWindowIcon(QIcon(QStringLiteral(":/agentdesk/icons/agentdesk.svg")));

    createActions();
    createToolBar();
    createMenus();
    createCentralArea();
    createStatusBar();
    resize(1280, 800);
    restoreLayout();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    m_openRepositoryAction = new QAction(QIcon::fromTheme(QStringLiteral("document-open")),
                                         tr("&Open Repository…"), this);
    m_openRepositoryAction->setObjectName(QStringLiteral("openRepositoryAction"));
    m_openRepositoryAction->setShortcut(QKeySequence::Open);
    m_openRepositoryAction->setToolTip(tr("Open a local git repository (Ctrl+O)"));
    connect(m_openRepositoryAction, &QAction::triggered, this, &MainWindow::chooseRepository);

    m_newTaskAction =
        new QAction(QIcon::fromTheme(QStringLiteral("list-add")), tr("&New Task…"), this);
    m_newTaskAction->setObjectName(QStringLiteral("newTaskAction"));
    m_newTaskAction->setShortcut(QKeySequence::New);
    m_newTaskAction->setEnabled(false);
    m_newTaskAction->setToolTip(tr("Open a repository first, then dispatch a task to it"));
    connect(m_newTaskAction, &QAction::triggered, this, &MainWindow::newTaskRequested);

    m_settingsAction =
        new QAction(QIcon::fromTheme(QStringLiteral("preferences-system")), tr("&Settings…"), this);
    m_settingsAction->setObjectName(QStringLiteral("settingsAction"));
    m_settingsAction->setShortcut(QKeySequence::Preferences);
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    m_settingsAction->setToolTip(tr("Providers, budgets, concurrency, sandbox, merge strategy"));
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::settingsRequested);

    m_demoAction = new QAction(tr("Try the &Demo"), this);
    m_demoAction->setObjectName(QStringLiteral("demoAction"));
    m_demoAction->setToolTip(tr("A sample repository and two tasks run by scripted agents: no "
                                "key, no network"));
    connect(m_demoAction, &QAction::triggered, this, &MainWindow::demoRequested);

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_shortcutsAction = new QAction(tr("&Keyboard Shortcuts"), this);
    m_shortcutsAction->setObjectName(QStringLiteral("shortcutsAction"));
    m_shortcutsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Slash));
    connect(m_shortcutsAction, &QAction::triggered, this, &MainWindow::showKeyboardShortcuts);
    addAction(m_shortcutsAction);

    m_aboutAction = new QAction(tr("&About AgentDesk"), this);
    m_aboutAction->setObjectName(QStringLiteral("aboutAction"));
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::createToolBar()
{
    auto *toolBar = addToolBar(tr("Main"));
    toolBar->setObjectName(QStringLiteral("mainToolBar"));
    toolBar->setMovable(false);
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->addAction(m_newTaskAction);
    toolBar->addAction(m_openRepositoryAction);

    auto *spacer = new QWidget(toolBar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolBar->addWidget(spacer);

    m_costMeter = new CostMeterWidget(toolBar);
    toolBar->addWidget(m_costMeter);
}

void MainWindow::createMenus()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->addAction(m_openRepositoryAction);
    fileMenu->addAction(m_settingsAction);
    fileMenu->addSeparator();
    fileMenu->addAction(m_quitAction);

    m_taskMenu = menuBar()->addMenu(tr("&Task"));
    m_taskMenu->setObjectName(QStringLiteral("taskMenu"));
    updateTaskMenu();

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(m_demoAction);
    helpMenu->addAction(m_shortcutsAction);
    helpMenu->addSeparator();
    helpMenu->addAction(m_aboutAction);
    helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::createCentralArea()
{
    m_queuePanel = new QueuePanel(this);

    m_welcomePage = new WelcomePage(this);
    connect(m_welcomePage, &WelcomePage::openRepositoryRequested, this,
            &MainWindow::chooseRepository);
    connect(m_welcomePage, &WelcomePage::demoRequested, this, &MainWindow::demoRequested);
    m_repositoryPage = createRepositoryPage();

    m_reviewArea = new QStackedWidget(this);
    m_reviewArea->setObjectName(QStringLiteral("reviewArea"));
    m_reviewArea->addWidget(m_welcomePage);
    m_reviewArea->addWidget(m_repositoryPage);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(m_queuePanel);
    m_splitter->addWidget(m_reviewArea);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({320, 960});
    m_splitter->setChildrenCollapsible(false);
    setCentralWidget(m_splitter);
}

void MainWindow::setQueueCounts(int running, int queued, int needReview)
{
    QStringList parts;
    if (running > 0)
        parts << tr("%n running", nullptr, running);
    if (queued > 0)
        parts << tr("%n queued", nullptr, queued);
    if (needReview > 0)
        parts << tr("%n to review", nullptr, needReview);
    m_runningStatus->setText(parts.isEmpty() ? tr("No tasks running")
                                             : parts.join(QStringLiteral(" · ")));
}

void MainWindow::showReviewPage(QWidget *page)
{
    if (m_reviewArea->indexOf(page) < 0)
        m_reviewArea->addWidget(page);
    m_reviewArea->setCurrentWidget(page);
    updateTaskMenu();
}

void MainWindow::updateTaskMenu()
{
    if (!m_taskMenu)
        return;
    m_taskMenu->clear();
    m_taskMenu->addAction(m_newTaskAction);
    QWidget *page = m_reviewArea ? m_reviewArea->currentWidget() : nullptr;
    if (!page || page == m_welcomePage || page == m_repositoryPage)
        return;
    // The page's actions (they act while it shows: their shortcuts are the window's).
    const QList<QAction *> pageActions = page->actions();
    if (!pageActions.isEmpty())
        m_taskMenu->addSeparator();
    for (QAction *action : pageActions)
        m_taskMenu->addAction(action);
}

void MainWindow::showKeyboardShortcuts()
{
    QList<QAction *> actions{m_newTaskAction, m_openRepositoryAction, m_settingsAction,
                             m_shortcutsAction, m_quitAction};
    for (QAction *action : m_taskMenu->actions()) {
        if (!action->isSeparator() && !actions.contains(action))
            actions << action;
    }
    QString rows;
    const auto row = [&rows](const QString &keys, const QString &what) {
        rows += QStringLiteral("<tr><td style='padding-right:16px'><b>%1</b></td><td>%2</td></tr>")
                    .arg(keys.toHtmlEscaped(), what.toHtmlEscaped());
    };
    for (QAction *action : std::as_const(actions)) {
        if (action->shortcut().isEmpty())
            continue;
        QString what = action->text();
        what.remove(QLatin1Char('&'));
        row(action->shortcut().toString(QKeySequence::NativeText), what);
    }
    QString diffRows = rows;
    rows.clear();
    row(tr("N / Shift+N"), tr("Next / previous finding, by position"));
    row(tr("Alt+↑ / Alt+↓"), tr("Previous / next change"));
    row(tr("Ctrl+↑ / Ctrl+↓"), tr("Previous / next file"));
    auto *dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("keyboardShortcutsDialog"));
    dialog->setWindowTitle(tr("Keyboard Shortcuts"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto *label = new QLabel(dialog);
    label->setObjectName(QStringLiteral("keyboardShortcutsText"));
    label->setTextFormat(Qt::RichText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setText(tr("<p>Anywhere in the window (the review keys while a task's page "
                      "shows):</p><table>%1</table><p>With the focus in the diff:</p>"
                      "<table>%2</table>")
                       .arg(diffRows, rows));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(label);
    layout->addWidget(buttons);
    dialog->setWindowModality(Qt::WindowModal);
    dialog->show();
}

void MainWindow::showRepositoryPage()
{
    m_reviewArea->setCurrentWidget(
        m_repositoryPath.isEmpty() ? static_cast<QWidget *>(m_welcomePage) : m_repositoryPage);
    updateTaskMenu();
}

QWidget *MainWindow::createRepositoryPage()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("repositoryPage"));
    m_repositoryHeadline = new QLabel(page);
    m_repositoryHeadline->setAlignment(Qt::AlignCenter);
    m_repositoryHeadline->setWordWrap(true);
    m_repositoryHeadline->setTextFormat(Qt::RichText);

    auto *newTask = new QPushButton(m_newTaskAction->icon(), tr("New Task…"), page);
    newTask->setObjectName(QStringLiteral("repositoryNewTaskButton"));
    newTask->setMinimumHeight(34);
    connect(newTask, &QPushButton::clicked, m_newTaskAction, &QAction::trigger);

    auto *layout = new QVBoxLayout(page);
    layout->addStretch(1);
    layout->addWidget(m_repositoryHeadline);
    layout->addSpacing(16);
    layout->addWidget(newTask, 0, Qt::AlignHCenter);
    layout->addStretch(2);
    return page;
}

void MainWindow::createStatusBar()
{
    m_repositoryStatus = new QLabel(tr("No repository open"), this);
    m_repositoryStatus->setObjectName(QStringLiteral("repositoryStatus"));
    m_runningStatus = new QLabel(tr("No tasks running"), this);
    m_runningStatus->setObjectName(QStringLiteral("runningStatus"));
    statusBar()->addPermanentWidget(m_runningStatus);
    statusBar()->addPermanentWidget(m_repositoryStatus);
    statusBar()->showMessage(tr("Ready"));
}

void MainWindow::chooseRepository()
{
    const QString start = m_repositoryPath.isEmpty() ? QDir::homePath() : m_repositoryPath;
    const QString path = QFileDialog::getExistingDirectory(this, tr("Open Repository"), start,
                                                           QFileDialog::ShowDirsOnly);
    if (!path.isEmpty())
        Q_EMIT openRepositoryRequested(path);
}

void MainWindow::showRepository(const QString &path, const QString &branch, const QString &commit)
{
    m_repositoryPath = path;
    const QString name = QDir(path).dirName();
    setWindowTitle(tr("%1 — AgentDesk").arg(name));
    setRepositoryHead(branch, commit);
    m_repositoryStatus->setToolTip(path);
    m_reviewArea->setCurrentWidget(m_repositoryPage);
    updateTaskMenu();
    m_newTaskAction->setEnabled(true);
    m_newTaskAction->setToolTip(tr("Dispatch a task to %1 (Ctrl+N)").arg(name));
    m_queuePanel->setEmptyHint(tr("No tasks yet.\n\nDispatch one with New Task (Ctrl+N)."));
    statusBar()->showMessage(tr("Opened %1").arg(path), 5000);
}

void MainWindow::setRepositoryHead(const QString &branch, const QString &commit)
{
    const QString name = QDir(m_repositoryPath).dirName();
    m_repositoryStatus->setText(tr("%1 · %2 at %3").arg(name, branch, commit.left(8)));
    m_repositoryHeadline->setText(
        tr("<h3>%1</h3><p>On <b>%2</b> at <code>%3</code>.</p><p>No task selected. Dispatch a "
           "task to this repository, or select one in the queue to review it.</p>")
            .arg(name.toHtmlEscaped(), branch.toHtmlEscaped(), commit.left(8)));
}

void MainWindow::showRepositoryError(const QString &path, const QString &message)
{
    statusBar()->showMessage(tr("Could not open %1").arg(path), 5000);
    QMessageBox::warning(this, tr("Cannot Open Repository"),
                         tr("<p>%1 cannot be opened.</p><p>%2</p>")
                             .arg(path.toHtmlEscaped(), message.toHtmlEscaped()));
}

void MainWindow::showAbout()
{
    AboutDialog dialog(this);
    dialog.exec();
}

void MainWindow::restoreLayout()
{
    if (!m_settings)
        return;
    restoreGeometry(m_settings->value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(m_settings->value(QStringLiteral("window/state")).toByteArray());
    m_splitter->restoreState(m_settings->value(QStringLiteral("window/splitter")).toByteArray());
}

void MainWindow::saveLayout()
{
    if (!m_settings)
        return;
    m_settings->setValue(QStringLiteral("window/geometry"), saveGeometry());
    m_settings->setValue(QStringLiteral("window/state"), saveState());
    m_settings->setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    event->accept();
}

} // namespace agentdesk::ui
