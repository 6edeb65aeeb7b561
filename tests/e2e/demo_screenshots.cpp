// demo_screenshots OUT_DIR [WIDTHxHEIGHT]: the README's screenshots, regenerated from the offline
// demo with the real window, controller and engine on the offscreen platform (scripts/screenshots
// runs it). Writes main-window.png (the queue while the demo runs), review.png (the flagged task
// with the reviewer's finding), cost-breakdown.png and new-task.png.

#include "app/DeskController.h"
#include "app/RepositoryOpener.h"
#include "core/AppPaths.h"
#include "cost/PriceTable.h"
#include "git/GitLibrary.h"
#include "itemmodels/queue/TaskQueueModel.h"
#include "tasks/engine/Engine.h"
#include "ui/CostMeterWidget.h"
#include "ui/MainWindow.h"
#include "ui/NewTaskDialog.h"
#include "ui/watch/CostBreakdownDialog.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <functional>

using namespace agentdesk;

namespace {

// Runs the event loop until `done` or the deadline; false on timeout.
bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    return true;
}

bool save(QWidget *widget, const QString &path)
{
    const bool ok = widget->grab().save(path);
    std::fprintf(stderr, "%s %s\n", ok ? "wrote" : "FAILED", qPrintable(path));
    return ok;
}

} // namespace

int main(int argc, char **argv)
{
    git::GitLibrary library;
    // Private settings and data: the screenshots never touch the user's.
    QTemporaryDir home;
    qputenv("XDG_CONFIG_HOME", home.filePath(QStringLiteral("config")).toUtf8());
    qputenv("XDG_DATA_HOME", home.filePath(QStringLiteral("data")).toUtf8());
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("agentdesk"));
    if (argc < 2) {
        std::fprintf(stderr, "usage: demo_screenshots OUT_DIR [WIDTHxHEIGHT]\n");
        return 2;
    }
    const QDir out(QString::fromLocal8Bit(argv[1]));
    QDir().mkpath(out.path());
    AppPaths::ensureCreated();

    QSettings settings(AppPaths::settingsFile(), QSettings::IniFormat);
    auto config = std::make_shared<tasks::EngineConfig>();
    config->databasePath = AppPaths::databaseFile();
    config->settings.worktreeRoot = AppPaths::worktreesDir();
    config->prices = std::make_shared<const cost::PriceTable>(*cost::PriceTable::loadBundled());
    config->providers = [](const QString &id) -> Result<agents::ProviderSettings> {
        return makeError(QStringLiteral("unknown-provider"), id);
    };
    ui::MainWindow window(&settings);
    // A smaller window to check the layout on a laptop screen (the README's are 1440×900).
    const QStringList size = QString::fromLocal8Bit(argc > 2 ? argv[2] : "1440x900").split(u'x');
    window.resize(size.value(0).toInt() > 0 ? size.value(0).toInt() : 1440,
                  size.value(1).toInt() > 0 ? size.value(1).toInt() : 900);
    window.show();
    app::DeskController controller(&window, &settings, config);
    app::RepositoryOpener opener;
    QObject::connect(&window, &ui::MainWindow::openRepositoryRequested, &opener,
                     &app::RepositoryOpener::open);
    QObject::connect(&opener, &app::RepositoryOpener::opened, &window,
                     [&](const app::RepositorySummary &summary) {
                         window.showRepository(summary.path, summary.branch, summary.commit);
                     });
    controller.setDemoPace(15);
    controller.start();

    QList<tasks::TaskId> ids;
    QObject::connect(&controller, &app::DeskController::demoStarted,
                     [&](const QList<tasks::TaskId> &started) { ids = started; });
    controller.startDemo();
    if (!waitFor([&] { return !ids.isEmpty(); }, 60000))
        return 1;
    // The queue while the agents stream: both running, cost moving.
    itemmodels::TaskQueueModel *queue = controller.queueModel();
    auto state = [&](tasks::TaskId id) {
        return tasks::TaskState(
            queue->indexOf(id).data(itemmodels::TaskQueueModel::StateRole).toInt());
    };
    waitFor([&] { return state(ids.first()) == tasks::TaskState::Implementing; }, 30000);
    waitFor([] { return false; }, 1500);
    bool ok = save(&window, out.filePath(QStringLiteral("main-window.png")));

    if (!waitFor(
            [&] {
                for (tasks::TaskId id : ids)
                    if (state(id) != tasks::TaskState::ReadyForReview)
                        return false;
                return true;
            },
            120000))
        return 1;
    bool shown = false;
    QObject::connect(&controller, &app::DeskController::reviewShown, [&] { shown = true; });
    controller.openTask(ids.first());
    waitFor([&] { return shown; }, 30000);
    waitFor([] { return false; }, 500);
    ok = save(&window, out.filePath(QStringLiteral("review.png"))) && ok;

    Q_EMIT window.costMeter()->activated();
    waitFor([&] { return !window.findChildren<watchui::CostBreakdownDialog *>().isEmpty(); },
            10000);
    for (auto *dialog : window.findChildren<watchui::CostBreakdownDialog *>()) {
        waitFor([] { return false; }, 300);
        ok = save(dialog, out.filePath(QStringLiteral("cost-breakdown.png"))) && ok;
        dialog->close();
    }
    waitFor([&] { return window.newTaskAction()->isEnabled(); }, 10000);
    window.newTaskAction()->trigger();
    waitFor([&] { return !window.findChildren<ui::NewTaskDialog *>().isEmpty(); }, 10000);
    for (auto *dialog : window.findChildren<ui::NewTaskDialog *>()) {
        dialog->applyTemplate(QStringLiteral("unit-tests"));
        waitFor([] { return false; }, 300);
        ok = save(dialog, out.filePath(QStringLiteral("new-task.png"))) && ok;
        dialog->close();
    }
    return ok ? 0 : 1;
}
