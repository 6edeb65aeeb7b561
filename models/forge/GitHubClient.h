#pragma once

#include "forge/ForgeClient.h"

#include <QJsonObject>

namespace agentdesk::forge {

// GitHub's REST API (github.com and Enterprise Server): pulls, the combined commit status and
// check runs (GitHub Actions reports through check runs, not statuses: both are read).
class GitHubClient : public ForgeClient
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
    static CheckItem parseCheckRun(const QJsonObject &json);

private:
    QString repoPath() const;
};

} // namespace agentdesk::forge
