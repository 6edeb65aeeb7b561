// Nothing lost, nothing run twice, nothing leaked, at the store: a call's worst case is
// reserved durably before it is sent and counted at that worst case when its process is
// killed; a task runs in one process at a time and another process's running task is never
// marked Interrupted; a full disk delays a ledger entry instead of losing it; no string that
// reaches the file carries a live secret. Children are this binary, re-executed.

#include "StoreTestUtil.h"

#include "core/Secrets.h"
#include "store/TaskOwnership.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QtConcurrent>
#include <QtTest>

#include <csignal>
#include <cstdio>
#include <sys/resource.h>

using namespace agentdesk;
using namespace agentdesk::store;
using agentdesk::tasks::TaskState;
using namespace agentdesk::store::testutil;

namespace {

const char reserverFlag[] = "--reserve-and-hang";
const char ownerFlag[] = "--own-and-hang";
const Money worstCase = Money::fromNanodollars(260'000'000); // $0.26

// Creates a running task and reserves one call's worst case, as MeteredChat does before it
// sends, then hangs "in flight" until killed.
int runReserver(const QString &path)
{
    auto writer = StoreWriter::open(path);
    if (!writer)
        return 2;
    const auto id = (*writer)->createTask(sampleSpec(QStringLiteral("in flight")));
    if (!id || !walk(**writer, *id, {TaskState::Preparing, TaskState::Implementing}))
        return 3;
    SpendReservationRecord reservation;
    reservation.taskId = *id;
    reservation.provider = QStringLiteral("anthropic");
    reservation.model = QStringLiteral("claude-sonnet-4-5");
    reservation.worstCase = worstCase;
    reservation.maxOutputTokens = 16000;
    if (!(*writer)->reserveSpend(reservation))
        return 4;
    std::printf("reserved %lld\n", static_cast<long long>(*id));
    std::fflush(stdout);
    for (;;)
        QThread::sleep(60);
}

// Claims a running task, as an engine running it does, and hangs.
int runOwner(const QString &path)
{
    auto writer = StoreWriter::open(path);
    if (!writer)
        return 2;
    const auto id = (*writer)->createTask(sampleSpec(QStringLiteral("owned")));
    if (!id || !walk(**writer, *id, {TaskState::Preparing, TaskState::Implementing}) ||
        !(*writer)->claimTask(*id))
        return 3;
    std::printf("owned %lld\n", static_cast<long long>(*id));
    std::fflush(stdout);
    for (;;)
        QThread::sleep(60);
}

TaskId startAndWait(QProcess &child, const char *flag, const QString &path)
{
    child.start(QCoreApplication::applicationFilePath(), {QString::fromLatin1(flag), path});
    if (!child.waitForReadyRead(60000))
        return 0;
    return child.readLine().trimmed().split(' ').value(1).toLongLong();
}

QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestStoreSpend : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void reservationSettlesToTheRealCost()
    {
        const QString path = m_dir.filePath(QStringLiteral("settle.sqlite"));
        auto writer = StoreWriter::open(path);
        QVERIFY(writer.ok());
        StoreWriter &w = **writer;
        const TaskId id = w.createTask(sampleSpec(QStringLiteral("settle"))).value();
        SpendReservationRecord reservation;
        reservation.taskId = id;
        reservation.worstCase = worstCase;
        const auto reserved = w.reserveSpend(reservation);
        QVERIFY2(reserved.ok(), qPrintable(reserved.errorMessage()));
        auto reader = StoreReader::open(path);
        QCOMPARE((*reader)->openReservations()->size(), 1);
        QCOMPARE((*reader)->openReservations()->first().owner, ProcessIdentity::current());

        const LedgerEntry actual = ledgerEntry(id, LedgerRole::Implementer,
                                               QStringLiteral("claude-sonnet-4-5"), 3'705'000);
        const auto settled = w.settleReservation(*reserved, {actual});
        QVERIFY2(settled.ok(), qPrintable(settled.errorMessage()));
        QCOMPARE(settled->size(), 1);
        QVERIFY((*reader)->openReservations()->isEmpty());
        QCOMPARE(*(*reader)->spentOn(QDate::currentDate()), Money::fromNanodollars(3'705'000));
        // Settling twice never counts twice.
        const auto again = w.settleReservation(*reserved, {actual});
        QCOMPARE(again.errorCode(), QStringLiteral("reservation-missing"));
        QCOMPARE(*(*reader)->spentOn(QDate::currentDate()), Money::fromNanodollars(3'705'000));
        // Nothing billed: released without a ledger entry.
        const auto second = w.reserveSpend(reservation);
        QVERIFY(w.settleReservation(*second, {}).ok());
        QCOMPARE((*reader)->ledger(id)->size(), 1);
    }

    // start → kill -9 mid-call → start again: the call counts at its worst case, marked as
    // such, so a budget of $0.30 is not granted afresh after each kill.
    void killedCallCountsAtItsWorstCase()
    {
        const QString path = m_dir.filePath(QStringLiteral("killed.sqlite"));
        QVERIFY(StoreWriter::open(path).ok());
        for (int cycle = 1; cycle <= 3; ++cycle) {
            QProcess child;
            const TaskId id = startAndWait(child, reserverFlag, path);
            QVERIFY(id > 0);
            child.kill();
            QVERIFY(child.waitForFinished(60000));

            auto writer = StoreWriter::open(path);
            QVERIFY(writer.ok());
            const auto counted = (*writer)->settleAbandonedReservations();
            QVERIFY2(counted.ok(), qPrintable(counted.errorMessage()));
            QCOMPARE(counted->size(), 1);
            QVERIFY(counted->first().worstCase);
            QCOMPARE(counted->first().cost, worstCase);

            auto reader = StoreReader::open(path);
            QCOMPARE(*(*reader)->spentOn(QDate::currentDate()), worstCase * cycle);
            const auto ledger = (*reader)->ledger(id);
            QCOMPARE(ledger->size(), 1);
            QVERIFY(ledger->first().worstCase);
            QVERIFY2(ledger->first().note.contains(QLatin1String("worst case")),
                     qPrintable(ledger->first().note));
            QCOMPARE((*reader)->listTasks()->first().totalCost, worstCase);
            QVERIFY((*reader)->openReservations()->isEmpty());
            // Counted once: a second start finds nothing left.
            QVERIFY((*writer)->settleAbandonedReservations()->isEmpty());
        }
    }

    // A live process's reservation is its own business: never counted at worst case under it.
    void liveReservationIsLeftToItsOwner()
    {
        const QString path = m_dir.filePath(QStringLiteral("live.sqlite"));
        QVERIFY(StoreWriter::open(path).ok());
        QProcess child;
        QVERIFY(startAndWait(child, reserverFlag, path) > 0);
        auto writer = StoreWriter::open(path);
        QVERIFY((*writer)->settleAbandonedReservations()->isEmpty());
        auto reader = StoreReader::open(path);
        QCOMPARE((*reader)->openReservations()->size(), 1);
        child.kill();
        QVERIFY(child.waitForFinished(60000));
        QCOMPARE((*writer)->settleAbandonedReservations()->size(), 1);
    }

    // Two processes: the one that did not start a task neither interrupts nor runs it; once its
    // owner is killed, `list` says so without writing, and the next start takes it over.
    void aTaskRunsInOneProcessAtATime()
    {
        const QString path = m_dir.filePath(QStringLiteral("owned.sqlite"));
        QVERIFY(StoreWriter::open(path).ok());
        QProcess child;
        const TaskId id = startAndWait(child, ownerFlag, path);
        QVERIFY(id > 0);

        auto writer = StoreWriter::open(path);
        QVERIFY(writer.ok());
        const auto interrupted = (*writer)->recoverInterrupted();
        QVERIFY(interrupted.ok());
        QVERIFY2(!interrupted->contains(id), "a live process's running task was interrupted");
        auto reader = StoreReader::open(path);
        QCOMPARE(**(*reader)->taskState(id), TaskState::Implementing);
        const VoidResult second = (*writer)->claimTask(id);
        QCOMPARE(second.errorCode(), QStringLiteral("task-owned"));
        QVERIFY2(second.errorMessage().contains(QString::number(child.processId())),
                 qPrintable(second.errorMessage()));
        TaskRecord task = (*reader)->loadTask(id)->task;
        QCOMPARE(task.owner.pid, qint64(child.processId()));
        QCOMPARE(stateDescription(task, false), QStringLiteral("Implementing"));

        child.kill();
        QVERIFY(child.waitForFinished(60000));
        task = (*reader)->loadTask(id)->task;
        QVERIFY(isOrphaned(task, true));
        QCOMPARE(stateDescription(task, true),
                 QStringLiteral("Interrupted (no AgentDesk is running it)"));
        QVERIFY((*writer)->recoverInterrupted()->contains(id));
        QVERIFY((*reader)->loadTask(id)->task.owner.isNull());
        QVERIFY((*writer)->claimTask(id).ok());
        QVERIFY((*reader)->loadTask(id)->task.owner.isCurrentProcess());
        QVERIFY((*writer)->releaseTask(id).ok());
        QVERIFY((*reader)->loadTask(id)->task.owner.isNull());
    }

    void unclaimedRunningTaskIsOrphanedOnlyWithoutAnEngine()
    {
        TaskRecord task;
        task.state = TaskState::Validating;
        QVERIFY(isOrphaned(task, false));
        QVERIFY(!isOrphaned(task, true));
        task.state = TaskState::Paused;
        QVERIFY(!isOrphaned(task, false));
        QCOMPARE(stateDescription(task, false), QStringLiteral("Paused"));
    }

    // The disk fills while a ledger entry is written: the write is retried, and lands once
    // there is room again — the entry is not lost.
    void ledgerWriteIsRetriedOnAFullDisk()
    {
        const QString path = m_dir.filePath(QStringLiteral("retry.sqlite"));
        auto writer = StoreWriter::open(path);
        QVERIFY(writer.ok());
        StoreWriter &w = **writer;
        const TaskId id = w.createTask(sampleSpec(QStringLiteral("full"))).value();
        QVERIFY(w.flush().ok());

        rlimit original{};
        QCOMPARE(::getrlimit(RLIMIT_FSIZE, &original), 0);
        rlimit limited = original;
        limited.rlim_cur = 1024; // any write past the first KiB of a file fails, as ENOSPC does
        const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
        auto restore = qScopeGuard([&] {
            ::setrlimit(RLIMIT_FSIZE, &original);
            std::signal(SIGXFSZ, previousHandler);
        });
        QList<QString> retried;
        // The room comes back when the first attempt has failed, before the second.
        connect(
            &w, &StoreWriter::writeRetrying, this,
            [&](const Error &error, int) {
                retried.append(error.code);
                ::setrlimit(RLIMIT_FSIZE, &original);
            },
            Qt::DirectConnection);
        QCOMPARE(::setrlimit(RLIMIT_FSIZE, &limited), 0);
        const LedgerEntry entry =
            ledgerEntry(id, LedgerRole::Implementer, QStringLiteral("claude-sonnet-4-5"), 42);
        const Result<qint64> recorded =
            QtConcurrent::run([&w, entry] { return w.recordLedger(entry); }).result();
        QVERIFY2(recorded.ok(), qPrintable(recorded.errorMessage()));
        QCOMPARE(retried.size(), 1);
        QVERIFY2(retried.first() == QStringLiteral("store-disk-full") ||
                     retried.first() == QStringLiteral("store-io-error"),
                 qPrintable(retried.first()));
        auto reader = StoreReader::open(path);
        QCOMPARE((*reader)->ledger(id)->size(), 1);
    }

    // A secret echoed by a provider (its request id, an error in a state reason) is scrubbed
    // from every string the writer stores, not only from timeline payloads.
    void liveSecretNeverReachesTheFile()
    {
        const QString key = QStringLiteral("live-key-5d8e1f2a9b7c3e6d4f0a");
        Secrets::add(key);
        const QString path = m_dir.filePath(QStringLiteral("echo.sqlite"));
        QByteArray walBytes;
        {
            auto writer = StoreWriter::open(path);
            StoreWriter &w = **writer;
            const TaskId id = w.createTask(sampleSpec(QStringLiteral("echo"))).value();
            QVERIFY(walk(w, id, {TaskState::Preparing, TaskState::Implementing}));
            QVERIFY(w.transitionTask(id, TaskState::Implementing, TaskState::Failed,
                                     QStringLiteral("401 from Anthropic (request req_") + key +
                                         QLatin1Char(')'))
                        .ok());
            QVERIFY(w.recordLedger(ledgerEntry(id, LedgerRole::Implementer,
                                               QStringLiteral("claude-sonnet-4-5"), 1,
                                               QStringLiteral("req_") + key))
                        .ok());
            auto reader = StoreReader::open(path);
            const TaskRecord task = (*reader)->loadTask(id)->task;
            QCOMPARE(task.stateReason,
                     QStringLiteral("401 from Anthropic (request req_[redacted])"));
            QCOMPARE((*reader)->ledger(id)->first().requestId, QStringLiteral("req_[redacted]"));
            QVERIFY(w.flush().ok());
            walBytes = fileBytes(path + QStringLiteral("-wal"));
        }
        const QByteArray all = fileBytes(path) + walBytes;
        QVERIFY(all.contains("req_[redacted]"));
        QVERIFY(!all.contains(key.toUtf8()));
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc == 3 && qstrcmp(argv[1], reserverFlag) == 0)
        return runReserver(QString::fromLocal8Bit(argv[2]));
    if (argc == 3 && qstrcmp(argv[1], ownerFlag) == 0)
        return runOwner(QString::fromLocal8Bit(argv[2]));
    TestStoreSpend test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_storespend.moc"
