#pragma once

#include "llm/ChatClient.h"

#include <QTest>

#include <optional>

namespace agentdesk::test {

// Records everything a ChatClient emits for one call and waits for its end.
class CallRecorder : public QObject
{
public:
    explicit CallRecorder(llm::ChatClient *client)
    {
        connect(client, &llm::ChatClient::event, this,
                [this](const llm::ChatEvent &e) { events.append(e); });
        connect(client, &llm::ChatClient::retrying, this,
                [this](const llm::RetryNotice &n) { retries.append(n); });
        connect(client, &llm::ChatClient::finished, this, [this](const llm::FinalMessage &m) {
            ++endings;
            final = m;
        });
        connect(client, &llm::ChatClient::failed, this, [this](const llm::ChatError &e) {
            ++endings;
            error = e;
        });
    }

    bool wait(int timeoutMs = 10000)
    {
        return QTest::qWaitFor([this] { return endings > 0; }, timeoutMs);
    }

    QString text() const { return joined(llm::ChatEvent::Kind::TextDelta); }
    QString reasoning() const { return joined(llm::ChatEvent::Kind::ReasoningDelta); }
    QString joined(llm::ChatEvent::Kind kind) const
    {
        QString all;
        for (const llm::ChatEvent &e : events) {
            if (e.kind == kind)
                all += e.text;
        }
        return all;
    }
    QList<llm::ChatEvent> ofKind(llm::ChatEvent::Kind kind) const
    {
        QList<llm::ChatEvent> result;
        for (const llm::ChatEvent &e : events) {
            if (e.kind == kind)
                result.append(e);
        }
        return result;
    }

    QList<llm::ChatEvent> events;
    QList<llm::RetryNotice> retries;
    std::optional<llm::FinalMessage> final;
    std::optional<llm::ChatError> error;
    int endings = 0;
};

inline llm::ClientOptions fastOptions(const QString &provider, const QUrl &baseUrl,
                                      const QString &key = QStringLiteral("test-key-123"))
{
    llm::ClientOptions options;
    options.providerName = provider;
    options.baseUrl = baseUrl;
    options.apiKey = key;
    options.retry.delayScale = 0.001; // "retrying in 12 s" waits 12 ms
    options.retry.random = [] { return 0.5; };
    options.connectTimeoutMs = 5000;
    options.inactivityTimeoutMs = 5000;
    return options;
}

} // namespace agentdesk::test
