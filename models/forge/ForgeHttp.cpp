#include "forge/ForgeHttp.h"

#include "core/BuildInfo.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QMetaObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace agentdesk::forge {

namespace {

constexpr int kTransferTimeoutMs = 30000;
constexpr qsizetype kMessageChars = 400;
// A 429 that names no reset time: wait this long before asking again.
constexpr int kDefaultRateLimitSeconds = 60;

QString messageValue(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isArray()) {
        QStringList parts;
        for (const QJsonValue &item : value.toArray()) {
            const QString text = item.isObject()
                                     ? item.toObject().value(QStringLiteral("message")).toString()
                                     : messageValue(item);
            if (!text.isEmpty())
                parts.append(text);
        }
        return parts.join(QStringLiteral("; "));
    }
    if (value.isObject()) {
        QStringList parts;
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            parts.append(it.key() + QStringLiteral(": ") + messageValue(it.value()));
        return parts.join(QStringLiteral("; "));
    }
    return QString();
}

std::optional<QDateTime> epochHeader(const QByteArray &value)
{
    bool ok = false;
    const qint64 seconds = value.trimmed().toLongLong(&ok);
    if (!ok || seconds <= 0)
        return std::nullopt;
    return QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC);
}

QString timeText(const QDateTime &at)
{
    return at.toUTC().toString(QStringLiteral("HH:mm:ss")) + QStringLiteral(" UTC");
}

} // namespace

std::optional<QDateTime> rateLimitedUntil(const ForgeResponse &response, const QDateTime &now)
{
    if (response.status != 429 && response.status != 403)
        return std::nullopt;
    const QByteArray retryAfter = response.header("retry-after").trimmed();
    if (!retryAfter.isEmpty()) {
        bool ok = false;
        const qint64 seconds = retryAfter.toLongLong(&ok);
        if (ok && seconds >= 0)
            return now.addSecs(seconds);
        const QDateTime date = QLocale::c().toDateTime(
            QString::fromLatin1(retryAfter), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
        if (date.isValid())
            return QDateTime(date.date(), date.time(), Qt::UTC);
    }
    // GitHub's primary limit, then GitLab's headers.
    for (const auto &[remaining, reset] :
         {std::pair{QByteArray("x-ratelimit-remaining"), QByteArray("x-ratelimit-reset")},
          std::pair{QByteArray("ratelimit-remaining"), QByteArray("ratelimit-reset")}}) {
        if (response.header(remaining).trimmed() == "0") {
            if (std::optional<QDateTime> at = epochHeader(response.header(reset)))
                return *at;
        }
    }
    if (response.status == 429 ||
        serverMessage(response.json).contains(QLatin1String("rate limit"), Qt::CaseInsensitive))
        return now.addSecs(kDefaultRateLimitSeconds);
    return std::nullopt;
}

QString serverMessage(const QJsonDocument &json)
{
    const QJsonObject object = json.object();
    QString text = messageValue(object.value(QStringLiteral("message")));
    if (text.isEmpty())
        text = object.value(QStringLiteral("error_description")).toString();
    if (text.isEmpty())
        text = messageValue(object.value(QStringLiteral("error")));
    const QString errors = messageValue(object.value(QStringLiteral("errors")));
    if (!errors.isEmpty() && !text.contains(errors))
        text = text.isEmpty() ? errors : text + QStringLiteral(": ") + errors;
    text = text.simplified();
    if (text.size() > kMessageChars)
        text = text.left(kMessageChars) + QStringLiteral("…");
    return text;
}

ForgeHttp::ForgeHttp(QNetworkAccessManager *network, ForgeTarget target, ForgeToken token,
                     QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_target(std::move(target))
    , m_token(std::move(token))
{}

ForgeHttp::~ForgeHttp()
{
    abortAll();
}

void ForgeHttp::abortAll()
{
    const QList<QPointer<QNetworkReply>> replies = std::exchange(m_inFlight, {});
    for (const QPointer<QNetworkReply> &reply : replies) {
        if (!reply)
            continue;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

QNetworkRequest ForgeHttp::makeRequest(const QUrl &url) const
{
    QNetworkRequest request(url);
    request.setTransferTimeout(kTransferTimeoutMs);
    // A redirect keeps the Authorization header: follow one only within the same origin, so
    // the token never reaches another host (or plain http).
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::SameOriginRedirectPolicy);
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      QByteArray(QByteArray("AgentDesk/") + buildinfo::projectVersion));
    const QByteArray token = m_token.value.toUtf8();
    switch (m_target.kind) {
    case ForgeKind::GitHub:
        request.setRawHeader("Accept", "application/vnd.github+json");
        request.setRawHeader("X-GitHub-Api-Version", "2022-11-28");
        request.setRawHeader("Authorization", "Bearer " + token);
        break;
    case ForgeKind::GitLab:
        // Personal, project and OAuth tokens all work as a bearer token.
        request.setRawHeader("Accept", "application/json");
        request.setRawHeader("Authorization", "Bearer " + token);
        break;
    case ForgeKind::Gitea:
        request.setRawHeader("Accept", "application/json");
        request.setRawHeader("Authorization", "token " + token);
        break;
    }
    return request;
}

void ForgeHttp::send(const QByteArray &method, const QString &path, const QUrlQuery &query,
                     const QJsonObject &body, bool cached, Handler handler)
{
    if (m_notBefore.isValid() && now() < m_notBefore) {
        ForgeResponse refused;
        refused.status = 429;
        refused.refusedLocally = true;
        QMetaObject::invokeMethod(
            this, [handler, refused] { handler(refused); }, Qt::QueuedConnection);
        return;
    }
    QUrl url = m_target.apiUrl;
    // The path is given encoded (GitLab's project id is "group%2Fname"): keep it so.
    url.setPath(url.path(QUrl::FullyEncoded) + path, QUrl::TolerantMode);
    if (!query.isEmpty())
        url.setQuery(query);
    QNetworkRequest request = makeRequest(url);
    const QString cacheKey = QString::fromLatin1(url.toEncoded());
    if (cached) {
        if (const auto it = m_cache.constFind(cacheKey); it != m_cache.cend())
            request.setRawHeader("If-None-Match", it->etag);
    }
    QByteArray payload;
    if (method != "GET") {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        payload = QJsonDocument(body).toJson(QJsonDocument::Compact);
    }
    QNetworkReply *reply = m_network->sendCustomRequest(request, method, payload);
    m_inFlight.append(reply);
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, cached, cacheKey, handler = std::move(handler)] {
                onFinished(reply, cached, cacheKey, handler);
            });
}

void ForgeHttp::onFinished(QNetworkReply *reply, bool cached, const QString &cacheKey,
                           Handler handler)
{
    m_inFlight.removeAll(reply);
    reply->deleteLater();
    ForgeResponse response;
    response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    response.body = reply->readAll();
    for (const auto &[name, value] : reply->rawHeaderPairs())
        response.headers.insert(name.toLower(), value);
    if (response.status == 0)
        response.networkError = scrub(reply->errorString());
    if (response.status == 304 && cached) {
        const auto it = m_cache.constFind(cacheKey);
        if (it != m_cache.cend()) {
            response.status = 200;
            response.body = it->body;
            response.notModified = true;
        }
    }
    response.json = QJsonDocument::fromJson(response.body);
    if (cached && response.status == 200 && !response.notModified) {
        const QByteArray etag = response.header("etag");
        if (!etag.isEmpty())
            m_cache.insert(cacheKey, {etag, response.body});
    }
    if (const std::optional<QDateTime> until = rateLimitedUntil(response, now()))
        m_notBefore = *until;
    handler(response);
}

QString ForgeHttp::scrub(QString text) const
{
    if (!m_token.value.isEmpty())
        text.replace(m_token.value, QStringLiteral("[redacted]"));
    return text;
}

QString ForgeHttp::scopeAdvice() const
{
    switch (m_target.kind) {
    case ForgeKind::GitHub:
        return QStringLiteral("a classic token with the repo scope, or a fine-grained one with "
                              "Pull requests: read and write, Commit statuses: read and Checks: "
                              "read");
    case ForgeKind::GitLab:
        return QStringLiteral("a token with the api scope");
    case ForgeKind::Gitea:
        return QStringLiteral("a token with the write:repository scope");
    }
    return QString();
}

Error ForgeHttp::badResponse(const QString &what) const
{
    return makeError(QStringLiteral("forge-bad-response"),
                     QStringLiteral("%1: %2 at %3 answered something AgentDesk does not "
                                    "understand. Is %4 the right API address?")
                         .arg(what, forgeKindDisplayName(m_target.kind), m_target.host,
                              m_target.apiUrl.toString()));
}

Error ForgeHttp::describe(const ForgeResponse &response, const QString &what) const
{
    const QString forge = forgeKindDisplayName(m_target.kind);
    const QString said = scrub(serverMessage(response.json));
    const QString saidPart = said.isEmpty() ? QString() : QStringLiteral(" (“%1”)").arg(said);
    if (response.status == 0)
        return makeError(QStringLiteral("forge-network"),
                         QStringLiteral("%1: %2 could not be reached (%3).")
                             .arg(what, m_target.apiUrl.host(), response.networkError));
    if (response.refusedLocally || rateLimitedUntil(response, now()))
        return makeError(QStringLiteral("forge-rate-limited"),
                         QStringLiteral("%1: %2's rate limit is reached; AgentDesk asks again "
                                        "after %3.%4")
                             .arg(what, forge, timeText(m_notBefore), saidPart));
    switch (response.status) {
    case 401:
        return makeError(QStringLiteral("forge-bad-credentials"),
                         QStringLiteral("%1: %2 refused the token from %3 (bad credentials)%4. "
                                        "Create a new one — %5 — and add it in Settings → "
                                        "Forges.")
                             .arg(what, forge, m_token.origin, saidPart, scopeAdvice()));
    case 403: {
        const QByteArray accepted = response.header("x-accepted-github-permissions");
        const bool scope = said.contains(QLatin1String("scope"), Qt::CaseInsensitive) ||
                           said.contains(QLatin1String("not accessible"), Qt::CaseInsensitive) ||
                           said.contains(QLatin1String("higher privileges"), Qt::CaseInsensitive) ||
                           !accepted.isEmpty();
        if (scope)
            return makeError(
                QStringLiteral("forge-missing-scope"),
                QStringLiteral("%1: the token from %2 may not do this on %3%4. It "
                               "needs %5%6.")
                    .arg(what, m_token.origin, m_target.repository, saidPart, scopeAdvice(),
                         accepted.isEmpty()
                             ? QString()
                             : QStringLiteral(" (%1)").arg(QString::fromLatin1(accepted))));
        return makeError(QStringLiteral("forge-forbidden"),
                         QStringLiteral("%1: %2 refused it%3.").arg(what, forge, saidPart));
    }
    case 404:
        return makeError(
            QStringLiteral("forge-not-found"),
            QStringLiteral("%1: %2 was not found on %3, or the token from %4 cannot "
                           "see it (a private repository needs %5).")
                .arg(what, m_target.repository, m_target.host, m_token.origin, scopeAdvice()));
    default:
        break;
    }
    if (response.status >= 500)
        return makeError(QStringLiteral("forge-server-error"),
                         QStringLiteral("%1: %2 answered %3%4; try again later.")
                             .arg(what, forge)
                             .arg(response.status)
                             .arg(saidPart));
    return makeError(QStringLiteral("forge-rejected"), QStringLiteral("%1: %2 refused it (%3)%4.")
                                                           .arg(what, forge)
                                                           .arg(response.status)
                                                           .arg(saidPart));
}

} // namespace agentdesk::forge
