#include "forge/ForgeConfig.h"

#include <QRegularExpression>

namespace agentdesk::forge {

QStringList configkeys::all()
{
    return {remote, forge, forgeApiUrl, forgeRepository, requireForgeChecks};
}

namespace {

std::optional<bool> gitBool(const QString &value)
{
    const QString v = value.trimmed().toLower();
    // A key written without "= value" is true to git.
    if (v.isEmpty() || v == QLatin1String("true") || v == QLatin1String("yes") ||
        v == QLatin1String("on") || v == QLatin1String("1"))
        return true;
    if (v == QLatin1String("false") || v == QLatin1String("no") || v == QLatin1String("off") ||
        v == QLatin1String("0"))
        return false;
    return std::nullopt;
}

bool hostHasLabel(const QString &host, const QString &word)
{
    const QStringList labels = host.split(QLatin1Char('.'));
    for (const QString &label : labels) {
        if (label.startsWith(word) || label.endsWith(word))
            return true;
    }
    return false;
}

// The web host behind an SSH endpoint that lives on a host of its own.
QString webHost(const QString &host)
{
    if (host == QLatin1String("ssh.github.com"))
        return QStringLiteral("github.com");
    if (host == QLatin1String("altssh.gitlab.com"))
        return QStringLiteral("gitlab.com");
    return host;
}

QString apiVersionPath(ForgeKind kind)
{
    switch (kind) {
    case ForgeKind::GitHub:
        return QStringLiteral("/api/v3");
    case ForgeKind::GitLab:
        return QStringLiteral("/api/v4");
    case ForgeKind::Gitea:
        return QStringLiteral("/api/v1");
    }
    return QString();
}

// GitHub and Gitea name a repository with exactly two parts; a longer path means the forge
// is served under a prefix (https://host/git/owner/name). GitLab nests groups.
struct SplitPath
{
    QString prefix;
    QString repository;
};

SplitPath splitRepositoryPath(ForgeKind kind, const QString &path)
{
    QStringList parts = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (kind == ForgeKind::GitLab || parts.size() <= 2)
        return {QString(), parts.join(QLatin1Char('/'))};
    const QStringList tail = parts.mid(parts.size() - 2);
    parts.resize(parts.size() - 2);
    return {QLatin1Char('/') + parts.join(QLatin1Char('/')), tail.join(QLatin1Char('/'))};
}

QUrl defaultApiUrl(ForgeKind kind, const RemoteLocation &location, const QString &host,
                   const QString &prefix)
{
    if (kind == ForgeKind::GitHub && host == QLatin1String("github.com"))
        return QUrl(QStringLiteral("https://api.github.com"));
    if (kind == ForgeKind::GitHub && host.endsWith(QLatin1String(".ghe.com")))
        return QUrl(QStringLiteral("https://api.") + host);
    QUrl url;
    // An SSH remote says nothing about the web's scheme or port: https on the default port.
    url.setScheme(location.isHttp() ? location.scheme : QStringLiteral("https"));
    url.setHost(host);
    if (location.isHttp())
        url.setPort(location.port);
    url.setPath(prefix + apiVersionPath(kind));
    return url;
}

bool validRepository(ForgeKind kind, const QString &repository)
{
    static const QRegularExpression part(QStringLiteral("^[A-Za-z0-9_.][A-Za-z0-9_.\\-]*$"));
    const QStringList parts = repository.split(QLatin1Char('/'));
    if (parts.size() < 2 || (kind != ForgeKind::GitLab && parts.size() != 2))
        return false;
    for (const QString &p : parts) {
        if (!part.match(p).hasMatch() || p == QLatin1String("..") || p == QLatin1String("."))
            return false;
    }
    return true;
}

} // namespace

ForgeConfig parseForgeConfig(const QByteArray &gitConfigZ)
{
    ForgeConfig config;
    for (const QByteArray &entry : gitConfigZ.split('\0')) {
        if (entry.isEmpty())
            continue;
        const qsizetype newline = entry.indexOf('\n');
        const QString key = QString::fromUtf8(newline < 0 ? entry : entry.left(newline)).toLower();
        const QString value = newline < 0 ? QString() : QString::fromUtf8(entry.mid(newline + 1));
        if (key == configkeys::remote.toLower())
            config.remote = value.trimmed().isEmpty() ? config.remote : value.trimmed();
        else if (key == configkeys::forge.toLower())
            config.forge = value.trimmed();
        else if (key == configkeys::forgeApiUrl.toLower())
            config.apiUrl = value.trimmed();
        else if (key == configkeys::forgeRepository.toLower())
            config.repository = value.trimmed();
        else if (key == configkeys::requireForgeChecks.toLower()) {
            if (const std::optional<bool> on = gitBool(value))
                config.requireChecks = *on;
            else
                config.invalid.append(configkeys::requireForgeChecks);
        }
    }
    return config;
}

std::optional<ForgeKind> guessForgeKind(const QString &rawHost)
{
    const QString host = webHost(rawHost.toLower());
    if (host == QLatin1String("github.com") || host.endsWith(QLatin1String(".ghe.com")))
        return ForgeKind::GitHub;
    if (host == QLatin1String("gitlab.com"))
        return ForgeKind::GitLab;
    if (host == QLatin1String("codeberg.org"))
        return ForgeKind::Gitea;
    if (hostHasLabel(host, QStringLiteral("github")))
        return ForgeKind::GitHub;
    if (hostHasLabel(host, QStringLiteral("gitlab")))
        return ForgeKind::GitLab;
    if (hostHasLabel(host, QStringLiteral("gitea")) ||
        hostHasLabel(host, QStringLiteral("forgejo")))
        return ForgeKind::Gitea;
    return std::nullopt;
}

Result<QUrl> checkApiUrl(const QString &text)
{
    QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")))
        return makeError(QStringLiteral("forge-bad-config"),
                         QStringLiteral("%1 must be an http(s) URL such as "
                                        "https://git.example.com/api/v4, not \"%2\".")
                             .arg(configkeys::forgeApiUrl, text));
    if (!url.userInfo().isEmpty())
        return makeError(QStringLiteral("forge-bad-config"),
                         QStringLiteral("%1 must not carry a user name or password; AgentDesk "
                                        "sends the token in a header.")
                             .arg(configkeys::forgeApiUrl));
    if (url.scheme() == QLatin1String("http") && !isLoopbackHost(url.host()))
        return makeError(QStringLiteral("forge-insecure-api-url"),
                         QStringLiteral("%1 is plain http on %2: the token would travel "
                                        "unencrypted. Use https (plain http is accepted for "
                                        "loopback addresses only).")
                             .arg(configkeys::forgeApiUrl, url.host()));
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path);
    return url;
}

Result<ForgeTarget> resolveForgeTarget(const ForgeConfig &config, const QString &remoteUrl)
{
    ForgeTarget target;
    target.remote = config.remote;
    target.remoteUrl = withoutUserInfo(remoteUrl);
    const std::optional<RemoteLocation> location = parseRemoteUrl(remoteUrl);
    const bool remoteHasHost = location && !location->isLocal;
    const QString host = remoteHasHost ? webHost(location->host) : QString();

    std::optional<ForgeKind> kind;
    if (!config.forge.isEmpty()) {
        kind = forgeKindFromId(config.forge);
        if (!kind)
            return makeError(QStringLiteral("forge-bad-config"),
                             QStringLiteral("%1 is \"%2\"; use github, gitlab or gitea.")
                                 .arg(configkeys::forge, config.forge));
        target.kindDetected = false;
    } else if (remoteHasHost) {
        kind = guessForgeKind(host);
    }
    if (!kind)
        return makeError(
            remoteHasHost ? QStringLiteral("forge-unknown") : QStringLiteral("forge-local-remote"),
            remoteHasHost
                ? QStringLiteral("AgentDesk cannot tell which forge %1 runs. Say it with `git "
                                 "config %2 github` (or gitlab, gitea).")
                      .arg(host, configkeys::forge)
                : QStringLiteral("The remote \"%1\" (%2) is not on a forge. Point %3 at a "
                                 "remote on GitHub, GitLab or Gitea, or set %4, %5 and %6.")
                      .arg(config.remote, target.remoteUrl, configkeys::remote, configkeys::forge,
                           configkeys::forgeApiUrl, configkeys::forgeRepository));
    target.kind = *kind;

    const SplitPath split =
        remoteHasHost ? splitRepositoryPath(target.kind, location->path) : SplitPath();
    target.repository = split.repository;
    if (!config.repository.isEmpty()) {
        target.repository = config.repository;
        target.repositoryDetected = false;
    }
    if (!validRepository(target.kind, target.repository))
        return makeError(QStringLiteral("forge-bad-config"),
                         QStringLiteral("\"%1\" is not a repository on %2 (owner/name). Set it "
                                        "with `git config %3 owner/name`.")
                             .arg(target.repository, forgeKindDisplayName(target.kind),
                                  configkeys::forgeRepository));

    if (!config.apiUrl.isEmpty()) {
        Result<QUrl> api = checkApiUrl(config.apiUrl);
        if (!api)
            return api.error();
        target.apiUrl = *api;
        target.apiUrlDetected = false;
    } else if (remoteHasHost) {
        target.apiUrl = defaultApiUrl(target.kind, *location, host, split.prefix);
        if (Result<QUrl> api = checkApiUrl(target.apiUrl.toString()); !api)
            return api.error();
    } else {
        return makeError(QStringLiteral("forge-local-remote"),
                         QStringLiteral("The remote \"%1\" is a local path; set %2 to the "
                                        "forge's API address.")
                             .arg(config.remote, configkeys::forgeApiUrl));
    }
    target.host = host.isEmpty() ? target.apiUrl.host().toLower() : host;
    return target;
}

} // namespace agentdesk::forge
