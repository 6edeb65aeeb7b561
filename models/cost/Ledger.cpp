#include "cost/Ledger.h"

namespace agentdesk::cost {

namespace {
void add(LedgerTotals &totals, const LedgerEntry &entry)
{
    totals.cost += entry.cost;
    totals.usage += entry.usage;
    ++totals.calls;
    if (entry.provisional)
        ++totals.provisionalCalls;
}
} // namespace

bool LedgerFilter::matches(const LedgerEntry &entry) const
{
    return (taskId.isEmpty() || entry.taskId == taskId) && (role.isEmpty() || entry.role == role) &&
           (model.isEmpty() || entry.model == model) &&
           (!day.isValid() || entry.time.toLocalTime().date() == day);
}

LedgerFilter LedgerFilter::forTask(const QString &taskId, const QString &role)
{
    LedgerFilter filter;
    filter.taskId = taskId;
    filter.role = role;
    return filter;
}

LedgerFilter LedgerFilter::forDay(const QDate &day)
{
    LedgerFilter filter;
    filter.day = day;
    return filter;
}

Ledger::Ledger(QObject *parent)
    : QObject(parent)
{}

qint64 Ledger::record(LedgerEntry entry)
{
    entry.id = m_nextId++;
    if (!entry.time.isValid())
        entry.time = QDateTime::currentDateTimeUtc();
    m_entries.append(entry);
    Q_EMIT changed(entry);
    return entry.id;
}

qint64 Ledger::beginCall(LedgerEntry draft)
{
    draft.provisional = true;
    return record(std::move(draft));
}

LedgerEntry *Ledger::findEntry(qint64 id)
{
    // Recent calls are at the end: search backwards.
    for (qsizetype i = m_entries.size() - 1; i >= 0; --i) {
        if (m_entries[i].id == id)
            return &m_entries[i];
    }
    return nullptr;
}

bool Ledger::updateProvisional(qint64 id, const llm::Usage &estimate, Money estimatedCost)
{
    LedgerEntry *entry = findEntry(id);
    if (!entry || !entry->provisional)
        return false;
    entry->usage = estimate;
    entry->cost = estimatedCost;
    Q_EMIT changed(*entry);
    return true;
}

bool Ledger::reconcile(qint64 id, const llm::Usage &reported, Money cost, const QString &requestId)
{
    LedgerEntry *entry = findEntry(id);
    if (!entry || !entry->provisional)
        return false;
    entry->usage = reported;
    entry->cost = cost;
    entry->requestId = requestId;
    entry->provisional = false;
    Q_EMIT changed(*entry);
    return true;
}

bool Ledger::discard(qint64 id)
{
    for (qsizetype i = m_entries.size() - 1; i >= 0; --i) {
        if (m_entries[i].id == id && m_entries[i].provisional) {
            LedgerEntry removed = m_entries.takeAt(i);
            removed.usage = {};
            removed.cost = {};
            Q_EMIT changed(removed);
            return true;
        }
    }
    return false;
}

void Ledger::restore(const QList<LedgerEntry> &entries)
{
    for (LedgerEntry entry : entries) {
        entry.id = m_nextId++;
        m_entries.append(entry);
    }
    Q_EMIT reset();
}

QList<LedgerEntry> Ledger::entries(const LedgerFilter &filter) const
{
    QList<LedgerEntry> result;
    for (const LedgerEntry &entry : m_entries) {
        if (filter.matches(entry))
            result.append(entry);
    }
    return result;
}

LedgerTotals Ledger::totals(const LedgerFilter &filter) const
{
    LedgerTotals totals;
    for (const LedgerEntry &entry : m_entries) {
        if (filter.matches(entry))
            add(totals, entry);
    }
    return totals;
}

template<typename Key, typename KeyOf>
QMap<Key, LedgerTotals> Ledger::groupBy(const LedgerFilter &filter, KeyOf keyOf) const
{
    QMap<Key, LedgerTotals> groups;
    for (const LedgerEntry &entry : m_entries) {
        if (filter.matches(entry))
            add(groups[keyOf(entry)], entry);
    }
    return groups;
}

QMap<QString, LedgerTotals> Ledger::totalsByTask(const LedgerFilter &filter) const
{
    return groupBy<QString>(filter, [](const LedgerEntry &e) { return e.taskId; });
}

QMap<QString, LedgerTotals> Ledger::totalsByRole(const LedgerFilter &filter) const
{
    return groupBy<QString>(filter, [](const LedgerEntry &e) { return e.role; });
}

QMap<QString, LedgerTotals> Ledger::totalsByModel(const LedgerFilter &filter) const
{
    return groupBy<QString>(filter, [](const LedgerEntry &e) { return e.model; });
}

QMap<QDate, LedgerTotals> Ledger::totalsByDay(const LedgerFilter &filter) const
{
    return groupBy<QDate>(filter, [](const LedgerEntry &e) { return e.time.toLocalTime().date(); });
}

qint64 Ledger::estimateTokens(qsizetype utf8Bytes)
{
    return (qint64(utf8Bytes) + 3) / 4;
}

} // namespace agentdesk::cost
