#include "agents/api/ReviewerAgent.h"

#include "agents/api/AgentEvents.h"
#include "agents/api/AgentPrompts.h"
#include "agents/api/DiffRenderer.h"
#include "agents/api/MeteredChat.h"
#include "agents/toolbox/FileTools.h"
#include "agents/toolbox/ToolSchema.h"
#include "agents/toolbox/WorktreePaths.h"

#include <QFileInfo>

namespace agentdesk::agents {

namespace {
const QString kRole = QStringLiteral("reviewer");
constexpr int maxReviewTurns = 12;

bool isReadTool(const QString &name)
{
    return name == QLatin1String(toolnames::kListDirectory) ||
           name == QLatin1String(toolnames::kReadFile) ||
           name == QLatin1String(toolnames::kSearchText);
}

QList<llm::ToolDefinition> reviewerTools()
{
    QList<llm::ToolDefinition> tools;
    for (const ToolSchema &schema : ToolSchema::implementerTools()) {
        if (isReadTool(schema.name))
            tools.append({schema.name, schema.description, schema.inputSchema});
    }
    tools.append(ReviewSubmission::tool());
    return tools;
}
} // namespace

ReviewerAgent::ReviewerAgent(ApiAgentConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{
    qRegisterMetaType<AgentEvent>();
    qRegisterMetaType<ReviewOutcome>();
}

ReviewerAgent::~ReviewerAgent() = default;

QString ReviewerAgent::briefing(const ReviewRequest &request)
{
    const QString validation = request.validationSummary.trimmed().isEmpty()
                                   ? QStringLiteral("No validation result is available.")
                                   : request.validationSummary.trimmed();
    return QStringLiteral("# Task\n%1\n\n%2\n\n# Validation (run by AgentDesk on the branch "
                          "head)\n%3\n\n# Diff\nEach line shows its old line number, its new "
                          "line number, then ' ' for context, '-' for a removed line (old side "
                          "only) or '+' for an added line (new side only), then the text.\n\n%4")
        .arg(request.title.trimmed(), request.prompt.trimmed(), validation,
             DiffRenderer::render(request.diff));
}

VoidResult ReviewerAgent::start(ReviewRequest request)
{
    if (m_running)
        return makeError(QStringLiteral("agent-busy"),
                         QStringLiteral("This reviewer is already running."));
    if (!QFileInfo(request.headWorktree).isDir())
        return makeError(QStringLiteral("worktree-missing"),
                         QStringLiteral("The branch head's worktree %1 does not exist.")
                             .arg(request.headWorktree));
    if (request.model.isEmpty())
        return makeError(QStringLiteral("no-model"),
                         QStringLiteral("The reviewer needs a model name."));
    if (!request.document) {
        auto document = review::DiffDocument::build(request.diff);
        if (!document)
            return document.error();
        request.document = *document;
    }
    auto chat = std::make_unique<MeteredChat>(m_config, kRole);
    if (VoidResult prepared = chat->prepare(request.model, request.remainingBudget); !prepared)
        return prepared;

    m_chat = std::move(chat);
    connect(m_chat.get(), &MeteredChat::finished, this, &ReviewerAgent::onCallFinished);
    connect(m_chat.get(), &MeteredChat::failed, this, &ReviewerAgent::onCallFailed);
    connect(m_chat.get(), &MeteredChat::recorded, this, &ReviewerAgent::ledgerEntryRecorded);
    connect(m_chat.get(), &MeteredChat::retrying, this, [this](const llm::RetryNotice &notice) {
        Q_EMIT eventOccurred(apievents::retry(notice));
    });
    m_files.reset();
    m_paths = std::make_unique<WorktreePaths>(request.headWorktree);
    m_files = std::make_unique<FileTools>(*m_paths, m_config.toolbox.limits);
    m_tools = reviewerTools();
    m_messages = {llm::ChatMessage::userText(briefing(request))};
    m_maxTurns = std::min(request.maxTurns > 0 ? request.maxTurns : m_config.defaultMaxTurns,
                          maxReviewTurns);
    m_request = std::move(request);
    m_submission.reset();
    m_turns = 0;
    m_forceSubmit = false;
    m_retriedMalformed = false;
    m_askedToSubmit = false;
    m_cancelling = false;
    m_running = true;
    Q_EMIT eventOccurred(AgentEvent::make(
        AgentEvent::Kind::SessionStarted,
        QStringLiteral("reviewer on %1 (%2)").arg(m_request.model, m_config.provider.id),
        {{QStringLiteral("model"), m_request.model},
         {QStringLiteral("provider"), m_config.provider.id}}));
    QMetaObject::invokeMethod(this, &ReviewerAgent::nextTurn, Qt::QueuedConnection);
    return {};
}

void ReviewerAgent::cancel()
{
    if (!m_running)
        return;
    m_cancelling = true;
    m_chat->cancel();
    end(OutcomeKind::Cancelled, QStringLiteral("cancelled"),
        QStringLiteral("The review was cancelled."));
}

void ReviewerAgent::nextTurn()
{
    if (!m_running || m_cancelling)
        return;
    if (m_turns >= m_maxTurns) {
        end(OutcomeKind::Failed, QStringLiteral("no-review"),
            QStringLiteral("The reviewer used its %1 turns without submitting a review.")
                .arg(m_turns));
        return;
    }
    llm::ChatRequest request;
    request.system = AgentPrompts::reviewerSystem();
    request.messages = m_messages;
    request.tools = m_tools;
    // Every turn must call a tool; the last one (and any retry) must submit the review.
    if (m_forceSubmit || m_turns == m_maxTurns - 1) {
        request.toolChoice.mode = llm::ToolChoice::Mode::Tool;
        request.toolChoice.toolName = QString::fromLatin1(ReviewSubmission::toolName);
    } else {
        request.toolChoice.mode = llm::ToolChoice::Mode::Any;
    }
    const VoidResult started = m_chat->call(request);
    if (!started) {
        const bool budget = started.errorCode() == QLatin1String("budget-reached");
        end(budget ? OutcomeKind::BudgetExceeded : OutcomeKind::Failed, started.errorCode(),
            started.errorMessage());
        return;
    }
    ++m_turns;
}

void ReviewerAgent::onCallFinished(const llm::FinalMessage &message, Money cost)
{
    if (!m_running || m_cancelling)
        return;
    Q_EMIT eventOccurred(apievents::usage(m_chat->model(), message.usage, cost, m_chat->isPriced(),
                                          message.requestId));
    for (const llm::ContentBlock &block : message.message.content) {
        if (block.type == llm::ContentBlock::Type::Text && !block.text.isEmpty())
            Q_EMIT eventOccurred(AgentEvent::make(AgentEvent::Kind::AssistantText, block.text));
    }
    const auto continueLater = [this] {
        QMetaObject::invokeMethod(this, &ReviewerAgent::nextTurn, Qt::QueuedConnection);
    };
    if (message.stopReason == llm::StopReason::Refusal) {
        end(OutcomeKind::Failed, QStringLiteral("refusal"),
            QStringLiteral("The reviewer model refused to review this change."));
        return;
    }
    if (message.stopReason == llm::StopReason::PauseTurn) {
        m_messages.append(message.message);
        continueLater();
        return;
    }
    const QList<llm::ContentBlock> calls = message.message.toolUses();
    if (calls.isEmpty() || message.stopReason == llm::StopReason::MaxTokens) {
        if (m_askedToSubmit) {
            end(OutcomeKind::Failed, QStringLiteral("no-review"),
                message.stopReason == llm::StopReason::MaxTokens
                    ? QStringLiteral("The reviewer's answer was cut off at the output limit.")
                    : QStringLiteral("The reviewer did not submit a review."));
            return;
        }
        m_askedToSubmit = true;
        m_forceSubmit = true;
        llm::ChatMessage kept{llm::Role::Assistant, {}};
        for (const llm::ContentBlock &block : message.message.content) {
            if (block.type != llm::ContentBlock::Type::ToolUse)
                kept.content.append(block);
        }
        if (!kept.content.isEmpty())
            m_messages.append(kept);
        appendUserText(AgentPrompts::reviewerAskForSubmit());
        continueLater();
        return;
    }
    m_messages.append(message.message);
    QList<llm::ContentBlock> results;
    for (const llm::ContentBlock &call : calls) {
        Q_EMIT eventOccurred(apievents::toolUse(call));
        if (call.toolName == QLatin1String(ReviewSubmission::toolName)) {
            if (handleSubmission(call, results))
                return; // accepted, or failed for good
        } else {
            results.append(runReadTool(call));
        }
    }
    m_messages.append(llm::ChatMessage{llm::Role::User, results});
    continueLater();
}

bool ReviewerAgent::handleSubmission(const llm::ContentBlock &call,
                                     QList<llm::ContentBlock> &results)
{
    Result<ReviewSubmission> parsed = ReviewSubmission::fromToolInput(call.input);
    if (parsed) {
        m_submission = std::move(*parsed);
        m_request.document->anchor(m_submission->findings);
        end(OutcomeKind::Succeeded, QString(), QString());
        return true;
    }
    Q_EMIT eventOccurred(apievents::toolResult(call.toolUseId, parsed.errorMessage(), true));
    if (m_retriedMalformed) {
        end(OutcomeKind::Failed, QStringLiteral("malformed-review"),
            QStringLiteral("The reviewer's answer was malformed twice. ") + parsed.errorMessage());
        return true;
    }
    m_retriedMalformed = true;
    m_forceSubmit = true;
    results.append(llm::ContentBlock::makeToolResult(
        call.toolUseId,
        parsed.errorMessage() +
            QStringLiteral("\nCall submit_review again with a corrected, complete answer."),
        true));
    return false;
}

llm::ContentBlock ReviewerAgent::runReadTool(const llm::ContentBlock &call)
{
    ToolResult result;
    if (call.toolName == QLatin1String(toolnames::kListDirectory))
        result = m_files->listDirectory(call.input);
    else if (call.toolName == QLatin1String(toolnames::kReadFile))
        result = m_files->readFile(call.input);
    else if (call.toolName == QLatin1String(toolnames::kSearchText))
        result = m_files->searchText(call.input);
    else
        result = ToolResult::failure(
            QStringLiteral("'%1' is not available to the reviewer: it may only read "
                           "(list_directory, read_file, search_text) and submit_review.")
                .arg(call.toolName));
    Q_EMIT eventOccurred(apievents::toolResult(call.toolUseId, result.text, result.isError));
    return llm::ContentBlock::makeToolResult(call.toolUseId, result.text, result.isError);
}

void ReviewerAgent::onCallFailed(const llm::ChatError &error)
{
    if (!m_running || m_cancelling)
        return;
    end(apievents::outcomeKindFor(error), error.code, apievents::providerFailure(error));
}

void ReviewerAgent::appendUserText(const QString &text)
{
    if (!m_messages.isEmpty() && m_messages.constLast().role == llm::Role::User)
        m_messages.last().content.append(llm::ContentBlock::makeText(text));
    else
        m_messages.append(llm::ChatMessage::userText(text));
}

void ReviewerAgent::end(OutcomeKind kind, const QString &code, const QString &reason)
{
    if (!m_running)
        return;
    m_running = false;
    ReviewOutcome outcome;
    outcome.kind = kind;
    outcome.errorCode = code;
    outcome.reason = reason;
    outcome.turns = m_turns;
    outcome.usage = apievents::tokenUsage(m_chat->usage());
    if (m_chat->isPriced())
        outcome.cost = m_chat->spent();
    if (m_submission) {
        outcome.findings = m_submission->findings;
        outcome.verdict = m_submission->verdict;
    }
    Q_EMIT eventOccurred(apievents::totalCost(m_chat->spent(), m_chat->isPriced()));
    QMetaObject::invokeMethod(
        this, [this, outcome] { Q_EMIT finished(outcome); }, Qt::QueuedConnection);
}

} // namespace agentdesk::agents
