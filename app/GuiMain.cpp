#include "app/GuiMain.h"

#include "app/DeskController.h"
#include "app/EngineFactory.h"
#include "app/RepositoryOpener.h"
#include "core/AppPaths.h"
#include "ui/MainWindow.h"

#include <QApplication>
#include <QIcon>
#include <QSettings>
#include <QStatusBar>
#include <QThreadPool>

#include <utility>

namespace agentdesk::app {

int runGui(int &argc, char **argv)
{
    QApplication application(argc, argv);
    QApplication::setApplicationName(QStringLiteral("agentdesk"));
    QApplication::setApplicationDisplayName(QStringLiteral("AgentDesk"));
    QGuiApplication::setDesktopFileName(QStringLiteral("agentdesk"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/agentdesk/icons/agentdesk.svg")));

    AppPaths::ensureCreated();
    QSettings settings(AppPaths::settingsFile(), QSettings::IniFormat);

    ui::MainWindow window(&settings);
    // Keys from the desktop's secret store reach the engine through this cache, which the
    // controller fills as QtKeychain answers.
    auto keys = std::make_shared<tasks::KeyCache>();
    auto config = engineConfigFromSettings(QProcessEnvironment::systemEnvironment(), keys);
    if (!config) {
        // Without an engine the window still opens; it says why nothing can run.
        window.statusBar()->showMessage(
            ui::MainWindow::tr("AgentDesk cannot run tasks: %1").arg(config.errorMessage()));
    }
    std::unique_ptr<DeskController> controller;
    if (config) {
        controller = std::make_unique<DeskController>(&window, &settings, *config);
        controller->setKeyCache(keys);
        controller->start();
    }
    RepositoryOpener opener;
    const QString recentKey = QStringLiteral("repositories/recent");
    QObject::connect(&window, &ui::MainWindow::openRepositoryRequested, &opener,
                     &RepositoryOpener::open);
    // After a merge the repository is read again for the status bar only: the user stays on
    // the merged task's page.
    bool refreshingHead = false;
    if (controller)
        QObject::connect(controller.get(), &DeskController::taskMerged, &window, [&] {
            if (window.repositoryPath().isEmpty())
                return;
            refreshingHead = true;
            opener.open(window.repositoryPath());
        });
    QObject::connect(
        &opener, &RepositoryOpener::opened, &window, [&](const RepositorySummary &summary) {
            if (std::exchange(refreshingHead, false) && summary.path == window.repositoryPath()) {
                window.setRepositoryHead(summary.branch, summary.commit);
                return;
            }
            window.showRepository(summary.path, summary.branch, summary.commit);
            QStringList recent = settings.value(recentKey).toStringList();
            recent.removeAll(summary.path);
            recent.prepend(summary.path);
            settings.setValue(recentKey, recent.mid(0, 10));
        });
    // Come back to where the user left off: the last repository opened, if it still opens. A
    // repository that has gone away since is not worth a dialog at start-up.
    bool reopeningLast = false;
    QObject::connect(&opener, &RepositoryOpener::failed, &window,
                     [&](const QString &path, const QString &message) {
                         if (std::exchange(refreshingHead, false))
                             return; // the status bar keeps the last head it read
                         if (reopeningLast)
                             window.statusBar()->showMessage(
                                 ui::MainWindow::tr("Could not reopen %1: %2").arg(path, message));
                         else
                             window.showRepositoryError(path, message);
                         reopeningLast = false;
                     });
    QObject::connect(&window, &ui::MainWindow::openRepositoryRequested, &window,
                     [&] { reopeningLast = false; });
    window.show();

    // `agentdesk --demo` (for launchers and screenshots) does what Try the Demo does; the demo
    // opens its own repository, so the last one is not reopened first.
    const bool demo = QApplication::arguments().contains(QStringLiteral("--demo"));
    if (demo)
        Q_EMIT window.demoRequested();
    const QStringList recent = settings.value(recentKey).toStringList();
    if (!demo && !recent.isEmpty()) {
        reopeningLast = true;
        opener.open(recent.first());
    }
    const int status = application.exec();
    // The engine drains its workers (running tasks are left Interrupted, resumable).
    controller.reset();
    // Jobs still running on the pool (a repository being opened) touch libgit2: let them end
    // before main() shuts libgit2 down.
    QThreadPool::globalInstance()->waitForDone();
    return status;
}

} // namespace agentdesk::app
