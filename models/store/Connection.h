#pragma once

#include "core/Result.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <memory>

class QSqlError;

namespace agentdesk::store {

// One Qt Sql connection to the store's file, owned by the thread that opened it (Qt Sql
// connections must not cross threads). Each gets a unique name, so any number of readers and
// the writer coexist; the destructor closes and unregisters it.
class Connection
{
public:
    enum class Mode
    {
        Writer, // creates the file, WAL, synchronous=FULL
        Reader, // query_only, and no checkpoint on close: a reader never writes the file
    };

    // How long SQLite itself waits for a lock another connection (or process) holds before
    // a statement reports SQLITE_BUSY, set on the native handle of every connection.
    static constexpr int busyTimeoutMs = 10000;
    // How long beginImmediate() keeps trying for the write lock, across busy timeouts, before
    // it gives up with "store-busy".
    static constexpr int writeLockPatienceMs = 120000;

    static Result<std::unique_ptr<Connection>> open(const QString &path, Mode mode);
    ~Connection();
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    QSqlDatabase &database() { return m_db; }
    const QString &path() const { return m_path; }

    // Runs one statement without results (pragmas, DDL).
    VoidResult exec(const QString &sql);
    // Starts a write transaction holding the write lock from its first statement (so it can
    // never fail half-way for a lock, the way a deferred one upgrading from a stale read
    // snapshot does), waiting and retrying while other connections — in this or other
    // processes — hold it. "store-busy" only after writeLockPatienceMs.
    VoidResult beginImmediate();
    VoidResult commit();
    void rollback();
    // Busy waits of beginImmediate() so far, for tests.
    int busyRetries() const { return m_busyRetries; }
    QSqlQuery query() const { return QSqlQuery(m_db); }

private:
    Connection(QString name, QString path);
    VoidResult configure(Mode mode);
    VoidResult configureNativeHandle(Mode mode);
    VoidResult probeWritable();
    VoidResult execRetryingBusy(const QString &sql);

    QString m_name;
    QString m_path;
    QSqlDatabase m_db;
    int m_busyRetries = 0;
};

// Turns a Qt Sql error into an Error a user can act on: a full disk, a read-only or locked
// file, a corrupt database each get their own code and advice.
Error sqlError(const QSqlError &error, const QString &what, const QString &path);

} // namespace agentdesk::store
