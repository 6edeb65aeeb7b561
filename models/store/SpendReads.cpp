// The reader's queries over the money tables: the ledger, its sums by task, role, model or
// day, the day's spend, and the open reservations (the cost breakdown, the budget gates).

#include "store/ReaderQuery.h"
#include "store/StoreReader.h"

#include <QSqlQuery>

namespace agentdesk::store {

using readerquery::fromMs;
using readerquery::select;

namespace {

LedgerEntry ledgerFrom(const QSqlQuery &q)
{
    LedgerEntry e;
    e.id = q.value(0).toLongLong();
    e.taskId = q.value(1).toLongLong();
    e.iteration = q.value(2).toInt();
    e.role = ledgerRoleFromStorageName(q.value(3).toString());
    e.provider = q.value(4).toString();
    e.model = q.value(5).toString();
    e.inputTokens = q.value(6).toLongLong();
    e.outputTokens = q.value(7).toLongLong();
    e.cacheWrite5mTokens = q.value(8).toLongLong();
    e.cacheWrite1hTokens = q.value(9).toLongLong();
    e.cacheReadTokens = q.value(10).toLongLong();
    e.cost = Money::fromNanodollars(q.value(11).toLongLong());
    e.requestId = q.value(12).toString();
    e.at = fromMs(q.value(13));
    e.worstCase = q.value(14).toBool();
    e.note = q.value(15).toString();
    return e;
}

} // namespace

Result<QList<LedgerEntry>> StoreReader::ledger(TaskId id)
{
    QSqlQuery q = m_connection->query();
    if (auto done = select(*m_connection, q,
                           QStringLiteral("SELECT id, task_id, iteration, role, provider, model,"
                                          " input_tokens, output_tokens, cache_write_5m_tokens,"
                                          " cache_write_1h_tokens, cache_read_tokens, cost_nanos,"
                                          " request_id, at, worst_case, note FROM ledger"
                                          " WHERE task_id = ?"
                                          " ORDER BY id"),
                           {id}, QStringLiteral("Loading the ledger"));
        !done)
        return done.error();
    QList<LedgerEntry> entries;
    while (q.next())
        entries.append(ledgerFrom(q));
    return entries;
}

namespace {

// The GROUP BY columns of a cost grouping, and how many result columns they take.
QPair<QString, int> groupKeys(CostGrouping grouping)
{
    switch (grouping) {
    case CostGrouping::Task:
        return {QStringLiteral("task_id"), 1};
    case CostGrouping::Role:
        return {QStringLiteral("role"), 1};
    case CostGrouping::Model:
        return {QStringLiteral("provider, model"), 2};
    case CostGrouping::RoleAndModel:
        return {QStringLiteral("role, provider, model"), 3};
    case CostGrouping::Day:
        return {QStringLiteral("date(at / 1000, 'unixepoch', 'localtime')"), 1};
    }
    return {QStringLiteral("task_id"), 1};
}

CostLine costLineFrom(const QSqlQuery &q, CostGrouping grouping, int keyCount)
{
    CostLine line;
    switch (grouping) {
    case CostGrouping::Task:
        line.taskId = q.value(0).toLongLong();
        break;
    case CostGrouping::Role:
        line.role = ledgerRoleFromStorageName(q.value(0).toString());
        break;
    case CostGrouping::Model:
        line.provider = q.value(0).toString();
        line.model = q.value(1).toString();
        break;
    case CostGrouping::RoleAndModel:
        line.role = ledgerRoleFromStorageName(q.value(0).toString());
        line.provider = q.value(1).toString();
        line.model = q.value(2).toString();
        break;
    case CostGrouping::Day:
        line.day = QDate::fromString(q.value(0).toString(), Qt::ISODate);
        break;
    }
    line.calls = q.value(keyCount).toLongLong();
    line.inputTokens = q.value(keyCount + 1).toLongLong();
    line.outputTokens = q.value(keyCount + 2).toLongLong();
    line.cost = Money::fromNanodollars(q.value(keyCount + 3).toLongLong());
    return line;
}

} // namespace

Result<QList<CostLine>> StoreReader::costs(CostGrouping grouping, std::optional<TaskId> taskId,
                                           const QDateTime &since)
{
    const auto [keys, keyCount] = groupKeys(grouping);
    QString where = QStringLiteral(" WHERE 1=1");
    QVariantList values;
    if (taskId) {
        where += QStringLiteral(" AND task_id = ?");
        values.append(*taskId);
    }
    if (since.isValid()) {
        where += QStringLiteral(" AND at >= ?");
        values.append(since.toMSecsSinceEpoch());
    }
    QSqlQuery q = m_connection->query();
    if (auto done = select(*m_connection, q,
                           QStringLiteral("SELECT ") + keys +
                               QStringLiteral(", COUNT(*), SUM(input_tokens + cache_write_5m_tokens"
                                              " + cache_write_1h_tokens + cache_read_tokens),"
                                              " SUM(output_tokens), SUM(cost_nanos) FROM ledger") +
                               where + QStringLiteral(" GROUP BY ") + keys +
                               QStringLiteral(" ORDER BY ") + keys,
                           values, QStringLiteral("Summing costs"));
        !done)
        return done.error();
    QList<CostLine> lines;
    while (q.next())
        lines.append(costLineFrom(q, grouping, keyCount));
    return lines;
}

Result<Money> StoreReader::spentOn(const QDate &localDay)
{
    QSqlQuery q = m_connection->query();
    if (auto done = select(*m_connection, q,
                           QStringLiteral("SELECT COALESCE(SUM(cost_nanos), 0) FROM ledger"
                                          " WHERE at >= ? AND at < ?"),
                           {localDay.startOfDay().toMSecsSinceEpoch(),
                            localDay.addDays(1).startOfDay().toMSecsSinceEpoch()},
                           QStringLiteral("Summing the day's spend"));
        !done)
        return done.error();
    return Money::fromNanodollars(q.next() ? q.value(0).toLongLong() : 0);
}

Result<QList<SpendReservationRecord>> StoreReader::openReservations()
{
    QSqlQuery q = m_connection->query();
    if (auto done = select(*m_connection, q,
                           QStringLiteral("SELECT id, task_id, iteration, role, provider, model,"
                                          " worst_case_nanos, max_output_tokens, owner_pid,"
                                          " owner_token, at FROM spend_reservations ORDER BY id"),
                           {}, QStringLiteral("Reading reservations"));
        !done)
        return done.error();
    QList<SpendReservationRecord> out;
    while (q.next()) {
        SpendReservationRecord r;
        r.id = q.value(0).toLongLong();
        r.taskId = q.value(1).toLongLong();
        r.iteration = q.value(2).toInt();
        r.role = ledgerRoleFromStorageName(q.value(3).toString());
        r.provider = q.value(4).toString();
        r.model = q.value(5).toString();
        r.worstCase = Money::fromNanodollars(q.value(6).toLongLong());
        r.maxOutputTokens = q.value(7).toInt();
        r.owner = ProcessIdentity{q.value(8).toLongLong(), q.value(9).toString()};
        r.at = fromMs(q.value(10));
        out.append(r);
    }
    return out;
}

} // namespace agentdesk::store
