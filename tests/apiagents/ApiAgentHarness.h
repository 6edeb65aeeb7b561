#pragma once

#include "FakeProviderServer.h"
#include "ProviderScripts.h"
#include "agents/AgentBackend.h"
#include "agents/api/ApiAgentConfig.h"
#include "cost/Ledger.h"
#include "cost/PriceTable.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <memory>
#include <optional>

namespace agentdesk::test {

// Per-token prices of claude-sonnet-4-5 and gpt-5-mini in nanodollars, written out here from
// the published table (PROTOCOLS.md) so the ledger is checked against figures the test owns.
inline constexpr qint64 sonnetInputNanos = 3000;
inline constexpr qint64 sonnetOutputNanos = 15000;
inline constexpr qint64 gpt5MiniInputNanos = 250;
inline constexpr qint64 gpt5MiniOutputNanos = 2000;

inline Money sonnetCost(qint64 input, qint64 output)
{
    return Money::fromNanodollars(input * sonnetInputNanos + output * sonnetOutputNanos);
}

// The scripted server, a ledger, the bundled price table and a config pointing at the server.
struct ApiAgentHarness
{
    FakeProviderServer server;
    cost::Ledger ledger;
    agents::ApiAgentConfig config;

    explicit ApiAgentHarness(bool openAi = false)
    {
        QVERIFY(server.listen());
        config.provider.protocol = openAi
                                       ? agents::ProviderSettings::Protocol::OpenAiChatCompletions
                                       : agents::ProviderSettings::Protocol::AnthropicMessages;
        config.provider.id = openAi ? QStringLiteral("openai") : QStringLiteral("anthropic");
        config.provider.client.providerName =
            openAi ? QStringLiteral("OpenAI") : QStringLiteral("Anthropic");
        config.provider.client.baseUrl = server.baseUrl();
        config.provider.client.apiKey = QStringLiteral("test-key-123");
        config.provider.client.retry.delayScale = 0.001;
        config.provider.client.retry.random = [] { return 0.5; };
        config.provider.client.inactivityTimeoutMs = 10000;
        auto prices = cost::PriceTable::loadBundled();
        QVERIFY2(prices.ok(), qPrintable(prices.errorMessage()));
        config.prices = std::make_shared<const cost::PriceTable>(*prices);
        config.ledger = &ledger;
        config.taskId = QStringLiteral("task-7");
        config.iteration = 2;
        config.toolbox.commandTimeoutMs = 30000;
    }

    // The request bodies the server received, as JSON.
    QJsonObject requestJson(int index) const { return server.requests().at(index).json(); }
    // The last message of request `index`.
    QJsonObject lastMessage(int index) const
    {
        const QJsonArray messages = requestJson(index).value(QStringLiteral("messages")).toArray();
        return messages.isEmpty() ? QJsonObject() : messages.last().toObject();
    }
};

// Collects an agent backend's events and its single outcome.
struct BackendRecorder : QObject
{
    explicit BackendRecorder(agents::AgentBackend *backend)
    {
        connect(backend, &agents::AgentBackend::eventOccurred, this,
                [this](const agents::AgentEvent &e) { events.append(e); });
        connect(backend, &agents::AgentBackend::finished, this,
                [this](const agents::AgentOutcome &o) {
                    ++endings;
                    outcome = o;
                });
    }
    bool wait(int timeoutMs = 20000)
    {
        return QTest::qWaitFor([this] { return endings > 0; }, timeoutMs);
    }
    QList<agents::AgentEvent> ofKind(agents::AgentEvent::Kind kind) const
    {
        QList<agents::AgentEvent> found;
        for (const agents::AgentEvent &e : events) {
            if (e.kind == kind)
                found.append(e);
        }
        return found;
    }

    QList<agents::AgentEvent> events;
    std::optional<agents::AgentOutcome> outcome;
    int endings = 0;
};

// Tool-use turns with the arguments as one JSON object, cut in two fragments.
inline ScriptedResponse anthropicTool(const QString &id, const QString &name,
                                      const QJsonObject &input, qint64 in, qint64 out)
{
    const QString json = QString::fromUtf8(QJsonDocument(input).toJson(QJsonDocument::Compact));
    const qsizetype half = json.size() / 2;
    return anthropic::toolTurn(QString(), id, name, {json.left(half), json.mid(half)}, in, out);
}

inline ScriptedResponse openAiTool(const QString &id, const QString &name, const QJsonObject &input,
                                   qint64 in, qint64 out)
{
    const QString json = QString::fromUtf8(QJsonDocument(input).toJson(QJsonDocument::Compact));
    const qsizetype half = json.size() / 2;
    return openai::toolTurn(id, name, {json.left(half), json.mid(half)}, in, out);
}

// The tool_result blocks of an Anthropic request's message, by tool_use_id.
inline QJsonObject toolResultFor(const QJsonObject &message, const QString &toolUseId)
{
    const QJsonArray content = message.value(QStringLiteral("content")).toArray();
    for (const QJsonValue &value : content) {
        const QJsonObject block = value.toObject();
        if (block.value(QStringLiteral("type")).toString() == QLatin1String("tool_result") &&
            block.value(QStringLiteral("tool_use_id")).toString() == toolUseId)
            return block;
    }
    return {};
}

inline QString toolResultText(const QJsonObject &block)
{
    const QJsonValue content = block.value(QStringLiteral("content"));
    if (content.isString())
        return content.toString();
    QString text;
    for (const QJsonValue &part : content.toArray())
        text += part.toObject().value(QStringLiteral("text")).toString();
    return text;
}

} // namespace agentdesk::test
