#include "agents/api/ImplementerAgent.h"

#include "agents/api/AgentEvents.h"
#include "agents/api/AgentPrompts.h"
#include "agents/api/MeteredChat.h"
#include "agents/toolbox/Toolbox.h"

#include <QFileInfo>

namespace agentdesk::agents {

namespace {
const QString kRole = QStringLiteral("implementer");

QList<llm::ToolDefinition> toolDefinitions(const QList<ToolSchema> &schemas)
{
    QList<llm::ToolDefinition> tools;
    for (const ToolSchema &schema : schemas)
        tools.append({schema.name, schema.description, schema.inputSchema});
    return tools;
}

// Everything but tool calls: what is left of a reply cut off mid tool call, whose results
// the provider would otherwise expect in the next request.
llm::ChatMessage withoutToolUses(const llm::ChatMessage &message)
{
    llm::ChatMessage kept{message.role, {}};
    for (const llm::ContentBlock &block : message.content) {
        if (block.type != llm::ContentBlock::Type::ToolUse)
            kept.content.append(block);
    }
    return kept;
}
} // namespace

ImplementerAgent::ImplementerAgent(ApiAgentConfig config, QObject *parent)
    : AgentBackend(parent)
    , m_config(std::move(config))
{
    qRegisterMetaType<AgentEvent>();
    qRegisterMetaType<AgentOutcome>();
    m_wallClock.setSingleShot(true);
    connect(&m_wallClock, &QTimer::timeout, this, [this] {
        m_cancelling = true;
        m_chat->cancel();
        m_toolbox->cancel();
        end(OutcomeKind::TimedOut, QStringLiteral("The implementer reached its time limit of %1 s.")
                                       .arg(m_request.wallClockLimitMs / 1000.0));
    });
}

ImplementerAgent::~ImplementerAgent() = default;

VoidResult ImplementerAgent::start(const AgentRequest &request)
{
    if (m_running)
        return makeError(QStringLiteral("agent-busy"),
                         QStringLiteral("This agent is already running a step."));
    if (!QFileInfo(request.worktree).isDir())
        return makeError(
            QStringLiteral("worktree-missing"),
            QStringLiteral("The task's worktree %1 does not exist.").arg(request.worktree));
    if (request.model.isEmpty())
        return makeError(QStringLiteral("no-model"),
                         QStringLiteral("The built-in implementer needs a model name."));
    auto chat = std::make_unique<MeteredChat>(m_config, kRole);
    if (VoidResult prepared = chat->prepare(request.model, request.remainingBudget); !prepared)
        return prepared;

    m_request = request;
    m_chat = std::move(chat);
    connect(m_chat.get(), &MeteredChat::finished, this, &ImplementerAgent::onCallFinished);
    connect(m_chat.get(), &MeteredChat::failed, this, &ImplementerAgent::onCallFailed);
    connect(m_chat.get(), &MeteredChat::recorded, this, &ImplementerAgent::ledgerEntryRecorded);
    connect(m_chat.get(), &MeteredChat::retrying, this, [this](const llm::RetryNotice &notice) {
        Q_EMIT eventOccurred(apievents::retry(notice));
    });

    ToolboxConfig toolboxConfig = m_config.toolbox;
    toolboxConfig.worktree = request.worktree;
    toolboxConfig.environment.insert(request.environment);
    m_toolbox = std::make_unique<Toolbox>(toolboxConfig);
    connect(m_toolbox.get(), &Toolbox::toolFinished, this, &ImplementerAgent::onToolFinished);
    connect(
        m_toolbox.get(), &Toolbox::commandFinished, this,
        [this](const QString &callId, const CommandOutcome &outcome) {
            if (!outcome.started) {
                // Refused (no sandbox here) or failed to start: nothing ran in any mode.
                Q_EMIT eventOccurred(AgentEvent::make(AgentEvent::Kind::Note, outcome.startError,
                                                      {{QStringLiteral("tool_use_id"), callId}}));
                return;
            }
            Q_EMIT eventOccurred(
                AgentEvent::make(AgentEvent::Kind::Note, outcome.sandboxNote,
                                 {{QStringLiteral("tool_use_id"), callId},
                                  {QStringLiteral("sandboxed"), outcome.sandboxed},
                                  {QStringLiteral("exit_code"), outcome.exitCode},
                                  {QStringLiteral("timed_out"), outcome.timedOut},
                                  {QStringLiteral("duration_ms"), double(outcome.durationMs)}}));
        });

    m_tools = toolDefinitions(Toolbox::schemas());
    m_messages = {llm::ChatMessage::userText(request.prompt)};
    m_pendingTools.clear();
    m_toolResults.clear();
    m_turns = 0;
    m_maxTurns = request.maxTurns > 0 ? request.maxTurns : m_config.defaultMaxTurns;
    m_askedForFinish = false;
    m_cancelling = false;
    m_running = true;
    if (request.wallClockLimitMs > 0)
        m_wallClock.start(request.wallClockLimitMs);
    Q_EMIT eventOccurred(AgentEvent::make(
        AgentEvent::Kind::SessionStarted,
        QStringLiteral("built-in implementer on %1 (%2)").arg(request.model, m_config.provider.id),
        {{QStringLiteral("model"), request.model},
         {QStringLiteral("provider"), m_config.provider.id},
         {QStringLiteral("worktree"), request.worktree}}));
    // start() never answers through signals before it has returned.
    QMetaObject::invokeMethod(this, &ImplementerAgent::nextTurn, Qt::QueuedConnection);
    return {};
}

void ImplementerAgent::cancel()
{
    if (!m_running)
        return;
    m_cancelling = true;
    m_chat->cancel();
    m_toolbox->cancel();
    end(OutcomeKind::Cancelled, QStringLiteral("The implementer was cancelled."));
}

std::optional<FinishReport> ImplementerAgent::finishReport() const
{
    return m_toolbox ? m_toolbox->finishReport() : std::nullopt;
}

std::optional<bool> ImplementerAgent::lastCommandSandboxed() const
{
    return m_toolbox ? m_toolbox->lastCommandSandboxed() : std::nullopt;
}

QString ImplementerAgent::lastSandboxNote() const
{
    return m_toolbox ? m_toolbox->lastSandboxNote() : QString();
}

void ImplementerAgent::nextTurn()
{
    if (!m_running || m_cancelling)
        return;
    if (m_turns >= m_maxTurns) {
        end(OutcomeKind::MaxTurns,
            QStringLiteral("The implementer stopped after %1 turns without calling finish.")
                .arg(m_turns));
        return;
    }
    llm::ChatRequest request;
    request.system = AgentPrompts::implementerSystem();
    request.messages = m_messages;
    request.tools = m_tools;
    const VoidResult started = m_chat->call(request);
    if (!started) {
        end(started.errorCode() == QLatin1String("budget-reached") ? OutcomeKind::BudgetExceeded
                                                                   : OutcomeKind::Failed,
            started.errorMessage(), started.errorCode());
        return;
    }
    ++m_turns;
}

void ImplementerAgent::onCallFinished(const llm::FinalMessage &message, Money cost)
{
    if (!m_running)
        return;
    Q_EMIT eventOccurred(apievents::usage(m_chat->model(), message.usage, cost, m_chat->isPriced(),
                                          message.requestId));
    for (const llm::ContentBlock &block : message.message.content) {
        if (block.type == llm::ContentBlock::Type::Text && !block.text.isEmpty())
            Q_EMIT eventOccurred(AgentEvent::make(AgentEvent::Kind::AssistantText, block.text));
    }
    handleStop(message);
}

void ImplementerAgent::handleStop(const llm::FinalMessage &message)
{
    const auto continueLater = [this] {
        QMetaObject::invokeMethod(this, &ImplementerAgent::nextTurn, Qt::QueuedConnection);
    };
    switch (message.stopReason) {
    case llm::StopReason::Refusal: {
        const QString said =
            message.refusalText.isEmpty() ? message.message.plainText() : message.refusalText;
        end(OutcomeKind::Failed,
            QStringLiteral("The model refused the task%1")
                .arg(said.trimmed().isEmpty() ? QStringLiteral(".")
                                              : QStringLiteral(": ") + said.trimmed()));
        return;
    }
    case llm::StopReason::ContextWindowExceeded:
        end(OutcomeKind::Failed,
            QStringLiteral("The conversation outgrew the model's context window after %1 turns.")
                .arg(m_turns));
        return;
    case llm::StopReason::PauseTurn:
        // The provider paused a long turn: sending it back as it is lets the model go on.
        m_messages.append(message.message);
        continueLater();
        return;
    case llm::StopReason::MaxTokens: {
        const llm::ChatMessage kept = withoutToolUses(message.message);
        if (!kept.content.isEmpty())
            m_messages.append(kept);
        appendUserText(AgentPrompts::implementerTruncated(m_chat->lastMaxTokens()));
        continueLater();
        return;
    }
    default:
        break;
    }
    const QList<llm::ContentBlock> toolUses = message.message.toolUses();
    if (!message.message.content.isEmpty())
        m_messages.append(message.message);
    if (!toolUses.isEmpty()) {
        m_pendingTools = toolUses;
        m_toolResults.clear();
        runNextTool();
        return;
    }
    if (!m_askedForFinish) {
        m_askedForFinish = true;
        appendUserText(AgentPrompts::implementerAskForFinish());
        continueLater();
        return;
    }
    // Asked once already: the work in the worktree still goes to validation and review, and
    // the report says the implementer gave no summary of its own.
    Q_EMIT eventOccurred(AgentEvent::make(
        AgentEvent::Kind::Note,
        QStringLiteral("The implementer ended without calling finish; its last message stands "
                       "in for the report.")));
    end(OutcomeKind::Succeeded, QString());
}

void ImplementerAgent::runNextTool()
{
    if (!m_running || m_cancelling)
        return;
    if (m_pendingTools.isEmpty()) {
        m_messages.append(llm::ChatMessage{llm::Role::User, m_toolResults});
        m_toolResults.clear();
        if (m_toolbox->finishReport()) {
            end(OutcomeKind::Succeeded, QString());
            return;
        }
        nextTurn();
        return;
    }
    const llm::ContentBlock call = m_pendingTools.takeFirst();
    Q_EMIT eventOccurred(apievents::toolUse(call));
    m_toolbox->invoke(call.toolUseId, call.toolName, call.input);
}

void ImplementerAgent::onToolFinished(const QString &callId, const ToolResult &result)
{
    if (!m_running || m_cancelling)
        return;
    Q_EMIT eventOccurred(apievents::toolResult(callId, result.text, result.isError));
    m_toolResults.append(llm::ContentBlock::makeToolResult(callId, result.text, result.isError));
    runNextTool();
}

void ImplementerAgent::onCallFailed(const llm::ChatError &error)
{
    if (!m_running || m_cancelling)
        return;
    end(apievents::outcomeKindFor(error), apievents::providerFailure(error), error.code);
}

void ImplementerAgent::appendUserText(const QString &text)
{
    // Consecutive user messages are merged: some servers insist on alternating roles.
    if (!m_messages.isEmpty() && m_messages.constLast().role == llm::Role::User)
        m_messages.last().content.append(llm::ContentBlock::makeText(text));
    else
        m_messages.append(llm::ChatMessage::userText(text));
}

void ImplementerAgent::end(OutcomeKind kind, const QString &reason, const QString &errorCode)
{
    if (!m_running)
        return;
    m_running = false;
    m_wallClock.stop();
    AgentOutcome outcome;
    outcome.kind = kind;
    outcome.reason = reason;
    outcome.code = errorCode;
    outcome.turns = m_turns;
    if (m_chat->calls() > 0)
        outcome.usage.insert(m_chat->model(), apievents::tokenUsage(m_chat->usage()));
    if (m_chat->isPriced()) {
        outcome.cost = m_chat->spent();
        outcome.costSource = CostSource::Priced;
    } else {
        outcome.costSource = CostSource::Unpriced;
    }
    if (const auto report = m_toolbox->finishReport()) {
        outcome.finalText = report->summary;
        Q_EMIT eventOccurred(
            AgentEvent::make(AgentEvent::Kind::Note, QStringLiteral("finish report"),
                             {{QStringLiteral("finish_report"), report->toJson()}}));
    } else {
        for (auto it = m_messages.crbegin(); it != m_messages.crend(); ++it) {
            if (it->role == llm::Role::Assistant && !it->plainText().trimmed().isEmpty()) {
                outcome.finalText = it->plainText().trimmed();
                break;
            }
        }
    }
    Q_EMIT eventOccurred(apievents::totalCost(m_chat->spent(), m_chat->isPriced()));
    // Always after the call that ended the run has returned (cancel() included), so a slot
    // may delete the agent.
    QMetaObject::invokeMethod(
        this, [this, outcome] { Q_EMIT finished(outcome); }, Qt::QueuedConnection);
}

} // namespace agentdesk::agents
