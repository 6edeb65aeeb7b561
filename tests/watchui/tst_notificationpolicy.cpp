#include "itemmodels/queue/NotificationPolicy.h"

#include <QSignalSpy>
#include <QtTest>

using namespace agentdesk;
using itemmodels::Notification;
using itemmodels::NotificationKind;
using itemmodels::NotificationPolicy;
using itemmodels::TaskStateEvent;
using tasks::TaskState;

namespace {

TaskStateEvent stateEvent(tasks::TaskId id, TaskState state, int iteration = 1,
                          const QString &reason = QString())
{
    TaskStateEvent e;
    e.taskId = id;
    e.iteration = iteration;
    e.state = state;
    e.title = QStringLiteral("Task %1").arg(id);
    e.reason = reason;
    return e;
}

Notification only(const QSignalSpy &spy)
{
    return spy.first().first().value<Notification>();
}

} // namespace

class TestNotificationPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void onlyReviewBudgetPauseAndFailureNotify_data()
    {
        QTest::addColumn<int>("state");
        QTest::addColumn<bool>("notifies");
        for (const TaskState state : tasks::allTaskStates()) {
            const bool notifies = state == TaskState::ReadyForReview ||
                                  state == TaskState::Paused || state == TaskState::Failed;
            QTest::newRow(qPrintable(tasks::taskStateStorageName(state))) << int(state) << notifies;
        }
    }

    void onlyReviewBudgetPauseAndFailureNotify()
    {
        QFETCH(int, state);
        QFETCH(bool, notifies);
        NotificationPolicy policy;
        QSignalSpy spy(&policy, &NotificationPolicy::notify);
        QCOMPARE(policy.report(stateEvent(1, TaskState(state))), notifies);
        policy.flush();
        QCOMPARE(spy.count(), notifies ? 1 : 0);
    }

    void oneNotificationPerTaskIterationAndKind()
    {
        NotificationPolicy policy;
        QSignalSpy spy(&policy, &NotificationPolicy::notify);
        // Every progress update repeats the state: only the first counts.
        QVERIFY(policy.report(stateEvent(4, TaskState::ReadyForReview)));
        QVERIFY(!policy.report(stateEvent(4, TaskState::ReadyForReview)));
        policy.flush();
        QVERIFY(!policy.report(stateEvent(4, TaskState::ReadyForReview)));
        policy.flush();
        QCOMPARE(spy.count(), 1);
        const Notification single = only(spy);
        QCOMPARE(single.kind, NotificationKind::ReadyForReview);
        QCOMPARE(single.tasks, QList<tasks::TaskId>{4});
        QCOMPARE(single.body, QStringLiteral("“Task 4” is ready for review."));

        // The revision's review is a new event.
        QVERIFY(policy.report(stateEvent(4, TaskState::ReadyForReview, 2)));
        policy.flush();
        QCOMPARE(spy.count(), 2);
        QVERIFY(spy.last().first().value<Notification>().body.contains(
            QStringLiteral("again (revision 1)")));
    }

    void aBurstBecomesOneSummary()
    {
        NotificationPolicy policy;
        QSignalSpy spy(&policy, &NotificationPolicy::notify);
        for (tasks::TaskId id = 1; id <= 3; ++id)
            QVERIFY(policy.report(stateEvent(id, TaskState::ReadyForReview)));
        QCOMPARE(policy.pendingCount(), 3);
        policy.flush();
        QCOMPARE(spy.count(), 1);
        const Notification summary = only(spy);
        QCOMPARE(summary.kind, NotificationKind::Summary);
        QCOMPARE(summary.title, QStringLiteral("3 tasks are ready for review"));
        QCOMPARE(summary.tasks, (QList<tasks::TaskId>{1, 2, 3}));
        QCOMPARE(summary.body, QStringLiteral("“Task 1”, “Task 2”, “Task 3”."));
    }

    void aMixedBurstListsTheMostUrgentFirst()
    {
        NotificationPolicy policy;
        QSignalSpy spy(&policy, &NotificationPolicy::notify);
        policy.report(stateEvent(1, TaskState::Paused, 1, QStringLiteral("budget reached")));
        policy.report(stateEvent(2, TaskState::Failed, 1, QStringLiteral("tests did not build")));
        policy.report(stateEvent(3, TaskState::ReadyForReview));
        policy.report(stateEvent(4, TaskState::ReadyForReview));
        policy.report(stateEvent(5, TaskState::ReadyForReview));
        policy.flush();
        QCOMPARE(spy.count(), 1);
        const Notification summary = only(spy);
        QCOMPARE(summary.title, QStringLiteral("5 tasks need you: 3 ready for review, 1 failed, "
                                               "1 paused at their budget"));
        QCOMPARE(summary.tasks, (QList<tasks::TaskId>{3, 4, 5, 2, 1}));
        QCOMPARE(summary.body, QStringLiteral("“Task 3”, “Task 4”, “Task 5” and 2 more."));
    }

    void aTaskTheUserIsLookingAtNeverNotifies()
    {
        NotificationPolicy policy;
        QSignalSpy spy(&policy, &NotificationPolicy::notify);
        policy.setViewedTask(7);
        QVERIFY(!policy.report(stateEvent(7, TaskState::ReadyForReview)));
        policy.flush();
        QCOMPARE(spy.count(), 0);
        // Looking elsewhere later does not replay it.
        policy.setViewedTask(8);
        QVERIFY(!policy.report(stateEvent(7, TaskState::ReadyForReview)));
        policy.flush();
        QCOMPARE(spy.count(), 0);

        // Opening the task before the burst is announced drops it from the burst.
        QVERIFY(policy.report(stateEvent(9, TaskState::Failed)));
        QVERIFY(policy.report(stateEvent(10, TaskState::Failed)));
        policy.setViewedTask(9);
        policy.flush();
        QCOMPARE(spy.count(), 1);
        QCOMPARE(only(spy).tasks, QList<tasks::TaskId>{10});
        QCOMPARE(only(spy).kind, NotificationKind::Failed);

        // The same task in a window that is not active is not being looked at.
        policy.setWindowActive(false);
        QVERIFY(policy.report(stateEvent(9, TaskState::ReadyForReview)));
        policy.flush();
        QCOMPARE(spy.count(), 2);
    }

    void theUsersOwnPauseDoesNotNotify()
    {
        NotificationPolicy policy;
        QSignalSpy spy(&policy, &NotificationPolicy::notify);
        TaskStateEvent paused = stateEvent(1, TaskState::Paused);
        paused.userInitiated = true;
        QVERIFY(!policy.report(paused));
        TaskStateEvent budget =
            stateEvent(2, TaskState::Paused, 1, QStringLiteral("the $1.00 budget is spent"));
        QVERIFY(policy.report(budget));
        policy.flush();
        QCOMPARE(spy.count(), 1);
        QCOMPARE(only(spy).kind, NotificationKind::PausedForBudget);
        QCOMPARE(only(spy).body, QStringLiteral("“Task 2” stopped: the $1.00 budget is spent"));
    }

    // Issue 19: a usage window's pause says it waits and until when, not "budget reached".
    void usageLimitPauseSaysItWaitsForTheReset()
    {
        NotificationPolicy policy;
        QSignalSpy spy(&policy, &NotificationPolicy::notify);
        TaskStateEvent limited =
            stateEvent(3, TaskState::Paused, 1,
                       QStringLiteral("Claude usage limit (five-hour window) — resumes at 14:00."));
        limited.usageLimit = true;
        QVERIFY(policy.report(limited));
        policy.flush();
        QCOMPARE(spy.count(), 1);
        QCOMPARE(only(spy).kind, NotificationKind::PausedForUsageLimit);
        QCOMPARE(only(spy).title, QStringLiteral("Paused: usage limit"));
        QCOMPARE(only(spy).body, QStringLiteral("“Task 3” waits: Claude usage limit (five-hour "
                                                "window) — resumes at 14:00."));
        TaskStateEvent other = limited;
        other.taskId = 4;
        QVERIFY(policy.report(other));
        QVERIFY(policy.report(stateEvent(5, TaskState::ReadyForReview)));
        policy.flush();
        QCOMPARE(spy.count(), 2);
        QCOMPARE(
            spy.at(1).at(0).value<Notification>().title,
            QStringLiteral("2 tasks need you: 1 ready for review, 1 waiting for a usage limit"));
    }

    void disabledNotifiesNothingAndNeverReplays()
    {
        NotificationPolicy policy;
        QSignalSpy spy(&policy, &NotificationPolicy::notify);
        policy.setEnabled(false);
        QVERIFY(!policy.report(stateEvent(1, TaskState::Failed)));
        policy.flush();
        policy.setEnabled(true);
        QVERIFY(!policy.report(stateEvent(1, TaskState::Failed)));
        policy.flush();
        QCOMPARE(spy.count(), 0);
        // Disabling drops what was gathered.
        QVERIFY(policy.report(stateEvent(2, TaskState::Failed)));
        policy.setEnabled(false);
        policy.flush();
        QCOMPARE(spy.count(), 0);
    }

    void theTimerFlushesOnce()
    {
        NotificationPolicy policy;
        policy.setCoalesceInterval(50);
        QSignalSpy spy(&policy, &NotificationPolicy::notify);
        for (tasks::TaskId id = 1; id <= 20; ++id)
            policy.report(stateEvent(id, TaskState::ReadyForReview));
        QVERIFY(spy.wait(5000));
        QCOMPARE(spy.count(), 1);
        QCOMPARE(only(spy).title, QStringLiteral("20 tasks are ready for review"));
        QCOMPARE(policy.pendingCount(), 0);
        QVERIFY(!spy.wait(300)); // nothing else follows
    }
};

QTEST_GUILESS_MAIN(TestNotificationPolicy)
#include "tst_notificationpolicy.moc"
