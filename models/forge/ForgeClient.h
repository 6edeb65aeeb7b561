#pragma once

#include "core/Result.h"
#include "forge/ForgeHttp.h"
#include "forge/ForgeTokens.h"
#include "forge/ForgeTypes.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace agentdesk::forge {

// What creating a pull request answered: the new one, or the number of the one that already
// exists for the branch (GitHub's 422 "A pull request already exists", GitLab's and Gitea's
// 409), when the forge says which.
struct CreateOutcome
{
    std::optional<PullRequest> created;
    bool alreadyExists = false;
    int existingNumber = 0; // 0: the forge did not say
};

// The result of publish(): the pull request as the forge now has it.
struct PublishedPullRequest
{
    PullRequest pullRequest;
    bool created = false;  // a new one; false: an existing one was updated
    bool reopened = false; // it had been closed without merging
};

// What Settings → Forges' "Test connection" shows.
struct ConnectionReport
{
    QString login;  // whose token it is
    QString scopes; // GitHub classic tokens: X-OAuth-Scopes
    bool repositoryFound = false;
    bool canPush = false; // the forge says the token may push to the repository
    QString summary;      // one sentence for the settings page
};

// One forge's REST API for one repository, on the thread of the QNetworkAccessManager it is
// given (not owned). Every call is asynchronous and calls back once, later, unless the client
// is destroyed first (then never).
class ForgeClient : public QObject
{
    Q_OBJECT
public:
    template<typename T>
    using Callback = std::function<void(Result<T>)>;

    ForgeClient(QNetworkAccessManager *network, const ForgeTarget &target, const ForgeToken &token,
                QObject *parent = nullptr);

    const ForgeTarget &target() const { return m_http->target(); }
    ForgeHttp &http() { return *m_http; }
    QDateTime notBefore() const { return m_http->notBefore(); }

    // The newest pull request whose head is `headBranch` in this repository, open or not;
    // an open one is preferred. nullopt when there is none.
    virtual void findPullRequest(const QString &headBranch,
                                 Callback<std::optional<PullRequest>> done) = 0;
    virtual void createPullRequest(const PullRequestDraft &draft, Callback<CreateOutcome> done) = 0;
    // Title and body; `reopen` also reopens a closed one. The draft flag is the forge's
    // business once the pull request exists (GitHub changes it only through GraphQL), so a
    // GitLab/Gitea draft title prefix follows `keepDraft`.
    virtual void updatePullRequest(int number, const PullRequestDraft &draft, bool keepDraft,
                                   bool reopen, Callback<PullRequest> done) = 0;
    virtual void pullRequest(int number, Callback<PullRequest> done) = 0;
    // Commit statuses and (GitHub) check runs of `sha`, polled with ETags.
    virtual void checks(const QString &sha, Callback<ChecksSnapshot> done) = 0;
    virtual void testConnection(Callback<ConnectionReport> done) = 0;

    // Find, then update the one found (reopening it if closed) or create one; a duplicate
    // reported on create (a race with another publisher) is found again and updated. Never a
    // second pull request for the branch. A merged one is an error: publish a new task.
    void publish(const PullRequestDraft &draft, Callback<PublishedPullRequest> done);

protected:
    // A response handler for one call: a failed answer becomes the error a user can act on,
    // `parse` turns a good one into the value (nullopt: a body we do not understand). Nothing
    // is called once the client is gone.
    template<typename T, typename Parse>
    ForgeHttp::Handler expect(const QString &what, Callback<T> done, Parse parse)
    {
        QPointer<ForgeClient> self(this);
        return [self, what, done, parse](const ForgeResponse &response) {
            if (!self)
                return;
            if (!response.ok()) {
                done(self->http().describe(response, what));
                return;
            }
            std::optional<T> value = parse(response);
            if (!value) {
                done(self->http().badResponse(what));
                return;
            }
            done(std::move(*value));
        };
    }

    // Draft prefixes for forges without a draft field: GitLab "Draft: ", Gitea "WIP: ".
    static QString titleWithDraftPrefix(ForgeKind kind, const QString &title, bool draft);
    static QString titleWithoutDraftPrefix(const QString &title, bool *wasDraft);

private:
    void updateExisting(const PullRequest &existing, const PullRequestDraft &draft,
                        Callback<PublishedPullRequest> done);
    void createOrAdopt(const PullRequestDraft &draft, Callback<PublishedPullRequest> done);

    ForgeHttp *m_http;
};

std::unique_ptr<ForgeClient> makeForgeClient(QNetworkAccessManager *network,
                                             const ForgeTarget &target, const ForgeToken &token,
                                             QObject *parent = nullptr);

} // namespace agentdesk::forge
