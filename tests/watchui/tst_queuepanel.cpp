#include "itemmodels/queue/NotificationPolicy.h"
#include "itemmodels/queue/TaskQueueModel.h"
#include "store/StoreReader.h"
#include "store/StoreWriter.h"
#include "ui/QueuePanel.h"
#include "watch/Notifier.h"
#include "watch/QueueItemDelegate.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QMenu>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeView>
#include <QtTest>

using namespace agentdesk;
using itemmodels::TaskQueueModel;
using tasks::TaskState;
using Group = TaskQueueModel::Group;

namespace {

tasks::TaskSpec spec(const QString &title)
{
    tasks::TaskSpec s = tasks::TaskSpec::withDefaults(tasks::RiskLevel::Low);
    s.repositoryPath = QStringLiteral("/tmp/repo");
    s.baseBranch = QStringLiteral("main");
    s.baseCommit = QStringLiteral("0123456789abcdef0123456789abcdef01234567");
    s.title = title;
    s.prompt = title;
    return s;
}

tasks::TaskProgress progressOf(const store::TaskSummary &summary, TaskState state, Money spent)
{
    tasks::TaskProgress p;
    p.taskId = summary.task.id;
    p.iteration = 1;
    p.state = state;
    p.spent = spent;
    p.budget = summary.task.spec.budget;
    p.startedAt = QDateTime::currentDateTimeUtc();
    p.at = p.startedAt;
    return p;
}

int reddishPixels(const QImage &image, const QRect &area)
{
    int count = 0;
    for (int y = area.top(); y <= area.bottom(); ++y) {
        for (int x = area.left(); x <= area.right(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (c.red() > 150 && c.green() < 110 && c.blue() < 110)
                ++count;
        }
    }
    return count;
}

} // namespace

// The queue panel over summaries read from a real store.
class TestQueuePanel : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QList<store::TaskSummary> m_summaries;
    tasks::TaskId m_running = 0;
    tasks::TaskId m_ready = 0;
    tasks::TaskId m_failed = 0;
    tasks::TaskId m_queued = 0;
    tasks::TaskId m_merged = 0;

    store::TaskSummary summaryOf(tasks::TaskId id) const
    {
        for (const store::TaskSummary &s : m_summaries)
            if (s.task.id == id)
                return s;
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString path = m_dir.filePath(QStringLiteral("agentdesk.sqlite"));
        auto writer = store::StoreWriter::open(path);
        QVERIFY2(writer.ok(), qPrintable(writer.errorMessage()));
        store::StoreWriter &w = **writer;
        const auto create = [&](const QString &title, const QList<TaskState> &walk,
                                const QString &reason = QString()) {
            const tasks::TaskId id = *w.createTask(spec(title));
            TaskState from = TaskState::Queued;
            for (const TaskState to : walk) {
                const VoidResult done =
                    w.transitionTask(id, from, to, to == walk.last() ? reason : QString());
                if (!done)
                    qFatal("%s", qPrintable(done.errorMessage()));
                from = to;
            }
            if (!w.setWorktree(id, QStringLiteral("/data/worktrees/%1").arg(id)))
                qFatal("setWorktree failed");
            return id;
        };
        m_queued = create(QStringLiteral("Document the config format"), {});
        m_running = create(QStringLiteral("Fix lint warnings"),
                           {TaskState::Preparing, TaskState::Implementing});
        m_ready = create(QStringLiteral("Generate unit tests for dateFormat"),
                         {TaskState::Preparing, TaskState::Implementing, TaskState::Validating,
                          TaskState::Reviewing, TaskState::ReadyForReview});
        m_failed =
            create(QStringLiteral("Upgrade webpack"), {TaskState::Preparing, TaskState::Failed},
                   QStringLiteral("the worktree could not be created"));
        m_merged = create(QStringLiteral("Fix typo"),
                          {TaskState::Preparing, TaskState::Implementing, TaskState::Validating,
                           TaskState::Reviewing, TaskState::ReadyForReview, TaskState::Merging,
                           TaskState::Merged});
        store::LedgerEntry entry;
        entry.taskId = m_running;
        entry.provider = QStringLiteral("anthropic");
        entry.model = QStringLiteral("claude-sonnet-4-5");
        entry.inputTokens = 1000;
        entry.cost = Money::fromCents(12);
        entry.at = QDateTime::currentDateTimeUtc();
        QVERIFY(w.recordLedger(entry).ok());
        auto reader = store::StoreReader::open(path);
        QVERIFY(reader.ok());
        const auto listed = (*reader)->listTasks();
        QVERIFY2(listed.ok(), qPrintable(listed.errorMessage()));
        m_summaries = *listed;
        QCOMPARE(m_summaries.size(), 5);
    }

    // A card paused for its budget offers "Add $X and Continue" (X what an iteration has
    // cost); a task paused by the user does not.
    void budgetPausedCardOffersMoreBudget()
    {
        store::TaskSummary paused = m_summaries.constFirst();
        paused.task.id = 900;
        paused.task.state = TaskState::Paused;
        paused.task.stateReason =
            u"The budget of $1.00 is spent with the work committed; give it more budget to "
            "continue."_qs;
        paused.latestIteration = 2;
        paused.totalCost = Money::fromCents(90); // $0.45 an iteration → $0.50
        ui::QueuePanel panel;
        panel.model()->setTasks({paused});
        panel.show();
        QVERIFY(panel.selectTask(900));
        QAction *add = panel.addBudgetAction();
        QVERIFY(add->isVisible());
        QVERIFY(add->isEnabled());
        QCOMPARE(add->text(), u"Add $0.50 and &Continue"_qs);
        QVERIFY(panel.findChild<QMenu *>(u"queueContextMenu"_qs)->actions().contains(add));
        QSignalSpy budget(&panel, &ui::QueuePanel::budgetRequested);
        add->trigger();
        QCOMPARE(budget.count(), 1);
        QCOMPARE(budget.at(0).at(0).value<tasks::TaskId>(), tasks::TaskId(900));
        QCOMPARE(budget.at(0).at(1).value<Money>(), Money::fromCents(50));

        paused.task.stateReason = u"Paused by you."_qs;
        panel.model()->setTasks({paused});
        QVERIFY(panel.selectTask(900));
        QVERIFY(!panel.addBudgetAction()->isVisible());

        // Today's daily budget is not the task's: more for the task would not continue it.
        paused.task.stateReason =
            u"Today's daily budget is spent ($0.00 left of it; this task has spent $0.90). "
            "Continue tomorrow, or raise the daily budget in Settings."_qs;
        panel.model()->setTasks({paused});
        QVERIFY(panel.selectTask(900));
        QVERIFY(!panel.addBudgetAction()->isVisible());
    }

    void emptyStateUntilThereAreTasks()
    {
        ui::QueuePanel panel;
        panel.show();
        QVERIFY(panel.isShowingEmptyState());
        panel.model()->setTasks(m_summaries);
        QVERIFY(!panel.isShowingEmptyState());
        panel.model()->setTasks({});
        QVERIFY(panel.isShowingEmptyState());
    }

    void showsTheGroupsWithDoneFolded()
    {
        ui::QueuePanel panel;
        panel.resize(360, 700);
        panel.show();
        panel.model()->setTasks(m_summaries);
        TaskQueueModel *model = panel.model();
        QTreeView *view = panel.view();
        QCOMPARE(view->model(), model);
        QCOMPARE(model->indexOf(m_ready).parent(), model->groupIndex(Group::NeedsReview));
        QCOMPARE(model->indexOf(m_running).parent(), model->groupIndex(Group::Running));
        QCOMPARE(model->indexOf(m_queued).parent(), model->groupIndex(Group::Queued));
        QCOMPARE(model->indexOf(m_failed).parent(), model->groupIndex(Group::PausedOrFailed));
        QCOMPARE(model->indexOf(m_merged).parent(), model->groupIndex(Group::Done));
        QVERIFY(view->isExpanded(model->groupIndex(Group::NeedsReview)));
        QVERIFY(view->isExpanded(model->groupIndex(Group::Running)));
        QVERIFY(!view->isExpanded(model->groupIndex(Group::Done)));
        // Only the first column shows; the delegate paints the rest from roles.
        for (int column = 1; column < TaskQueueModel::ColumnCount; ++column)
            QVERIFY(view->isColumnHidden(column));
        QCOMPARE(model->attentionCount(), 2);
        QCOMPARE(model->indexOf(m_running, TaskQueueModel::CostColumn).data().toString(),
                 QStringLiteral("$0.12 / $1.00"));

        // A click on a group header folds and unfolds it.
        const QRect header = view->visualRect(model->groupIndex(Group::Running));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, header.center());
        QVERIFY(!view->isExpanded(model->groupIndex(Group::Running)));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, header.center());
        QVERIFY(view->isExpanded(model->groupIndex(Group::Running)));
    }

    void liveProgressMovesTheRowAndKeepsTheSelection()
    {
        ui::QueuePanel panel;
        panel.resize(360, 700);
        panel.show();
        panel.model()->setTasks(m_summaries);
        QVERIFY(panel.selectTask(m_running));
        QSignalSpy current(&panel, &ui::QueuePanel::currentTaskChanged);

        const store::TaskSummary running = summaryOf(m_running);
        panel.model()->applyProgress(
            {progressOf(running, TaskState::Implementing, Money::fromCents(57))});
        QCOMPARE(panel.model()->indexOf(m_running, TaskQueueModel::CostColumn).data().toString(),
                 QStringLiteral("$0.57 / $1.00"));

        panel.model()->applyProgress(
            {progressOf(running, TaskState::ReadyForReview, Money::fromCents(61))});
        QCOMPARE(panel.model()->indexOf(m_running).parent(),
                 panel.model()->groupIndex(Group::NeedsReview));
        QCOMPARE(panel.currentTask(), m_running);
        QCOMPARE(panel.view()->currentIndex(), panel.model()->indexOf(m_running));

        // A full reload keeps the selection on the same task.
        panel.model()->setTasks(m_summaries);
        QCOMPARE(panel.currentTask(), m_running);
        QVERIFY(current.isEmpty() || current.last().first().toLongLong() == m_running);
    }

    void contextMenuActsOnTheTask()
    {
        ui::QueuePanel panel;
        panel.show();
        panel.model()->setTasks(m_summaries);

        QMenu *menu = panel.contextMenuFor(m_running);
        QVERIFY(menu);
        QVERIFY(menu->actions().contains(panel.pauseAction()));
        QVERIFY(panel.pauseAction()->isEnabled());
        QVERIFY(!panel.resumeAction()->isEnabled());
        QVERIFY(panel.cancelAction()->isEnabled());
        QVERIFY(panel.openWorktreeAction()->isEnabled());
        QVERIFY(panel.copyBranchAction()->isEnabled());

        QSignalSpy pause(&panel, &ui::QueuePanel::pauseRequested);
        QSignalSpy resume(&panel, &ui::QueuePanel::resumeRequested);
        QSignalSpy cancel(&panel, &ui::QueuePanel::cancelRequested);
        QSignalSpy worktree(&panel, &ui::QueuePanel::openWorktreeRequested);
        QSignalSpy copied(&panel, &ui::QueuePanel::branchCopied);
        panel.pauseAction()->trigger();
        QCOMPARE(pause.count(), 1);
        QCOMPARE(pause.first().first().toLongLong(), m_running);
        panel.openWorktreeAction()->trigger();
        QCOMPARE(worktree.count(), 1);
        QCOMPARE(worktree.first().at(1).toString(),
                 QStringLiteral("/data/worktrees/%1").arg(m_running));
        panel.copyBranchAction()->trigger();
        QCOMPARE(copied.count(), 1);
        const QString branch = summaryOf(m_running).task.branch;
        QVERIFY(branch.startsWith(QStringLiteral("agentdesk/")));
        QCOMPARE(copied.first().at(1).toString(), branch);
        QCOMPARE(QGuiApplication::clipboard()->text(), branch);

        // A failed task: retry (resume) and cancel, no pause.
        panel.contextMenuFor(m_failed);
        QVERIFY(!panel.pauseAction()->isEnabled());
        QVERIFY(panel.resumeAction()->isEnabled());
        QCOMPARE(panel.resumeAction()->text(), QStringLiteral("&Retry"));
        panel.resumeAction()->trigger();
        QCOMPARE(resume.count(), 1);
        QCOMPARE(resume.first().first().toLongLong(), m_failed);
        panel.cancelAction()->trigger();
        QCOMPARE(cancel.first().first().toLongLong(), m_failed);

        // Merged: nothing to pause, resume or cancel.
        panel.contextMenuFor(m_merged);
        QVERIFY(!panel.pauseAction()->isEnabled());
        QVERIFY(!panel.resumeAction()->isEnabled());
        QVERIFY(!panel.cancelAction()->isEnabled());
    }

    void keyboardOpensAndPauses()
    {
        ui::QueuePanel panel;
        panel.resize(360, 700);
        panel.show();
        QApplication::setActiveWindow(&panel);
        QVERIFY(QTest::qWaitForWindowActive(&panel));
        panel.model()->setTasks(m_summaries);
        panel.selectTask(m_ready);
        panel.view()->setFocus();
        QSignalSpy activated(&panel, &ui::QueuePanel::taskActivated);
        QTest::keyClick(panel.view(), Qt::Key_Return);
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.first().first().toLongLong(), m_ready);

        // Double-click opens too.
        const QRect row = panel.view()->visualRect(panel.model()->indexOf(m_running));
        QTest::mouseClick(panel.view()->viewport(), Qt::LeftButton, {}, row.center());
        QTest::mouseDClick(panel.view()->viewport(), Qt::LeftButton, {}, row.center());
        QCOMPARE(activated.count(), 2);
        QCOMPARE(activated.last().first().toLongLong(), m_running);

        QSignalSpy pause(&panel, &ui::QueuePanel::pauseRequested);
        QTest::keyClick(panel.view(), Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(pause.count(), 1);
        QCOMPARE(pause.first().first().toLongLong(), m_running);
    }

    void queueWidePauseAndConcurrency()
    {
        ui::QueuePanel panel;
        panel.show();
        QSignalSpy paused(&panel, &ui::QueuePanel::queuePausedChanged);
        QSignalSpy concurrency(&panel, &ui::QueuePanel::concurrencyChanged);
        auto *button = panel.findChild<QToolButton *>(QStringLiteral("pauseQueueButton"));
        QVERIFY(button);
        QVERIFY(!button->accessibleName().isEmpty());
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(paused.count(), 1);
        QCOMPARE(paused.first().first().toBool(), true);
        QVERIFY(panel.isQueuePaused());
        QCOMPARE(panel.pauseQueueAction()->text(), QStringLiteral("Queue &Paused"));

        // What the engine says is shown without echoing it back.
        panel.setQueuePaused(false);
        QVERIFY(!panel.isQueuePaused());
        QCOMPARE(paused.count(), 1);

        auto *spin = panel.findChild<QSpinBox *>(QStringLiteral("queueConcurrency"));
        QVERIFY(spin);
        QVERIFY(!spin->accessibleName().isEmpty());
        spin->setValue(4);
        QCOMPARE(concurrency.count(), 1);
        QCOMPARE(concurrency.first().first().toInt(), 4);
        panel.setConcurrency(6);
        QCOMPARE(panel.concurrency(), 6);
        QCOMPARE(concurrency.count(), 1);
    }

    void paintsTheFailedTaskInRedAndTheCardHasATooltip()
    {
        ui::QueuePanel panel;
        panel.resize(360, 700);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.model()->setTasks(m_summaries);
        const QImage image = panel.view()->viewport()->grab().toImage();
        const QRect failedRow = panel.view()->visualRect(panel.model()->indexOf(m_failed));
        const QRect readyRow = panel.view()->visualRect(panel.model()->indexOf(m_ready));
        QVERIFY(failedRow.height() > 2 * panel.view()->fontMetrics().height());
        // The "Failed" chip and the reason line are red; a task ready for review has none.
        QVERIFY(reddishPixels(image, failedRow) > 30);
        QCOMPARE(reddishPixels(image, readyRow), 0);

        const QString tip =
            watchui::QueueItemDelegate::cardToolTip(panel.model()->indexOf(m_failed));
        QVERIFY2(tip.contains(QStringLiteral("the worktree could not be created")),
                 qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("Implementer: anthropic:claude-sonnet-4-5")),
                 qPrintable(tip));
    }

    void notifierWithoutATrayStillReportsAndOpens()
    {
        itemmodels::NotificationPolicy policy;
        watchui::Notifier notifier(&policy);
        QVERIFY(!notifier.hasTray()); // offscreen has no system tray
        QSignalSpy shown(&notifier, &watchui::Notifier::notificationShown);
        QSignalSpy open(&notifier, &watchui::Notifier::openTaskRequested);

        itemmodels::TaskStateEvent ready;
        ready.taskId = 42;
        ready.state = TaskState::ReadyForReview;
        ready.title = QStringLiteral("Generate unit tests");
        QVERIFY(policy.report(ready));
        policy.flush();
        QCOMPARE(shown.count(), 1);
        QCOMPARE(notifier.lastNotification().tasks, QList<tasks::TaskId>{42});
        notifier.activateLastNotification();
        QCOMPARE(open.count(), 1);
        QCOMPARE(open.first().first().toLongLong(), 42);

        QCOMPARE(notifier.toolTip(), QStringLiteral("AgentDesk: nothing needs you"));
        notifier.setAttentionCount(3);
        QCOMPARE(notifier.toolTip(), QStringLiteral("AgentDesk: 3 tasks need you"));
        // The badge: a red disc in the icon's top-right corner, gone at 0.
        const QRect corner(28, 0, 36, 36);
        const QImage badged = notifier.currentIcon().pixmap(64, 64).toImage();
        QVERIFY(reddishPixels(badged, corner) > 300);
        notifier.setAttentionCount(0);
        const QImage plain = notifier.currentIcon().pixmap(64, 64).toImage();
        QCOMPARE(reddishPixels(plain, corner), 0);
    }
};

QTEST_MAIN(TestQueuePanel)
#include "tst_queuepanel.moc"
