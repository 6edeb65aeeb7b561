#include "agents/cli/CodexParser.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace agentdesk::agents {

namespace {
const QString agentLabel = QStringLiteral("Codex");

QString str(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toString();
}

QString errorMessage(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    return value.toObject().value(QLatin1String("message")).toString();
}

// Codex has no "authentication failed" event: it prints the HTTP error in an error message
// and reconnects several times. A refused key never recovers, so stop at the first one.
bool looksLikeAuthFailure(const QString &message)
{
    return message.contains(QLatin1String("401")) ||
           message.contains(QLatin1String("Unauthorized"), Qt::CaseInsensitive) ||
           message.contains(QLatin1String("invalid_api_key"));
}
} // namespace

CodexParser::CodexParser(QString model, UsagePricer pricer)
    : CliStreamParser(agentLabel, std::move(pricer))
    , m_model(model.isEmpty() ? QStringLiteral("codex-default") : std::move(model))
{}

QList<AgentEvent> CodexParser::parseLine(const QByteArray &line)
{
    QList<AgentEvent> events;
    if (line.trimmed().isEmpty())
        return events;
    ++m_linesSeen;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    const QJsonObject object = document.object();
    const QString type = str(object, "type");
    if (error.error != QJsonParseError::NoError || !document.isObject() || type.isEmpty()) {
        ++m_malformedLines;
        events.append(malformedLineNote(agentLabel, line,
                                        error.error != QJsonParseError::NoError
                                            ? error.errorString()
                                            : QStringLiteral("not an event")));
        return events;
    }
    if (type == QLatin1String("thread.started")) {
        m_threadId = str(object, "thread_id");
        events.append(AgentEvent::make(AgentEvent::Kind::SessionStarted,
                                       QStringLiteral("Codex started thread %1").arg(m_threadId),
                                       QJsonObject{{QStringLiteral("session_id"), m_threadId},
                                                   {QStringLiteral("model"), m_model}}));
    } else if (type == QLatin1String("turn.completed")) {
        parseTurnCompleted(object, events);
    } else if (type == QLatin1String("turn.failed")) {
        m_turnFailed = true;
        noteError(errorMessage(object.value(QLatin1String("error"))), events);
    } else if (type == QLatin1String("error")) {
        noteError(errorMessage(object.value(QLatin1String("message")).isUndefined()
                                   ? object.value(QLatin1String("error"))
                                   : object.value(QLatin1String("message"))),
                  events);
    } else if (type.startsWith(QLatin1String("item."))) {
        parseItem(type, object.value(QLatin1String("item")).toObject(), events);
    }
    return events;
}

void CodexParser::parseTurnCompleted(const QJsonObject &object, QList<AgentEvent> &events)
{
    ++m_turnsCompleted;
    const QJsonObject usage = object.value(QLatin1String("usage")).toObject();
    // input_tokens includes the cached ones; ours never does.
    const qint64 input = qint64(usage.value(QLatin1String("input_tokens")).toDouble());
    const qint64 cached = qint64(usage.value(QLatin1String("cached_input_tokens")).toDouble());
    TokenUsage tokens;
    tokens.inputTokens = qMax<qint64>(0, input - cached);
    tokens.cacheReadTokens = cached;
    tokens.outputTokens = qint64(usage.value(QLatin1String("output_tokens")).toDouble());
    m_usage[m_model] += tokens;
    events.append(AgentEvent::make(
        AgentEvent::Kind::Usage, QString(),
        QJsonObject{{QStringLiteral("model"), m_model},
                    {QStringLiteral("input_tokens"), double(tokens.inputTokens)},
                    {QStringLiteral("output_tokens"), double(tokens.outputTokens)},
                    {QStringLiteral("cache_read_tokens"), double(tokens.cacheReadTokens)}}));
}

void CodexParser::parseItem(const QString &type, const QJsonObject &item, QList<AgentEvent> &events)
{
    const QString itemType = str(item, "type");
    const bool completed = type == QLatin1String("item.completed");
    if (itemType == QLatin1String("agent_message") && completed) {
        m_lastAgentMessage = str(item, "text");
        events.append(AgentEvent::make(AgentEvent::Kind::AssistantText, m_lastAgentMessage));
    } else if (itemType == QLatin1String("command_execution")) {
        if (type == QLatin1String("item.started"))
            events.append(AgentEvent::make(
                AgentEvent::Kind::ToolUse, QStringLiteral("command"),
                QJsonObject{{QStringLiteral("id"), item.value(QLatin1String("id"))},
                            {QStringLiteral("name"), QStringLiteral("command")},
                            {QStringLiteral("input"),
                             QJsonObject{{QStringLiteral("command"),
                                          item.value(QLatin1String("command"))}}}}));
        else if (completed)
            events.append(AgentEvent::make(
                AgentEvent::Kind::ToolResult, str(item, "aggregated_output"),
                QJsonObject{{QStringLiteral("tool_use_id"), item.value(QLatin1String("id"))},
                            {QStringLiteral("exit_code"), item.value(QLatin1String("exit_code"))},
                            {QStringLiteral("is_error"),
                             item.value(QLatin1String("exit_code")).toInt() != 0}}));
    } else if (itemType == QLatin1String("file_change") && completed) {
        QStringList changes;
        const QJsonArray list = item.value(QLatin1String("changes")).toArray();
        for (const QJsonValue &change : list)
            changes.append(str(change.toObject(), "kind") + QLatin1Char(' ') +
                           str(change.toObject(), "path"));
        events.append(
            AgentEvent::make(AgentEvent::Kind::ToolResult, changes.join(QLatin1Char('\n')), item));
    } else if (itemType == QLatin1String("error") && completed) {
        noteError(str(item, "message"), events);
    }
    // reasoning, todo_list, web_search and updates of running items add nothing durable.
}

void CodexParser::noteError(const QString &message, QList<AgentEvent> &events)
{
    m_lastError = message;
    events.append(AgentEvent::make(AgentEvent::Kind::Note,
                                   QStringLiteral("Codex reported an error: %1").arg(message)));
    if (looksLikeAuthFailure(message))
        requestStop(OutcomeKind::AuthFailed,
                    QStringLiteral("Authentication failed: the provider refused Codex's API key "
                                   "(%1). Check the OpenAI key in Settings.")
                        .arg(message));
}

AgentOutcome CodexParser::outcomeOfExit(const ProcessEnd &end)
{
    AgentOutcome outcome;
    if (end.how == ProcessEnd::How::Crashed) {
        outcome.kind = OutcomeKind::Crashed;
        outcome.reason = QStringLiteral("Codex crashed (%1).").arg(describeExit(end));
    } else if (m_turnFailed || end.exitCode != 0) {
        outcome.kind = OutcomeKind::Failed;
        outcome.reason =
            QStringLiteral("Codex failed (%1): %2")
                .arg(describeExit(end),
                     m_lastError.isEmpty() ? QStringLiteral("no error message") : m_lastError);
    } else if (m_turnsCompleted == 0) {
        outcome.kind = OutcomeKind::Failed;
        outcome.reason = m_linesSeen > 0 && m_malformedLines == m_linesSeen
                             ? QStringLiteral("Codex's output was not `exec --json` events; it "
                                              "may be too old. Update it.")
                             : QStringLiteral("Codex exited without completing a turn.");
    } else {
        outcome.kind = OutcomeKind::Succeeded;
    }
    return outcome;
}

void CodexParser::fillAccounting(AgentOutcome &outcome) const
{
    outcome.sessionId = m_threadId;
    outcome.usage = m_usage;
    outcome.turns = m_turnsCompleted;
    outcome.finalText = m_lastAgentMessage;
    if (const std::optional<Money> priced = priceUsage(m_usage)) {
        outcome.cost = priced;
        outcome.costSource = CostSource::Priced;
    } else {
        outcome.costSource = CostSource::Unpriced;
    }
}

} // namespace agentdesk::agents
