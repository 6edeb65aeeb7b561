#include "agents/cli/CodexParser.h"

#include <QDir>
#include <QFileInfo>
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

// Seen when TMPDIR contains CODEX_HOME: bubblewrap cannot find the helper Codex links there,
// so every command fails with exit status 1 while the turn still "completes".
bool sandboxHelperMissing(const QString &output)
{
    return output.contains(QLatin1String("execvp codex-linux-sandbox"));
}
} // namespace

CodexParser::CodexParser(Options options, UsagePricer pricer)
    : CliStreamParser(agentLabel, std::move(pricer))
    , m_options(std::move(options))
    , m_model(m_options.model.isEmpty() ? defaultModelLabel() : m_options.model)
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
    // Anything but another reconnect attempt is progress: the endpoint answered.
    const bool reconnectLine =
        type == QLatin1String("error") && errorMessage(object.value(QLatin1String("message")))
                                              .startsWith(QLatin1String("Reconnecting..."));
    if (!reconnectLine) {
        m_reconnecting = false;
        m_consecutiveReconnects = 0;
    }
    if (type == QLatin1String("thread.started") || type == QLatin1String("thread.resumed")) {
        m_threadId = str(object, "thread_id");
        events.append(AgentEvent::make(AgentEvent::Kind::SessionStarted,
                                       QStringLiteral("Codex started thread %1").arg(m_threadId),
                                       QJsonObject{{QStringLiteral("session_id"), m_threadId},
                                                   {QStringLiteral("model"), m_model}}));
    } else if (type == QLatin1String("turn.completed")) {
        parseTurnCompleted(object, events);
    } else if (type == QLatin1String("turn.failed")) {
        parseTurnFailed(errorMessage(object.value(QLatin1String("error"))), events);
    } else if (type == QLatin1String("error")) {
        const QJsonValue message = object.value(QLatin1String("message"));
        parseMessage(
            errorMessage(message.isUndefined() ? object.value(QLatin1String("error")) : message),
            events);
    } else if (type.startsWith(QLatin1String("item."))) {
        parseItem(type, object.value(QLatin1String("item")).toObject(), events);
    }
    return events;
}

QList<AgentEvent> CodexParser::parseStderrLine(const QByteArray &line)
{
    // "WARNING: proceeding, even though we could not create PATH aliases: Refusing to create
    // helper binaries under temporary dir …": the commands that follow will fail.
    const QString text = QString::fromUtf8(line).trimmed();
    if (text.contains(QLatin1String("could not create PATH aliases")))
        m_helperWarning = text;
    return {};
}

void CodexParser::parseTurnCompleted(const QJsonObject &object, QList<AgentEvent> &events)
{
    ++m_turnsCompleted;
    const QJsonObject usage = object.value(QLatin1String("usage")).toObject();
    // input_tokens includes the cached ones; ours never does. output_tokens includes the
    // reasoning tokens, which are billed as output.
    const qint64 input = qint64(usage.value(QLatin1String("input_tokens")).toDouble());
    const qint64 cached = qint64(usage.value(QLatin1String("cached_input_tokens")).toDouble());
    TokenUsage tokens;
    tokens.inputTokens = qMax<qint64>(0, input - cached);
    tokens.cacheReadTokens = cached;
    tokens.outputTokens = qint64(usage.value(QLatin1String("output_tokens")).toDouble());
    m_usage[m_model] += tokens;
    QJsonObject payload{{QStringLiteral("model"), m_model},
                        {QStringLiteral("turn"), m_turnsCompleted},
                        {QStringLiteral("input_tokens"), double(tokens.inputTokens)},
                        {QStringLiteral("output_tokens"), double(tokens.outputTokens)},
                        {QStringLiteral("cache_read_tokens"), double(tokens.cacheReadTokens)}};
    // Priced per turn: the only point at which Codex says what it used.
    const std::optional<Money> turnCost = pricer() ? pricer()(m_model, tokens) : std::nullopt;
    if (turnCost)
        payload.insert(QStringLiteral("usd"), turnCost->toDecimalString());
    else
        payload.insert(QStringLiteral("unpriced"), true);
    events.append(AgentEvent::make(AgentEvent::Kind::Usage, QString(), payload));
}

void CodexParser::parseItem(const QString &type, const QJsonObject &item, QList<AgentEvent> &events)
{
    const QString itemType = str(item, "type");
    const bool started = type == QLatin1String("item.started");
    const bool completed = type == QLatin1String("item.completed");
    if (itemType == QLatin1String("agent_message") && completed) {
        m_lastAgentMessage = str(item, "text");
        events.append(AgentEvent::make(AgentEvent::Kind::AssistantText, m_lastAgentMessage));
    } else if (itemType == QLatin1String("command_execution") && (started || completed)) {
        parseCommand(started, item, events);
    } else if (itemType == QLatin1String("file_change") && (started || completed)) {
        parseFileChange(started, item, events);
    } else if (itemType == QLatin1String("error") && completed) {
        parseMessage(str(item, "message"), events);
    }
    // reasoning, todo_list, web_search and updates of running items add nothing durable.
}

void CodexParser::parseCommand(bool started, const QJsonObject &item, QList<AgentEvent> &events)
{
    if (started) {
        events.append(AgentEvent::make(
            AgentEvent::Kind::ToolUse, QStringLiteral("command"),
            QJsonObject{
                {QStringLiteral("id"), item.value(QLatin1String("id"))},
                {QStringLiteral("name"), QStringLiteral("command")},
                {QStringLiteral("input"),
                 QJsonObject{{QStringLiteral("command"), item.value(QLatin1String("command"))}}}}));
        return;
    }
    const QString output = str(item, "aggregated_output");
    events.append(AgentEvent::make(
        AgentEvent::Kind::ToolResult, output,
        QJsonObject{
            {QStringLiteral("tool_use_id"), item.value(QLatin1String("id"))},
            {QStringLiteral("exit_code"), item.value(QLatin1String("exit_code"))},
            {QStringLiteral("is_error"), item.value(QLatin1String("exit_code")).toInt() != 0}}));
    if (sandboxHelperMissing(output)) {
        QString reason = QStringLiteral(
            "Codex could not start its sandbox helper (\"bwrap: execvp codex-linux-sandbox\"), so "
            "every command it runs fails; the run was stopped rather than reported as done.");
        if (!m_helperWarning.isEmpty())
            reason += QStringLiteral(" Codex said: ") + m_helperWarning;
        requestStop(OutcomeKind::Failed, QStringLiteral("sandbox-helper"), reason);
    }
}

void CodexParser::parseFileChange(bool started, const QJsonObject &item, QList<AgentEvent> &events)
{
    const QString id = str(item, "id");
    QJsonArray changes;
    QStringList lines;
    const QJsonArray list = item.value(QLatin1String("changes")).toArray();
    for (const QJsonValue &value : list) {
        const QJsonObject change = value.toObject();
        const QString path = relativePath(str(change, "path"));
        changes.append(QJsonObject{{QStringLiteral("path"), path},
                                   {QStringLiteral("kind"), change.value(QLatin1String("kind"))}});
        lines.append(str(change, "kind") + QLatin1Char(' ') + path);
    }
    // Codex applies a patch as one tool call; show it as one, like the API agent's write_file.
    if (started || !m_startedFileChanges.contains(id)) {
        m_startedFileChanges.insert(id);
        QJsonObject input{{QStringLiteral("changes"), changes}};
        if (!changes.isEmpty())
            input.insert(QStringLiteral("path"),
                         changes.first().toObject().value(QLatin1String("path")));
        events.append(
            AgentEvent::make(AgentEvent::Kind::ToolUse, QStringLiteral("apply_patch"),
                             QJsonObject{{QStringLiteral("id"), id},
                                         {QStringLiteral("name"), QStringLiteral("apply_patch")},
                                         {QStringLiteral("input"), input}}));
    }
    if (started)
        return;
    events.append(
        AgentEvent::make(AgentEvent::Kind::ToolResult, lines.join(QLatin1Char('\n')),
                         QJsonObject{{QStringLiteral("tool_use_id"), id},
                                     {QStringLiteral("changes"), changes},
                                     {QStringLiteral("is_error"),
                                      str(item, "status") != QLatin1String("completed")}}));
}

QString CodexParser::relativePath(const QString &path) const
{
    if (m_options.worktree.isEmpty() || !QDir::isAbsolutePath(path))
        return path;
    // The worktree as given and as the kernel resolves it (Codex prints the real path).
    for (const QString &root :
         {QDir::cleanPath(m_options.worktree), QFileInfo(m_options.worktree).canonicalFilePath()}) {
        if (root.isEmpty())
            continue;
        const QString clean = QDir::cleanPath(path);
        if (clean == root)
            return QStringLiteral(".");
        if (clean.startsWith(root + QLatin1Char('/')))
            return clean.mid(root.size() + 1);
    }
    return path; // outside the worktree: shown as Codex gave it
}

void CodexParser::parseMessage(const QString &text, QList<AgentEvent> &events)
{
    const CodexMessage message = classifyCodexMessage(text);
    switch (message.kind) {
    case CodexMessage::Kind::Warning:
        events.append(AgentEvent::make(AgentEvent::Kind::Note, QStringLiteral("Codex: ") + text,
                                       QJsonObject{{QStringLiteral("warning"), true}}));
        return;
    case CodexMessage::Kind::Reconnecting:
    case CodexMessage::Kind::WaitingForNetwork: {
        m_reconnecting = true;
        m_reconnectDetail = text;
        if (!message.url.isEmpty())
            m_reconnectUrl = message.url;
        QJsonObject payload{{QStringLiteral("message"), text}};
        if (message.attempt > 0) {
            payload.insert(QStringLiteral("attempt"), message.attempt);
            payload.insert(QStringLiteral("max_retries"), message.maxAttempts);
        }
        if (message.status != 0)
            payload.insert(QStringLiteral("status"), message.status);
        events.append(
            AgentEvent::make(AgentEvent::Kind::Retry, QStringLiteral("Codex: ") + text, payload));
        if (message.status == 401 || message.status == 403) {
            // A refused key is refused on every attempt.
            m_failure = message;
            requestStop(OutcomeKind::AuthFailed, QStringLiteral("auth"), authFailureReason());
        } else if (message.kind == CodexMessage::Kind::WaitingForNetwork &&
                   ++m_consecutiveReconnects > m_options.maxReconnects) {
            requestStop(OutcomeKind::Failed, QStringLiteral("cannot-reach"), cannotReachReason());
        }
        return;
    }
    case CodexMessage::Kind::UsageLimit: {
        UsageWindow window;
        window.vendor = QStringLiteral("openai");
        window.agent = QStringLiteral("codex");
        window.status = UsageWindow::Status::Rejected;
        window.windowType = QStringLiteral("usage_limit");
        window.resetsAt = message.resetsAt;
        m_usageLimit = window;
        m_lastError = text;
        events.append(
            AgentEvent::make(AgentEvent::Kind::RateLimit, window.describe(), window.toJson()));
        return;
    }
    case CodexMessage::Kind::RateLimited:
    case CodexMessage::Kind::Error:
        m_lastError = text;
        events.append(AgentEvent::make(AgentEvent::Kind::Error,
                                       QStringLiteral("Codex reported an error: ") + text,
                                       QJsonObject{{QStringLiteral("status"), message.status}}));
        if (message.status == 401 || message.status == 403) {
            m_failure = message;
            requestStop(OutcomeKind::AuthFailed, QStringLiteral("auth"), authFailureReason());
        }
        return;
    }
}

void CodexParser::parseTurnFailed(const QString &text, QList<AgentEvent> &events)
{
    m_turnFailed = true;
    m_failure = classifyCodexMessage(text);
    // turn.failed repeats the error line before it; show it once.
    if (text != m_lastError)
        parseMessage(text, events);
    m_lastError = text;
}

QString CodexParser::endpointLabel(const QString &url) const
{
    if (!url.isEmpty())
        return url;
    if (!m_options.endpoint.isEmpty())
        return m_options.endpoint;
    return QStringLiteral("the provider in Codex's configuration");
}

QString CodexParser::authFailureReason() const
{
    return QStringLiteral("Authentication failed: the provider refused Codex's key (HTTP %1 at "
                          "%2). Check the OpenAI key in Settings, or Codex's own login.")
        .arg(m_failure.statusText, endpointLabel(m_failure.url));
}

QString CodexParser::cannotReachReason() const
{
    const QString where = endpointLabel(m_reconnectUrl);
    return QStringLiteral("Codex cannot reach %1 (%2). Check the OpenAI base URL in Settings (or "
                          "OPENAI_BASE_URL) and that the server is running.")
        .arg(where, m_reconnectDetail.isEmpty() ? QStringLiteral("no answer") : m_reconnectDetail);
}

std::optional<int> CodexParser::inactivityLimitMs() const
{
    if (!m_reconnecting || m_options.reconnectInactivityMs <= 0)
        return std::nullopt;
    return m_options.reconnectInactivityMs;
}

void CodexParser::onInactivity(int)
{
    requestStop(OutcomeKind::Failed, QStringLiteral("cannot-reach"), cannotReachReason());
}

AgentOutcome CodexParser::outcomeOfExit(const ProcessEnd &end)
{
    AgentOutcome outcome;
    if (end.how == ProcessEnd::How::Crashed) {
        outcome.kind = OutcomeKind::Crashed;
        outcome.reason = QStringLiteral("Codex crashed (%1).").arg(describeExit(end));
    } else if (m_usageLimit) {
        outcome.kind = OutcomeKind::UsageLimited;
        outcome.code = QStringLiteral("usage-limit");
        outcome.reason = m_usageLimit->describe();
    } else if (m_turnFailed && (m_failure.status == 401 || m_failure.status == 403)) {
        outcome.kind = OutcomeKind::AuthFailed;
        outcome.code = QStringLiteral("auth");
        outcome.reason = authFailureReason();
    } else if (m_turnFailed && m_failure.status == 404) {
        outcome.kind = OutcomeKind::Failed;
        outcome.code = QStringLiteral("not-found");
        outcome.reason = QStringLiteral("The provider answered %1 at %2: check the OpenAI base "
                                        "URL (Codex needs the Responses API, BASE/responses).")
                             .arg(m_failure.statusText, endpointLabel(m_failure.url));
    } else if (m_turnFailed || end.exitCode != 0) {
        outcome.kind = OutcomeKind::Failed;
        if (m_failure.kind == CodexMessage::Kind::RateLimited)
            outcome.code = QStringLiteral("rate-limited");
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
    outcome.usageWindow = m_usageLimit;
    if (const std::optional<Money> priced = priceUsage(m_usage)) {
        outcome.cost = priced;
        outcome.costSource = CostSource::Priced;
    } else {
        outcome.costSource = CostSource::Unpriced;
    }
}

} // namespace agentdesk::agents
