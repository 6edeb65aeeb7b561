#include "store/WriterCore.h"

#include "store/Connection.h"
#include "store/Migrations.h"
#include "store/TaskWrites.h"

#include <QMutexLocker>

namespace agentdesk::store {

WriterCore::WriterCore() = default;
WriterCore::~WriterCore() = default;

VoidResult WriterCore::openConnection(const QString &path)
{
    auto connection = Connection::open(path, Connection::Mode::Writer);
    if (!connection)
        return connection.error();
    if (auto migrated = Migrations::migrate(**connection); !migrated)
        return migrated;
    m_connection = std::move(connection).value();
    // Created here so the timer belongs to the writer thread.
    m_flushTimer = new QTimer(this);
    m_flushTimer->setSingleShot(true);
    connect(m_flushTimer, &QTimer::timeout, this, &WriterCore::onFlushTimer);
    return {};
}

void WriterCore::closeConnection()
{
    if (!m_connection)
        return;
    if (auto flushed = flushEvents(); !flushed)
        Q_EMIT eventWriteFailed(flushed.error());
    delete m_flushTimer;
    m_flushTimer = nullptr;
    m_connection.reset();
}

void WriterCore::enqueue(tasks::TaskEvent event)
{
    bool wasEmpty = false;
    {
        QMutexLocker lock(&m_bufferMutex);
        wasEmpty = m_buffer.isEmpty();
        m_buffer.append(std::move(event));
    }
    // Only the first event of a batch wakes the writer thread; the rest ride along.
    if (wasEmpty)
        QMetaObject::invokeMethod(
            this, [this] { armFlushTimer(batchIntervalMs); }, Qt::QueuedConnection);
}

qsizetype WriterCore::pendingEvents() const
{
    QMutexLocker lock(&m_bufferMutex);
    return m_buffer.size();
}

void WriterCore::armFlushTimer(int intervalMs)
{
    if (m_flushTimer && !m_flushTimer->isActive())
        m_flushTimer->start(intervalMs);
}

void WriterCore::onFlushTimer()
{
    // A failed flush has already armed its own retry.
    if (auto flushed = flushEvents(); !flushed)
        Q_EMIT eventWriteFailed(flushed.error());
}

VoidResult WriterCore::commitOrRollback()
{
    VoidResult committed = m_connection->commit();
    if (committed) {
        ++m_transactions;
        return {};
    }
    m_connection->rollback();
    return makeError(committed.errorCode(),
                     QStringLiteral("Saving to the database: ") + committed.errorMessage());
}

VoidResult WriterCore::flushEvents()
{
    if (!m_connection)
        return makeError(QStringLiteral("store-closed"), QStringLiteral("The store is closed."));
    QList<tasks::TaskEvent> batch;
    {
        QMutexLocker lock(&m_bufferMutex);
        batch.swap(m_buffer);
    }
    if (batch.isEmpty())
        return {};
    VoidResult result = m_connection->beginImmediate();
    if (!result)
        result = makeError(result.errorCode(),
                           QStringLiteral("Saving the task timeline: ") + result.errorMessage());
    else if (result = TaskWrites::insertEvents(*m_connection, batch); !result)
        m_connection->rollback();
    else
        result = commitOrRollback();
    if (!result) {
        // Keep the batch, ahead of anything that arrived meanwhile: a full disk delays the
        // timeline, it does not lose it.
        {
            QMutexLocker lock(&m_bufferMutex);
            batch.append(m_buffer);
            m_buffer.swap(batch);
        }
        // enqueue() only wakes us for an empty buffer, so whoever called (the timer, a flush,
        // a transaction) must leave a retry armed or the kept events would wait for the next
        // write to come along.
        armFlushTimer(retryIntervalMs);
        return result;
    }
    ++m_eventBatches;
    m_eventsWritten += quint64(batch.size());
    QList<tasks::TaskId> touched;
    for (const tasks::TaskEvent &event : batch) {
        if (!touched.contains(event.taskId))
            touched.append(event.taskId);
    }
    Q_EMIT eventsCommitted(touched);
    return {};
}

VoidResult WriterCore::runInTransaction(const std::function<VoidResult(Connection &)> &job)
{
    if (!m_connection)
        return makeError(QStringLiteral("store-closed"), QStringLiteral("The store is closed."));
    // Events reported before this job keep their place in the timeline.
    if (auto flushed = flushEvents(); !flushed)
        Q_EMIT eventWriteFailed(flushed.error());
    if (VoidResult begun = m_connection->beginImmediate(); !begun)
        return begun;
    if (VoidResult done = job(*m_connection); !done) {
        m_connection->rollback();
        return done;
    }
    return commitOrRollback();
}

} // namespace agentdesk::store
