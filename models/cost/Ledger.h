#pragma once

#include "core/Money.h"
#include "llm/Usage.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QMap>
#include <QObject>
#include <QString>

namespace agentdesk::cost {

// One model call, as the store will persist it.
struct LedgerEntry
{
    qint64 id = 0; // assigned by the ledger
    QString taskId;
    int iteration = 0;
    QString role; // "implementer", "reviewer", ...
    QString provider;
    QString model;
    llm::Usage usage;
    Money cost;
    QString requestId;
    QDateTime time;
    // While a stream runs, usage and cost are estimates from what has arrived so far.
    bool provisional = false;
    // Why the entry is suspect, e.g. the provider reported more output than max_tokens.
    QString note;
    // Already in the store (written by a SpendJournal when it settled the call's reservation):
    // whoever records entries must not write it again. When settling failed, the reservation
    // stays stored and is counted at its worst case by the next start: nothing is lost.
    bool stored = false;
};

struct LedgerFilter
{
    QString taskId; // empty: any
    QString role;
    QString model;
    QDate day; // invalid: any; days are local calendar days
    bool matches(const LedgerEntry &entry) const;

    static LedgerFilter forTask(const QString &taskId, const QString &role = QString());
    static LedgerFilter forDay(const QDate &day);
};

struct LedgerTotals
{
    Money cost;
    llm::Usage usage;
    int calls = 0;
    int provisionalCalls = 0;
};

// Every call recorded and aggregated live, per task, role, model and day. A stream's entry
// starts provisional, is updated as tokens arrive, and is reconciled with the usage the
// provider reports. Lives on the thread that reads it (the GUI's); workers post to it.
class Ledger : public QObject
{
    Q_OBJECT
public:
    explicit Ledger(QObject *parent = nullptr);

    // A finished call. Returns its id.
    qint64 record(LedgerEntry entry);
    // A call that has started streaming: provisional until reconcile().
    qint64 beginCall(LedgerEntry draft);
    bool updateProvisional(qint64 id, const llm::Usage &estimate, Money estimatedCost);
    bool reconcile(qint64 id, const llm::Usage &reported, Money cost, const QString &requestId);
    // Drops a provisional entry (the call failed before the provider billed anything).
    bool discard(qint64 id);
    // Loads entries the store kept from earlier sessions (no signal per entry).
    void restore(const QList<LedgerEntry> &entries);

    QList<LedgerEntry> entries(const LedgerFilter &filter = {}) const;
    LedgerTotals totals(const LedgerFilter &filter = {}) const;
    QMap<QString, LedgerTotals> totalsByTask(const LedgerFilter &filter = {}) const;
    QMap<QString, LedgerTotals> totalsByRole(const LedgerFilter &filter = {}) const;
    QMap<QString, LedgerTotals> totalsByModel(const LedgerFilter &filter = {}) const;
    QMap<QDate, LedgerTotals> totalsByDay(const LedgerFilter &filter = {}) const;

    // Output tokens a stream has produced so far, from its UTF-8 size: about four bytes per
    // token in English and code, rounded up. For the live meter only; never for budgets.
    static qint64 estimateTokens(qsizetype utf8Bytes);

Q_SIGNALS:
    void changed(const agentdesk::cost::LedgerEntry &entry);
    void reset();

private:
    LedgerEntry *findEntry(qint64 id);
    template<typename Key, typename KeyOf>
    QMap<Key, LedgerTotals> groupBy(const LedgerFilter &filter, KeyOf keyOf) const;

    QList<LedgerEntry> m_entries;
    qint64 m_nextId = 1;
};

} // namespace agentdesk::cost

Q_DECLARE_METATYPE(agentdesk::cost::LedgerEntry)
