#pragma once

#include "agents/cli/CliStreamParser.h"

namespace agentdesk::agents {

// Aider's plain output (`--no-pretty`). After each reply it prints
// `Tokens: 1.2k sent, 345 received. Cost: $0.01 message, $0.05 session.`, optionally with
// `N cache write` / `N cache hit` before `received`. The session figure is the run's cost so
// far; token counts are rounded by Aider ("1.2k"), so the usage is approximate.
class AiderParser : public CliStreamParser
{
public:
    AiderParser(QString model, UsagePricer pricer);

    QList<AgentEvent> parseLine(const QByteArray &line) override;
    std::optional<Money> runningCost() const override { return m_sessionCost; }

    struct TokenLine
    {
        TokenUsage usage;
        std::optional<Money> messageCost;
        std::optional<Money> sessionCost;
    };
    // Parses one `Tokens:` line; nullopt for any other line.
    static std::optional<TokenLine> parseTokenLine(const QString &line);

protected:
    AgentOutcome outcomeOfExit(const ProcessEnd &end) override;
    void fillAccounting(AgentOutcome &outcome) const override;

private:
    QString m_model;
    UsageByModel m_usage;
    std::optional<Money> m_sessionCost;
    QString m_lastText;
    int m_replies = 0;
};

} // namespace agentdesk::agents
