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
        Reader, // query_only: a reader cannot write by mistake
    };

    static Result<std::unique_ptr<Connection>> open(const QString &path, Mode mode);
    ~Connection();
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    QSqlDatabase &database() { return m_db; }
    const QString &path() const { return m_path; }

    // Runs one statement without results (pragmas, DDL).
    VoidResult exec(const QString &sql);
    QSqlQuery query() const { return QSqlQuery(m_db); }

private:
    Connection(QString name, QString path);
    VoidResult configure(Mode mode);
    VoidResult probeWritable();

    QString m_name;
    QString m_path;
    QSqlDatabase m_db;
};

// Turns a Qt Sql error into an Error a user can act on: a full disk, a read-only or locked
// file, a corrupt database each get their own code and advice.
Error sqlError(const QSqlError &error, const QString &what, const QString &path);

} // namespace agentdesk::store
