#pragma once

#include "cost/SpendJournal.h"
#include "store/StoreTypes.h"

namespace agentdesk::store {
class StoreWriter;
}

namespace agentdesk::agents {

// The SpendJournal over the store: reservations and their settlement in the store's
// spend_reservations and ledger tables (StoreWriter::reserveSpend / settleReservation), each
// committed before it returns. Worker threads only (the writer blocks its caller).
class StoreSpendJournal : public cost::SpendJournal
{
public:
    // `writer` must outlive the journal.
    explicit StoreSpendJournal(store::StoreWriter *writer);

    Result<qint64> reserve(const cost::SpendReservation &reservation) override;
    Result<QList<qint64>> settle(qint64 reservationId,
                                 const QList<cost::LedgerEntry> &entries) override;

    // The cost layer's entry as the store records it (the task id is the store's number).
    static store::LedgerEntry toStoreEntry(const cost::LedgerEntry &entry);
    static store::LedgerRole roleFromName(const QString &role);

private:
    store::StoreWriter *m_writer;
};

} // namespace agentdesk::agents
