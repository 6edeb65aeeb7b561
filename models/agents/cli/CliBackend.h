#pragma once

#include "agents/AgentBackend.h"
#include "agents/cli/AgentProcess.h"
#include "agents/cli/CliAdapter.h"
#include "cost/SpendJournal.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTimer>

#include <memory>

namespace agentdesk::agents {

// An AgentBackend that runs a CLI agent through an adapter: locates the executable, builds
// the scrubbed environment and a private temporary folder, runs it with AgentProcess in the
// worktree, feeds every line to the adapter's parser and turns the parser's verdicts into stops
// (authentication refused, no sandbox, an endpoint it cannot reach, budget passed) and, at the
// end, one outcome.
//
// Questions (agents that canAskPermissions(): Claude Code's control requests) are answered by
// an earlier "always" rule, by the request's policy (DenyUnlisted: no at once), or by
// answerPermission() — while the run waits for that, its process stays alive, no wall clock or
// inactivity limit runs, and waitingForInputChanged(true) tells the engine to stop budget time.
class CliBackend : public AgentBackend
{
    Q_OBJECT

public:
    explicit CliBackend(std::shared_ptr<const CliAdapter> adapter, QObject *parent = nullptr);
    ~CliBackend() override;

    QString backendId() const override;
    VoidResult start(const AgentRequest &request) override;
    void cancel() override;
    bool isRunning() const override;
    QList<PermissionRequest> pendingPermissions() const override { return m_pending; }
    VoidResult answerPermission(const QString &requestId,
                                const PermissionDecision &decision) override;

    // Process limits for the next start (defaults: AgentProcessSpec's).
    void setOutputCapBytes(qint64 bytes) { m_outputCapBytes = bytes; }
    void setKillGraceMs(int ms) { m_killGraceMs = ms; }
    // The pid (and process group id) of the running CLI; 0 when none.
    qint64 processId() const { return m_process.processId(); }
    // Total time spent waiting for answers so far in this run.
    qint64 waitedMs() const;
    // Issue 16: with a journal, a run with a budget first reserves that whole cap durably
    // (start() refuses with the journal's error when it cannot), and the run's reported cost
    // settles it (cliLedgerEntries), so a kill mid-run is counted at the cap. `identity`
    // gives the task, iteration, role and provider of the entries. The outcome then has
    // costRecorded set: the caller must not record those entries again.
    void setSpendJournal(std::shared_ptr<cost::SpendJournal> journal,
                         const cost::SpendReservation &identity);

private:
    Result<AgentProcessSpec> prepare(const AgentRequest &request);
    void onLine(const QByteArray &line);
    void onStderrLine(const QByteArray &line);
    void onFinished(const ProcessEnd &end);
    void armInactivity();
    void onInactivity();

    // CliBackendQuestions.cpp: the control traffic of one line, and the answers.
    void takeControlTraffic();
    void handleQuestion(const PermissionRequest &question);
    void withdrawQuestion(const QString &requestId);
    bool sendAnswer(const PermissionRequest &question, const PermissionDecision &decision);
    void beginWaiting();
    void endWaiting();
    void onPermissionTimeout();

    std::shared_ptr<const CliAdapter> m_adapter;
    AgentProcess m_process;
    std::unique_ptr<CliStreamParser> m_parser;
    std::unique_ptr<QTemporaryDir> m_scratch;
    std::optional<Money> m_budget;
    qint64 m_outputCapBytes = AgentProcessSpec().outputCapBytes;
    int m_killGraceMs = AgentProcessSpec().killGraceMs;
    int m_stderrLinesShown = 0;
    bool m_starting = false;

    PermissionPolicy m_policy = PermissionPolicy::DenyUnlisted;
    int m_permissionTimeoutMs = 0;
    QList<PermissionRequest> m_pending;
    QList<PermissionRule> m_rules;   // "always" rules in force: the task's earlier ones and new
    QList<PermissionRule> m_granted; // the new ones, reported in the outcome
    QElapsedTimer m_waitClock;
    qint64 m_waitedMs = 0;
    QTimer m_inactivity;
    QTimer m_permissionTimer;
    std::shared_ptr<cost::SpendJournal> m_journal;
    cost::SpendReservation m_identity;
    qint64 m_reservationId = 0;
    Money m_reservedCap;
    UsagePricer m_pricer;
};

} // namespace agentdesk::agents
