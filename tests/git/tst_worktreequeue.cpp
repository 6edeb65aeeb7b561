#include "git/GitLibrary.h"
#include "git/TemporaryCheckouts.h"
#include "git/WorktreeQueue.h"

#include "TempRepository.h"

#include <QAtomicInt>
#include <QThread>
#include <QtTest>

#include <memory>
#include <thread>

using agentdesk::git::GitLibrary;
using agentdesk::git::TemporaryCheckouts;
using agentdesk::git::WorktreeQueue;
using agentdesk::git::WorktreeTurn;
using agentdesk::test::TempRepository;

// The per-repository queue git's worktree commands take turns in: asynchronous requests are
// granted in order, later, on their context's thread, and only once the turn before them is
// released; a blocked waiter and a request share one line; a thread that holds a turn gets
// another at once; a context that withdraws gives its place up.
class TestWorktreeQueue : public QObject
{
    Q_OBJECT

    GitLibrary m_git;

private Q_SLOTS:
    void requestsAreGrantedInTurn()
    {
        TempRepository repo;
        QVERIFY(repo.isValid());
        const QString key = repo.path() + QStringLiteral("/.git");
        QObject context;
        QList<int> order;
        WorktreeTurn first;
        WorktreeTurn second;
        WorktreeQueue::request(key, &context, [&](WorktreeTurn turn) {
            order.append(1);
            first = turn;
        });
        WorktreeQueue::request(key, &context, [&](WorktreeTurn turn) {
            order.append(2);
            second = turn;
        });
        QVERIFY(order.isEmpty()); // never from inside request()
        QTRY_COMPARE(order, QList<int>{1});
        QCoreApplication::processEvents();
        QCOMPARE(order, QList<int>{1}); // the second waits while the first holds its turn
        first.release();
        QTRY_COMPARE(order, (QList<int>{1, 2}));
        QVERIFY(second.isHeld());
        second.release();
        // Free again: a blocked waiter gets it at once.
        WorktreeTurn again = WorktreeQueue::wait(key);
        QVERIFY(again.isHeld());
    }

    void aBlockedWaiterWaitsForTheHolder()
    {
        TempRepository repo;
        QVERIFY(repo.isValid());
        const QString key = repo.path() + QStringLiteral("/.git");
        WorktreeTurn held = WorktreeQueue::wait(key);
        QAtomicInt step(0);
        int releasedAt = 0;
        int grantedAt = 0;
        std::thread other([&] {
            const WorktreeTurn turn = WorktreeQueue::wait(key);
            grantedAt = step.fetchAndAddOrdered(1) + 1;
        });
        QTest::qWait(100); // give the other thread time to overtake, were it allowed to
        releasedAt = step.fetchAndAddOrdered(1) + 1;
        held.release();
        other.join();
        QCOMPARE(releasedAt, 1);
        QCOMPARE(grantedAt, 2);
    }

    void aHolderGetsANestedTurnAtOnce()
    {
        TempRepository repo;
        QVERIFY(repo.isValid());
        const QString key = repo.path() + QStringLiteral("/.git");
        QObject context;
        bool nested = false;
        WorktreeQueue::request(key, &context, [&](WorktreeTurn turn) {
            // The runner's own synchronous call inside its turn (TaskWorktrees) does not wait.
            const WorktreeTurn inner = WorktreeQueue::wait(key);
            nested = inner.isHeld() && turn.isHeld();
        });
        QTRY_VERIFY(nested);
        // Both gone: the lane is free.
        const WorktreeTurn after = WorktreeQueue::wait(key);
        QVERIFY(after.isHeld());
    }

    void aThreadBlockedBehindItsOwnRequestIsNotStuck()
    {
        // This thread asked for a turn (queued behind another thread's) and then blocks in
        // wait(): when its own request gets the lane, the grant is queued to this blocked
        // thread, so wait() must use that turn instead of waiting for it forever.
        TempRepository repo;
        QVERIFY(repo.isValid());
        const QString key = repo.path() + QStringLiteral("/.git");
        QAtomicInt otherHolds(0);
        QAtomicInt release(0);
        std::thread other([&] {
            WorktreeTurn turn = WorktreeQueue::wait(key);
            otherHolds.storeRelease(1);
            while (!release.loadAcquire())
                std::this_thread::yield();
        });
        while (!otherHolds.loadAcquire())
            std::this_thread::yield();
        QObject context;
        bool granted = false;
        WorktreeTurn requested;
        WorktreeQueue::request(key, &context, [&](WorktreeTurn turn) {
            granted = true;
            requested = turn;
        });
        std::thread releaser([&] {
            QThread::msleep(50); // lets this thread block in wait() first, as it would
            release.storeRelease(1);
        });
        WorktreeTurn nested = WorktreeQueue::wait(key); // hung here before
        QVERIFY(nested.isHeld());
        other.join();
        releaser.join();
        QVERIFY(!granted); // the request's call comes later, on this thread's event loop
        nested.release();
        QTRY_VERIFY(granted);
        QVERIFY(requested.isHeld());
        requested.release();
        WorktreeTurn free = WorktreeQueue::wait(key); // and the lane is free again
        QVERIFY(free.isHeld());
    }

    void aWithdrawnRequestGivesItsPlaceUp()
    {
        TempRepository repo;
        QVERIFY(repo.isValid());
        const QString key = repo.path() + QStringLiteral("/.git");
        WorktreeTurn held = WorktreeQueue::wait(key);
        auto leaving = std::make_unique<QObject>();
        bool leavingGranted = false;
        WorktreeQueue::request(key, leaving.get(), [&](WorktreeTurn) { leavingGranted = true; });
        QObject staying;
        bool stayingGranted = false;
        WorktreeQueue::request(key, &staying, [&](WorktreeTurn) { stayingGranted = true; });
        WorktreeQueue::withdraw(leaving.get());
        leaving.reset();
        held.release();
        QTRY_VERIFY(stayingGranted);
        QVERIFY(!leavingGranted);
    }

    void aGrantedTurnOfAContextThatWentPassesOn()
    {
        TempRepository repo;
        QVERIFY(repo.isValid());
        const QString key = repo.path() + QStringLiteral("/.git");
        auto leaving = std::make_unique<QObject>();
        WorktreeQueue::request(key, leaving.get(), [](WorktreeTurn) { QFAIL("delivered"); });
        // Granted (the call is posted) but never delivered: the context goes first.
        WorktreeQueue::withdraw(leaving.get());
        leaving.reset();
        const WorktreeTurn next = WorktreeQueue::wait(key);
        QVERIFY(next.isHeld());
    }

    // Real git: checkouts added from several threads at once all succeed (git's worktree
    // commands never overlap on one repository).
    void concurrentCheckoutsTakeTurns()
    {
        TempRepository repo;
        QVERIFY(repo.isValid());
        QVERIFY(repo.writeFile(QStringLiteral("a.txt"), "a\n"));
        const QString head = repo.commitAll(QStringLiteral("one"));
        QVERIFY(!head.isEmpty());
        constexpr int kThreads = 4;
        QList<QString> errors(kThreads);
        std::vector<std::thread> threads;
        for (int i = 0; i < kThreads; ++i) {
            threads.emplace_back([&, i] {
                const QString path = repo.scratchPath(QStringLiteral("checkout-%1").arg(i));
                const auto added = TemporaryCheckouts::add(repo.path(), head, path);
                errors[i] = added ? QString() : added.errorMessage();
                if (added)
                    (void)TemporaryCheckouts::remove(repo.path(), path);
            });
        }
        for (std::thread &thread : threads)
            thread.join();
        for (const QString &error : std::as_const(errors))
            QVERIFY2(error.isEmpty(), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestWorktreeQueue)

#include "tst_worktreequeue.moc"
