#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QUrl>

#include <optional>

// The values the forge layer hands out: which forge a repository publishes to, a pull request
// as the forge reports it, and the checks on its head commit. GitLab's merge requests are
// "pull requests" here; their `iid` is the number.

namespace agentdesk::forge {

enum class ForgeKind
{
    GitHub, // github.com and GitHub Enterprise Server
    GitLab, // gitlab.com and self-hosted GitLab
    Gitea,  // Gitea and Forgejo (Codeberg): the same API
};
QString forgeKindId(ForgeKind kind); // "github", "gitlab", "gitea" (git config, the store)
std::optional<ForgeKind> forgeKindFromId(const QString &id);
QString forgeKindDisplayName(ForgeKind kind);
// What the forge calls it: "pull request" or "merge request".
QString pullRequestNoun(ForgeKind kind);

// Where a repository's pull requests live and how to reach them.
struct ForgeTarget
{
    ForgeKind kind = ForgeKind::GitHub;
    QUrl apiUrl;        // https://api.github.com, https://HOST/api/v3, …/api/v4, …/api/v1
    QString host;       // the web host, lower case: tokens are kept per host
    QString repository; // "owner/name"; GitLab may nest groups: "group/sub/project"
    QString remote;     // the git remote pushed to, "origin" by default
    QString remoteUrl;  // that remote's push URL as git resolves it, user info removed
    // How each part was found: false when git config set it (agentdesk.forge, ...).
    bool kindDetected = true;
    bool apiUrlDetected = true;
    bool repositoryDetected = true;

    QString owner() const; // everything before the last '/'
    QString name() const;  // after it
    // The forge's page for the repository, e.g. https://github.com/owner/name.
    QUrl webUrl() const;
};

enum class PullRequestState
{
    Open,
    Merged,
    Closed, // closed without merging
};
QString pullRequestStateId(PullRequestState state); // "open", "merged", "closed"
std::optional<PullRequestState> pullRequestStateFromId(const QString &id);

// A pull request as the forge reported it.
struct PullRequest
{
    int number = 0; // GitHub/Gitea number, GitLab iid
    QString url;    // the page people open
    PullRequestState state = PullRequestState::Open;
    bool draft = false;
    QString title;
    QString body;
    QString headBranch;
    QString baseBranch;
    QString headSha;
};

// What to create or update.
struct PullRequestDraft
{
    QString title;
    QString body;
    QString headBranch; // the branch on the remote
    QString baseBranch;
    bool draft = false;
};

enum class ChecksState
{
    None,    // the forge reports no status and no check run for the commit: not a pass
    Pending, // something is queued or running
    Passed,  // every check finished and none failed
    Failed,  // at least one failed, errored, timed out or was cancelled
};
QString checksStateId(ChecksState state); // "none", "pending", "passed", "failed"
ChecksState checksStateFromId(const QString &id);

// One commit status or check run.
struct CheckItem
{
    QString name;
    QString kind;       // "status" (commit status) or "check-run" (GitHub check run)
    QString status;     // the forge's word: "success", "in_progress", "failed", ...
    QString conclusion; // GitHub check runs: "success", "failure", ...; else empty
    QString url;
    ChecksState state = ChecksState::Pending;
};

// The checks of one commit.
struct ChecksSnapshot
{
    QString sha;
    ChecksState state = ChecksState::None;
    QList<CheckItem> items;
    // True when every answer behind this was "304 Not Modified" (nothing changed since).
    bool notModified = false;
    QDateTime at;

    int count(ChecksState itemState) const;
    // "2 of 3 passed, 1 running" / "no checks".
    QString summary() const;
};

// The overall state of a set of checks: Failed beats Pending beats Passed; none is None.
ChecksState combineChecks(const QList<CheckItem> &items);

QJsonArray checkItemsToJson(const QList<CheckItem> &items);
QList<CheckItem> checkItemsFromJson(const QJsonArray &array);

} // namespace agentdesk::forge

Q_DECLARE_METATYPE(agentdesk::forge::PullRequest)
Q_DECLARE_METATYPE(agentdesk::forge::ChecksSnapshot)
