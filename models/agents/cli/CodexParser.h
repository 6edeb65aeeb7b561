#pragma once

#include "agents/UsageWindow.h"
#include "agents/cli/CliStreamParser.h"
#include "agents/cli/CodexMessages.h"

#include <QJsonObject>
#include <QSet>

namespace agentdesk::agents {

// `codex exec --json` events as Codex 0.171 prints them (the recordings in tests/agents/data):
// thread.started, turn.started, item.started/updated/completed (command_execution, file_change,
// agent_message, reasoning, error), error, turn.completed {usage}, turn.failed {error}.
// Codex reports usage only per turn and no cost, so each turn is priced with `pricer` (or the
// run stays unpriced). Warnings and transient reconnects are told apart from real errors by
// their text (CodexMessages.h); authentication is judged by the HTTP status the text names.
class CodexParser : public CliStreamParser
{
public:
    struct Options
    {
        QString model;    // the model Codex uses; empty: its default, which cannot be priced
        QString worktree; // file_change paths are shown relative to it
        QString endpoint; // the Responses API base AgentDesk gave Codex; empty: Codex's own
        int maxReconnects = 4;
        int reconnectInactivityMs = 90'000;
    };

    CodexParser(Options options, UsagePricer pricer);

    QList<AgentEvent> parseLine(const QByteArray &line) override;
    QList<AgentEvent> parseStderrLine(const QByteArray &line) override;
    std::optional<Money> runningCost() const override { return priceUsage(m_usage); }
    std::optional<int> inactivityLimitMs() const override;
    void onInactivity(int limitMs) override;

    // The label usage is recorded under when Codex picks its own model.
    static QString defaultModelLabel() { return QStringLiteral("codex-default"); }

protected:
    AgentOutcome outcomeOfExit(const ProcessEnd &end) override;
    void fillAccounting(AgentOutcome &outcome) const override;

private:
    void parseItem(const QString &type, const QJsonObject &item, QList<AgentEvent> &events);
    void parseCommand(bool started, const QJsonObject &item, QList<AgentEvent> &events);
    void parseFileChange(bool started, const QJsonObject &item, QList<AgentEvent> &events);
    void parseTurnCompleted(const QJsonObject &object, QList<AgentEvent> &events);
    void parseMessage(const QString &text, QList<AgentEvent> &events);
    void parseTurnFailed(const QString &text, QList<AgentEvent> &events);
    QString relativePath(const QString &path) const;
    QString endpointLabel(const QString &url) const;
    QString cannotReachReason() const;
    QString authFailureReason() const;

    Options m_options;
    QString m_model;
    QString m_threadId;
    UsageByModel m_usage;
    QString m_lastAgentMessage;
    QString m_lastError;
    CodexMessage m_failure; // what turn.failed said
    std::optional<UsageWindow> m_usageLimit;
    QString m_reconnectDetail; // the last reconnect line, for "cannot reach"
    QString m_reconnectUrl;
    QString m_helperWarning; // Codex's stderr warning that it could not create its helper
    QSet<QString> m_startedFileChanges;
    int m_consecutiveReconnects = 0;
    int m_turnsCompleted = 0;
    bool m_reconnecting = false;
    bool m_turnFailed = false;
};

} // namespace agentdesk::agents
