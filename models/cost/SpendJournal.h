#pragma once

#include "core/Money.h"
#include "core/Result.h"
#include "cost/Ledger.h"

#include <QList>
#include <QString>

namespace agentdesk::cost {

// One call's worst case, as reserved before its request leaves.
struct SpendReservation
{
    QString taskId;
    int iteration = 1;
    QString role; // "implementer", "reviewer"
    QString provider;
    QString model;
    Money worstCase;
    int maxOutputTokens = 0;
};

// Where spend is held durably (issue 16): a call's worst case is written before its request
// leaves, and replaced by what the call really cost when it ends, so a process killed mid-call
// never loses that spend — the next start counts whatever is still reserved at its worst case.
// Implemented over the store (agents/api/StoreSpendJournal); called from worker threads, each
// call durable when it returns.
class SpendJournal
{
public:
    virtual ~SpendJournal() = default;
    // The reservation's id. An error (a full disk) means the call must not be sent.
    virtual Result<qint64> reserve(const SpendReservation &reservation) = 0;
    // Replaces the reservation by `entries` (none: nothing was billed) in one transaction;
    // returns their ledger ids, in order.
    virtual Result<QList<qint64>> settle(qint64 reservationId,
                                         const QList<LedgerEntry> &entries) = 0;
};

} // namespace agentdesk::cost
