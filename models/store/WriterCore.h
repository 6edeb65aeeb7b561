#pragma once

#include "core/Result.h"
#include "tasks/TaskEvent.h"

#include <QList>
#include <QMutex>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <functional>
#include <memory>

namespace agentdesk::store {

class Connection;

// The half of the writer that lives on the writer thread: it owns the only writing
// connection, runs jobs in transactions one at a time, and commits buffered timeline events
// in batches. StoreWriter is its face to other threads.
class WriterCore : public QObject
{
    Q_OBJECT

public:
    // How long a buffered event may wait before its batch commits (the brief asks ≤ ~50 ms).
    static constexpr int batchIntervalMs = 25;
    static constexpr int retryIntervalMs = 1000;

    WriterCore();
    ~WriterCore() override;

    // Writer thread only.
    VoidResult openConnection(const QString &path);
    void closeConnection();
    // Flushes the event buffer, then runs `job` in its own transaction.
    VoidResult runInTransaction(const std::function<VoidResult(Connection &)> &job);
    VoidResult flushEvents();

    // Any thread.
    void enqueue(tasks::TaskEvent event);

    quint64 transactionsCommitted() const { return m_transactions.load(); }
    quint64 eventBatchesCommitted() const { return m_eventBatches.load(); }
    quint64 eventsWritten() const { return m_eventsWritten.load(); }
    qsizetype pendingEvents() const;

Q_SIGNALS:
    void eventWriteFailed(const agentdesk::Error &error);
    // A batch of timeline events committed: the tasks it held, each once (the engine reads
    // what a watched task appended; the events' ids exist only now).
    void eventsCommitted(const QList<agentdesk::tasks::TaskId> &tasks);

private:
    void armFlushTimer(int intervalMs);
    void onFlushTimer();
    VoidResult commitOrRollback();

    std::unique_ptr<Connection> m_connection;
    QTimer *m_flushTimer = nullptr;

    mutable QMutex m_bufferMutex;
    QList<tasks::TaskEvent> m_buffer;

    std::atomic<quint64> m_transactions{0};
    std::atomic<quint64> m_eventBatches{0};
    std::atomic<quint64> m_eventsWritten{0};
};

} // namespace agentdesk::store
