#include "agents/api/StoreSpendJournal.h"

#include "store/StoreWriter.h"

namespace agentdesk::agents {

StoreSpendJournal::StoreSpendJournal(store::StoreWriter *writer)
    : m_writer(writer)
{}

store::LedgerRole StoreSpendJournal::roleFromName(const QString &role)
{
    return store::ledgerRoleFromStorageName(role);
}

store::LedgerEntry StoreSpendJournal::toStoreEntry(const cost::LedgerEntry &entry)
{
    store::LedgerEntry out;
    out.taskId = entry.taskId.toLongLong();
    out.iteration = entry.iteration;
    out.role = roleFromName(entry.role);
    out.provider = entry.provider;
    out.model = entry.model;
    out.inputTokens = entry.usage.inputTokens;
    out.outputTokens = entry.usage.outputTokens;
    out.cacheWrite5mTokens = entry.usage.cacheWrite5mTokens;
    out.cacheWrite1hTokens = entry.usage.cacheWrite1hTokens;
    out.cacheReadTokens = entry.usage.cacheReadTokens;
    out.cost = entry.cost;
    out.requestId = entry.requestId;
    out.at = entry.time.isValid() ? entry.time : QDateTime::currentDateTimeUtc();
    out.note = entry.note;
    return out;
}

Result<qint64> StoreSpendJournal::reserve(const cost::SpendReservation &reservation)
{
    store::SpendReservationRecord record;
    record.taskId = reservation.taskId.toLongLong();
    record.iteration = reservation.iteration;
    record.role = roleFromName(reservation.role);
    record.provider = reservation.provider;
    record.model = reservation.model;
    record.worstCase = reservation.worstCase;
    record.maxOutputTokens = reservation.maxOutputTokens;
    return m_writer->reserveSpend(record);
}

Result<QList<qint64>> StoreSpendJournal::settle(qint64 reservationId,
                                                const QList<cost::LedgerEntry> &entries)
{
    QList<store::LedgerEntry> converted;
    for (const cost::LedgerEntry &entry : entries)
        converted.append(toStoreEntry(entry));
    return m_writer->settleReservation(reservationId, converted);
}

} // namespace agentdesk::agents
