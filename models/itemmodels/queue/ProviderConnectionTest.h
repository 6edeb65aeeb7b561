#pragma once

#include "llm/ProviderRegistry.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace agentdesk::itemmodels {

struct ConnectionTestResult
{
    bool ok = false;
    int httpStatus = 0;  // 0: no HTTP answer
    int modelCount = -1; // -1: unknown
    QString message;     // for the settings page; never contains the key
};

// Settings → Providers → "Test connection": one asynchronous GET of the provider's models
// endpoint (Anthropic `/v1/models` with x-api-key, OpenAI-compatible `…/v1/models` with a
// bearer key) on the caller's thread and network manager. Redirects are not followed (the
// key header would follow them). Exactly one finished() per start(), never from inside it.
class ProviderConnectionTest : public QObject
{
    Q_OBJECT
public:
    explicit ProviderConnectionTest(QNetworkAccessManager *network, QObject *parent = nullptr);
    ~ProviderConnectionTest() override;

    void start(llm::ProviderKind kind, const QUrl &baseUrl, const QString &apiKey,
               int timeoutMs = 15000);
    // Ends a test in flight without a finished().
    void cancel();
    bool isRunning() const { return !m_reply.isNull(); }

    // The models endpoint for a base URL given with or without its "/v1".
    static QUrl modelsEndpoint(const QUrl &baseUrl);

Q_SIGNALS:
    void finished(const agentdesk::itemmodels::ConnectionTestResult &result);

private:
    void onFinished();
    QString redacted(QString text) const;

    QPointer<QNetworkAccessManager> m_network;
    QPointer<QNetworkReply> m_reply;
    QString m_key;
};

} // namespace agentdesk::itemmodels

Q_DECLARE_METATYPE(agentdesk::itemmodels::ConnectionTestResult)
