#include "forge/RemoteUrl.h"

#include <QHostAddress>
#include <QRegularExpression>
#include <QUrl>

namespace agentdesk::forge {

namespace {

QString cleanPath(QString path)
{
    while (path.startsWith(QLatin1Char('/')))
        path.remove(0, 1);
    // ssh://host/~user/repo addresses a home directory, not a forge path.
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    if (path.endsWith(QLatin1String(".git")))
        path.chop(4);
    return path;
}

std::optional<RemoteLocation> parseSchemeUrl(const QString &url)
{
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid())
        return std::nullopt;
    RemoteLocation location;
    location.scheme = parsed.scheme().toLower();
    if (location.scheme == QLatin1String("file")) {
        location.isLocal = true;
        location.path = parsed.path();
        return location;
    }
    if (location.scheme == QLatin1String("git+ssh") || location.scheme == QLatin1String("ssh+git"))
        location.scheme = QStringLiteral("ssh");
    static const QStringList known{QStringLiteral("https"), QStringLiteral("http"),
                                   QStringLiteral("ssh"), QStringLiteral("git")};
    if (!known.contains(location.scheme) || parsed.host().isEmpty())
        return std::nullopt;
    location.host = parsed.host().toLower();
    location.port = parsed.port();
    location.path = cleanPath(parsed.path(QUrl::FullyDecoded));
    return location;
}

} // namespace

std::optional<RemoteLocation> parseRemoteUrl(const QString &url)
{
    const QString trimmed = url.trimmed();
    if (trimmed.isEmpty())
        return std::nullopt;
    if (trimmed.contains(QLatin1String("://")))
        return parseSchemeUrl(trimmed);
    // git's rule: a colon before the first slash makes it scp-like ([user@]host:path); else
    // it is a local path ("./repo", "/srv/repo.git", "C:/x" is not a concern on Linux).
    const qsizetype colon = trimmed.indexOf(QLatin1Char(':'));
    const qsizetype slash = trimmed.indexOf(QLatin1Char('/'));
    if (colon <= 0 || (slash >= 0 && slash < colon)) {
        RemoteLocation local;
        local.isLocal = true;
        local.path = trimmed;
        return local;
    }
    QString host = trimmed.left(colon);
    if (const qsizetype at = host.lastIndexOf(QLatin1Char('@')); at >= 0)
        host = host.mid(at + 1);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    if (host.isEmpty())
        return std::nullopt;
    RemoteLocation location;
    location.scheme = QStringLiteral("ssh");
    location.host = host.toLower();
    location.path = cleanPath(trimmed.mid(colon + 1));
    return location;
}

QString withoutUserInfo(const QString &url)
{
    if (!url.contains(QLatin1String("://")))
        return url; // scp-like "git@host:path": the user name is not a secret
    QUrl parsed(url);
    if (!parsed.isValid())
        return scrubUserInfo(url);
    // The user name stays for ssh (git@); http user info can hold a token.
    if (parsed.scheme().startsWith(QLatin1String("http")))
        parsed.setUserInfo(QString());
    else
        parsed.setPassword(QString());
    return parsed.toString();
}

QString scrubUserInfo(const QString &text)
{
    static const QRegularExpression userInfo(QStringLiteral("(https?://)[^/@\\s]+@"));
    QString out = text;
    out.replace(userInfo, QStringLiteral("\\1"));
    return out;
}

bool isLoopbackHost(const QString &host)
{
    const QString lower = host.toLower();
    if (lower == QLatin1String("localhost"))
        return true;
    QHostAddress address;
    return address.setAddress(lower) && address.isLoopback();
}

} // namespace agentdesk::forge
