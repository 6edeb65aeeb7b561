#pragma once

#include "agents/AgentEvent.h"
#include "agents/AgentOutcome.h"
#include "agents/AgentRequest.h"
#include "agents/cli/AgentProcess.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace agentdesk::agents {

// Turns one CLI's standard output into timeline events and, at the end, an outcome. One
// parser per run: it keeps the run's state (usage so far, the final result line). Parsers never
// throw and never stop on a line they do not understand: it becomes a Note.
class CliStreamParser
{
public:
    explicit CliStreamParser(QString agentName, UsagePricer pricer = {});
    virtual ~CliStreamParser();

    // The events one line of standard output produces (often none).
    virtual QList<AgentEvent> parseLine(const QByteArray &line) = 0;

    // Set when the output shows the run cannot succeed and must be stopped now (Claude Code
    // retrying a 401 for minutes); the kind and reason become the outcome.
    std::optional<AgentOutcome> stopRequest() const { return m_stopRequest; }

    // The cost so far, when known while running; the backend stops the run once it passes the
    // budget.
    virtual std::optional<Money> runningCost() const { return std::nullopt; }

    // The outcome once the process has ended, from what was parsed and how the process ended.
    AgentOutcome finish(const ProcessEnd &end);

protected:
    // The outcome when the process exited on its own; the base class handles stops, crashes
    // and start failures.
    virtual AgentOutcome outcomeOfExit(const ProcessEnd &end) = 0;
    // Usage, cost and session facts every outcome carries.
    virtual void fillAccounting(AgentOutcome &outcome) const = 0;

    void requestStop(OutcomeKind kind, QString reason);
    static QString describeExit(const ProcessEnd &end);
    const QString &agentName() const { return m_agentName; }
    const UsagePricer &pricer() const { return m_pricer; }
    // Prices usage by model; nullopt when there is no pricer or any model has no price.
    std::optional<Money> priceUsage(const UsageByModel &usage) const;

    int m_linesSeen = 0;
    int m_malformedLines = 0;

private:
    QString m_agentName;
    UsagePricer m_pricer;
    std::optional<AgentOutcome> m_stopRequest;
};

// A Note event for a line that could not be parsed, with the start of the line.
AgentEvent malformedLineNote(const QString &agentName, const QByteArray &line, const QString &why);

} // namespace agentdesk::agents
