#include "itemmodels/queue/TaskQueueModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using namespace agentdesk;
using itemmodels::TaskQueueModel;
using tasks::TaskState;
using Group = TaskQueueModel::Group;

namespace {

const QDateTime t0 = QDateTime(QDate(2026, 8, 20), QTime(9, 0), Qt::UTC);

store::TaskSummary summary(tasks::TaskId id, TaskState state, int minutesAfterT0,
                           const QString &title = QString())
{
    store::TaskSummary s;
    s.task.id = id;
    s.task.spec = tasks::TaskSpec::withDefaults(tasks::RiskLevel::Low);
    s.task.spec.title = title.isEmpty() ? QStringLiteral("Task %1").arg(id) : title;
    s.task.state = state;
    s.task.branch = QStringLiteral("agentdesk/%1-task").arg(id);
    s.task.worktreePath = QStringLiteral("/data/worktrees/%1").arg(id);
    s.task.createdAt = t0.addSecs(60 * minutesAfterT0);
    s.task.updatedAt = s.task.createdAt.addSecs(600);
    s.latestIteration = state == TaskState::Queued ? 0 : 1;
    if (state != TaskState::Queued)
        s.latestIterationStartedAt = s.task.createdAt.addSecs(30);
    s.totalCost = Money::fromCents(10 * id);
    return s;
}

tasks::TaskProgress progress(const store::TaskSummary &s, TaskState state, Money spent)
{
    tasks::TaskProgress p;
    p.taskId = s.task.id;
    p.iteration = qMax(1, s.latestIteration);
    p.state = state;
    p.spent = spent;
    p.budget = s.task.spec.budget;
    p.startedAt = s.latestIterationStartedAt;
    p.at = s.task.updatedAt;
    return p;
}

QList<tasks::TaskId> idsIn(const TaskQueueModel &model, Group group)
{
    QList<tasks::TaskId> ids;
    const QModelIndex parent = model.groupIndex(group);
    for (int row = 0; row < model.rowCount(parent); ++row)
        ids.append(model.taskId(model.index(row, 0, parent)));
    return ids;
}

// A queue with a task in every state.
QList<store::TaskSummary> everyState()
{
    QList<store::TaskSummary> tasks;
    tasks::TaskId id = 1;
    for (const TaskState state : tasks::allTaskStates()) {
        tasks.append(summary(id, state, int(id) * 5));
        ++id;
    }
    return tasks;
}

} // namespace

class TestTaskQueueModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void groupsByWhatTheTaskNeeds_data()
    {
        QTest::addColumn<int>("state");
        QTest::addColumn<int>("group");
        QTest::newRow("ready") << int(TaskState::ReadyForReview) << int(Group::NeedsReview);
        QTest::newRow("needs-input") << int(TaskState::NeedsInput) << int(Group::NeedsInput);
        for (const TaskState s :
             {TaskState::Preparing, TaskState::Implementing, TaskState::Validating,
              TaskState::Reviewing, TaskState::Merging, TaskState::Revising})
            QTest::newRow(qPrintable(tasks::taskStateStorageName(s)))
                << int(s) << int(Group::Running);
        QTest::newRow("queued") << int(TaskState::Queued) << int(Group::Queued);
        for (const TaskState s : {TaskState::Paused, TaskState::Failed, TaskState::Interrupted})
            QTest::newRow(qPrintable(tasks::taskStateStorageName(s)))
                << int(s) << int(Group::PausedOrFailed);
        QTest::newRow("merged") << int(TaskState::Merged) << int(Group::Done);
        QTest::newRow("rejected") << int(TaskState::Rejected) << int(Group::Done);
    }

    void groupsByWhatTheTaskNeeds()
    {
        QFETCH(int, state);
        QFETCH(int, group);
        TaskQueueModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTasks({summary(7, TaskState(state), 0)});
        QCOMPARE(model.rowCount(), TaskQueueModel::groupCount);
        QCOMPARE(idsIn(model, Group(group)), QList<tasks::TaskId>{7});
        const QModelIndex index = model.indexOf(7);
        QCOMPARE(index.parent(), model.groupIndex(Group(group)));
        QCOMPARE(index.data(TaskQueueModel::GroupRole).toInt(), group);
        QCOMPARE(model.taskId(index), tasks::TaskId(7));
    }

    void everyGroupIsAlwaysPresentAndEmptyOnesAreDisabled()
    {
        TaskQueueModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 6);
        model.setTasks({summary(1, TaskState::Implementing, 0)});
        QCOMPARE(model.rowCount(), 6);
        const QStringList titles{
            model.groupIndex(Group::NeedsInput).data().toString(),
            model.groupIndex(Group::NeedsReview).data().toString(),
            model.groupIndex(Group::Running).data().toString(),
            model.groupIndex(Group::Queued).data().toString(),
            model.groupIndex(Group::PausedOrFailed).data().toString(),
            model.groupIndex(Group::Done).data().toString(),
        };
        QCOMPARE(titles, (QStringList{
                             QStringLiteral("Needs input · 0"),
                             QStringLiteral("Needs review · 0"),
                             QStringLiteral("Running · 1"),
                             QStringLiteral("Queued · 0"),
                             QStringLiteral("Paused or failed · 0"),
                             QStringLiteral("Done · 0"),
                         }));
        QVERIFY(!(model.flags(model.groupIndex(Group::NeedsReview)) & Qt::ItemIsEnabled));
        QVERIFY(model.flags(model.groupIndex(Group::Running)) & Qt::ItemIsEnabled);
        QVERIFY(!(model.flags(model.groupIndex(Group::Running)) & Qt::ItemIsSelectable));
        QVERIFY(model.flags(model.indexOf(1)) & Qt::ItemIsSelectable);
        QVERIFY(model.groupIndex(Group::Running).data(TaskQueueModel::IsGroupRole).toBool());
        QCOMPARE(model.groupIndex(Group::Running).data(TaskQueueModel::GroupTaskCountRole).toInt(),
                 1);
    }

    void newestFirstWithinAGroup()
    {
        TaskQueueModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        // Same creation time for 4 and 5: the larger id (the later dispatch) comes first.
        model.setTasks({summary(1, TaskState::Queued, 10), summary(2, TaskState::Queued, 30),
                        summary(3, TaskState::Queued, 20), summary(4, TaskState::Queued, 40),
                        summary(5, TaskState::Queued, 40)});
        QCOMPARE(idsIn(model, Group::Queued), (QList<tasks::TaskId>{5, 4, 2, 3, 1}));
        // A reload in another order gives the same order.
        model.setTasks({summary(3, TaskState::Queued, 20), summary(5, TaskState::Queued, 40),
                        summary(1, TaskState::Queued, 10), summary(4, TaskState::Queued, 40),
                        summary(2, TaskState::Queued, 30)});
        QCOMPARE(idsIn(model, Group::Queued), (QList<tasks::TaskId>{5, 4, 2, 3, 1}));
    }

    void stateChangeMovesTheRowBetweenGroups()
    {
        TaskQueueModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const store::TaskSummary a = summary(1, TaskState::Reviewing, 0);
        const store::TaskSummary b = summary(2, TaskState::ReadyForReview, 10);
        const store::TaskSummary c = summary(3, TaskState::ReadyForReview, -10);
        model.setTasks({a, b, c});
        QCOMPARE(idsIn(model, Group::NeedsReview), (QList<tasks::TaskId>{2, 3}));

        const QPersistentModelIndex persistent = model.indexOf(1, TaskQueueModel::CostColumn);
        QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy counts(&model, &TaskQueueModel::countsChanged);

        model.applyProgress({progress(a, TaskState::ReadyForReview, Money::fromCents(10))});

        QCOMPARE(moved.count(), 1);
        QCOMPARE(removed.count(), 0);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(counts.count(), 1);
        const QList<QVariant> args = moved.first();
        QCOMPARE(args.at(0).value<QModelIndex>(), model.groupIndex(Group::Running));
        QCOMPARE(args.at(1).toInt(), 0);
        QCOMPARE(args.at(3).value<QModelIndex>(), model.groupIndex(Group::NeedsReview));
        QCOMPARE(args.at(4).toInt(), 1); // between task 2 (newer) and task 3 (older)
        QCOMPARE(idsIn(model, Group::NeedsReview), (QList<tasks::TaskId>{2, 1, 3}));
        QCOMPARE(idsIn(model, Group::Running), QList<tasks::TaskId>{});
        // A selection (a persistent index) follows the task.
        QCOMPARE(QModelIndex(persistent), model.indexOf(1, TaskQueueModel::CostColumn));
        QCOMPARE(model.indexOf(1, TaskQueueModel::StateColumn).data().toString(),
                 QStringLiteral("Ready for review"));
        QCOMPARE(model.groupIndex(Group::NeedsReview).data().toString(),
                 QStringLiteral("Needs review · 3"));
        QCOMPARE(model.attentionCount(), 3);

        // Revising: back to Running, and a second move.
        model.applyProgress({progress(a, TaskState::Revising, Money::fromCents(10))});
        QCOMPARE(moved.count(), 2);
        QCOMPARE(idsIn(model, Group::Running), QList<tasks::TaskId>{1});
    }

    void costUpdateChangesOnlyTheCostCell()
    {
        TaskQueueModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const store::TaskSummary a = summary(1, TaskState::Implementing, 0);
        const store::TaskSummary b = summary(2, TaskState::Implementing, 5);
        model.setTasks({a, b});
        QCOMPARE(model.indexOf(1, TaskQueueModel::CostColumn).data().toString(),
                 QStringLiteral("$0.10 / $1.00"));

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
        model.applyProgress({progress(a, TaskState::Implementing,
                                      Money::parseDollars(QStringLiteral("0.4213")).value())});
        QCOMPARE(moved.count(), 0);
        QCOMPARE(changed.count(), 1);
        const QModelIndex topLeft = changed.first().at(0).value<QModelIndex>();
        const QModelIndex bottomRight = changed.first().at(1).value<QModelIndex>();
        QCOMPARE(topLeft, model.indexOf(1, TaskQueueModel::CostColumn));
        QCOMPARE(bottomRight, model.indexOf(1, TaskQueueModel::CostColumn));
        QCOMPARE(topLeft.data().toString(), QStringLiteral("$0.42 / $1.00"));
        QCOMPARE(topLeft.data(TaskQueueModel::SpentRole).toLongLong(), 421'300'000LL);
        QVERIFY(topLeft.data(Qt::ToolTipRole).toString().contains(QStringLiteral("(42 %)")));

        // The same values again: nothing changed, nothing emitted.
        changed.clear();
        model.applyProgress({progress(a, TaskState::Implementing,
                                      Money::parseDollars(QStringLiteral("0.4213")).value())});
        QCOMPARE(changed.count(), 0);

        // An activity line changes the state cell (its tooltip) only.
        tasks::TaskProgress withActivity = progress(
            a, TaskState::Implementing, Money::parseDollars(QStringLiteral("0.4213")).value());
        withActivity.activity = QStringLiteral("Editing src/parser.cpp");
        model.applyProgress({withActivity});
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(0).value<QModelIndex>().column(),
                 int(TaskQueueModel::StateColumn));
        QCOMPARE(changed.first().at(1).value<QModelIndex>().column(),
                 int(TaskQueueModel::StateColumn));
        QVERIFY(model.indexOf(1, TaskQueueModel::StateColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("Editing src/parser.cpp")));
    }

    void progressForAnUnknownTaskIsIgnored()
    {
        TaskQueueModel model;
        model.setTasks({summary(1, TaskState::Implementing, 0)});
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.applyProgress(
            {progress(summary(99, TaskState::Implementing, 0), TaskState::Failed, Money())});
        QCOMPARE(changed.count(), 0);
        QVERIFY(!model.contains(99));
        QCOMPARE(model.taskCount(), 1);
    }

    void findingCountsAndBadgesChangeTheirCellsAndSurviveAReload()
    {
        TaskQueueModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTasks({summary(1, TaskState::ReadyForReview, 0)});
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setFindingCounts(1, 3, 1);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(0).value<QModelIndex>(),
                 model.indexOf(1, TaskQueueModel::FlagsColumn));
        QCOMPARE(model.indexOf(1, TaskQueueModel::FlagsColumn).data().toString(),
                 QStringLiteral("3 flags · 1 blocking"));
        model.setBadge(1, 4, true);
        QCOMPARE(changed.count(), 2);
        QCOMPARE(changed.last().at(0).value<QModelIndex>(),
                 model.indexOf(1, TaskQueueModel::BadgeColumn));
        QCOMPARE(model.indexOf(1, TaskQueueModel::BadgeColumn).data().toString(),
                 QStringLiteral("4 behind · conflicts"));
        model.setBadge(1, 4, true); // unchanged
        QCOMPARE(changed.count(), 2);

        model.setTasks({summary(1, TaskState::ReadyForReview, 0)});
        QCOMPARE(model.indexOf(1).data(TaskQueueModel::OpenFindingsRole).toInt(), 3);
        QCOMPARE(model.indexOf(1).data(TaskQueueModel::BlockingFindingsRole).toInt(), 1);
        QCOMPARE(model.indexOf(1).data(TaskQueueModel::BehindRole).toInt(), 4);
        QVERIFY(model.indexOf(1).data(TaskQueueModel::ConflictsRole).toBool());
        const QString spoken = model.indexOf(1).data(Qt::AccessibleTextRole).toString();
        QVERIFY2(spoken.contains(QStringLiteral("1 blocking")), qPrintable(spoken));
        QVERIFY2(spoken.contains(QStringLiteral("conflicts")), qPrintable(spoken));

        model.setFindingCounts(1, 0, 0);
        QCOMPARE(model.indexOf(1, TaskQueueModel::FlagsColumn).data().toString(), QString());
    }

    void upsertInsertsInOrderAndRemoveTakesItOut()
    {
        TaskQueueModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTasks({summary(1, TaskState::Queued, 0), summary(2, TaskState::Queued, 20)});
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.upsertTask(summary(3, TaskState::Queued, 10));
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(idsIn(model, Group::Queued), (QList<tasks::TaskId>{2, 3, 1}));

        // An upsert of a known task with a new state moves it.
        QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
        store::TaskSummary failed = summary(3, TaskState::Failed, 10);
        failed.task.stateReason = QStringLiteral("the worktree could not be created");
        model.upsertTask(failed);
        QCOMPARE(moved.count(), 1);
        QCOMPARE(idsIn(model, Group::PausedOrFailed), QList<tasks::TaskId>{3});
        QVERIFY(model.indexOf(3, TaskQueueModel::StateColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("the worktree could not be created")));

        // Re-dated within its group: moved inside the group.
        model.upsertTask(summary(1, TaskState::Queued, 30));
        QCOMPARE(idsIn(model, Group::Queued), (QList<tasks::TaskId>{1, 2}));
        QCOMPARE(moved.count(), 2);

        QVERIFY(model.removeTask(2));
        QVERIFY(!model.removeTask(2));
        QCOMPARE(idsIn(model, Group::Queued), QList<tasks::TaskId>{1});
        QCOMPARE(model.taskCount(), 2);
    }

    void elapsedTimeFollowsTheClockForRunningTasksOnly()
    {
        TaskQueueModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const store::TaskSummary running = summary(1, TaskState::Implementing, 0);
        const store::TaskSummary done = summary(2, TaskState::Merged, 0);
        model.setTasks({running, done, summary(3, TaskState::Queued, 0)});
        // Started at t0 + 30 s.
        model.setCurrentTime(t0.addSecs(30 + 125));
        QCOMPARE(model.indexOf(1, TaskQueueModel::ElapsedColumn).data().toString(),
                 QStringLiteral("2 min"));
        QCOMPARE(model.indexOf(1).data(TaskQueueModel::ElapsedSecondsRole).toLongLong(), 125);
        // A queued task counts from its dispatch.
        QCOMPARE(model.indexOf(3, TaskQueueModel::ElapsedColumn).data().toString(),
                 QStringLiteral("waiting 2 min"));
        // A finished task shows how long its run took (start → last update), whatever the
        // time now.
        QCOMPARE(model.indexOf(2, TaskQueueModel::ElapsedColumn).data().toString(),
                 QStringLiteral("took 9 min"));

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setCurrentTime(t0.addSecs(30 + 130)); // still "2 min"
        QCOMPARE(changed.count(), 0);
        model.setCurrentTime(t0.addSecs(30 + 3 * 3600 + 5 * 60));
        // The running and the queued task's cells, not the finished one's.
        QCOMPARE(changed.count(), 2);
        QSet<tasks::TaskId> ticked;
        for (const QList<QVariant> &args : changed) {
            const QModelIndex cell = args.at(0).value<QModelIndex>();
            QCOMPARE(cell.column(), int(TaskQueueModel::ElapsedColumn));
            QCOMPARE(args.at(1).value<QModelIndex>(), cell);
            ticked.insert(model.taskId(cell));
        }
        QCOMPARE(ticked, (QSet<tasks::TaskId>{1, 3}));
        QCOMPARE(model.indexOf(1, TaskQueueModel::ElapsedColumn).data().toString(),
                 QStringLiteral("3 h 05 min"));
    }

    void sortRoleGivesNumbers()
    {
        TaskQueueModel model;
        model.setTasks({summary(3, TaskState::Implementing, 0)});
        QCOMPARE(model.indexOf(3, TaskQueueModel::CostColumn)
                     .data(TaskQueueModel::SortRole)
                     .toLongLong(),
                 Money::fromCents(30).nanodollars());
        QCOMPARE(
            model.indexOf(3, TaskQueueModel::TitleColumn).data(TaskQueueModel::SortRole).toString(),
            QStringLiteral("task 3"));
        QCOMPARE(model.indexOf(3, TaskQueueModel::ModelsColumn).data().toString(),
                 QStringLiteral("claude-sonnet-4-5 / claude-haiku-4-5"));
        QCOMPARE(model.indexOf(3).data(TaskQueueModel::ImplementerRole).toString(),
                 QStringLiteral("anthropic:claude-sonnet-4-5"));
    }

    void busyQueueUnderTheTester()
    {
        // Many moves in one batch, in every direction, checked by the tester throughout.
        TaskQueueModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QList<store::TaskSummary> tasks = everyState();
        model.setTasks(tasks);
        QCOMPARE(model.taskCount(), tasks::taskStateCount);
        tasks::TaskProgressList batch;
        const QList<TaskState> states = tasks::allTaskStates();
        for (int i = 0; i < tasks.size(); ++i)
            batch.append(
                progress(tasks.at(i), states.at((i + 5) % states.size()), Money::fromCents(i)));
        model.applyProgress(batch);
        for (int i = 0; i < tasks.size(); ++i) {
            const TaskState expected = states.at((i + 5) % states.size());
            QCOMPARE(*model.stateOf(tasks.at(i).task.id), expected);
            QCOMPARE(model.indexOf(tasks.at(i).task.id).parent(),
                     model.groupIndex(TaskQueueModel::groupOf(expected)));
        }
        int total = 0;
        for (int g = 0; g < TaskQueueModel::groupCount; ++g)
            total += model.rowCount(model.groupIndex(Group(g)));
        QCOMPARE(total, tasks::taskStateCount);
        for (int g = 0; g < TaskQueueModel::groupCount; ++g) {
            const QList<tasks::TaskId> ids = idsIn(model, Group(g));
            for (int i = 1; i < ids.size(); ++i) {
                const QDateTime newer =
                    model.indexOf(ids.at(i - 1)).data(TaskQueueModel::CreatedAtRole).toDateTime();
                const QDateTime older =
                    model.indexOf(ids.at(i)).data(TaskQueueModel::CreatedAtRole).toDateTime();
                QVERIFY(newer >= older);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestTaskQueueModel)
#include "tst_taskqueuemodel.moc"
