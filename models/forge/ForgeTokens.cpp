#include "forge/ForgeTokens.h"

#include "forge/GitProcess.h"

#include <QFileInfo>
#include <QMetaObject>
#include <QMutexLocker>
#include <QStandardPaths>

namespace agentdesk::forge {

void ForgeTokenCache::set(const QString &host, const QString &token)
{
    QMutexLocker lock(&m_mutex);
    m_tokens.insert(host.toLower(), token);
}

void ForgeTokenCache::remove(const QString &host)
{
    QMutexLocker lock(&m_mutex);
    m_tokens.remove(host.toLower());
}

QString ForgeTokenCache::token(const QString &host) const
{
    QMutexLocker lock(&m_mutex);
    return m_tokens.value(host.toLower());
}

QString ForgeTokenCache::secretStoreKey(const QString &host)
{
    return QStringLiteral("forge/") + host.toLower();
}

QStringList tokenVariables(ForgeKind kind, const QString &host)
{
    switch (kind) {
    case ForgeKind::GitHub:
        if (host == QLatin1String("github.com") || host.endsWith(QLatin1String(".ghe.com")))
            return {QStringLiteral("GH_TOKEN"), QStringLiteral("GITHUB_TOKEN")};
        return {QStringLiteral("GH_ENTERPRISE_TOKEN"), QStringLiteral("GITHUB_ENTERPRISE_TOKEN")};
    case ForgeKind::GitLab:
        return {QStringLiteral("GITLAB_TOKEN")};
    case ForgeKind::Gitea:
        return {QStringLiteral("GITEA_TOKEN"), QStringLiteral("FORGEJO_TOKEN")};
    }
    return {};
}

namespace {

QString findProgram(const QString &program)
{
    if (program.contains(QLatin1Char('/'))) {
        const QFileInfo info(program);
        return info.isFile() && info.isExecutable() ? info.absoluteFilePath() : QString();
    }
    return QStandardPaths::findExecutable(program);
}

struct CliCommand
{
    QString program;
    QStringList arguments;
    QString origin;
};

std::optional<CliCommand> cliFor(const TokenLookup &lookup, const ForgeTarget &target)
{
    if (!lookup.useCli)
        return std::nullopt;
    if (target.kind == ForgeKind::GitHub) {
        const QString gh = findProgram(lookup.ghProgram);
        if (gh.isEmpty())
            return std::nullopt;
        return CliCommand{gh,
                          {QStringLiteral("auth"), QStringLiteral("token"),
                           QStringLiteral("--hostname"), target.host},
                          QStringLiteral("gh auth token")};
    }
    if (target.kind == ForgeKind::GitLab) {
        const QString glab = findProgram(lookup.glabProgram);
        if (glab.isEmpty())
            return std::nullopt;
        return CliCommand{glab,
                          {QStringLiteral("config"), QStringLiteral("get"), QStringLiteral("token"),
                           QStringLiteral("--host"), target.host},
                          QStringLiteral("glab config get token")};
    }
    return std::nullopt; // Debian's `tea` is a text editor, not Gitea's CLI
}

} // namespace

TokenResolver::TokenResolver(TokenLookup lookup, QObject *parent)
    : QObject(parent)
    , m_lookup(std::move(lookup))
{}

std::optional<ForgeToken> TokenResolver::fromCacheOrEnvironment(const TokenLookup &lookup,
                                                                const ForgeTarget &target)
{
    if (lookup.cache) {
        const QString stored = lookup.cache->token(target.host);
        if (!stored.isEmpty())
            return ForgeToken{stored, TokenSource::SecretStore, QStringLiteral("the secret store")};
    }
    for (const QString &variable : tokenVariables(target.kind, target.host)) {
        const QString value = lookup.environment.value(variable).trimmed();
        if (!value.isEmpty())
            return ForgeToken{value, TokenSource::Environment, variable};
    }
    return std::nullopt;
}

Error TokenResolver::noTokenError(const ForgeTarget &target)
{
    QString cli;
    if (target.kind == ForgeKind::GitHub)
        cli = QStringLiteral(", or log in with `gh auth login`");
    else if (target.kind == ForgeKind::GitLab)
        cli = QStringLiteral(", or log in with `glab auth login`");
    return makeError(QStringLiteral("forge-no-token"),
                     QStringLiteral("AgentDesk has no %1 token for %2. Add one in Settings → "
                                    "Forges, set %3%4.")
                         .arg(forgeKindDisplayName(target.kind), target.host,
                              tokenVariables(target.kind, target.host).join(QStringLiteral(" or ")),
                              cli));
}

void TokenResolver::resolve(const ForgeTarget &target, std::function<void(Result<ForgeToken>)> done)
{
    if (std::optional<ForgeToken> token = fromCacheOrEnvironment(m_lookup, target)) {
        QMetaObject::invokeMethod(
            this, [done, token = *token] { done(token); }, Qt::QueuedConnection);
        return;
    }
    const std::optional<CliCommand> cli = cliFor(m_lookup, target);
    if (!cli) {
        QMetaObject::invokeMethod(
            this, [done, target] { done(noTokenError(target)); }, Qt::QueuedConnection);
        return;
    }
    ProcessRequest request;
    request.program = cli->program;
    request.arguments = cli->arguments;
    request.environment = forgeChildEnvironment(m_lookup.environment);
    request.timeoutMs = m_lookup.cliTimeoutMs;
    auto *job = new ProcessJob(this);
    job->start(request, [job, done, target, origin = cli->origin](const ProcessResult &result) {
        job->deleteLater();
        const QString token = QString::fromUtf8(result.out).trimmed();
        // One line of token characters; anything else ("no oauth token", a prompt) is not.
        if (!result.ok() || token.isEmpty() || token.contains(QLatin1Char(' ')) ||
            token.contains(QLatin1Char('\n'))) {
            done(noTokenError(target));
            return;
        }
        done(ForgeToken{token, TokenSource::Cli, origin});
    });
}

} // namespace agentdesk::forge
