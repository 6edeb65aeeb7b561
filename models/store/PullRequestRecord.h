#pragma once

#include "tasks/TaskId.h"

#include <QDateTime>
#include <QJsonArray>
#include <QString>

namespace agentdesk::store {

// A task published as a pull request (GitLab: merge request), as stored. The store sits below
// the forge layer, so the forge's kinds and states are kept by their stable ids ("github",
// "open", "passed"); forge/ForgeTypes.h defines them.
struct PullRequestRecord
{
    tasks::TaskId taskId = 0;
    QString forge; // "github", "gitlab", "gitea"
    QString host;  // tokens are kept per host
    QString apiUrl;
    QString repository; // "owner/name"
    QString remote;     // the git remote pushed to
    QString headBranch; // the branch on the remote
    QString baseBranch;
    // The latest title and body asked for; `confirmed` once the forge accepted exactly these.
    QString title;
    QString body;
    bool draft = false;
    bool confirmed = false;
    int iteration = 0; // the iteration whose report the body is
    int number = 0;    // 0 until the forge confirms the first publish
    QString url;
    QString state = QStringLiteral("publishing"); // "publishing" | "open" | "merged" | "closed"
    QString headSha;                              // the commit the last publish pushed
    QString checksState = QStringLiteral("none"); // "none" | "pending" | "passed" | "failed"
    QString checksSha;                            // the commit those checks are for
    QJsonArray checks;                            // [{name, kind, status, conclusion, url, state}]
    QDateTime checkedAt;
    QString lastError; // why the last publish failed; empty after a success
    QDateTime createdAt;
    QDateTime updatedAt;

    bool published() const { return number > 0; }
};

} // namespace agentdesk::store
