#include "agents/cli/AiderParser.h"

#include <QJsonObject>
#include <QRegularExpression>

namespace agentdesk::agents {

namespace {
const QString agentLabel = QStringLiteral("Aider");

// "1.2k" → 1200, "345" → 345, "2.1M" → 2100000 (Aider's format_tokens).
qint64 tokenCount(const QString &text)
{
    QString number = text;
    qint64 scale = 1;
    if (number.endsWith(QLatin1Char('k'), Qt::CaseInsensitive)) {
        scale = 1000;
        number.chop(1);
    } else if (number.endsWith(QLatin1Char('M'))) {
        scale = 1'000'000;
        number.chop(1);
    }
    const std::optional<Money> exact = Money::parseDollars(number); // exact decimal parse
    return exact ? exact->nanodollars() * scale / Money::nanosPerDollar : 0;
}

qint64 countBefore(const QString &line, const QString &label)
{
    static const QString numberPattern = QStringLiteral("([0-9][0-9.,]*[kKM]?)\\s+");
    const QRegularExpression pattern(numberPattern + QRegularExpression::escape(label));
    const QRegularExpressionMatch match = pattern.match(line);
    return match.hasMatch() ? tokenCount(match.captured(1).remove(QLatin1Char(','))) : 0;
}
} // namespace

AiderParser::AiderParser(QString model, UsagePricer pricer)
    : CliStreamParser(agentLabel, std::move(pricer))
    , m_model(model.isEmpty() ? QStringLiteral("aider-default") : std::move(model))
{}

std::optional<AiderParser::TokenLine> AiderParser::parseTokenLine(const QString &line)
{
    const QString trimmed = line.trimmed();
    if (!trimmed.startsWith(QLatin1String("Tokens:")) ||
        !trimmed.contains(QLatin1String(" received")))
        return std::nullopt;
    TokenLine parsed;
    const qint64 sent = countBefore(trimmed, QStringLiteral("sent"));
    parsed.usage.cacheWrite5mTokens = countBefore(trimmed, QStringLiteral("cache write"));
    parsed.usage.cacheReadTokens = countBefore(trimmed, QStringLiteral("cache hit"));
    // Aider's "sent" counts every prompt token, cached ones included.
    parsed.usage.inputTokens =
        qMax<qint64>(0, sent - parsed.usage.cacheWrite5mTokens - parsed.usage.cacheReadTokens);
    parsed.usage.outputTokens = countBefore(trimmed, QStringLiteral("received"));
    static const QRegularExpression cost(
        QStringLiteral("Cost:\\s*\\$([0-9.]+)\\s+message,\\s*\\$([0-9.]+)\\s+session"));
    const QRegularExpressionMatch match = cost.match(trimmed);
    if (match.hasMatch()) {
        parsed.messageCost = Money::parseDollars(match.captured(1));
        parsed.sessionCost = Money::parseDollars(match.captured(2));
    }
    return parsed;
}

QList<AgentEvent> AiderParser::parseLine(const QByteArray &bytes)
{
    QList<AgentEvent> events;
    const QString line = QString::fromUtf8(bytes);
    if (line.trimmed().isEmpty())
        return events;
    ++m_linesSeen;
    const std::optional<TokenLine> tokens = parseTokenLine(line);
    if (!tokens) {
        m_lastText = line;
        events.append(AgentEvent::make(AgentEvent::Kind::AssistantText, line));
        return events;
    }
    ++m_replies;
    m_usage[m_model] += tokens->usage;
    events.append(AgentEvent::make(
        AgentEvent::Kind::Usage, line.trimmed(),
        QJsonObject{
            {QStringLiteral("model"), m_model},
            {QStringLiteral("input_tokens"), double(tokens->usage.inputTokens)},
            {QStringLiteral("output_tokens"), double(tokens->usage.outputTokens)},
            {QStringLiteral("cache_write_tokens"), double(tokens->usage.cacheWrite5mTokens)},
            {QStringLiteral("cache_read_tokens"), double(tokens->usage.cacheReadTokens)},
            {QStringLiteral("approximate"), true}}));
    if (tokens->sessionCost) {
        m_sessionCost = tokens->sessionCost;
        events.append(AgentEvent::make(
            AgentEvent::Kind::Cost,
            QStringLiteral("Aider reports %1 so far").arg(m_sessionCost->format(4)),
            QJsonObject{{QStringLiteral("usd"), m_sessionCost->toDecimalString()},
                        {QStringLiteral("source"), costSourceName(CostSource::Reported)}}));
    }
    return events;
}

AgentOutcome AiderParser::outcomeOfExit(const ProcessEnd &end)
{
    AgentOutcome outcome;
    if (end.how == ProcessEnd::How::Crashed) {
        outcome.kind = OutcomeKind::Crashed;
        outcome.reason = QStringLiteral("Aider crashed (%1).").arg(describeExit(end));
    } else if (end.exitCode != 0) {
        outcome.kind = OutcomeKind::Failed;
        outcome.reason = QStringLiteral("Aider failed (%1).").arg(describeExit(end));
    } else {
        outcome.kind = OutcomeKind::Succeeded;
    }
    return outcome;
}

void AiderParser::fillAccounting(AgentOutcome &outcome) const
{
    outcome.usage = m_usage;
    outcome.turns = m_replies;
    outcome.finalText = m_lastText;
    if (m_sessionCost) {
        outcome.cost = m_sessionCost;
        outcome.costSource = CostSource::Reported;
    } else if (const std::optional<Money> priced = priceUsage(m_usage)) {
        outcome.cost = priced;
        outcome.costSource = CostSource::Priced;
    } else {
        outcome.costSource = m_usage.isEmpty() ? CostSource::Unmetered : CostSource::Unpriced;
    }
}

} // namespace agentdesk::agents
