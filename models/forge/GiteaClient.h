#pragma once

#include "forge/ForgeClient.h"

#include <QJsonObject>

namespace agentdesk::forge {

// Gitea's and Forgejo's REST API v1: pulls (found by listing and filtering on the head
// branch: the list has no head filter), drafts as a "WIP: " title prefix (there is no draft
// field), and the commit's combined status (Gitea Actions reports there).
class GiteaClient : public ForgeClient
{
    Q_OBJECT
public:
    using ForgeClient::ForgeClient;

    void findPullRequest(const QString &headBranch,
                         Callback<std::optional<PullRequest>> done) override;
    void createPullRequest(const PullRequestDraft &draft, Callback<CreateOutcome> done) override;
    void updatePullRequest(int number, const PullRequestDraft &draft, bool keepDraft, bool reopen,
                           Callback<PullRequest> done) override;
    void pullRequest(int number, Callback<PullRequest> done) override;
    void checks(const QString &sha, Callback<ChecksSnapshot> done) override;
    void testConnection(Callback<ConnectionReport> done) override;

    static std::optional<PullRequest> parsePullRequest(const QJsonObject &json);
    static CheckItem parseStatus(const QJsonObject &json);

private:
    QString repoPath() const;
    void findOnPage(const QString &headBranch, int page, std::optional<PullRequest> best,
                    Callback<std::optional<PullRequest>> done);
};

} // namespace agentdesk::forge
