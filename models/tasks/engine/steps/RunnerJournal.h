#pragma once

#include "agents/UsageWindow.h"
#include "core/Money.h"
#include "core/Result.h"
#include "store/StoreTypes.h"
#include "tasks/TaskEvent.h"
#include "tasks/TaskProgress.h"
#include "tasks/engine/RunnerParams.h"

#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <optional>

namespace agentdesk::store {
class StoreWriter;
}

namespace agentdesk::tasks {

// What a run tells as it goes, for every step alike: the task's timeline, its ledger (and the
// money spent so far against the budget), and its progress, coalesced to at most about 30
// updates a second. A child of the runner, so it moves to the worker's thread with it.
class RunnerJournal : public QObject
{
    Q_OBJECT

public:
    RunnerJournal(const RunnerParams &params, QObject *parent);

    void event(TaskEventKind kind, QJsonObject payload);
    void note(const QString &text) { event(TaskEventKind::Note, {{QStringLiteral("text"), text}}); }
    // A secondary write that failed (the step itself went on): said on the timeline, which is
    // retried until the disk has room again.
    void noteIfFailed(const VoidResult &result);

    // `alreadyStored`: the spend journal wrote it when it settled the call; counted only.
    void recordLedger(store::LedgerEntry entry, bool alreadyStored = false);
    void setSpentBefore(Money spent);
    Money spentTotal() const { return m_spentBefore + m_spentNow; }
    // What the task's budget still allows; nullopt without a budget.
    std::optional<Money> remainingBudget() const;

    // A usage window the agent reported (issue 19): kept in the store (the agent's last word)
    // and told to the scheduler, for the meter and for the agent's queued tasks.
    void reportUsageWindow(const agents::UsageWindow &window);

    TaskProgress &progress() { return m_progress; }
    void setActivity(const QString &activity);
    void setState(TaskState state);
    void scheduleProgress();
    // Sends the progress now, and nothing more after it.
    void flushProgress();

Q_SIGNALS:
    void progressChanged(const agentdesk::tasks::TaskProgress &progress);
    void ledgerRecorded(const agentdesk::store::LedgerEntry &entry);
    void usageWindowReported(const agentdesk::agents::UsageWindow &window);

private:
    void emitProgress();

    store::StoreWriter *m_writer = nullptr;
    TaskId m_taskId = 0;
    int m_iteration = 1;
    Money m_budget;
    Money m_spentBefore;
    Money m_spentNow;
    TaskProgress m_progress;
    QTimer m_progressTimer;
};

} // namespace agentdesk::tasks
