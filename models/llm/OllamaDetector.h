#pragma once

#include "core/Result.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QUrl>

class QNetworkAccessManager;

namespace agentdesk::llm {

// Finds a local Ollama (GET /api/tags on 127.0.0.1:11434 unless told otherwise) and lists its
// models, so the provider list can offer it without configuration.
class OllamaDetector : public QObject
{
    Q_OBJECT
public:
    explicit OllamaDetector(QNetworkAccessManager *network, QObject *parent = nullptr);

    static QUrl defaultUrl() { return QUrl(QStringLiteral("http://127.0.0.1:11434")); }
    void detect(const QUrl &base = defaultUrl(), int timeoutMs = 1500);

    static Result<QStringList> parseTags(const QByteArray &json);

Q_SIGNALS:
    void detected(const QUrl &base, const QStringList &models);
    void notFound(const QString &reason);

private:
    QPointer<QNetworkAccessManager> m_network;
};

} // namespace agentdesk::llm
