#pragma once

// Helpers the StoreReader's files share (StoreReader.cpp, ReviewReads.cpp, SpendReads.cpp);
// not part of the store's interface.

#include "store/Connection.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace agentdesk::store::readerquery {

// Runs a prepared query with its values bound in order.
inline VoidResult select(Connection &c, QSqlQuery &q, const QString &sql,
                         const QVariantList &values, const QString &what)
{
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return sqlError(q.lastError(), what, c.path());
    for (const QVariant &value : values)
        q.addBindValue(value);
    if (!q.exec())
        return sqlError(q.lastError(), what, c.path());
    return {};
}

// A column of milliseconds since the epoch (UTC); NULL is an invalid time.
inline QDateTime fromMs(const QVariant &value)
{
    if (value.isNull())
        return QDateTime();
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

} // namespace agentdesk::store::readerquery
