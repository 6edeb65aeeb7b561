#include "llm/OllamaDetector.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace agentdesk::llm {

OllamaDetector::OllamaDetector(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_network(network)
{}

Result<QStringList> OllamaDetector::parseTags(const QByteArray &json)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    if (!doc.isObject() || !doc.object().value(QStringLiteral("models")).isArray())
        return makeError(QStringLiteral("not-ollama"),
                         QStringLiteral("the server answered, but not as Ollama does"));
    QStringList models;
    for (const QJsonValue &value : doc.object().value(QStringLiteral("models")).toArray()) {
        const QJsonObject model = value.toObject();
        const QString name = model.value(QStringLiteral("name")).toString();
        models.append(name.isEmpty() ? model.value(QStringLiteral("model")).toString() : name);
    }
    models.removeAll(QString());
    models.sort();
    return models;
}

void OllamaDetector::detect(const QUrl &base, int timeoutMs)
{
    if (!m_network) {
        Q_EMIT notFound(QStringLiteral("no network access"));
        return;
    }
    QUrl url = base;
    url.setPath(QStringLiteral("/api/tags"));
    QNetworkRequest request(url);
    request.setTransferTimeout(timeoutMs);
    QNetworkReply *reply = m_network->get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply, base] {
        reply->deleteLater();
        if (reply->error() != QNetworkReply::NoError) {
            Q_EMIT notFound(QStringLiteral("no Ollama at %1: %2")
                                .arg(base.toString(QUrl::RemoveUserInfo), reply->errorString()));
            return;
        }
        const Result<QStringList> models = parseTags(reply->readAll());
        if (!models) {
            Q_EMIT notFound(models.errorMessage());
            return;
        }
        Q_EMIT detected(base, *models);
    });
}

} // namespace agentdesk::llm
