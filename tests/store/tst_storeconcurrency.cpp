// Several processes on one database: writers wait their turn instead of failing with "database
// is locked", readers never take a write lock. The test re-executes itself as the writer and
// reader children, so every connection is in its own process, as with ten `agentdesk dispatch`.

#include "StoreTestUtil.h"

#include "store/Connection.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <QThread>

#include <climits>
#include <cstdio>
#include <memory>
#include <vector>

using namespace agentdesk;
using namespace agentdesk::store;
using agentdesk::tasks::TaskState;
using namespace agentdesk::store::testutil;

namespace {

const char writerFlag[] = "--writer-child";
const char readerFlag[] = "--reader-child";
const char holderFlag[] = "--lock-holder-child";
constexpr int kWriters = 10;
constexpr int kTasksPerWriter = 8;

// Each writer child opens the store as a fresh process would (creating and migrating the file
// if it is first), then writes tasks, transitions, ledger entries and events.
int runWriter(const QString &path, const QString &name)
{
    auto writer = StoreWriter::open(path);
    if (!writer) {
        std::fprintf(stderr, "open: %s\n", qPrintable(writer.errorMessage()));
        return 2;
    }
    for (int i = 0; i < kTasksPerWriter; ++i) {
        const auto id = (*writer)->createTask(sampleSpec(name + QString::number(i)));
        if (!id) {
            std::fprintf(stderr, "create: %s\n", qPrintable(id.errorMessage()));
            return 3;
        }
        if (!walk(**writer, *id, {TaskState::Preparing, TaskState::Implementing}))
            return 4;
        for (int e = 0; e < 10; ++e)
            (*writer)->appendEvent(tasks::TaskEvent::make(*id, 1, tasks::TaskEventKind::ModelText,
                                                          {{QStringLiteral("text"), name}}));
        const auto ledger = (*writer)->recordLedger(
            ledgerEntry(*id, LedgerRole::Implementer, QStringLiteral("claude-sonnet-4-5"), 1000));
        if (!ledger) {
            std::fprintf(stderr, "ledger: %s\n", qPrintable(ledger.errorMessage()));
            return 5;
        }
    }
    if (auto flushed = (*writer)->flush(); !flushed) {
        std::fprintf(stderr, "flush: %s\n", qPrintable(flushed.errorMessage()));
        return 6;
    }
    return 0;
}

// A reader child lists and loads while the writers run, as `agentdesk list` / `show` would.
int runReader(const QString &path)
{
    auto reader = StoreReader::open(path);
    if (!reader) {
        std::fprintf(stderr, "open reader: %s\n", qPrintable(reader.errorMessage()));
        return 2;
    }
    for (int round = 0; round < 200; ++round) {
        auto tasks = (*reader)->listTasks();
        if (!tasks) {
            std::fprintf(stderr, "list: %s\n", qPrintable(tasks.errorMessage()));
            return 3;
        }
        for (const TaskSummary &summary : *tasks) {
            if (auto detail = (*reader)->loadTask(summary.task.id); !detail) {
                std::fprintf(stderr, "show: %s\n", qPrintable(detail.errorMessage()));
                return 4;
            }
        }
        if (tasks->size() >= kWriters * kTasksPerWriter)
            break;
    }
    return 0;
}

// Holds the write lock (BEGIN IMMEDIATE) for `holdMs`, or until it is killed when negative.
int runLockHolder(const QString &path, int holdMs)
{
    auto connection = Connection::open(path, Connection::Mode::Writer);
    if (!connection)
        return 2;
    if (!(*connection)->exec(QStringLiteral("BEGIN IMMEDIATE")))
        return 3;
    std::printf("locked\n");
    std::fflush(stdout);
    QThread::msleep(holdMs < 0 ? ULONG_MAX : ulong(holdMs));
    return (*connection)->exec(QStringLiteral("COMMIT")) ? 0 : 4;
}

std::unique_ptr<QProcess> startChild(const QStringList &arguments)
{
    auto child = std::make_unique<QProcess>();
    child->setProcessChannelMode(QProcess::SeparateChannels);
    child->start(QCoreApplication::applicationFilePath(), arguments);
    return child;
}

} // namespace

class TestStoreConcurrency : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    // Ten processes start on a fresh data folder at once: every one of them creates or
    // migrates, writes, and succeeds; nothing is lost.
    void tenWriterProcessesAllSucceed()
    {
        const QString path = m_dir.filePath(QStringLiteral("ten.sqlite"));
        std::vector<std::unique_ptr<QProcess>> writers;
        for (int i = 0; i < kWriters; ++i)
            writers.push_back(
                startChild({QString::fromLatin1(writerFlag), path, QStringLiteral("w%1-").arg(i)}));
        for (auto &child : writers) {
            QVERIFY(child->waitForFinished(240000));
            QVERIFY2(child->exitStatus() == QProcess::NormalExit && child->exitCode() == 0,
                     child->readAllStandardError().constData());
        }
        auto reader = StoreReader::open(path);
        QVERIFY2(reader.ok(), qPrintable(reader.errorMessage()));
        const auto tasks = (*reader)->listTasks();
        QVERIFY(tasks.ok());
        QCOMPARE(tasks->size(), kWriters * kTasksPerWriter);
        for (const TaskSummary &summary : *tasks) {
            QCOMPARE(summary.task.state, TaskState::Implementing);
            QCOMPARE(summary.totalCost, Money::fromNanodollars(1000));
            QCOMPARE(*(*reader)->eventCount(summary.task.id), qint64(10 + 2));
        }
    }

    // `list` and `show` in other terminals while writers run: the readers never fail and
    // never make a writer fail.
    void readersAndWritersInManyProcesses()
    {
        const QString path = m_dir.filePath(QStringLiteral("mixed.sqlite"));
        QVERIFY(StoreWriter::open(path).ok()); // the file exists for the readers
        std::vector<std::unique_ptr<QProcess>> children;
        for (int i = 0; i < 4; ++i)
            children.push_back(
                startChild({QString::fromLatin1(writerFlag), path, QStringLiteral("m%1-").arg(i)}));
        for (int i = 0; i < 4; ++i)
            children.push_back(startChild({QString::fromLatin1(readerFlag), path}));
        for (auto &child : children) {
            QVERIFY(child->waitForFinished(240000));
            QVERIFY2(child->exitStatus() == QProcess::NormalExit && child->exitCode() == 0,
                     child->readAllStandardError().constData());
        }
    }

    // A writer that finds the write lock held waits for it instead of failing.
    void writerWaitsForAHeldLock()
    {
        const QString path = m_dir.filePath(QStringLiteral("held.sqlite"));
        auto writer = StoreWriter::open(path);
        QVERIFY(writer.ok());
        // The other process lets go 1.5 s after it took the lock, while our write waits.
        auto holder = startChild({QString::fromLatin1(holderFlag), path, QStringLiteral("1500")});
        QVERIFY(holder->waitForReadyRead(60000));
        QCOMPARE(holder->readLine().trimmed(), QByteArray("locked"));
        const auto id = (*writer)->createTask(sampleSpec(QStringLiteral("after the lock")));
        QVERIFY2(id.ok(), qPrintable(id.errorMessage()));
        QVERIFY(holder->waitForFinished(60000));
        QCOMPARE(holder->exitCode(), 0);
    }

    // A reader never writes: closing the last connection leaves the log for the writer to
    // checkpoint, and reading works while another process holds the write lock.
    void readerTakesNoWriteLock()
    {
        const QString path = m_dir.filePath(QStringLiteral("reader.sqlite"));
        auto child = startChild({QString::fromLatin1(writerFlag), path, QStringLiteral("r-")});
        QVERIFY(child->waitForFinished(240000));
        QCOMPARE(child->exitCode(), 0);
        // The child closed cleanly, so its log was checkpointed; leave one behind.
        auto holder = startChild({QString::fromLatin1(holderFlag), path, QStringLiteral("-1")});
        QVERIFY(holder->waitForReadyRead(60000));
        {
            auto reader = StoreReader::open(path);
            QVERIFY2(reader.ok(), qPrintable(reader.errorMessage()));
            QVERIFY((*reader)->listTasks().ok());
            QVERIFY((*reader)->loadTask(1).ok());
        }
        holder->kill(); // its transaction dies with it; the -wal and -shm files stay
        QVERIFY(holder->waitForFinished(60000));
        const QString wal = path + QStringLiteral("-wal");
        QVERIFY(QFile::exists(wal));
        {
            auto reader = StoreReader::open(path);
            QVERIFY2(reader.ok(), qPrintable(reader.errorMessage()));
            QCOMPARE((*reader)->listTasks()->size(), kTasksPerWriter);
        } // the last connection closes here: a checkpoint on close would remove the log
        QVERIFY2(QFile::exists(wal), "a reader checkpointed (wrote) the database on close");
    }
};

int main(int argc, char **argv)
{
    if (argc >= 3 && qstrcmp(argv[1], writerFlag) == 0) {
        QCoreApplication app(argc, argv);
        return runWriter(QString::fromLocal8Bit(argv[2]),
                         argc >= 4 ? QString::fromLocal8Bit(argv[3]) : QString());
    }
    if (argc >= 3 && qstrcmp(argv[1], readerFlag) == 0) {
        QCoreApplication app(argc, argv);
        return runReader(QString::fromLocal8Bit(argv[2]));
    }
    if (argc >= 4 && qstrcmp(argv[1], holderFlag) == 0) {
        QCoreApplication app(argc, argv);
        return runLockHolder(QString::fromLocal8Bit(argv[2]), QByteArray(argv[3]).toInt());
    }
    QCoreApplication app(argc, argv);
    TestStoreConcurrency test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_storeconcurrency.moc"
