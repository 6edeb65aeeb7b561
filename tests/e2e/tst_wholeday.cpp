// Issue 10, the whole day, through the real application: the main window and its controller
// (offscreen), the real engine, real repositories, and the scripted provider answering each
// task by its title (the tasks run in parallel, so their requests arrive in no fixed order).
//
//   1. Three tasks dispatched at once on one repository, concurrency 2: a division function
//      (the reviewer catches a missing null check), a README update, a dependency bump that
//      also touches calc.py (it will conflict with the first).
//   2. While they run: the queue shows them running with live cost, the third waits in the
//      queue, the bump reaches its budget and pauses, is given more, and continues.
//   3. They finish: notifications, three-part reports, validations of the exact commits, the
//      null-check flag on its lines, the Merge action blocked by it.
//   4. One revision request on the flagged task: the new iteration fixes it, the flag is
//      carried forward as resolved, "changes since the last iteration" holds only the fix.
//   5. The radar showed the conflict; merge the first; the README task is stale, merging it
//      validates again on the new base and lands; the third conflicts and is sent back with a
//      revision request, then rejected (archived).
//   7. The base's history, the archive refs, the ledger against the scripted usages, the
//      meter, and the reviewer's catches by category check out.
// (6, the application killed mid-run, is tst_headlessdispatch: a real SIGKILL of the binary.)

#include "../engine/EngineHarness.h"

#include "app/DeskController.h"
#include "app/ReviewLoader.h"
#include "git/GitLibrary.h"
#include "itemmodels/queue/Calibration.h"
#include "itemmodels/queue/TaskQueueModel.h"
#include "store/StoreReader.h"
#include "tasks/engine/Engine.h"
#include "ui/CostMeterWidget.h"
#include "ui/MainWindow.h"
#include "ui/QueuePanel.h"
#include "ui/review/ReviewPage.h"

#include <QAction>
#include <QApplication>
#include <QSettings>
#include <QTreeView>
#include <QtTest>

using namespace agentdesk;
using namespace agentdesk::test;
using tasks::TaskState;

namespace {

const QString kDiv = QStringLiteral("Add div to calc");
const QString kReadme = QStringLiteral("Update README usage");
const QString kBump = QStringLiteral("Bump requests and add mul");

const QByteArray kCalcFixed = "def add(a, b):\n"
                              "    return a + b\n"
                              "\n"
                              "\n"
                              "def div(a, b):\n"
                              "    if b == 0:\n"
                              "        raise ZeroDivisionError(\"b is zero\")\n"
                              "    return a / b\n";
const QByteArray kCalcMul =
    "def add(a, b):\n    return a + b\n\n\ndef mul(a, b):\n    return a * b\n";

const QJsonObject kClean{{QStringLiteral("findings"), QJsonArray()},
                         {QStringLiteral("verdict"), QStringLiteral("correct")},
                         {QStringLiteral("explanation"), QStringLiteral("Looks right.")},
                         {QStringLiteral("confidence"), 0.9},
                         {QStringLiteral("decisions_to_review"), QJsonArray()}};

// Scripted answers per task title, and the usage they bill, to check the ledger against.
struct Scripts
{
    QHash<QString, QList<ScriptedResponse>> byTitle;
    qint64 expectedNanos = 0;

    void add(const QString &title, const QString &tool, const QJsonObject &input, qint64 in,
             qint64 out, bool reviewer = false)
    {
        byTitle[title].append(
            toolCall(QStringLiteral("tu_%1").arg(byTitle[title].size() + 1), tool, input, in, out));
        expectedNanos += reviewer ? in * haikuIn + out * haikuOut : in * sonnetIn + out * sonnetOut;
    }
    void write(const QString &title, const QString &path, const QByteArray &content,
               qint64 in = 1000, qint64 out = 120)
    {
        add(title, QStringLiteral("write_file"),
            {{QStringLiteral("path"), path},
             {QStringLiteral("content"), QString::fromUtf8(content)}},
            in, out);
    }
    void finish(const QString &title, const QString &summary)
    {
        add(title, QStringLiteral("finish"), finishInput(summary), 1300, 60);
    }
    void review(const QString &title, const QJsonObject &input)
    {
        add(title, QStringLiteral("submit_review"), input, 2500, 200, true);
    }
    ScriptedResponse answer(const RecordedRequest &request)
    {
        for (auto it = byTitle.begin(); it != byTitle.end(); ++it) {
            if (request.body.contains(it.key().toUtf8()) && !it->isEmpty())
                return it->takeFirst();
        }
        return ScriptedResponse::body(500, "application/json",
                                      R"({"error":{"message":"nothing scripted for this task"}})");
    }
};

QByteArray trailer(tasks::TaskId id)
{
    return QByteArray("AgentDesk-Task: ") + QByteArray::number(id);
}

} // namespace

class TestWholeDay : public QObject
{
    Q_OBJECT

private:
    git::GitLibrary library;

private Q_SLOTS:
    void theWholeDay()
    {
        TempRepository repo;
        repo.writeFile(QStringLiteral(".gitignore"), "__pycache__/\n");
        repo.writeFile(QStringLiteral("README.md"), "# calc\n\nA tiny calculator.\n");
        repo.writeFile(QStringLiteral("requirements.txt"), "requests==2.31.0\n");
        // Its pinned requests is not something this machine can install (no package registry):
        // the project's recipe says there is nothing to set up, as a user's would.
        repo.writeFile(QStringLiteral(".agentdesk/environment.toml"), "setup = []\n");
        makePythonProject(repo);

        EngineHarness h;
        h.config->settings.concurrency = 2;
        Scripts scripts;
        h.server.setResponder(
            [&scripts](const RecordedRequest &request) { return scripts.answer(request); });

        // The div task: code that returns None on b == 0, a test, and the reviewer's catch.
        scripts.write(kDiv, QStringLiteral("calc.py"), kCalcWithDiv);
        scripts.write(kDiv, QStringLiteral("test_calc.py"), kTestWithDiv);
        scripts.finish(kDiv, QStringLiteral("Added div with a test."));
        scripts.review(kDiv, reviewInput());
        // The README task.
        scripts.write(kReadme, QStringLiteral("README.md"),
                      "# calc\n\nA tiny calculator.\n\n## Usage\n\n    from calc import add\n");
        scripts.finish(kReadme, QStringLiteral("Documented usage."));
        scripts.review(kReadme, kClean);
        // The bump: its first call is large, so the second no longer fits its small budget.
        scripts.write(kBump, QStringLiteral("requirements.txt"), "requests==2.32.3\n", 8000, 1500);

        QSettings settings(h.dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        ui::MainWindow window(&settings);
        window.show();
        app::DeskController controller(&window, &settings, h.config);
        QSignalSpy notified(controller.engine(), &tasks::Engine::taskFinished);
        controller.start();
        tasks::Engine *engine = controller.engine();

        // 1. Dispatch three at once.
        QSignalSpy dispatched(engine, &tasks::Engine::dispatched);
        auto spec = [&](const QString &title, Money budget) {
            tasks::TaskSpec s = h.spec(repo);
            s.title = title;
            s.prompt = title + QStringLiteral(" in calc.py / README.md / requirements.txt.");
            s.budget = budget;
            return s;
        };
        engine->dispatch(spec(kDiv, Money::fromCents(100)));
        engine->dispatch(spec(kReadme, Money::fromCents(100)));
        engine->dispatch(spec(kBump, Money::fromCents(6)));
        QVERIFY(QTest::qWaitFor([&] { return dispatched.size() == 3; }, 20000));
        QHash<QString, tasks::TaskId> ids;
        for (const QList<QVariant> &args : dispatched)
            QVERIFY2(args.at(1).value<tasks::TaskId>() > 0, qPrintable(args.at(3).toString()));
        ids[kDiv] = dispatched.at(0).at(1).value<tasks::TaskId>();
        ids[kReadme] = dispatched.at(1).at(1).value<tasks::TaskId>();
        ids[kBump] = dispatched.at(2).at(1).value<tasks::TaskId>();

        // 2. The queue shows the running ones with live cost; the third waits its turn.
        itemmodels::TaskQueueModel *queue = controller.queueModel();
        auto role = [&](tasks::TaskId id, int r) {
            const QModelIndex index = queue->indexOf(id);
            return index.isValid() ? index.data(r) : QVariant();
        };
        bool sawQueuedThird = false;
        bool sawLiveCost = false;
        QVERIFY(QTest::qWaitFor(
            [&] {
                sawQueuedThird = sawQueuedThird ||
                                 role(ids[kBump], itemmodels::TaskQueueModel::StateRole).toInt() ==
                                     int(TaskState::Queued);
                for (const QString &title : {kDiv, kReadme}) {
                    const int state =
                        role(ids[title], itemmodels::TaskQueueModel::StateRole).toInt();
                    if (tasks::isRunningState(TaskState(state)) &&
                        role(ids[title], itemmodels::TaskQueueModel::SpentRole).toLongLong() > 0)
                        sawLiveCost = true;
                }
                return notified.size() >= 2;
            },
            60000));
        QVERIFY(sawQueuedThird);
        QVERIFY(sawLiveCost);

        // The bump pauses at its budget; "+$1 and continue".
        QVERIFY(QTest::qWaitFor(
            [&] { return h.reader()->taskState(ids[kBump])->value() == TaskState::Paused; },
            60000));
        QVERIFY(
            h.reader()->loadTask(ids[kBump])->task.stateReason.contains(QStringLiteral("Budget")));
        scripts.write(kBump, QStringLiteral("calc.py"), kCalcMul);
        scripts.add(kBump, QStringLiteral("run_command"),
                    {{QStringLiteral("command"),
                      QStringLiteral("/usr/bin/python3 -m pytest -q -p no:cacheprovider")}},
                    1400, 40);
        scripts.finish(kBump, QStringLiteral("Bumped requests; added mul."));
        scripts.review(kBump, kClean);
        engine->addBudget(ids[kBump], Money::fromCents(100));
        QVERIFY(QTest::qWaitFor(
            [&] {
                for (const tasks::TaskId id : ids)
                    if (h.reader()->taskState(id)->value() != TaskState::ReadyForReview)
                        return false;
                return true;
            },
            90000));

        // 3. Reports, validations of the exact commits, the flag on its lines.
        auto reader = h.reader();
        for (const tasks::TaskId id : ids) {
            auto detail = reader->loadTask(id);
            const QString report = detail->iterations.last().reportMarkdown;
            QVERIFY(report.contains(QStringLiteral("## What changed")));
            QVERIFY(report.contains(QStringLiteral("## Which tests passed")));
            QVERIFY(report.contains(QStringLiteral("## Decisions to review")));
            QCOMPARE(reader->validations(id)->last().commit, repo.revParse(detail->task.branch));
        }
        QVERIFY(reader->loadTask(ids[kBump])
                    ->iterations.last()
                    .reportMarkdown.contains(QStringLiteral("requirements.txt")));
        auto flags = reader->findings(ids[kDiv]);
        QCOMPARE(flags->size(), 1);
        QCOMPARE(flags->first().category, QStringLiteral("null-check"));
        QVERIFY(flags->first().anchored);

        // The queue's card in the window carries the flag the engine counted (the view's own
        // model, as the card's delegate paints it); the clean tasks show none.
        const QAbstractItemModel *cards = window.queuePanel()->view()->model();
        QCOMPARE(cards, static_cast<const QAbstractItemModel *>(queue));
        const auto flagsOf = [&](tasks::TaskId id) {
            return queue->indexOf(id, itemmodels::TaskQueueModel::FlagsColumn).data().toString();
        };
        QVERIFY(QTest::qWaitFor(
            [&] { return flagsOf(ids[kDiv]) == QStringLiteral("1 flag · 1 blocking"); }, 20000));
        QCOMPARE(flagsOf(ids[kReadme]), QString());
        QCOMPARE(role(ids[kBump], itemmodels::TaskQueueModel::OpenFindingsRole).toInt(), 0);

        // The review page: the flag is listed, Merge is blocked by it.
        QSignalSpy shown(&controller, &app::DeskController::reviewShown);
        controller.openTask(ids[kDiv]);
        QVERIFY(shown.wait(20000));
        ui::ReviewPage *page = controller.reviewPage();
        QCOMPARE(int(page->findings().size()), 1);
        QVERIFY(!page->mergeAction()->isEnabled());

        // 4. One specific revision request; the fix; the flag carried forward as resolved.
        scripts.write(kDiv, QStringLiteral("calc.py"), kCalcFixed);
        scripts.finish(kDiv, QStringLiteral("div raises ZeroDivisionError."));
        scripts.review(kDiv, kClean);
        Q_EMIT page->revisionRequested(
            ids[kDiv],
            QStringLiteral("calc.py:6 — raise ZeroDivisionError instead of returning None."),
            flags->first().id);
        QVERIFY(QTest::qWaitFor(
            [&] {
                auto detail = h.reader()->loadTask(ids[kDiv]);
                return detail->task.state == TaskState::ReadyForReview &&
                       detail->iterations.size() == 2;
            },
            60000));
        // The fix resolved it: the card's flag goes.
        QVERIFY(QTest::qWaitFor([&] { return flagsOf(ids[kDiv]).isEmpty(); }, 20000));
        auto previous = h.reader()->findings(ids[kDiv], 1);
        QCOMPARE(previous->first().status, store::FindingStatus::Resolved);
        auto snapshot = app::loadReviewSnapshot(h.config->databasePath, ids[kDiv]);
        QVERIFY(snapshot.ok());
        QCOMPARE(snapshot->iteration, 2);
        QVERIFY(snapshot->sinceLastIteration);
        QCOMPARE(snapshot->sinceLastIteration->fileCount(), 1);
        QCOMPARE(snapshot->sinceLastIteration->file(0).newPath, QStringLiteral("calc.py"));
        QVERIFY(snapshot->gate.allowed());

        // 5. The radar saw the div/bump conflict before any merge.
        QSignalSpy radarReady(engine, &tasks::Engine::radarReady);
        engine->requestRadar(repo.path(), QStringLiteral("main"));
        QVERIFY(radarReady.wait(20000));
        const auto radar = radarReady.first().at(0).value<tasks::RadarReport>();
        QCOMPARE(radar.pairs.size(), 1);
        QCOMPARE(QSet<tasks::TaskId>({radar.pairs.first().first, radar.pairs.first().second}),
                 QSet<tasks::TaskId>({ids[kDiv], ids[kBump]}));

        // The queue shows the same: the two conflicting tasks carry the conflict badge.
        QVERIFY(QTest::qWaitFor(
            [&] {
                return role(ids[kDiv], itemmodels::TaskQueueModel::ConflictsRole).toBool() &&
                       role(ids[kBump], itemmodels::TaskQueueModel::ConflictsRole).toBool();
            },
            20000));
        QVERIFY(!role(ids[kReadme], itemmodels::TaskQueueModel::ConflictsRole).toBool());

        // Merge the div task from its review page.
        notified.clear();
        controller.openTask(ids[kDiv]);
        QVERIFY(shown.wait(20000));
        QVERIFY(page->mergeAction()->isEnabled());
        page->mergeAction()->trigger();
        QVERIFY(QTest::qWaitFor(
            [&] { return h.reader()->taskState(ids[kDiv])->value() == TaskState::Merged; }, 60000));
        QCOMPARE(repo.git({QStringLiteral("show"), QStringLiteral("main:calc.py")}).out,
                 kCalcFixed);

        // The README task is stale now (the queue says how far behind); merging validates
        // again on the new base and lands.
        QVERIFY(QTest::qWaitFor(
            [&] { return role(ids[kReadme], itemmodels::TaskQueueModel::BehindRole).toInt() == 1; },
            20000));
        const int validations = h.reader()->validations(ids[kReadme])->size();
        engine->merge(ids[kReadme]);
        QVERIFY(QTest::qWaitFor(
            [&] { return h.reader()->taskState(ids[kReadme])->value() == TaskState::Merged; },
            60000));
        QCOMPARE(h.reader()->validations(ids[kReadme])->size(), validations + 1);
        QVERIFY(repo.git({QStringLiteral("show"), QStringLiteral("main:README.md")})
                    .out.contains("## Usage"));

        // The bump conflicts: refused with the path, sent back with one request, then rejected.
        QSignalSpy operations(engine, &tasks::Engine::operationFinished);
        engine->merge(ids[kBump]);
        QVERIFY(operations.wait(20000));
        QVERIFY(!operations.first().at(2).toBool());
        QVERIFY(operations.first().at(3).toString().contains(QStringLiteral("calc.py")));
        scripts.write(kBump, QStringLiteral("calc.py"), kCalcMul);
        scripts.finish(kBump, QStringLiteral("Kept mul."));
        scripts.review(kBump, kClean);
        engine->revise(ids[kBump],
                       QStringLiteral("calc.py conflicts with main: keep div and add mul."));
        QVERIFY(QTest::qWaitFor(
            [&] {
                auto detail = h.reader()->loadTask(ids[kBump]);
                return detail->task.state == TaskState::ReadyForReview &&
                       detail->iterations.size() == 2;
            },
            60000));
        engine->reject(ids[kBump]);
        QVERIFY(QTest::qWaitFor(
            [&] { return h.reader()->taskState(ids[kBump])->value() == TaskState::Rejected; },
            20000));

        // 7. The base: two squash commits, each naming its task; nothing else moved it.
        const QByteArray log = repo.git({QStringLiteral("log"), QStringLiteral("--format=%s%n%b"),
                                         QStringLiteral("main")})
                                   .out;
        QVERIFY(log.contains(trailer(ids[kDiv])));
        QVERIFY(log.contains(trailer(ids[kReadme])));
        QVERIFY(!log.contains(trailer(ids[kBump])));
        // The rejected work is archived where restore finds it.
        const QByteArray refs =
            repo.git({QStringLiteral("for-each-ref"), QStringLiteral("refs/agentdesk/archive/")})
                .out;
        QVERIFY2(refs.contains(QByteArray(QByteArray("refs/agentdesk/archive/") +
                                          QByteArray::number(ids[kBump]) + "/")),
                 refs.constData());
        // The ledger is exactly the scripted usages; the meter shows the same.
        qint64 total = 0;
        for (const tasks::TaskId id : ids)
            for (const store::LedgerEntry &entry : h.reader()->ledger(id).valueOr({}))
                total += entry.cost.nanodollars();
        QCOMPARE(total, scripts.expectedNanos);
        QVERIFY(
            QTest::qWaitFor([&] { return controller.spentToday().nanodollars() == total; }, 5000));
        // The reviewer's catches by category.
        QHash<QString, int> catches;
        for (const tasks::TaskId id : ids)
            for (const store::FindingRecord &f : h.reader()->findings(id).valueOr({}))
                ++catches[f.category];
        QCOMPARE(catches, (QHash<QString, int>{{QStringLiteral("null-check"), 1}}));
        // The calibration view's figures for the reviewer model.
        QHash<tasks::TaskId, QList<store::FindingRecord>> findingsByTask;
        for (const tasks::TaskId id : ids)
            findingsByTask.insert(id, h.reader()->findings(id).valueOr({}));
        const QList<itemmodels::CalibrationRow> calibration =
            itemmodels::computeCalibration(h.reader()->listTasks().valueOr({}), findingsByTask);
        QCOMPARE(calibration.size(), 1);
        const itemmodels::CalibrationRow &haiku = calibration.first();
        QCOMPARE(haiku.reviewer, QStringLiteral("anthropic:claude-haiku-4-5"));
        QCOMPARE(haiku.tasksReviewed, 3);
        QCOMPARE(haiku.findings, 1);
        QCOMPARE(haiku.byPriority[1], 1);
        QCOMPARE(haiku.byCategory.value(QStringLiteral("null-check")), 1);
        QCOMPARE(haiku.mergedAsIs, 1);          // the README update
        QCOMPARE(haiku.mergedAfterRevision, 1); // the div task
        QCOMPARE(haiku.revised, 2);             // div, and the bump sent back
        QCOMPARE(haiku.rejected, 1);
    }
};

QTEST_MAIN(TestWholeDay)
#include "tst_wholeday.moc"
