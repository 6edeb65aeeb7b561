#pragma once

#include "agents/AgentBackend.h"
#include "agents/api/ApiAgentConfig.h"
#include "agents/toolbox/FinishReport.h"
#include "cost/Ledger.h"
#include "llm/ChatTypes.h"

#include <QList>
#include <QTimer>

#include <memory>
#include <optional>

namespace agentdesk::agents {

class MeteredChat;
class Toolbox;

// The built-in implementer: an LLM tool loop in the task's worktree, on the thread that owns
// it (the task's worker), through the same AgentBackend interface as the CLI agents.
//
// Each turn: the budget guard sets max_tokens (no useful call fits: the step ends with
// BudgetExceeded, which pauses the task), the call streams, each call becomes a ledger entry,
// and the tool calls it made run through the Toolbox one at a time; their results go back in
// the next request. The loop ends when the model calls finish with a valid report
// (Succeeded), at the turn limit (MaxTurns), on a provider error or refusal (Failed), at the
// wall-clock limit (TimedOut), or on cancel() (Cancelled, at once: the stream and any running
// command are stopped).
class ImplementerAgent : public AgentBackend
{
    Q_OBJECT

public:
    explicit ImplementerAgent(ApiAgentConfig config, QObject *parent = nullptr);
    ~ImplementerAgent() override;

    QString backendId() const override { return QStringLiteral("api"); }
    VoidResult start(const AgentRequest &request) override;
    void cancel() override;
    bool isRunning() const override { return m_running; }

    // The report from the finish tool, once the model made a valid call.
    std::optional<FinishReport> finishReport() const;
    // Whether the last command ran under bubblewrap, and the note the task records.
    std::optional<bool> lastCommandSandboxed() const;
    QString lastSandboxNote() const;
    // The conversation so far (for tests and diagnostics; never shown to the reviewer).
    const QList<llm::ChatMessage> &messages() const { return m_messages; }

Q_SIGNALS:
    // Every model call as it is recorded, for the store (the ledger gets it too).
    void ledgerEntryRecorded(const agentdesk::cost::LedgerEntry &entry);

private:
    void nextTurn();
    void onCallFinished(const llm::FinalMessage &message, Money cost);
    void onCallFailed(const llm::ChatError &error);
    void onToolFinished(const QString &callId, const ToolResult &result);
    void runNextTool();
    void handleStop(const llm::FinalMessage &message);
    void appendUserText(const QString &text);
    void end(OutcomeKind kind, const QString &reason, const QString &errorCode = QString());

    ApiAgentConfig m_config;
    AgentRequest m_request;
    std::unique_ptr<MeteredChat> m_chat;
    std::unique_ptr<Toolbox> m_toolbox;
    QList<llm::ChatMessage> m_messages;
    QList<llm::ToolDefinition> m_tools;
    QList<llm::ContentBlock> m_pendingTools;
    QList<llm::ContentBlock> m_toolResults;
    QTimer m_wallClock;
    int m_turns = 0;
    int m_maxTurns = 0;
    bool m_running = false;
    bool m_askedForFinish = false;
    bool m_cancelling = false;
};

} // namespace agentdesk::agents
