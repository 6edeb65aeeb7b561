#pragma once

#include "agents/cli/CliStreamParser.h"

#include <QJsonObject>
#include <QStringList>

namespace agentdesk::agents {

// Claude Code's `--output-format stream-json --verbose` lines (PROTOCOLS.md; the recordings in
// tests/agents/data). The final `result` line is the authority for cost and usage: the usage
// inside streamed assistant messages is the message_start figure (output_tokens 1), and the
// result's own `usage` is all zeros after a budget stop, so only `modelUsage` is trusted.
// With `--permission-prompt-tool stdio` the CLI also asks before using tools
// (ClaudeControlProtocol.h); a `rejected` rate_limit_event followed by an error result ends the
// run as UsageLimited.
class ClaudeCodeParser : public CliStreamParser
{
public:
    explicit ClaudeCodeParser(UsagePricer pricer = {});

    QList<AgentEvent> parseLine(const QByteArray &line) override;
    std::optional<Money> runningCost() const override;

    bool sawResult() const { return m_result.has_value(); }

protected:
    AgentOutcome outcomeOfExit(const ProcessEnd &end) override;
    void fillAccounting(AgentOutcome &outcome) const override;

private:
    struct ResultLine
    {
        QString subtype;
        bool isError = false;
        QString text;
        QString terminalReason;
        QStringList errors;
        int apiErrorStatus = 0;
        int turns = 0;
        std::optional<Money> totalCost;
        UsageByModel usage;
    };

    void parseSystem(const QJsonObject &object, QList<AgentEvent> &events);
    void parseControlRequest(const QJsonObject &object, QList<AgentEvent> &events);
    void parseRateLimit(const QJsonObject &object, QList<AgentEvent> &events);
    void parseAssistant(const QJsonObject &object, QList<AgentEvent> &events);
    void parseUser(const QJsonObject &object, QList<AgentEvent> &events);
    void parseResult(const QJsonObject &object, const QByteArray &line, QList<AgentEvent> &events);
    void crossCheckCost(const QJsonObject &modelUsage, QList<AgentEvent> &events) const;
    QString resultFailureReason() const;
    bool countRequest(const QString &messageId, const QString &model);

    QString m_sessionId;
    QString m_model;
    UsageByModel m_streamedUsage;
    std::optional<ResultLine> m_result;
    // Provider requests: a new assistant message id, or the same one after a tool result (a
    // scripted server may reuse ids), starts one.
    QMap<QString, int> m_requests;
    QString m_lastMessageId;
    bool m_toolResultSince = true;
    std::optional<UsageWindow> m_window;         // the last rate_limit_event
    std::optional<UsageWindow> m_rejectedWindow; // the last one that said "rejected"
    bool m_rateLimitMessage = false;             // a synthetic assistant message, error rate_limit
};

} // namespace agentdesk::agents
