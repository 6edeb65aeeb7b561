#pragma once

#include "core/Result.h"
#include "store/StoreTypes.h"

#include <QList>

namespace agentdesk::store {

class Connection;

// The writer's statements for durable spend: a call's worst case reserved before its request
// leaves, settled to what it really cost, and reservations whose process died counted at their
// worst case. Each runs inside the writer thread's transaction; none commits.
class SpendWrites
{
public:
    static Result<qint64> reserve(Connection &c, const SpendReservationRecord &reservation);
    // Removes the reservation and records `entries` (the call's real cost; empty when nothing
    // was billed). "reservation-missing" when it is gone, and then nothing is recorded: it was
    // already counted at its worst case.
    static Result<QList<qint64>> settle(Connection &c, qint64 reservationId,
                                        const QList<LedgerEntry> &entries);
    // Every reservation whose owner is no longer running becomes a ledger entry at its worst
    // case (worstCase set, with a note). Returns the entries recorded.
    static Result<QList<LedgerEntry>> settleAbandoned(Connection &c);
    static Result<QList<SpendReservationRecord>> open(Connection &c);
};

} // namespace agentdesk::store
