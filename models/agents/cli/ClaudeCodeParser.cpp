#include "agents/cli/ClaudeCodeParser.h"

#include "agents/cli/ClaudeControlProtocol.h"
#include "agents/cli/JsonDollars.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace agentdesk::agents {

namespace {
const QString agentLabel = QStringLiteral("Claude Code");

QString str(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toString();
}

qint64 count(const QJsonObject &object, const char *key)
{
    return qint64(object.value(QLatin1String(key)).toDouble());
}

// Tool results carry either a string or a list of content blocks.
QString toolResultText(const QJsonValue &content)
{
    if (content.isString())
        return content.toString();
    QStringList parts;
    const QJsonArray blocks = content.toArray();
    for (const QJsonValue &block : blocks) {
        const QJsonObject object = block.toObject();
        if (str(object, "type") == QLatin1String("text"))
            parts.append(str(object, "text"));
    }
    return parts.join(QLatin1Char('\n'));
}

QJsonObject usagePayload(const QString &model, const TokenUsage &usage)
{
    return {{QStringLiteral("model"), model},
            {QStringLiteral("input_tokens"), double(usage.inputTokens)},
            {QStringLiteral("output_tokens"), double(usage.outputTokens)},
            {QStringLiteral("cache_write_tokens"), double(usage.cacheWrite5mTokens)},
            {QStringLiteral("cache_read_tokens"), double(usage.cacheReadTokens)}};
}
} // namespace

ClaudeCodeParser::ClaudeCodeParser(UsagePricer pricer)
    : CliStreamParser(agentLabel, std::move(pricer))
{}

QList<AgentEvent> ClaudeCodeParser::parseLine(const QByteArray &line)
{
    QList<AgentEvent> events;
    if (line.trimmed().isEmpty())
        return events;
    ++m_linesSeen;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        ++m_malformedLines;
        events.append(malformedLineNote(agentLabel, line,
                                        error.error != QJsonParseError::NoError
                                            ? error.errorString()
                                            : QStringLiteral("not a JSON object")));
        return events;
    }
    const QJsonObject object = document.object();
    const QString type = str(object, "type");
    if (type == QLatin1String("system"))
        parseSystem(object, events);
    else if (type == QLatin1String("assistant"))
        parseAssistant(object, events);
    else if (type == QLatin1String("user"))
        parseUser(object, events);
    else if (type == QLatin1String("rate_limit_event"))
        parseRateLimit(object, events);
    else if (type == QLatin1String("control_request"))
        parseControlRequest(object, events);
    else if (type == QLatin1String("control_cancel_request"))
        withdrawQuestion(str(object, "request_id"));
    else if (type == QLatin1String("result")) {
        parseResult(object, line, events);
        // The CLI waits for more input after its result until standard input closes.
        finishInput();
    } else if (type.isEmpty()) {
        ++m_malformedLines;
        events.append(malformedLineNote(agentLabel, line, QStringLiteral("no \"type\"")));
    }
    // Other types (stream_event with --include-partial-messages, control_response to requests
    // we never send, future additions) carry nothing the timeline needs.
    return events;
}

void ClaudeCodeParser::parseControlRequest(const QJsonObject &object, QList<AgentEvent> &events)
{
    if (std::optional<PermissionRequest> question = claude::parseCanUseTool(object)) {
        askPermission(std::move(*question));
        return;
    }
    // Hook callbacks and MCP messages are only sent to hosts that registered them; answer
    // anything else with an error, or the CLI would wait for ever.
    const QString requestId = str(object, "request_id");
    const QString subtype = object.value(QLatin1String("request"))
                                .toObject()
                                .value(QLatin1String("subtype"))
                                .toString();
    reply(claude::encodeError(
        requestId, QStringLiteral("AgentDesk does not handle \"%1\" requests.").arg(subtype)));
    events.append(AgentEvent::make(
        AgentEvent::Kind::Note,
        QStringLiteral("Claude Code sent a control request AgentDesk does not handle (%1); it "
                       "was refused.")
            .arg(subtype)));
}

void ClaudeCodeParser::parseRateLimit(const QJsonObject &object, QList<AgentEvent> &events)
{
    const std::optional<UsageWindow> window = claude::parseRateLimitEvent(object);
    if (!window) {
        events.append(
            AgentEvent::make(AgentEvent::Kind::Note,
                             QStringLiteral("Claude Code reported a usage window AgentDesk "
                                            "cannot read."),
                             object));
        return;
    }
    m_window = window;
    if (window->rejected())
        m_rejectedWindow = window;
    events.append(
        AgentEvent::make(AgentEvent::Kind::RateLimit, window->describe(), window->toJson()));
}

bool ClaudeCodeParser::countRequest(const QString &messageId, const QString &model)
{
    if (model == QLatin1String("<synthetic>"))
        return false; // written by the CLI itself (a usage-limit notice), not the provider
    if (!m_toolResultSince && !messageId.isEmpty() && messageId == m_lastMessageId)
        return false;
    m_lastMessageId = messageId;
    m_toolResultSince = false;
    ++m_requests[model];
    return true;
}

void ClaudeCodeParser::parseSystem(const QJsonObject &object, QList<AgentEvent> &events)
{
    const QString subtype = str(object, "subtype");
    if (subtype == QLatin1String("init")) {
        m_sessionId = str(object, "session_id");
        m_model = str(object, "model");
        QJsonObject payload{
            {QStringLiteral("session_id"), m_sessionId},
            {QStringLiteral("model"), m_model},
            {QStringLiteral("cwd"), object.value(QLatin1String("cwd"))},
            {QStringLiteral("version"), object.value(QLatin1String("claude_code_version"))},
            {QStringLiteral("permission_mode"), object.value(QLatin1String("permissionMode"))},
            {QStringLiteral("tools"), object.value(QLatin1String("tools"))}};
        events.append(AgentEvent::make(AgentEvent::Kind::SessionStarted,
                                       QStringLiteral("Claude Code %1 started with %2")
                                           .arg(str(object, "claude_code_version"), m_model),
                                       payload));
    } else if (subtype == QLatin1String("api_retry")) {
        const int status = object.value(QLatin1String("error_status")).toInt();
        events.append(AgentEvent::make(
            AgentEvent::Kind::Retry,
            QStringLiteral("Claude Code is retrying a failed call (attempt %1 of %2, HTTP %3: %4)")
                .arg(object.value(QLatin1String("attempt")).toInt())
                .arg(object.value(QLatin1String("max_retries")).toInt())
                .arg(status)
                .arg(str(object, "error")),
            object));
        // A refused key is refused on every retry; Claude Code would keep trying for minutes.
        if (status == 401 || status == 403)
            requestStop(OutcomeKind::AuthFailed, QStringLiteral("auth"),
                        QStringLiteral("Authentication failed: the provider refused Claude "
                                       "Code's API key (HTTP %1). Check the Anthropic key and "
                                       "base URL in Settings.")
                            .arg(status));
    }
}

void ClaudeCodeParser::parseAssistant(const QJsonObject &object, QList<AgentEvent> &events)
{
    const QJsonObject message = object.value(QLatin1String("message")).toObject();
    const QJsonArray content = message.value(QLatin1String("content")).toArray();
    for (const QJsonValue &value : content) {
        const QJsonObject block = value.toObject();
        const QString blockType = str(block, "type");
        if (blockType == QLatin1String("text")) {
            events.append(AgentEvent::make(AgentEvent::Kind::AssistantText, str(block, "text")));
        } else if (blockType == QLatin1String("tool_use")) {
            events.append(AgentEvent::make(
                AgentEvent::Kind::ToolUse, str(block, "name"),
                QJsonObject{{QStringLiteral("id"), block.value(QLatin1String("id"))},
                            {QStringLiteral("name"), block.value(QLatin1String("name"))},
                            {QStringLiteral("input"), block.value(QLatin1String("input"))}}));
        }
    }
    const QString model = message.value(QLatin1String("model")).toString(m_model);
    if (str(object, "error") == QLatin1String("rate_limit"))
        m_rateLimitMessage = true;
    // One provider response arrives as one assistant line per content block, each with the
    // same id and usage: count it once.
    if (!countRequest(str(message, "id"), model))
        return;
    const QJsonObject usage = message.value(QLatin1String("usage")).toObject();
    if (usage.isEmpty())
        return;
    TokenUsage tokens;
    tokens.inputTokens = count(usage, "input_tokens");
    tokens.outputTokens = count(usage, "output_tokens");
    tokens.cacheWrite5mTokens = count(usage, "cache_creation_input_tokens");
    tokens.cacheReadTokens = count(usage, "cache_read_input_tokens");
    m_streamedUsage[model] += tokens;
    events.append(
        AgentEvent::make(AgentEvent::Kind::Usage, QString(), usagePayload(model, tokens)));
}

void ClaudeCodeParser::parseUser(const QJsonObject &object, QList<AgentEvent> &events)
{
    const QJsonArray content =
        object.value(QLatin1String("message")).toObject().value(QLatin1String("content")).toArray();
    for (const QJsonValue &value : content) {
        const QJsonObject block = value.toObject();
        if (str(block, "type") != QLatin1String("tool_result"))
            continue;
        m_toolResultSince = true;
        const QString text = toolResultText(block.value(QLatin1String("content")));
        events.append(AgentEvent::make(
            AgentEvent::Kind::ToolResult, text,
            QJsonObject{
                {QStringLiteral("tool_use_id"), block.value(QLatin1String("tool_use_id"))},
                {QStringLiteral("is_error"), block.value(QLatin1String("is_error")).toBool()}}));
    }
}

void ClaudeCodeParser::parseResult(const QJsonObject &object, const QByteArray &line,
                                   QList<AgentEvent> &events)
{
    ResultLine result;
    result.subtype = str(object, "subtype");
    result.isError = object.value(QLatin1String("is_error")).toBool();
    result.text = str(object, "result");
    result.terminalReason = str(object, "terminal_reason");
    result.apiErrorStatus = object.value(QLatin1String("api_error_status")).toInt();
    result.turns = object.value(QLatin1String("num_turns")).toInt();
    const QJsonArray errors = object.value(QLatin1String("errors")).toArray();
    for (const QJsonValue &error : errors)
        result.errors.append(error.toString());
    // The figure's own text, so our Money equals theirs digit for digit.
    result.totalCost = dollarsFromJsonNumberText(rawJsonNumber(line, "total_cost_usd"));
    if (!result.totalCost && object.value(QLatin1String("total_cost_usd")).isDouble())
        result.totalCost =
            Money::fromDollarsRounded(object.value(QLatin1String("total_cost_usd")).toDouble());
    const QJsonObject modelUsage = object.value(QLatin1String("modelUsage")).toObject();
    for (auto it = modelUsage.constBegin(); it != modelUsage.constEnd(); ++it) {
        const QJsonObject entry = it.value().toObject();
        TokenUsage tokens;
        tokens.inputTokens = count(entry, "inputTokens");
        tokens.outputTokens = count(entry, "outputTokens");
        tokens.cacheWrite5mTokens = count(entry, "cacheCreationInputTokens");
        tokens.cacheReadTokens = count(entry, "cacheReadInputTokens");
        result.usage.insert(it.key(), tokens);
        events.append(
            AgentEvent::make(AgentEvent::Kind::Usage, QString(), usagePayload(it.key(), tokens)));
    }
    m_result = result;
    if (result.totalCost)
        events.append(AgentEvent::make(
            AgentEvent::Kind::Cost,
            QStringLiteral("Claude Code reports %1").arg(result.totalCost->format(6)),
            QJsonObject{{QStringLiteral("usd"), result.totalCost->toDecimalString()},
                        {QStringLiteral("source"), costSourceName(CostSource::Reported)}}));
    crossCheckCost(modelUsage, events);
}

void ClaudeCodeParser::crossCheckCost(const QJsonObject &modelUsage,
                                      QList<AgentEvent> &events) const
{
    if (!m_result->totalCost)
        return;
    const Money total = *m_result->totalCost;
    Money perModel;
    for (auto it = modelUsage.constBegin(); it != modelUsage.constEnd(); ++it)
        perModel += Money::fromDollarsRounded(
            it.value().toObject().value(QLatin1String("costUSD")).toDouble());
    // Each costUSD is a double rounded on its own: allow one nanodollar per model.
    const qint64 drift = (perModel - total).nanodollars();
    if (!modelUsage.isEmpty() && qAbs(drift) > modelUsage.size())
        events.append(AgentEvent::make(
            AgentEvent::Kind::Note,
            QStringLiteral("Claude Code's total cost %1 differs from the sum of its per-model "
                           "costs %2.")
                .arg(total.format(6), perModel.format(6))));
    const std::optional<Money> ours = priceUsage(m_result->usage);
    if (ours && *ours != total)
        events.append(AgentEvent::make(
            AgentEvent::Kind::Note,
            QStringLiteral("Claude Code reports %1; our price table gives %2 for the same usage.")
                .arg(total.format(6), ours->format(6)),
            QJsonObject{{QStringLiteral("reported_usd"), total.toDecimalString()},
                        {QStringLiteral("priced_usd"), ours->toDecimalString()}}));
}

std::optional<Money> ClaudeCodeParser::runningCost() const
{
    // Streamed usage undercounts output, so this guard can only stop late, never early;
    // --max-budget-usd is the primary limit.
    return priceUsage(m_streamedUsage);
}

QString ClaudeCodeParser::resultFailureReason() const
{
    QString detail = m_result->errors.join(QStringLiteral("; "));
    if (detail.isEmpty())
        detail = m_result->text;
    if (detail.isEmpty() && m_result->apiErrorStatus != 0)
        detail = QStringLiteral("the provider answered HTTP %1").arg(m_result->apiErrorStatus);
    if (detail.isEmpty())
        detail = QStringLiteral("no details given");
    return detail;
}

AgentOutcome ClaudeCodeParser::outcomeOfExit(const ProcessEnd &end)
{
    AgentOutcome outcome;
    if (!m_result) {
        if (end.how == ProcessEnd::How::Crashed) {
            outcome.kind = OutcomeKind::Crashed;
            outcome.reason = QStringLiteral("Claude Code crashed (%1) before reporting a result.")
                                 .arg(describeExit(end));
        } else if (m_linesSeen > 0 && m_malformedLines == m_linesSeen) {
            outcome.kind = OutcomeKind::Failed;
            outcome.reason = QStringLiteral("Claude Code's output was not stream-json (%1); it may "
                                            "be too old for --output-format stream-json.")
                                 .arg(describeExit(end));
        } else {
            outcome.kind = OutcomeKind::Failed;
            outcome.reason = QStringLiteral("Claude Code ended (%1) without a final result.")
                                 .arg(describeExit(end));
        }
        return outcome;
    }
    const QString &subtype = m_result->subtype;
    if (subtype == QLatin1String("error_max_turns")) {
        outcome.kind = OutcomeKind::MaxTurns;
        outcome.reason = QStringLiteral("Claude Code stopped at its turn limit after %1 turns.")
                             .arg(m_result->turns);
    } else if (subtype == QLatin1String("error_max_budget_usd")) {
        outcome.kind = OutcomeKind::BudgetExceeded;
        outcome.reason =
            QStringLiteral("Claude Code stopped at its budget: %1").arg(resultFailureReason());
    } else if (m_result->isError && m_rejectedWindow) {
        // The plan's window is used up: nothing runs until it resets, on any task.
        outcome.kind = OutcomeKind::UsageLimited;
        outcome.code = QStringLiteral("usage-limit");
        outcome.reason = m_rejectedWindow->describe();
    } else if (m_result->isError || subtype.startsWith(QLatin1String("error"))) {
        outcome.kind = OutcomeKind::Failed;
        if (m_result->apiErrorStatus == 429 || m_rateLimitMessage)
            outcome.code = QStringLiteral("rate-limited");
        else if (m_result->apiErrorStatus == 401 || m_result->apiErrorStatus == 403)
            outcome.code = QStringLiteral("auth");
        outcome.reason = QStringLiteral("Claude Code reported an error (%1): %2")
                             .arg(subtype, resultFailureReason());
    } else {
        outcome.kind = OutcomeKind::Succeeded;
    }
    return outcome;
}

void ClaudeCodeParser::fillAccounting(AgentOutcome &outcome) const
{
    outcome.sessionId = m_sessionId;
    if (m_result) {
        outcome.usage = m_result->usage;
        outcome.turns = m_result->turns;
        outcome.finalText = m_result->text;
    } else {
        outcome.usage = m_streamedUsage;
    }
    outcome.requests = m_requests;
    outcome.usageWindow = outcome.kind == OutcomeKind::UsageLimited ? m_rejectedWindow : m_window;
    if (m_result && m_result->totalCost) {
        outcome.cost = m_result->totalCost;
        outcome.costSource = CostSource::Reported;
    } else if (const std::optional<Money> priced = priceUsage(outcome.usage)) {
        outcome.cost = priced;
        outcome.costSource = CostSource::Priced;
    } else {
        outcome.costSource = CostSource::Unpriced;
    }
}

} // namespace agentdesk::agents
