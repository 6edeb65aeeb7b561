#pragma once

#include "agents/AgentEvent.h"
#include "agents/AgentOutcome.h"
#include "agents/AgentRequest.h"
#include "agents/Permission.h"
#include "agents/cli/AgentProcess.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>
#include <utility>

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
    // The events one line of standard error produces; by default none (the backend shows the
    // line itself). Codex reports its sandbox helper's failure there.
    virtual QList<AgentEvent> parseStderrLine(const QByteArray &line);

    // Set when the output shows the run cannot succeed and must be stopped now (Claude Code
    // retrying a 401 for minutes, Codex without its sandbox helper); the kind, code and reason
    // become the outcome.
    std::optional<AgentOutcome> stopRequest() const { return m_stopRequest; }

    // The cost so far, when known while running; the backend stops the run once it passes the
    // budget.
    virtual std::optional<Money> runningCost() const { return std::nullopt; }

    // When set, the run is stopped unless another line arrives within this many milliseconds
    // (Codex retrying an endpoint it cannot reach). Never counted while the run waits for the
    // user. onInactivity() then sets the stop request.
    virtual std::optional<int> inactivityLimitMs() const { return std::nullopt; }
    virtual void onInactivity(int limitMs);

    // The agent's control traffic, taken by the backend after each line: questions it asks,
    // questions it withdrew, replies to write to its standard input (a refusal of a control
    // request we do not handle), and whether it is done reading standard input.
    QList<PermissionRequest> takePermissionRequests() { return std::exchange(m_questions, {}); }
    QStringList takeWithdrawnQuestions() { return std::exchange(m_withdrawn, {}); }
    QList<QByteArray> takeReplies() { return std::exchange(m_replies, {}); }
    bool inputFinished() const { return m_inputFinished; }

    // The outcome once the process has ended, from what was parsed and how the process ended.
    AgentOutcome finish(const ProcessEnd &end);

protected:
    // The outcome when the process exited on its own; the base class handles stops, crashes
    // and start failures.
    virtual AgentOutcome outcomeOfExit(const ProcessEnd &end) = 0;
    // Usage, cost and session facts every outcome carries.
    virtual void fillAccounting(AgentOutcome &outcome) const = 0;

    void requestStop(OutcomeKind kind, QString code, QString reason);
    void askPermission(PermissionRequest request) { m_questions.append(std::move(request)); }
    void withdrawQuestion(const QString &requestId) { m_withdrawn.append(requestId); }
    void reply(QByteArray bytes) { m_replies.append(std::move(bytes)); }
    void finishInput() { m_inputFinished = true; }
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
    QList<PermissionRequest> m_questions;
    QStringList m_withdrawn;
    QList<QByteArray> m_replies;
    bool m_inputFinished = false;
};

// A Note event for a line that could not be parsed, with the start of the line.
AgentEvent malformedLineNote(const QString &agentName, const QByteArray &line, const QString &why);

} // namespace agentdesk::agents
