#include "agents/cli/PlainTextParser.h"

namespace agentdesk::agents {

PlainTextParser::PlainTextParser(QString agentName)
    : CliStreamParser(std::move(agentName))
{}

QList<AgentEvent> PlainTextParser::parseLine(const QByteArray &line)
{
    if (line.trimmed().isEmpty())
        return {};
    m_lastLine = QString::fromUtf8(line);
    return {AgentEvent::make(AgentEvent::Kind::AssistantText, m_lastLine)};
}

AgentOutcome PlainTextParser::outcomeOfExit(const ProcessEnd &end)
{
    AgentOutcome outcome;
    if (end.how == ProcessEnd::How::Crashed) {
        outcome.kind = OutcomeKind::Crashed;
        outcome.reason = QStringLiteral("%1 crashed (%2).").arg(agentName(), describeExit(end));
    } else if (end.exitCode != 0) {
        outcome.kind = OutcomeKind::Failed;
        outcome.reason = QStringLiteral("%1 failed (%2).").arg(agentName(), describeExit(end));
    } else {
        outcome.kind = OutcomeKind::Succeeded;
    }
    return outcome;
}

void PlainTextParser::fillAccounting(AgentOutcome &outcome) const
{
    outcome.finalText = m_lastLine;
    outcome.costSource = CostSource::Unmetered;
}

} // namespace agentdesk::agents
