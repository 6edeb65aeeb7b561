#pragma once

#include "agents/cli/CliStreamParser.h"

namespace agentdesk::agents {

// Output of a custom command: every line is text for the timeline, the exit status decides
// success, and the cost is unmetered (a budget can still cap wall time).
class PlainTextParser : public CliStreamParser
{
public:
    explicit PlainTextParser(QString agentName);

    QList<AgentEvent> parseLine(const QByteArray &line) override;

protected:
    AgentOutcome outcomeOfExit(const ProcessEnd &end) override;
    void fillAccounting(AgentOutcome &outcome) const override;

private:
    QString m_lastLine;
};

} // namespace agentdesk::agents
