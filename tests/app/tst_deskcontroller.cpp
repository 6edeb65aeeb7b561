#include "../engine/EngineHarness.h"

#include "app/DeskController.h"
#include "store/StoreWriter.h"
#include "git/GitLibrary.h"
#include "itemmodels/TimelineModel.h"
#include "itemmodels/queue/TaskQueueModel.h"
#include "tasks/engine/EngineConfig.h"
#include "ui/CostMeterWidget.h"
#include "ui/MainWindow.h"
#include "ui/review/ReviewPage.h"
#include "ui/review/TimelinePanel.h"

#include <QPointer>
#include <QSettings>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

using namespace agentdesk;
using namespace agentdesk::test;

namespace {

// The summaries of the timeline rows the page shows, read from its widget's model.
QStringList timelineRows(ui::ReviewPage *page)
{
    QStringList rows;
    const QAbstractItemModel *model = page->timelinePanel()->model();
    for (int row = 0; row < model->rowCount(); ++row)
        rows << model->index(row, itemmodels::TimelineModel::SummaryColumn).data().toString();
    return rows;
}

bool anyContains(const QStringList &rows, const QString &text)
{
    return std::any_of(rows.cbegin(), rows.cend(),
                       [&text](const QString &row) { return row.contains(text); });
}

} // namespace

class TestDeskController : public QObject
{
    Q_OBJECT

private:
    git::GitLibrary library;

private Q_SLOTS:
    // The review page is made before any task is opened and has no parent until one is: a
    // controller that never opened a task still deletes it.
    void reviewPageGoesWithTheControllerWhenNoTaskWasOpened()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        ui::MainWindow window(&settings);
        auto config = std::make_shared<tasks::EngineConfig>();
        config->databasePath = dir.filePath(QStringLiteral("agentdesk.db"));
        QPointer<ui::ReviewPage> page;
        {
            app::DeskController controller(&window, &settings, config);
            page = controller.reviewPage();
            QVERIFY(page);
            QVERIFY(!page->parent());
        }
        QVERIFY(page.isNull());
    }

    // Once the window shows it, the window owns it (and the controller leaves it alone).
    void reviewPageShownBelongsToTheWindow()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        ui::MainWindow window(&settings);
        auto config = std::make_shared<tasks::EngineConfig>();
        config->databasePath = dir.filePath(QStringLiteral("agentdesk.db"));
        QPointer<ui::ReviewPage> page;
        {
            app::DeskController controller(&window, &settings, config);
            page = controller.reviewPage();
            window.showReviewPage(page);
            QVERIFY(page->parent());
        }
        QVERIFY(!page.isNull());
    }

    // Issue 19: the subscription windows the store last heard reach the meter when the window
    // opens — a limit (drawn first) with the local time it resumes; a reset one shows nothing.
    void usageWindowsFromTheStoreShowOnTheMeter()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        auto config = std::make_shared<tasks::EngineConfig>();
        config->databasePath = dir.filePath(QStringLiteral("agentdesk.db"));
        const QDateTime resetsAt = QDateTime::currentDateTimeUtc().addSecs(3 * 3600);
        {
            auto writer = store::StoreWriter::open(config->databasePath);
            QVERIFY(writer.ok());
            store::UsageWindowRecord warning;
            warning.agent = QStringLiteral("claude-code");
            warning.vendor = QStringLiteral("anthropic");
            warning.status = QStringLiteral("allowed_warning");
            warning.windowType = QStringLiteral("seven_day");
            warning.utilization = 0.85;
            warning.resetsAt = resetsAt.addDays(2);
            QVERIFY((*writer)->recordUsageWindow(warning).ok());
            store::UsageWindowRecord limit;
            limit.agent = QStringLiteral("codex");
            limit.vendor = QStringLiteral("openai");
            limit.status = QStringLiteral("rejected");
            limit.resetsAt = resetsAt;
            QVERIFY((*writer)->recordUsageWindow(limit).ok());
        }
        ui::MainWindow window(&settings);
        app::DeskController controller(&window, &settings, config);
        controller.start();
        ui::CostMeterWidget *meter = window.costMeter();
        const QString at = resetsAt.toLocalTime().date() == QDate::currentDate()
                               ? resetsAt.toLocalTime().toString(QStringLiteral("HH:mm"))
                               : resetsAt.toLocalTime().toString(QStringLiteral("ddd HH:mm"));
        QTRY_COMPARE(meter->usageNotice(), QStringLiteral("Codex limit · resumes %1").arg(at));
        QVERIFY(meter->accessibleDescription().endsWith(meter->usageNotice()));
        QVERIFY2(meter->toolTip().contains(QStringLiteral("Codex usage limit")),
                 qPrintable(meter->toolTip()));
    }

    // Issue 17: a running task's open page follows it. The implementer's first command waits
    // for a file the test creates in the worktree, so what it does next (a write) can only
    // happen after the page was loaded; its third call never ends, so the task is still
    // running when the test reads the page. The new rows come in without another load.
    void openPageOfARunningTaskAppendsItsTimelineLive()
    {
        TempRepository repo;
        makePythonProject(repo);
        EngineHarness h;
        int calls = 0;
        h.server.setResponder([&calls](const RecordedRequest &) {
            ++calls;
            if (calls == 1)
                return toolCall(QStringLiteral("tu_1"), QStringLiteral("run_command"),
                                {{QStringLiteral("command"),
                                  QStringLiteral("while [ ! -e go ]; do sleep 0.05; done")}},
                                1000, 50);
            if (calls == 2)
                return toolCall(QStringLiteral("tu_2"), QStringLiteral("write_file"),
                                {{QStringLiteral("path"), QStringLiteral("live.txt")},
                                 {QStringLiteral("content"), QStringLiteral("live\n")}},
                                1000, 50);
            return stalledCall();
        });
        QSettings settings(h.dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        ui::MainWindow window(&settings);
        window.show();
        app::DeskController controller(&window, &settings, h.config);
        QSignalSpy shown(&controller, &app::DeskController::reviewShown);
        QSignalSpy dispatched(controller.engine(), &tasks::Engine::dispatched);
        QSignalSpy loaded(&controller, &app::DeskController::tasksReloaded);
        controller.start();
        QVERIFY(loaded.wait(20000)); // the one full load, at start
        itemmodels::TaskQueueModel *queue = controller.queueModel();
        // Issue 17, item 3: from here every change is an upsert of one row, never a reset.
        QSignalSpy resets(queue, &QAbstractItemModel::modelReset);
        controller.engine()->dispatch(h.spec(repo));
        QVERIFY(dispatched.wait(20000));
        const tasks::TaskId id = dispatched.first().at(1).value<tasks::TaskId>();
        QVERIFY(id > 0);
        QVERIFY(queue->indexOf(id).isValid()); // upserted before dispatched() arrived
        const auto stateInQueue = [&] {
            return tasks::TaskState(
                queue->indexOf(id).data(itemmodels::TaskQueueModel::StateRole).toInt());
        };
        QVERIFY(QTest::qWaitFor(
            [&] { return stateInQueue() == tasks::TaskState::Implementing && calls >= 1; }, 30000));

        controller.openTask(id);
        ui::ReviewPage *page = controller.reviewPage();
        QVERIFY(QTest::qWaitFor([&] { return !shown.isEmpty() && page->snapshot().iteration == 1; },
                                20000));
        const qsizetype loads = shown.size();
        QVERIFY(!anyContains(timelineRows(page), QStringLiteral("write_file")));

        const QString worktree = h.reader()->loadTask(id)->task.worktreePath;
        QVERIFY(!worktree.isEmpty());
        QFile go(QDir(worktree).filePath(QStringLiteral("go")));
        QVERIFY(go.open(QIODevice::WriteOnly));
        go.close();

        QVERIFY(QTest::qWaitFor(
            [&] { return anyContains(timelineRows(page), QStringLiteral("write_file")); }, 30000));
        QCOMPARE(shown.size(), loads); // appended, not reloaded
        QCOMPARE(page->taskId(), id);
        QVERIFY(tasks::isRunningState(stateInQueue()));
        // The command's result is there too, in store order.
        const QStringList rows = timelineRows(page);
        QVERIFY2(anyContains(rows, QStringLiteral("run_command")),
                 qPrintable(rows.join(QLatin1Char('\n'))));

        QSignalSpy finished(controller.engine(), &tasks::Engine::taskFinished);
        controller.engine()->cancel(id);
        QVERIFY(finished.wait(30000));
        // The stored reason comes only with the task's summary (progress carries none).
        QVERIFY(QTest::qWaitFor(
            [&] {
                return queue->indexOf(id)
                    .data(itemmodels::TaskQueueModel::StateReasonRole)
                    .toString()
                    .contains(QStringLiteral("Cancelled"));
            },
            20000));
        QCOMPARE(stateInQueue(), tasks::TaskState::Failed);
        QCOMPARE(resets.size(), 0);
        QCOMPARE(loaded.size(), 1);
    }

    // Issue 17, item 6, in the window: the New Task dialog's commit is kept when the branch
    // moved before the dispatch, and the status bar says so.
    void dispatchOnAMovedBranchSaysItKeptTheCommitShown()
    {
        TempRepository repo;
        makePythonProject(repo);
        EngineHarness h;
        h.server.enqueue(anthropic::httpError(400, QStringLiteral("invalid_request_error"),
                                              QStringLiteral("stop here")));
        QSettings settings(h.dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        ui::MainWindow window(&settings);
        window.show();
        app::DeskController controller(&window, &settings, h.config);
        QSignalSpy opened(controller.engine(), &tasks::Engine::opened);
        controller.start();
        QVERIFY(opened.wait(20000));
        tasks::TaskSpec spec = h.spec(repo);
        spec.baseBranch = QStringLiteral("main");
        spec.baseCommit = repo.revParse(QStringLiteral("main")); // what the dialog showed
        repo.writeFile(QStringLiteral("later.txt"), "landed meanwhile\n");
        const QString tip = repo.commitAll(QStringLiteral("moved on"));

        QSignalSpy dispatched(controller.engine(), &tasks::Engine::dispatched);
        QSignalSpy finished(controller.engine(), &tasks::Engine::taskFinished);
        controller.engine()->dispatch(spec);
        QVERIFY(dispatched.wait(20000));
        const tasks::TaskId id = dispatched.first().at(1).value<tasks::TaskId>();
        QVERIFY(id > 0);
        const QString status = window.statusBar()->currentMessage();
        QVERIFY2(status.contains(QStringLiteral("the commit you saw")) &&
                     status.contains(spec.baseCommit.left(10)) && status.contains(tip.left(10)),
                 qPrintable(status));
        QVERIFY(finished.wait(30000));
        QCOMPARE(h.reader()->loadTask(id)->task.spec.baseCommit, spec.baseCommit);
    }
};

QTEST_MAIN(TestDeskController)

#include "tst_deskcontroller.moc"
