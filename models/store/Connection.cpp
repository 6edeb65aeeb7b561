#include "store/Connection.h"

#include <QAtomicInteger>
#include <QDeadlineTimer>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QThread>

#include <sqlite3.h>

namespace agentdesk::store {

namespace {

QAtomicInteger<quint64> connectionCounter;

// SQLite's primary result codes (the low byte of an extended code).
enum SqliteCode
{
    SqliteBusy = 5,
    SqliteLocked = 6,
    SqliteReadOnly = 8,
    SqliteIoErr = 10,
    SqliteCorrupt = 11,
    SqliteFull = 13,
    SqliteCantOpen = 14,
    SqliteNotADb = 26,
};

} // namespace

namespace {

// Qt Sql reports no native code for some failures (a failed COMMIT among them), so the
// classification falls back on SQLite's fixed messages.
int classify(const QSqlError &error)
{
    bool numeric = false;
    const int code = error.nativeErrorCode().toInt(&numeric) & 0xff;
    if (numeric && code != 0 && code != 1)
        return code;
    const QString text = error.text();
    const auto has = [&](const char *words) { return text.contains(QLatin1String(words)); };
    if (has("disk is full"))
        return SqliteFull;
    if (has("readonly"))
        return SqliteReadOnly;
    if (has("disk I/O error"))
        return SqliteIoErr;
    if (has("database is locked") || has("database table is locked"))
        return SqliteBusy;
    if (has("not a database") || has("malformed"))
        return SqliteCorrupt;
    if (has("unable to open database"))
        return SqliteCantOpen;
    return numeric ? code : 0;
}

} // namespace

Error sqlError(const QSqlError &error, const QString &what, const QString &path)
{
    const int code = classify(error);
    const QString where =
        QStringLiteral(" (") + path + QStringLiteral("): ") + error.text().trimmed();
    const QString nothingLost = QStringLiteral(" Free some space and try again; nothing already "
                                               "saved was lost.");
    switch (code) {
    case SqliteFull:
        return makeError(QStringLiteral("store-disk-full"),
                         what + QStringLiteral(" failed because the disk is full") + where +
                             QLatin1Char('.') + nothingLost);
    case SqliteIoErr:
        return makeError(QStringLiteral("store-io-error"),
                         what +
                             QStringLiteral(" failed with a disk error; the disk may be full "
                                            "or failing") +
                             where + QLatin1Char('.') + nothingLost);
    case SqliteReadOnly:
        return makeError(QStringLiteral("store-read-only"),
                         what + QStringLiteral(" failed because the database is read-only") +
                             where +
                             QStringLiteral(". Make the file and its folder writable by you."));
    case SqliteBusy:
    case SqliteLocked:
        return makeError(QStringLiteral("store-busy"),
                         what +
                             QStringLiteral(" failed: the database is locked by another "
                                            "program") +
                             where +
                             QStringLiteral(". Another program kept it busy for over two "
                                            "minutes; nothing was changed. Try again."));
    case SqliteCorrupt:
    case SqliteNotADb:
        return makeError(QStringLiteral("store-corrupt"),
                         what +
                             QStringLiteral(" failed: the file is not a valid AgentDesk "
                                            "database") +
                             where + QStringLiteral(". Move it aside to start afresh."));
    case SqliteCantOpen:
        return makeError(QStringLiteral("store-cannot-open"),
                         what + QStringLiteral(" failed: the database file cannot be opened") +
                             where +
                             QStringLiteral(". Check that its folder exists and is "
                                            "writable."));
    default:
        return makeError(QStringLiteral("store-error"), what + QStringLiteral(" failed") + where);
    }
}

Connection::Connection(QString name, QString path)
    : m_name(std::move(name))
    , m_path(std::move(path))
{}

Connection::~Connection()
{
    if (m_db.isValid())
        m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

Result<std::unique_ptr<Connection>> Connection::open(const QString &path, Mode mode)
{
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        return makeError(QStringLiteral("store-no-driver"),
                         QStringLiteral("Qt's SQLite driver (QSQLITE) is not installed; install "
                                        "the Qt 6 SQL SQLite plugin (Debian: libqt6sql6-sqlite)."));
    const QString name = QStringLiteral("agentdesk-store-") +
                         QString::number(connectionCounter.fetchAndAddRelaxed(1));
    std::unique_ptr<Connection> connection(new Connection(name, path));
    connection->m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    connection->m_db.setDatabaseName(path);
    // Set again on the native handle once open (configureNativeHandle): this option alone
    // is parsed by Qt's driver, whose handling varies between Qt versions.
    connection->m_db.setConnectOptions(
        QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(busyTimeoutMs));
    if (mode == Mode::Reader && !QFileInfo::exists(path))
        return makeError(QStringLiteral("store-missing"),
                         QStringLiteral("The database ") + path +
                             QStringLiteral(" does not exist yet; the writer creates it."));
    if (!connection->m_db.open())
        return sqlError(connection->m_db.lastError(), QStringLiteral("Opening the database"), path);
    if (auto configured = connection->configure(mode); !configured)
        return configured.error();
    return connection;
}

VoidResult Connection::configureNativeHandle(Mode mode)
{
    const QVariant handle = m_db.driver()->handle();
    sqlite3 *native = nullptr;
    if (handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0)
        native = *static_cast<sqlite3 *const *>(handle.constData());
    if (!native)
        return makeError(QStringLiteral("store-error"),
                         QStringLiteral("Qt's SQLite driver gave no native handle for ") + m_path);
    // Every connection waits its turn for a lock held elsewhere, in this process or another.
    sqlite3_busy_timeout(native, busyTimeoutMs);
    // SQLite checkpoints the log and deletes it when the last connection to a file closes —
    // a write. A reader (`agentdesk list` in another terminal) must never write: leave that to
    // the writer.
    if (mode == Mode::Reader)
        sqlite3_db_config(native, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    return {};
}

VoidResult Connection::configure(Mode mode)
{
    if (auto native = configureNativeHandle(mode); !native)
        return native;
    // synchronous=FULL for the whole writer connection, not just ledger transactions: every
    // state transition must also survive a power cut before it is shown, and with events
    // batched at most every ~25 ms the extra fsync per commit costs little (the benchmark
    // measures it). In WAL mode FULL syncs the log on each commit.
    const QStringList writerPragmas = {
        QStringLiteral("PRAGMA journal_mode=WAL"),
        QStringLiteral("PRAGMA synchronous=FULL"),
        QStringLiteral("PRAGMA foreign_keys=ON"),
    };
    const QStringList readerPragmas = {
        QStringLiteral("PRAGMA foreign_keys=ON"),
        QStringLiteral("PRAGMA query_only=ON"),
    };
    for (const QString &pragma : mode == Mode::Writer ? writerPragmas : readerPragmas) {
        // Switching a new file to WAL needs it to itself for a moment: ten processes starting
        // on a fresh data folder at once take turns.
        if (auto done = execRetryingBusy(pragma); !done)
            return done;
    }
    if (mode == Mode::Writer) {
        // journal_mode answers with the mode it got; a read-only file cannot switch to WAL
        // and silently stays in its old mode, so check before trusting it.
        QString journalMode;
        {
            QSqlQuery check = query();
            if (!check.exec(QStringLiteral("PRAGMA journal_mode")) || !check.next())
                return sqlError(check.lastError(), QStringLiteral("Reading the journal mode"),
                                m_path);
            journalMode = check.value(0).toString();
            // A statement left open holds a read snapshot: the BEGIN IMMEDIATE that follows
            // would then be an upgrade from a stale snapshot, which SQLite refuses at once
            // (SQLITE_BUSY_SNAPSHOT, no busy handler) for as long as the statement lives —
            // ten processes starting together never got the lock.
            check.finish();
        }
        if (journalMode.compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
            return makeError(QStringLiteral("store-read-only"),
                             QStringLiteral("The database ") + m_path +
                                 QStringLiteral(" could not switch to write-ahead logging, "
                                                "most likely because it or its folder is "
                                                "read-only. Make them writable by you."));
        if (auto writable = probeWritable(); !writable)
            return writable;
    }
    return {};
}

VoidResult Connection::probeWritable()
{
    // A file already in WAL mode reports "wal", and even takes the write lock (that lives in
    // the -shm file), when the database itself cannot be written. Rewriting the header's
    // user_version with its own value inside a rolled-back transaction is a real write that
    // changes nothing: SQLite answers SQLITE_READONLY here instead of at the first commit.
    QSqlQuery q = query();
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return sqlError(q.lastError(), QStringLiteral("Reading the schema version"), m_path);
    const QString version = q.value(0).toString();
    q.finish();
    if (auto begun = beginImmediate(); !begun)
        return begun;
    const VoidResult written = exec(QStringLiteral("PRAGMA user_version = ") + version);
    rollback();
    if (!written)
        return makeError(written.errorCode(), QStringLiteral("Opening the database for writing: ") +
                                                  written.errorMessage());
    return {};
}

VoidResult Connection::execRetryingBusy(const QString &sql)
{
    QDeadlineTimer deadline(writeLockPatienceMs);
    int pauseMs = 5;
    for (;;) {
        VoidResult done = exec(sql);
        if (done || done.errorCode() != QLatin1String("store-busy") || deadline.hasExpired())
            return done;
        // SQLite's busy handler is not called where waiting could deadlock, and gives up after
        // busyTimeoutMs: pause briefly (jittered by the other processes' own pauses) and retry.
        ++m_busyRetries;
        QThread::msleep(ulong(pauseMs));
        pauseMs = qMin(pauseMs * 2, 250);
    }
}

VoidResult Connection::beginImmediate()
{
    return execRetryingBusy(QStringLiteral("BEGIN IMMEDIATE"));
}

VoidResult Connection::commit()
{
    // In WAL mode a COMMIT needs no lock beyond the write lock already held: no retry.
    return exec(QStringLiteral("COMMIT"));
}

void Connection::rollback()
{
    // Fails harmlessly when SQLite already rolled back (after a full disk, for one).
    QSqlQuery q(m_db);
    (void)q.exec(QStringLiteral("ROLLBACK"));
}

VoidResult Connection::exec(const QString &sql)
{
    QSqlQuery q(m_db);
    if (!q.exec(sql))
        return sqlError(q.lastError(), QStringLiteral("Running \"") + sql + QLatin1Char('"'),
                        m_path);
    return {};
}

} // namespace agentdesk::store
