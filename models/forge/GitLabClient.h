#pragma once

#include "forge/ForgeClient.h"

#include <QJsonObject>

namespace agentdesk::forge {

// GitLab's REST API v4 (gitlab.com and self-hosted): merge requests (their iid is the
// number) and the commit's statuses (CI jobs report there).
class GitLabClient : public ForgeClient
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
    // The iid in GitLab's 409 "Another open merge request already exists …: !7"; 0 if none.
    static int duplicateIid(const QString &message);

private:
    QString projectPath() const;
};

} // namespace agentdesk::forge
