#pragma once

#include "agents/cli/CliStreamParser.h"

#include <QJsonObject>

namespace agentdesk::agents {

// `codex exec --json` events (PROTOCOLS.md): thread/turn/item lines. Codex reports usage per
// turn and no cost, so the cost is ours to price (`pricer`) or stays unpriced.
class CodexParser : public CliStreamParser
{
public:
    CodexParser(QString model, UsagePricer pricer);

    QList<AgentEvent> parseLine(const QByteArray &line) override;
    std::optional<Money> runningCost() const override { return priceUsage(m_usage); }

protected:
    AgentOutcome outcomeOfExit(const ProcessEnd &end) override;
    void fillAccounting(AgentOutcome &outcome) const override;

private:
    void parseItem(const QString &type, const QJsonObject &item, QList<AgentEvent> &events);
    void parseTurnCompleted(const QJsonObject &object, QList<AgentEvent> &events);
    void noteError(const QString &message, QList<AgentEvent> &events);

    QString m_model;
    QString m_threadId;
    UsageByModel m_usage;
    QString m_lastAgentMessage;
    QString m_lastError;
    int m_turnsCompleted = 0;
    bool m_turnFailed = false;
};

} // namespace agentdesk::agents
