#include "store/StoreWriter.h"

#include "store/CalibrationStore.h"
#include "store/SpendWrites.h"
#include "store/TaskWrites.h"
#include "store/WriterCore.h"

#include <QThread>

namespace agentdesk::store {

StoreWriter::StoreWriter(QString path)
    : m_path(std::move(path))
{}

Result<std::unique_ptr<StoreWriter>> StoreWriter::open(const QString &path)
{
    std::unique_ptr<StoreWriter> writer(new StoreWriter(path));
    writer->m_thread.setObjectName(QStringLiteral("agentdesk-store-writer"));
    writer->m_core = new WriterCore;
    writer->m_core->moveToThread(&writer->m_thread);
    QObject::connect(&writer->m_thread, &QThread::finished, writer->m_core, &QObject::deleteLater);
    QObject::connect(writer->m_core, &WriterCore::eventWriteFailed, writer.get(),
                     &StoreWriter::writeFailed);
    QObject::connect(writer->m_core, &WriterCore::eventsCommitted, writer.get(),
                     &StoreWriter::eventsCommitted);
    writer->m_thread.start();
    WriterCore *core = writer->m_core;
    if (auto opened = writer->runOnThread([core, path] { return core->openConnection(path); });
        !opened)
        return opened.error();
    return writer;
}

StoreWriter::~StoreWriter()
{
    WriterCore *core = m_core;
    (void)runOnThread([core] {
        core->closeConnection();
        return VoidResult();
    });
    m_thread.quit();
    m_thread.wait();
}

VoidResult StoreWriter::runOnThread(const std::function<VoidResult()> &work)
{
    if (QThread::currentThread() == &m_thread)
        return work();
    VoidResult result = makeError(QStringLiteral("store-closed"),
                                  QStringLiteral("The store's writer thread is not running."));
    QMetaObject::invokeMethod(
        m_core, [&result, &work] { result = work(); }, Qt::BlockingQueuedConnection);
    return result;
}

VoidResult StoreWriter::run(const std::function<VoidResult(Connection &)> &job)
{
    WriterCore *core = m_core;
    return runOnThread([core, &job] { return core->runInTransaction(job); });
}

VoidResult StoreWriter::runRetrying(const std::function<VoidResult(Connection &)> &job)
{
    static constexpr int pausesMs[writeAttempts - 1] = {200, 500, 1000, 2000};
    for (int attempt = 1;; ++attempt) {
        VoidResult done = run(job);
        const QString code = done.errorCode();
        const bool transient = code == QLatin1String("store-disk-full") ||
                               code == QLatin1String("store-io-error") ||
                               code == QLatin1String("store-busy");
        if (done || !transient || attempt == writeAttempts)
            return done;
        Q_EMIT writeRetrying(done.error(), attempt);
        // On the caller's (worker) thread: the writer thread keeps serving others meanwhile.
        QThread::msleep(ulong(pausesMs[attempt - 1]));
    }
}

void StoreWriter::appendEvent(tasks::TaskEvent event)
{
    if (!event.at.isValid())
        event.at = QDateTime::currentDateTimeUtc();
    m_core->enqueue(std::move(event));
}

VoidResult StoreWriter::flush()
{
    WriterCore *core = m_core;
    return runOnThread([core] { return core->flushEvents(); });
}

namespace {

// Adapts a write that yields a value to the writer's VoidResult jobs.
template<typename T, typename Write>
std::function<VoidResult(Connection &)> capturing(T &out, Write write)
{
    return [&out, write](Connection &c) -> VoidResult {
        auto result = write(c);
        if (!result)
            return result.error();
        out = std::move(result).value();
        return {};
    };
}

} // namespace

Result<qint64> StoreWriter::ensureRepository(const QString &repositoryPath)
{
    qint64 id = 0;
    if (auto done = run(capturing(
            id, [&](Connection &c) { return TaskWrites::ensureRepository(c, repositoryPath); }));
        !done)
        return done.error();
    return id;
}

Result<TaskId> StoreWriter::createTask(const tasks::TaskSpec &spec)
{
    TaskId id = 0;
    if (auto done =
            run(capturing(id, [&](Connection &c) { return TaskWrites::createTask(c, spec); }));
        !done)
        return done.error();
    return id;
}

VoidResult StoreWriter::setWorktree(TaskId id, const QString &worktreePath)
{
    return run([&](Connection &c) { return TaskWrites::setWorktree(c, id, worktreePath); });
}

VoidResult StoreWriter::setSandboxed(TaskId id, bool sandboxed)
{
    return run([&](Connection &c) { return TaskWrites::setSandboxed(c, id, sandboxed); });
}

VoidResult StoreWriter::setBudget(TaskId id, Money budget)
{
    return run([&](Connection &c) { return TaskWrites::setBudget(c, id, budget); });
}

VoidResult StoreWriter::transitionTask(TaskId id, tasks::TaskState from, tasks::TaskState to,
                                       const QString &reason)
{
    VoidResult done =
        run([&](Connection &c) { return TaskWrites::transition(c, id, from, to, reason); });
    if (done)
        Q_EMIT taskStateChanged(id, from, to, reason);
    return done;
}

Result<QList<TaskId>> StoreWriter::recoverInterrupted()
{
    QList<QPair<TaskId, tasks::TaskState>> interrupted;
    if (auto done = run(
            capturing(interrupted, [](Connection &c) { return TaskWrites::interruptRunning(c); }));
        !done)
        return done.error();
    QList<TaskId> ids;
    const QString reason = QStringLiteral("AgentDesk stopped while the task was running.");
    for (const auto &[id, state] : interrupted) {
        ids.append(id);
        Q_EMIT taskStateChanged(id, state, tasks::TaskState::Interrupted, reason);
    }
    return ids;
}

VoidResult StoreWriter::startIteration(TaskId id, const tasks::Iteration &iteration)
{
    return run([&](Connection &c) { return TaskWrites::startIteration(c, id, iteration); });
}

VoidResult StoreWriter::finishIteration(TaskId id, int number, const QString &headCommit,
                                        const QString &reportMarkdown)
{
    return run([&](Connection &c) {
        return TaskWrites::finishIteration(c, id, number, headCommit, reportMarkdown);
    });
}

Result<qint64> StoreWriter::recordLedger(const LedgerEntry &entry)
{
    qint64 id = 0;
    if (auto done = runRetrying(
            capturing(id, [&](Connection &c) { return TaskWrites::recordLedger(c, entry); }));
        !done)
        return done.error();
    return id;
}

VoidResult StoreWriter::claimTask(TaskId id, const ProcessIdentity &owner)
{
    return run([&](Connection &c) { return TaskWrites::claimTask(c, id, owner); });
}

VoidResult StoreWriter::releaseTask(TaskId id, const ProcessIdentity &owner)
{
    return run([&](Connection &c) { return TaskWrites::releaseTask(c, id, owner); });
}

Result<qint64> StoreWriter::reserveSpend(const SpendReservationRecord &reservation)
{
    qint64 id = 0;
    if (auto done =
            run(capturing(id, [&](Connection &c) { return SpendWrites::reserve(c, reservation); }));
        !done)
        return done.error();
    return id;
}

Result<qint64> StoreWriter::createCalibrationRun(const CalibrationRunRecord &record)
{
    qint64 id = 0;
    if (auto done = run(
            capturing(id, [&](Connection &c) { return CalibrationWrites::createRun(c, record); }));
        !done)
        return done.error();
    return id;
}

Result<QList<qint64>> StoreWriter::settleReservation(qint64 reservationId,
                                                     const QList<LedgerEntry> &entries)
{
    QList<qint64> ids;
    if (auto done = runRetrying(capturing(
            ids, [&](Connection &c) { return SpendWrites::settle(c, reservationId, entries); }));
        !done)
        return done.error();
    return ids;
}

Result<QList<LedgerEntry>> StoreWriter::settleAbandonedReservations()
{
    QList<LedgerEntry> entries;
    if (auto done =
            run(capturing(entries, [](Connection &c) { return SpendWrites::settleAbandoned(c); }));
        !done)
        return done.error();
    return entries;
}

Result<qint64> StoreWriter::saveCalibrationReview(const CalibrationReviewRecord &review)
{
    qint64 id = 0;
    if (auto done = run(
            capturing(id, [&](Connection &c) { return CalibrationWrites::saveReview(c, review); }));
        !done)
        return done.error();
    return id;
}

VoidResult StoreWriter::finishCalibrationRun(qint64 runId, const QString &status,
                                             const QString &note)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    return run(
        [&](Connection &c) { return CalibrationWrites::finishRun(c, runId, status, note, now); });
}

Result<QList<qint64>> StoreWriter::saveFindings(TaskId id, int iteration,
                                                const QList<FindingRecord> &findings)
{
    QList<qint64> ids;
    VoidResult done = run([&](Connection &c) -> VoidResult {
        for (FindingRecord finding : findings) {
            finding.taskId = id;
            finding.iteration = iteration;
            const Result<qint64> inserted = TaskWrites::insertFinding(c, finding);
            if (!inserted)
                return inserted.error();
            ids.append(*inserted);
        }
        return {};
    });
    if (!done)
        return done.error();
    return ids;
}

VoidResult StoreWriter::setFindingAcknowledged(qint64 findingId, bool acknowledged)
{
    return run([&](Connection &c) {
        return TaskWrites::updateFinding(c, findingId, QStringLiteral("acknowledged"),
                                         int(acknowledged));
    });
}

VoidResult StoreWriter::setFindingStatus(qint64 findingId, FindingStatus status)
{
    return run([&](Connection &c) {
        return TaskWrites::updateFinding(c, findingId, QStringLiteral("status"),
                                         findingStatusStorageName(status));
    });
}

VoidResult StoreWriter::saveReviewVerdict(const ReviewVerdictRecord &verdict)
{
    return run([&](Connection &c) { return TaskWrites::saveVerdict(c, verdict); });
}

Result<qint64> StoreWriter::saveValidation(const ValidationRecord &validation)
{
    qint64 id = 0;
    if (auto done = run(capturing(
            id, [&](Connection &c) { return TaskWrites::saveValidation(c, validation); }));
        !done)
        return done.error();
    return id;
}

VoidResult StoreWriter::setSetting(const QString &key, const QString &value)
{
    return run([&](Connection &c) { return TaskWrites::setSetting(c, key, value); });
}

quint64 StoreWriter::transactionsCommitted() const
{
    return m_core->transactionsCommitted();
}

quint64 StoreWriter::eventBatchesCommitted() const
{
    return m_core->eventBatchesCommitted();
}

quint64 StoreWriter::eventsWritten() const
{
    return m_core->eventsWritten();
}

} // namespace agentdesk::store
