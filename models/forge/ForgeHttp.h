#pragma once

#include "core/Result.h"
#include "forge/ForgeTokens.h"
#include "forge/ForgeTypes.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QObject>
#include <QPointer>
#include <QUrlQuery>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace agentdesk::forge {

struct ForgeResponse
{
    int status = 0; // 0: no HTTP answer (connection error, or refused locally)
    QByteArray body;
    QJsonDocument json;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    bool notModified = false;              // 304: `body` is the copy kept with the ETag
    bool refusedLocally = false;           // not sent: the forge's rate limit has not reset
    QString networkError;

    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
    bool ok() const { return status >= 200 && status < 300; }
};

// When a rate-limited answer says the next request may go: Retry-After (seconds or an HTTP
// date), else GitHub's X-RateLimit-Reset / GitLab's RateLimit-Reset (epoch seconds) when the
// remaining count is 0. nullopt when the answer is not about a rate limit.
std::optional<QDateTime> rateLimitedUntil(const ForgeResponse &response, const QDateTime &now);

// The forge's own words from an error body: GitHub {"message", "errors":[…]}, GitLab
// {"message": string | [..] | {field: [..]}} or {"error", "error_description"}, Gitea
// {"message"}. Cut to a few hundred characters.
QString serverMessage(const QJsonDocument &json);

// The REST transport of one forge target, on the thread of the QNetworkAccessManager it is
// given (not owned): the forge's auth header, JSON in and out, ETags for polled GET requests
// (an unchanged answer is a 304, which does not count against GitHub's rate limit), and the
// rate limit honoured: after a rate-limited answer nothing is sent before the reset time.
class ForgeHttp : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<void(const ForgeResponse &response)>;

    ForgeHttp(QNetworkAccessManager *network, ForgeTarget target, ForgeToken token,
              QObject *parent = nullptr);
    ~ForgeHttp() override; // aborts what is in flight; handlers are not called

    const ForgeTarget &target() const { return m_target; }
    const ForgeToken &token() const { return m_token; }

    // `path` is appended to the API URL's path, already percent-encoded where needed
    // ("/projects/acme%2Fwidgets/merge_requests"). `cached`: send If-None-Match with the ETag
    // kept from the last 200 of the same URL and answer a 304 with that body.
    void send(const QByteArray &method, const QString &path, const QUrlQuery &query,
              const QJsonObject &body, bool cached, Handler handler);
    void get(const QString &path, const QUrlQuery &query, Handler handler, bool cached = false)
    {
        send("GET", path, query, QJsonObject(), cached, std::move(handler));
    }

    // Nothing is sent before this (invalid: no limit in force).
    QDateTime notBefore() const { return m_notBefore; }
    void abortAll();

    // A failed response as an Error a user can act on; `what` names the action ("Creating
    // the pull request"). Codes: forge-bad-credentials, forge-missing-scope, forge-forbidden,
    // forge-not-found, forge-rate-limited, forge-rejected, forge-server-error, forge-network,
    // forge-bad-response.
    Error describe(const ForgeResponse &response, const QString &what) const;
    Error badResponse(const QString &what) const;
    // `text` with the token removed, should a server echo it.
    QString scrub(QString text) const;

    // For tests: the clock used for rate-limit arithmetic.
    void setClock(std::function<QDateTime()> now) { m_now = std::move(now); }

private:
    QNetworkRequest makeRequest(const QUrl &url) const;
    void onFinished(QNetworkReply *reply, bool cached, const QString &cacheKey, Handler handler);
    QDateTime now() const { return m_now ? m_now() : QDateTime::currentDateTimeUtc(); }
    QString scopeAdvice() const;

    struct CacheEntry
    {
        QByteArray etag;
        QByteArray body;
    };

    QNetworkAccessManager *m_network;
    ForgeTarget m_target;
    ForgeToken m_token;
    QDateTime m_notBefore;
    QHash<QString, CacheEntry> m_cache;
    QList<QPointer<QNetworkReply>> m_inFlight;
    std::function<QDateTime()> m_now;
};

} // namespace agentdesk::forge
