#include "itemmodels/queue/ProviderConnectionTest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace agentdesk::itemmodels {

ProviderConnectionTest::ProviderConnectionTest(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_network(network)
{}

ProviderConnectionTest::~ProviderConnectionTest()
{
    cancel();
}

QUrl ProviderConnectionTest::modelsEndpoint(const QUrl &baseUrl)
{
    QUrl url = baseUrl;
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    // Users paste base URLs with and without the version segment: accept both, as the chat
    // clients do.
    if (!path.endsWith(QLatin1String("/v1")))
        path += QStringLiteral("/v1");
    url.setPath(path + QStringLiteral("/models"));
    return url;
}

void ProviderConnectionTest::start(llm::ProviderKind kind, const QUrl &baseUrl,
                                   const QString &apiKey, int timeoutMs)
{
    cancel();
    m_key = apiKey;
    const auto failLater = [this](const QString &message) {
        ConnectionTestResult result;
        result.message = message;
        QMetaObject::invokeMethod(
            this, [this, result] { Q_EMIT finished(result); }, Qt::QueuedConnection);
    };
    if (!m_network) {
        failLater(tr("No network access."));
        return;
    }
    if (!baseUrl.isValid() ||
        (baseUrl.scheme() != QLatin1String("http") && baseUrl.scheme() != QLatin1String("https"))) {
        failLater(tr("The base URL must start with http:// or https://."));
        return;
    }
    QNetworkRequest request(modelsEndpoint(baseUrl));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(timeoutMs);
    if (kind == llm::ProviderKind::Anthropic) {
        request.setRawHeader("anthropic-version", "2023-06-01");
        if (!apiKey.isEmpty())
            request.setRawHeader("x-api-key", apiKey.toUtf8());
    } else if (!apiKey.isEmpty()) {
        request.setRawHeader("authorization", "Bearer " + apiKey.toUtf8());
    }
    m_reply = m_network->get(request);
    connect(m_reply, &QNetworkReply::finished, this, &ProviderConnectionTest::onFinished);
}

void ProviderConnectionTest::cancel()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    reply->abort();
    reply->deleteLater();
}

QString ProviderConnectionTest::redacted(QString text) const
{
    if (m_key.size() >= 4)
        text.replace(m_key, QStringLiteral("[redacted]"));
    return text;
}

void ProviderConnectionTest::onFinished()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    if (!reply)
        return;
    reply->deleteLater();
    ConnectionTestResult result;
    result.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    if (result.httpStatus == 0) {
        result.message = redacted(tr("Could not reach the provider: %1").arg(reply->errorString()));
    } else if (result.httpStatus >= 200 && result.httpStatus < 300) {
        result.ok = true;
        const QJsonArray models =
            QJsonDocument::fromJson(body).object().value(QStringLiteral("data")).toArray();
        result.modelCount = int(models.size());
        if (models.isEmpty())
            result.message = tr("Connected.");
        else if (models.size() == 1)
            result.message = tr("Connected: 1 model available.");
        else
            result.message = tr("Connected: %1 models available.").arg(models.size());
    } else if (result.httpStatus == 401) {
        result.message = tr("The provider refused the key (HTTP 401). Check it, or enter it "
                            "again.");
    } else if (result.httpStatus == 403) {
        result.message = tr("The key has no access to this endpoint (HTTP 403).");
    } else if (result.httpStatus == 404) {
        result.message = tr("No models endpoint at %1 (HTTP 404): check the base URL.")
                             .arg(reply->url().toString(QUrl::RemoveUserInfo));
    } else if (result.httpStatus >= 300 && result.httpStatus < 400) {
        result.message =
            tr("The server redirects (HTTP %1); redirects are not followed, so the key never "
               "goes elsewhere. Use the final URL as the base URL.")
                .arg(result.httpStatus);
    } else {
        result.message = tr("The provider answered HTTP %1.").arg(result.httpStatus);
    }
    Q_EMIT finished(result);
}

} // namespace agentdesk::itemmodels
