#include "store/SpendWrites.h"

#include "store/Connection.h"
#include "store/TaskWrites.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace agentdesk::store {

namespace {

VoidResult exec(Connection &c, QSqlQuery &q, const QString &sql, const QVariantList &values,
                const QString &what)
{
    if (!q.prepare(sql))
        return sqlError(q.lastError(), what, c.path());
    for (const QVariant &value : values) {
        // Text columns are NOT NULL: an unset text is "".
        const bool nullText = value.typeId() == QMetaType::QString && value.toString().isNull();
        q.addBindValue(nullText ? QVariant(QStringLiteral("")) : value);
    }
    if (!q.exec())
        return sqlError(q.lastError(), what, c.path());
    return {};
}

SpendReservationRecord reservationFrom(const QSqlQuery &q)
{
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
    r.at = QDateTime::fromMSecsSinceEpoch(q.value(10).toLongLong(), Qt::UTC);
    return r;
}

const QString reservationColumns =
    QStringLiteral("id, task_id, iteration, role, provider, model, worst_case_nanos,"
                   " max_output_tokens, owner_pid, owner_token, at");

} // namespace

Result<qint64> SpendWrites::reserve(Connection &c, const SpendReservationRecord &r)
{
    QSqlQuery q = c.query();
    const ProcessIdentity owner = r.owner.isNull() ? ProcessIdentity::current() : r.owner;
    if (auto done =
            exec(c, q,
                 QStringLiteral("INSERT INTO spend_reservations(task_id, iteration, role,"
                                " provider, model, worst_case_nanos, max_output_tokens,"
                                " owner_pid, owner_token, at)"
                                " VALUES (?,?,?,?,?,?,?,?,?,?)"),
                 {r.taskId, r.iteration, ledgerRoleStorageName(r.role), r.provider, r.model,
                  r.worstCase.nanodollars(), r.maxOutputTokens, owner.pid, owner.token,
                  r.at.isValid() ? r.at.toMSecsSinceEpoch() : QDateTime::currentMSecsSinceEpoch()},
                 QStringLiteral("Reserving a model call's worst case"));
        !done)
        return done.error();
    return q.lastInsertId().toLongLong();
}

Result<QList<qint64>> SpendWrites::settle(Connection &c, qint64 reservationId,
                                          const QList<LedgerEntry> &entries)
{
    QSqlQuery q = c.query();
    if (auto done = exec(c, q, QStringLiteral("DELETE FROM spend_reservations WHERE id=?"),
                         {reservationId}, QStringLiteral("Settling a model call's cost"));
        !done)
        return done.error();
    if (q.numRowsAffected() != 1)
        return makeError(QStringLiteral("reservation-missing"),
                         QStringLiteral("The reservation %1 was already counted at its worst "
                                        "case; its real cost is not recorded again.")
                             .arg(reservationId));
    QList<qint64> ids;
    for (const LedgerEntry &entry : entries) {
        const Result<qint64> id = TaskWrites::recordLedger(c, entry);
        if (!id)
            return id.error();
        ids.append(*id);
    }
    return ids;
}

Result<QList<SpendReservationRecord>> SpendWrites::open(Connection &c)
{
    QSqlQuery q = c.query();
    if (auto done = exec(c, q,
                         QStringLiteral("SELECT ") + reservationColumns +
                             QStringLiteral(" FROM spend_reservations ORDER BY id"),
                         {}, QStringLiteral("Reading reservations"));
        !done)
        return done.error();
    QList<SpendReservationRecord> out;
    while (q.next())
        out.append(reservationFrom(q));
    return out;
}

Result<QList<LedgerEntry>> SpendWrites::settleAbandoned(Connection &c)
{
    const Result<QList<SpendReservationRecord>> reservations = open(c);
    if (!reservations)
        return reservations.error();
    QList<LedgerEntry> recorded;
    for (const SpendReservationRecord &r : *reservations) {
        if (r.owner.isCurrentProcess() || r.owner.isAlive())
            continue; // still in flight in a running process
        LedgerEntry entry;
        entry.taskId = r.taskId;
        entry.iteration = r.iteration;
        entry.role = r.role;
        entry.provider = r.provider;
        entry.model = r.model;
        entry.cost = r.worstCase;
        entry.at = r.at;
        entry.worstCase = true;
        entry.note = QStringLiteral("AgentDesk stopped (pid %1) while this call was in flight; "
                                    "its cost is unknown, so it counts at its worst case, %2 "
                                    "(up to %3 output tokens).")
                         .arg(r.owner.pid)
                         .arg(r.worstCase.format(6))
                         .arg(r.maxOutputTokens);
        const Result<QList<qint64>> settled = settle(c, r.id, {entry});
        if (!settled)
            return settled.error();
        entry.id = settled->value(0);
        recorded.append(entry);
    }
    return recorded;
}

} // namespace agentdesk::store
