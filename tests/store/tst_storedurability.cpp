// Durability: a writer killed with SIGKILL mid-write loses nothing it reported committed; a
// read-only database is a clear error; no credential reaches the file.

#include "StoreTestUtil.h"

#include "store/Connection.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <QFileInfo>
#include <QSignalSpy>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <sys/resource.h>
#include <unistd.h>

using namespace agentdesk;
using namespace agentdesk::store;
using agentdesk::tasks::TaskState;
using namespace agentdesk::store::testutil;

namespace {

const char crashChildFlag[] = "--crash-writer";

// The child: one running task, then events and ledger entries as fast as it can, printing
// each ledger id once recordLedger() has returned (= committed). The parent kills it.
int runCrashWriter(const QString &path)
{
    auto writer = StoreWriter::open(path);
    if (!writer) {
        std::fprintf(stderr, "%s\n", qPrintable(writer.errorMessage()));
        return 2;
    }
    const auto id = (*writer)->createTask(sampleSpec(QStringLiteral("crash")));
    if (!id || !walk(**writer, *id, {TaskState::Preparing, TaskState::Implementing}))
        return 3;
    std::printf("task %lld\n", static_cast<long long>(*id));
    std::fflush(stdout);
    for (qint64 i = 1;; ++i) {
        for (int e = 0; e < 20; ++e)
            (*writer)->appendEvent(tasks::TaskEvent::make(
                *id, 1, tasks::TaskEventKind::ModelText,
                {{QStringLiteral("text"), QStringLiteral("chunk %1.%2").arg(i).arg(e)}}));
        const auto entry = (*writer)->recordLedger(ledgerEntry(*id, LedgerRole::Implementer,
                                                               QStringLiteral("claude-sonnet-4-5"),
                                                               i, QStringLiteral("req_%1").arg(i)));
        if (!entry)
            return 4;
        std::printf("ledger %lld %lld\n", static_cast<long long>(*entry),
                    static_cast<long long>(i));
        std::fflush(stdout);
    }
}

QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestStoreDurability : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void killedWriterLosesNothingCommitted()
    {
        const QString path = m_dir.filePath(QStringLiteral("crash.sqlite"));
        QProcess child;
        child.setProcessChannelMode(QProcess::SeparateChannels);
        child.start(QCoreApplication::applicationFilePath(),
                    {QString::fromLatin1(crashChildFlag), path});
        QVERIFY2(child.waitForStarted(), qPrintable(child.errorString()));

        TaskId taskId = 0;
        QMap<qint64, qint64> committed; // ledger id -> cost
        QByteArray pending;
        auto parseLines = [&] {
            pending += child.readAllStandardOutput();
            qsizetype newline;
            while ((newline = pending.indexOf('\n')) >= 0) {
                const QList<QByteArray> words = pending.left(newline).split(' ');
                pending.remove(0, newline + 1);
                if (words.value(0) == "task")
                    taskId = words.value(1).toLongLong();
                else if (words.value(0) == "ledger" && words.size() == 3)
                    committed.insert(words[1].toLongLong(), words[2].toLongLong());
            }
        };
        while (committed.size() < 300 && child.state() == QProcess::Running) {
            child.waitForReadyRead(10000);
            parseLines();
        }
        QVERIFY2(child.state() == QProcess::Running, child.readAllStandardError().constData());
        child.kill(); // SIGKILL: no destructor, no flush, no checkpoint
        QVERIFY(child.waitForFinished(30000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);
        parseLines(); // lines already written before the kill are committed too
        QVERIFY(taskId > 0);
        QVERIFY(committed.size() >= 300);

        auto writer = StoreWriter::open(path);
        QVERIFY2(writer.ok(), qPrintable(writer.errorMessage()));
        QCOMPARE(*(*writer)->recoverInterrupted(), QList<TaskId>{taskId});
        auto reader = StoreReader::open(path);
        QVERIFY(reader.ok());
        const auto ledger = (*reader)->ledger(taskId);
        QVERIFY(ledger.ok());
        QMap<qint64, qint64> stored;
        for (const LedgerEntry &entry : *ledger)
            stored.insert(entry.id, entry.cost.nanodollars());
        for (auto it = committed.cbegin(); it != committed.cend(); ++it) {
            QVERIFY2(stored.contains(it.key()),
                     qPrintable(QStringLiteral("ledger entry %1 was lost").arg(it.key())));
            QCOMPARE(stored.value(it.key()), it.value());
        }
        // Events appended before a committed ledger call were committed with or before it.
        QVERIFY(*(*reader)->eventCount(taskId) >= qint64(committed.size()) * 20);
        const auto detail = (*reader)->loadTask(taskId);
        QCOMPARE(detail->task.state, TaskState::Interrupted);
        // And the file is sound.
        auto check = Connection::open(path, Connection::Mode::Reader);
        QVERIFY(check.ok());
        QSqlQuery q = (*check)->query();
        QVERIFY(q.exec(QStringLiteral("PRAGMA integrity_check")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("ok"));
    }

    void readOnlyDatabaseIsAClearError()
    {
        const QString path = m_dir.filePath(QStringLiteral("readonly.sqlite"));
        {
            auto writer = StoreWriter::open(path);
            QVERIFY(writer.ok());
            QVERIFY((*writer)->createTask(sampleSpec(QStringLiteral("kept"))).ok());
        } // closing the last connection checkpoints and removes the -wal file
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
        QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::ReadGroup));
        bool immutable = false;
        auto restore = qScopeGuard([&] {
            if (immutable)
                QProcess::execute(QStringLiteral("chattr"), {QStringLiteral("-i"), path});
            QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        });
        if (::access(QFile::encodeName(path).constData(), W_OK) == 0) {
            // Root ignores permission bits; the immutable attribute binds root as well.
            immutable =
                QProcess::execute(QStringLiteral("chattr"), {QStringLiteral("+i"), path}) == 0;
            if (!immutable)
                QSKIP("running as root without chattr: cannot make a file read-only");
        }

        const auto writer = StoreWriter::open(path);
        QVERIFY(!writer.ok());
        QCOMPARE(writer.errorCode(), QStringLiteral("store-read-only"));
        QVERIFY2(writer.errorMessage().contains(path), qPrintable(writer.errorMessage()));
        QVERIFY(writer.errorMessage().contains(QStringLiteral("writable")));
    }

    // A full disk (here: the file size limit, which makes SQLite's writes come up short the
    // way ENOSPC does) fails the write with a clear error and loses nothing: the timeline
    // batch is kept and lands once there is room again.
    void fullDiskIsAClearErrorAndLosesNothing()
    {
        const QString path = m_dir.filePath(QStringLiteral("full.sqlite"));
        auto writer = StoreWriter::open(path);
        QVERIFY(writer.ok());
        StoreWriter &w = **writer;
        const TaskId id = w.createTask(sampleSpec(QStringLiteral("full"))).value();
        QVERIFY(w.recordLedger(ledgerEntry(id, LedgerRole::Implementer,
                                           QStringLiteral("claude-sonnet-4-5"), 7))
                    .ok());

        rlimit original{};
        QCOMPARE(::getrlimit(RLIMIT_FSIZE, &original), 0);
        const qint64 largest =
            std::max(QFileInfo(path).size(), QFileInfo(path + QStringLiteral("-wal")).size());
        rlimit limited = original;
        limited.rlim_cur = rlim_t(largest + 64 * 1024);
        const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
        QCOMPARE(::setrlimit(RLIMIT_FSIZE, &limited), 0);
        auto restore = qScopeGuard([&] {
            ::setrlimit(RLIMIT_FSIZE, &original);
            std::signal(SIGXFSZ, previousHandler);
        });

        const QString big(512 * 1024, QLatin1Char('x'));
        const VoidResult setting = w.setSetting(QStringLiteral("notes"), big);
        QVERIFY(!setting.ok());
        // ENOSPC is SQLITE_FULL; the size limit's EFBIG on a whole frame is an I/O error.
        // Both tell the user what to do.
        QVERIFY2(setting.errorCode() == QStringLiteral("store-disk-full") ||
                     setting.errorCode() == QStringLiteral("store-io-error"),
                 qPrintable(setting.errorMessage()));
        QVERIFY2(setting.errorMessage().contains(QStringLiteral("Free some space")),
                 qPrintable(setting.errorMessage()));

        w.appendEvent(tasks::TaskEvent::make(id, 1, tasks::TaskEventKind::ToolResult,
                                             {{QStringLiteral("output"), big}}));
        QVERIFY(!w.flush().ok());

        restore.dismiss();
        QCOMPARE(::setrlimit(RLIMIT_FSIZE, &original), 0);
        std::signal(SIGXFSZ, previousHandler);
        // Nobody flushes again: the writer's own retry must land the kept event once there
        // is room.
        auto reader = StoreReader::open(path);
        QVERIFY(reader.ok());
        QTRY_COMPARE_WITH_TIMEOUT((*reader)->eventCount(id).valueOr(-1), qint64(1), 10000);
        QVERIFY(w.setSetting(QStringLiteral("notes"), QStringLiteral("short")).ok());
        QCOMPARE((*reader)->ledger(id)->size(), 1);
        QCOMPARE(**(*reader)->setting(QStringLiteral("notes")), QStringLiteral("short"));
    }

    // No table has a column for credentials, payloads and free text are redacted, and the
    // settings refuse keys that name one: after a full run of writes the planted key is in
    // none of the database's files, while the metadata written beside it is.
    void plantedKeyNeverReachesTheFile()
    {
        const QString key = QStringLiteral("sk-ant-api03-PLANTEDxKEYx0123456789abcdefABCDEF");
        const QString path = m_dir.filePath(QStringLiteral("secrets.sqlite"));
        qputenv("ANTHROPIC_API_KEY", key.toUtf8());
        auto unset = qScopeGuard([] { qunsetenv("ANTHROPIC_API_KEY"); });
        QByteArray walBytes;
        {
            auto writer = StoreWriter::open(path);
            QVERIFY(writer.ok());
            StoreWriter &w = **writer;
            const TaskId id = w.createTask(sampleSpec(QStringLiteral("secrets"))).value();
            QVERIFY(walk(w, id, {TaskState::Preparing, TaskState::Implementing}));
            w.appendEvent(tasks::TaskEvent::make(
                id, 1, tasks::TaskEventKind::ToolCall,
                {{QStringLiteral("request"),
                  QJsonObject{
                      {QStringLiteral("url"),
                       QStringLiteral("https://api.anthropic.com/v1/messages")},
                      {QStringLiteral("headers"), QJsonObject{{QStringLiteral("x-api-key"), key},
                                                              {QStringLiteral("anthropic-version"),
                                                               QStringLiteral("2023-06-01")}}},
                      {QStringLiteral("request-id"), QStringLiteral("req_META_42")}}}}));
            w.appendEvent(tasks::TaskEvent::make(
                id, 1, tasks::TaskEventKind::ToolResult,
                {{QStringLiteral("output"),
                  QString(QStringLiteral("$ env\nANTHROPIC_API_KEY=") + key +
                          QStringLiteral("\nAuthorization: Bearer ") + key)}}));
            LedgerEntry entry =
                ledgerEntry(id, LedgerRole::Implementer, QStringLiteral("claude-sonnet-4-5"),
                            3'705'000, QStringLiteral("req_META_42"));
            QVERIFY(w.recordLedger(entry).ok());
            ValidationRecord validation;
            validation.taskId = id;
            validation.commit = QStringLiteral("abc");
            validation.command = QStringLiteral("make test");
            validation.outputExcerpt = QStringLiteral("echo ") + key;
            QVERIFY(w.saveValidation(validation).ok());
            QVERIFY(!w.setSetting(QStringLiteral("providers/anthropic/apiKey"), key).ok());
            QVERIFY(w.setSetting(QStringLiteral("providers/anthropic/baseUrl"),
                                 QStringLiteral("https://api.anthropic.com"))
                        .ok());
            QVERIFY(w.flush().ok());
            walBytes = fileBytes(path + QStringLiteral("-wal"));
        }
        const QByteArray all = fileBytes(path) + walBytes +
                               fileBytes(path + QStringLiteral("-wal")) +
                               fileBytes(path + QStringLiteral("-shm"));
        QVERIFY(all.contains("req_META_42")); // the scan sees what was written
        QVERIFY(all.contains("ANTHROPIC_API_KEY=[redacted]"));
        QVERIFY(!all.contains(key.toUtf8()));
        QVERIFY(!all.contains("PLANTEDxKEY"));
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc == 3 && qstrcmp(argv[1], crashChildFlag) == 0)
        return runCrashWriter(QString::fromLocal8Bit(argv[2]));
    TestStoreDurability test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_storedurability.moc"
