#pragma once

#include "core/LaunchEnvironment.h"
#include "core/Result.h"
#include "forge/ForgeTypes.h"

#include <QHash>
#include <QMutex>
#include <QObject>
#include <QProcessEnvironment>

#include <functional>
#include <memory>
#include <optional>

namespace agentdesk::forge {

// Tokens the GUI read from the desktop's secret store (Settings → Forges), per forge host, for
// the forge layer to use on any thread. Never logged, never persisted by AgentDesk: the GUI
// keeps them in the keychain under secretStoreKey(host).
class ForgeTokenCache
{
public:
    void set(const QString &host, const QString &token);
    void remove(const QString &host);
    QString token(const QString &host) const;

    // The secret store entry for a host's token: "forge/HOST".
    static QString secretStoreKey(const QString &host);

private:
    mutable QMutex m_mutex;
    QHash<QString, QString> m_tokens;
};

enum class TokenSource
{
    SecretStore,
    Environment,
    Cli,
};

struct ForgeToken
{
    QString value; // never log, persist or put in a message
    TokenSource source = TokenSource::Environment;
    QString origin; // for messages: "the secret store", "GITHUB_TOKEN", "gh auth token"
};

// The environment variables that hold a token for `kind` on `host`, in the order read. As gh
// does: GH_TOKEN and GITHUB_TOKEN are for github.com (and *.ghe.com) only, GH_ENTERPRISE_TOKEN
// and GITHUB_ENTERPRISE_TOKEN for other GitHub hosts, so a github.com token is never sent to
// another server. GITLAB_TOKEN for GitLab, GITEA_TOKEN (or FORGEJO_TOKEN) for Gitea.
QStringList tokenVariables(ForgeKind kind, const QString &host);

struct TokenLookup
{
    std::shared_ptr<const ForgeTokenCache> cache; // may be null (headless)
    // The environment AgentDesk started with: main() takes tokens out of the process's own
    // (core/LaunchEnvironment, issue 16) and keeps them here.
    QProcessEnvironment environment = LaunchEnvironment::environment();
    // The forge CLIs asked last, when installed: `gh auth token --hostname HOST`,
    // `glab config get token --host HOST`.
    QString ghProgram = QStringLiteral("gh");
    QString glabProgram = QStringLiteral("glab");
    bool useCli = true;
    int cliTimeoutMs = 10000;
};

// Finds the token for a forge: the secret store, then the environment, then the forge's CLI.
// Asynchronous when a CLI has to be asked (a child process, never waited on).
class TokenResolver : public QObject
{
    Q_OBJECT
public:
    explicit TokenResolver(TokenLookup lookup, QObject *parent = nullptr);

    // Calls `done` once, later. Code forge-no-token when nothing has one.
    void resolve(const ForgeTarget &target, std::function<void(Result<ForgeToken>)> done);

    // The first two sources only, synchronously.
    static std::optional<ForgeToken> fromCacheOrEnvironment(const TokenLookup &lookup,
                                                            const ForgeTarget &target);
    static Error noTokenError(const ForgeTarget &target);

private:
    TokenLookup m_lookup;
};

} // namespace agentdesk::forge
