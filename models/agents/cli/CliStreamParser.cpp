#include "agents/cli/CliStreamParser.h"

namespace agentdesk::agents {

namespace {
constexpr qsizetype quotedPrefixBytes = 200;

QString stderrHint(const QByteArray &tail)
{
    QByteArray shown = tail.trimmed();
    if (shown.isEmpty())
        return {};
    if (shown.size() > 400) {
        shown = shown.right(400);
        const qsizetype newline = shown.indexOf('\n');
        if (newline >= 0 && newline + 1 < shown.size())
            shown = shown.mid(newline + 1);
    }
    return QStringLiteral(" Its last error output: ") + QString::fromUtf8(shown);
}
} // namespace

CliStreamParser::CliStreamParser(QString agentName, UsagePricer pricer)
    : m_agentName(std::move(agentName))
    , m_pricer(std::move(pricer))
{}

CliStreamParser::~CliStreamParser() = default;

QList<AgentEvent> CliStreamParser::parseStderrLine(const QByteArray &)
{
    return {};
}

void CliStreamParser::onInactivity(int limitMs)
{
    requestStop(OutcomeKind::Failed, QStringLiteral("no-output"),
                QStringLiteral("Stopped: %1 printed nothing for %2 s.")
                    .arg(m_agentName)
                    .arg(limitMs / 1000));
}

void CliStreamParser::requestStop(OutcomeKind kind, QString code, QString reason)
{
    if (m_stopRequest)
        return;
    AgentOutcome outcome;
    outcome.kind = kind;
    outcome.code = std::move(code);
    outcome.reason = std::move(reason);
    m_stopRequest = outcome;
}

QString CliStreamParser::describeExit(const ProcessEnd &end)
{
    if (end.how == ProcessEnd::How::Crashed)
        return end.error;
    return QStringLiteral("exit status %1").arg(end.exitCode);
}

std::optional<Money> CliStreamParser::priceUsage(const UsageByModel &usage) const
{
    if (!m_pricer || usage.isEmpty())
        return std::nullopt;
    Money total;
    for (auto it = usage.cbegin(); it != usage.cend(); ++it) {
        const std::optional<Money> price = m_pricer(it.key(), it.value());
        if (!price)
            return std::nullopt;
        total += *price;
    }
    return total;
}

AgentOutcome CliStreamParser::finish(const ProcessEnd &end)
{
    AgentOutcome outcome;
    switch (end.how) {
    case ProcessEnd::How::FailedToStart:
        outcome.kind = OutcomeKind::Failed;
        outcome.reason = m_agentName + QStringLiteral(" could not be started: ") + end.error;
        break;
    case ProcessEnd::How::Stopped:
        switch (end.stopReason) {
        case StopReason::AgentVerdict:
        case StopReason::None:
            outcome = m_stopRequest.value_or(AgentOutcome());
            break;
        case StopReason::Budget:
            outcome.kind = OutcomeKind::BudgetExceeded;
            outcome.reason = QStringLiteral("Stopped: the task's budget was reached.");
            break;
        case StopReason::Cancelled:
            outcome.kind = OutcomeKind::Cancelled;
            outcome.reason = QStringLiteral("Cancelled.");
            break;
        case StopReason::WallClockLimit:
            outcome.kind = OutcomeKind::TimedOut;
            outcome.reason =
                QStringLiteral("Stopped: %1 ran past its time limit.").arg(m_agentName);
            break;
        case StopReason::OutputCap:
            outcome.kind = OutcomeKind::Failed;
            outcome.code = QStringLiteral("output-cap");
            outcome.reason =
                QStringLiteral("Stopped: %1 printed more output than the limit allows (%2 bytes).")
                    .arg(m_agentName)
                    .arg(end.outputBytes);
            break;
        }
        break;
    case ProcessEnd::How::Crashed:
    case ProcessEnd::How::Exited:
        outcome = outcomeOfExit(end);
        if (!outcome.succeeded() && outcome.kind != OutcomeKind::BudgetExceeded &&
            outcome.kind != OutcomeKind::MaxTurns && outcome.kind != OutcomeKind::UsageLimited)
            outcome.reason += stderrHint(end.stderrTail);
        break;
    }
    outcome.exitCode = end.exitCode;
    fillAccounting(outcome);
    return outcome;
}

AgentEvent malformedLineNote(const QString &agentName, const QByteArray &line, const QString &why)
{
    QString shown = QString::fromUtf8(line.left(quotedPrefixBytes));
    if (line.size() > quotedPrefixBytes)
        shown += QStringLiteral("…");
    return AgentEvent::make(
        AgentEvent::Kind::Note,
        QStringLiteral("Unreadable output from %1 (%2): %3").arg(agentName, why, shown),
        QJsonObject{{QStringLiteral("malformed"), true},
                    {QStringLiteral("bytes"), double(line.size())}});
}

} // namespace agentdesk::agents
