#pragma once

#include "agents/AgentEvent.h"
#include "agents/AgentOutcome.h"
#include "agents/api/ReviewerAgent.h"
#include "agents/toolbox/FinishReport.h"
#include "store/StoreTypes.h"
#include "tasks/TaskProgress.h"
#include "tasks/engine/EngineConfig.h"
#include "tasks/validation/ValidationResult.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>
#include <optional>

class QNetworkAccessManager;
class QTemporaryDir;

namespace agentdesk::agents {
class AgentBackend;
}
namespace agentdesk::cost {
class DailyAllowance;
}
namespace agentdesk::store {
class StoreWriter;
class StoreReader;
} // namespace agentdesk::store

namespace agentdesk::tasks {

class ValidationRunner;

// What the scheduler hands a runner: one iteration of one task.
struct RunnerParams
{
    store::TaskRecord task;
    int iteration = 1;
    QString requestText;   // the revision request; empty for the first iteration
    bool resuming = false; // the worktree may hold work from an interrupted or paused run
    std::shared_ptr<const EngineConfig> config;
    store::StoreWriter *writer = nullptr;
    std::optional<Money> dailyRemaining; // what today's budget still allowed at the start
    // Today's budget, shared with every task running now (calls reserve their worst case).
    std::shared_ptr<cost::DailyAllowance> daily;
};

// Runs one iteration of a task on its worker thread: Preparing (the worktree) → Implementing
// (an agent backend: the built-in tool loop or a CLI agent) → Validating (our own run of the
// repository's tests on the committed head, and on the base commit in a temporary checkout) →
// Reviewing (a fresh reviewer with the diff and the validation, never the implementer's
// transcript) → ReadyForReview with a three-part report.
//
// Every transition is committed to the store before it is announced; the timeline, ledger,
// findings and validations are written as they happen. The runner owns its own network
// manager, repository handles and processes, and never blocks on a process: each step
// finishes through a signal. Progress goes out coalesced, at most about 30 times a second.
//
// A budget reached mid-run commits the work and pauses the task; any other stop commits what
// there is and fails it with a reason; a pause or cancel request stops the current step at
// once. finished() is emitted exactly once.
class TaskRunner : public QObject
{
    Q_OBJECT

public:
    explicit TaskRunner(RunnerParams params, QObject *parent = nullptr);
    ~TaskRunner() override;

    TaskId taskId() const { return m_params.task.id; }

    // Both are called through queued invocations on the runner's thread.
    void start();
    // Stops the running step. `pause`: the task ends Paused (resumable), else Failed.
    void stop(bool pause, const QString &reason);

Q_SIGNALS:
    void progress(const agentdesk::tasks::TaskProgress &progress);
    void ledgerRecorded(const agentdesk::store::LedgerEntry &entry);
    void finished(agentdesk::tasks::TaskId id, agentdesk::tasks::TaskState state,
                  const QString &reason);

private:
    bool transition(TaskState to, const QString &reason = QString());
    void prepare();
    void implement();
    void onAgentEvent(const agents::AgentEvent &event);
    void onImplementerFinished(const agents::AgentOutcome &outcome);
    void recordLedger(store::LedgerEntry entry);
    std::optional<QString> commitWork(const QString &why);
    void validate();
    void onHeadValidated(const ValidationResult &result);
    void startBaseValidation();
    void onBaseValidated(const ValidationResult &result);
    Result<QString> addCheckout(const QString &commit, const QString &label);
    void removeCheckout(const QString &path);
    void saveValidation();
    void review();
    void onReviewFinished(const agents::ReviewOutcome &outcome);
    void writeReport();
    void end(TaskState state, const QString &reason);
    void fail(const QString &reason) { end(TaskState::Failed, reason); }
    void event(TaskEventKind kind, QJsonObject payload);
    void noteIfFailed(const VoidResult &result);
    void setActivity(const QString &activity);
    void scheduleProgress();
    void emitProgress();
    Money spentTotal() const { return m_spentBefore + m_spentNow; }
    std::optional<Money> remainingBudget() const;
    QString implementerPrompt() const;

    RunnerParams m_params;
    TaskState m_state;
    std::unique_ptr<store::StoreReader> m_reader;
    QNetworkAccessManager *m_network = nullptr;
    agents::AgentBackend *m_implementer = nullptr;
    agents::ReviewerAgent *m_reviewer = nullptr;
    ValidationRunner *m_validation = nullptr;
    // Temporary detached checkouts (of the head for validation and review, of the base for the
    // comparison) in a private folder; removed when done, and at the latest with the runner.
    std::unique_ptr<QTemporaryDir> m_scratch;
    QString m_commonDir; // the repository's git directory (the worktree lock's key)
    QStringList m_checkouts;
    QString m_headPath;
    QString m_basePath;
    std::optional<agents::FinishReport> m_finishReport;
    QString m_implementerText;
    QString m_worktree;
    QString m_headCommit;
    QString m_validationCommand;
    std::optional<ValidationResult> m_headValidation;
    std::optional<ValidationResult> m_baseValidation;
    std::optional<BaseComparison> m_comparison;
    std::optional<agents::ReviewOutcome> m_review;
    QList<store::FindingRecord> m_findings;
    Money m_spentBefore;
    Money m_spentNow;
    TaskProgress m_progress;
    QTimer m_progressTimer;
    bool m_stopping = false;
    bool m_stopPauses = false;
    QString m_stopReason;
    bool m_finished = false;
    bool m_sandboxed = false;
};

} // namespace agentdesk::tasks
