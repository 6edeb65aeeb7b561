#include "tasks/engine/steps/RunnerJournal.h"

#include "store/StoreWriter.h"
#include "tasks/engine/steps/RunnerRecords.h"

namespace agentdesk::tasks {

namespace {

constexpr int kProgressIntervalMs = 33; // about 30 Hz

} // namespace

RunnerJournal::RunnerJournal(const RunnerParams &params, QObject *parent)
    : QObject(parent)
    , m_writer(params.writer)
    , m_taskId(params.task.id)
    , m_iteration(params.iteration)
    , m_budget(params.task.spec.budget)
{
    // A child, so it moves to the worker's thread with its owner.
    m_progressTimer.setParent(this);
    m_progressTimer.setSingleShot(true);
    m_progressTimer.setInterval(kProgressIntervalMs);
    connect(&m_progressTimer, &QTimer::timeout, this, &RunnerJournal::emitProgress);
    m_progress.taskId = m_taskId;
    m_progress.iteration = m_iteration;
    m_progress.state = params.task.state;
    m_progress.budget = m_budget;
}

void RunnerJournal::event(TaskEventKind kind, QJsonObject payload)
{
    m_writer->appendEvent(TaskEvent::make(m_taskId, m_iteration, kind, std::move(payload)));
}

void RunnerJournal::reportUsageWindow(const agents::UsageWindow &window)
{
    noteIfFailed(m_writer->recordUsageWindow(records::usageWindowRecord(window, m_taskId)));
    Q_EMIT usageWindowReported(window);
}

void RunnerJournal::noteIfFailed(const VoidResult &result)
{
    if (!result)
        note(QStringLiteral("Could not record: %1").arg(result.errorMessage()));
}

void RunnerJournal::recordLedger(store::LedgerEntry entry, bool alreadyStored)
{
    if (!alreadyStored) {
        Result<qint64> id = m_writer->recordLedger(entry);
        if (id)
            entry.id = *id;
    }
    m_spentNow += entry.cost;
    m_progress.spent = spentTotal();
    scheduleProgress();
    Q_EMIT ledgerRecorded(entry);
}

void RunnerJournal::setSpentBefore(Money spent)
{
    m_spentBefore = spent;
    m_progress.spent = spentTotal();
}

std::optional<Money> RunnerJournal::remainingBudget() const
{
    const Money budget = m_budget;
    if (budget.nanodollars() <= 0)
        return std::nullopt;
    const qint64 left = budget.nanodollars() - spentTotal().nanodollars();
    return Money::fromNanodollars(qMax<qint64>(0, left));
}

void RunnerJournal::setActivity(const QString &activity)
{
    if (m_progress.activity == activity)
        return;
    m_progress.activity = activity;
    scheduleProgress();
}

void RunnerJournal::setState(TaskState state)
{
    m_progress.state = state;
    scheduleProgress();
}

void RunnerJournal::scheduleProgress()
{
    if (!m_progressTimer.isActive())
        m_progressTimer.start();
}

void RunnerJournal::flushProgress()
{
    m_progressTimer.stop();
    emitProgress();
}

void RunnerJournal::emitProgress()
{
    m_progress.at = QDateTime::currentDateTimeUtc();
    Q_EMIT progressChanged(m_progress);
}

} // namespace agentdesk::tasks
