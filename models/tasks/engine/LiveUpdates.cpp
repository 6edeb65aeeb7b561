#include "tasks/engine/LiveUpdates.h"

#include "store/StoreReader.h"
#include "store/StoreWriter.h"
#include "tasks/engine/Scheduler.h"

namespace agentdesk::tasks {

namespace {

// Enough for any burst between two commits; a longer backlog is read page by page.
constexpr int kEventPage = 500;

} // namespace

LiveUpdates::LiveUpdates(Scheduler *scheduler)
    : QObject(scheduler)
    , m_scheduler(scheduler)
{}

void LiveUpdates::attach()
{
    if (store::StoreWriter *writer = m_scheduler->writer())
        connect(writer, &store::StoreWriter::eventsCommitted, this, &LiveUpdates::onEventsCommitted,
                Qt::UniqueConnection);
}

void LiveUpdates::watch(TaskId id, qint64 afterEventId)
{
    m_watched = id;
    m_lastEventId = afterEventId;
    m_lastGate.reset();
    if (id > 0)
        readWatchedEvents(); // what committed between the snapshot and now
}

void LiveUpdates::publishAllFindingCounts()
{
    store::StoreReader *reader = m_scheduler->reader();
    if (!reader)
        return;
    auto counts = reader->findingCounts();
    if (counts)
        Q_EMIT findingCountsChanged(*counts, true);
}

void LiveUpdates::publishFindingCounts(TaskId id)
{
    store::StoreReader *reader = m_scheduler->reader();
    if (!reader)
        return;
    auto counts = reader->findingCounts(id);
    if (!counts)
        return;
    QHash<TaskId, store::FindingCounts> one;
    one.insert(id, counts->value(id)); // absent: none open any more
    Q_EMIT findingCountsChanged(one, false);
}

void LiveUpdates::findingsChanged(TaskId id)
{
    publishFindingCounts(id);
    gateInputsChanged(id);
}

void LiveUpdates::publishSummary(TaskId id)
{
    store::StoreReader *reader = m_scheduler->reader();
    if (!reader)
        return;
    auto summary = reader->taskSummary(id);
    if (summary && summary->has_value())
        Q_EMIT taskUpserted(**summary);
}

void LiveUpdates::refresh(TaskId id)
{
    publishSummary(id);
    publishFindingCounts(id);
}

void LiveUpdates::stateChanged(TaskId id)
{
    publishSummary(id);
    // Findings change only when a review saves them or a new iteration starts; both are state
    // changes, and one task's counts are one indexed query.
    publishFindingCounts(id);
    if (id != m_watched)
        return;
    readWatchedEvents(); // the transition's own event
    refreshWatchedGate();
}

void LiveUpdates::gateInputsChanged(TaskId id)
{
    if (id == m_watched)
        refreshWatchedGate();
}

void LiveUpdates::onEventsCommitted(const QList<TaskId> &tasks)
{
    if (m_watched > 0 && tasks.contains(m_watched))
        readWatchedEvents();
}

void LiveUpdates::readWatchedEvents()
{
    store::StoreReader *reader = m_scheduler->reader();
    if (!reader || m_watched <= 0)
        return;
    QList<store::StoredEvent> appended;
    for (;;) {
        auto page = reader->events(m_watched, m_lastEventId, kEventPage);
        if (!page)
            break;
        appended.append(page->events);
        if (!page->events.isEmpty())
            m_lastEventId = qMax(m_lastEventId, page->events.constLast().id);
        if (page->atEnd || page->events.isEmpty())
            break;
    }
    if (!appended.isEmpty())
        Q_EMIT timelineAppended(m_watched, appended);
}

void LiveUpdates::refreshWatchedGate()
{
    Result<GateAnswer> answer = m_scheduler->gate(m_watched);
    if (!answer || (m_lastGate && *m_lastGate == *answer))
        return;
    m_lastGate = *answer;
    Q_EMIT gateChanged(m_watched, *answer);
}

} // namespace agentdesk::tasks
