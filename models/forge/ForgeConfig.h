#pragma once

#include "core/Result.h"
#include "forge/ForgeTypes.h"
#include "forge/RemoteUrl.h"

#include <QByteArray>
#include <QString>

// Which forge a repository publishes to: detected from its remote's URL, overridable in the
// repository's git config so scripts, tests and unusual hosts can say it outright.

namespace agentdesk::forge {

namespace configkeys {
// The remote pushed to and whose URL names the forge (default "origin").
inline const QString remote = QStringLiteral("agentdesk.remote");
// "github", "gitlab" or "gitea" (also "forgejo").
inline const QString forge = QStringLiteral("agentdesk.forge");
// The REST API's base, e.g. https://git.example.com/api/v3; plain http only on loopback.
inline const QString forgeApiUrl = QStringLiteral("agentdesk.forgeApiUrl");
// "owner/name" when the remote's path is not it (a mirror, an alias).
inline const QString forgeRepository = QStringLiteral("agentdesk.forgeRepository");
// "true": the merge gate also waits for the forge's checks on the published commit.
inline const QString requireForgeChecks = QStringLiteral("agentdesk.requireForgeChecks");
// All of them, in the order Settings → Repository shows them.
QStringList all();
} // namespace configkeys

// The agentdesk.* keys as git resolved them (repository config over the user's).
struct ForgeConfig
{
    QString remote = QStringLiteral("origin");
    QString forge;
    QString apiUrl;
    QString repository;
    bool requireChecks = false;
    // Keys whose value could not be read ("agentdesk.requireForgeChecks=maybe").
    QStringList invalid;
};

// Reads `git config -z --get-regexp ^agentdesk\.` output ("key\nvalue\0" entries; git prints
// key names in lower case).
ForgeConfig parseForgeConfig(const QByteArray &gitConfigZ);

// The forge a host runs, from its name alone: github.com, *.ghe.com and hosts named
// "github…" are GitHub; gitlab.com and "gitlab…" GitLab; codeberg.org, "gitea…" and
// "forgejo…" Gitea. nullopt when the name does not say.
std::optional<ForgeKind> guessForgeKind(const QString &host);

// An API base URL from config: https, or http for a loopback host only.
Result<QUrl> checkApiUrl(const QString &text);

// The forge target for a remote URL (with insteadOf already applied by git) under `config`.
// Codes: forge-unknown (set agentdesk.forge), forge-local-remote, forge-bad-config,
// forge-insecure-api-url.
Result<ForgeTarget> resolveForgeTarget(const ForgeConfig &config, const QString &remoteUrl);

} // namespace agentdesk::forge
