#pragma once

#include "core/Result.h"
#include "forge/ForgeClient.h"
#include "forge/ForgeTokens.h"
#include "forge/ForgeTypes.h"
#include "forge/GitPush.h"
#include "forge/PullRequestBody.h"

#include <QObject>
#include <QPointer>
#include <QProcessEnvironment>

#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace agentdesk::forge {

class ForgeDetector;
class TokenResolver;

struct PublishRequest
{
    qint64 taskId = 0;
    int iteration = 0;      // the iteration whose report the body is
    QString repositoryPath; // the base repository, where the remote is configured
    QString localBranch;    // "agentdesk/12-fix-parser"
    QString remoteBranch;   // empty: the same name
    QString baseBranch;     // the pull request's base on the forge
    QString title;
    // The description as given (the Publish dialog's edited text); when empty, `report`
    // composed within the forge's size limit. Either way it is cut to that limit.
    QString body;
    std::optional<PullRequestReport> report;
    bool draft = false;
    // The commit the local branch must be at (the one validated); empty: whatever it is.
    QString expectedHeadSha;
    // The commit the previous publish left on the remote branch, replaced by this push only if
    // it is still there (--force-with-lease); empty for a first publish.
    QString leaseSha;
    // Known already (the Publish dialog detected it): no detection.
    std::optional<ForgeTarget> target;

    QString remoteBranchName() const { return remoteBranch.isEmpty() ? localBranch : remoteBranch; }
};

// What is about to be published, recorded before anything leaves the machine.
struct PublishIntent
{
    qint64 taskId = 0;
    int iteration = 0;
    ForgeTarget target;
    QString remoteBranch;
    QString baseBranch;
    QString title;
    QString body;
    bool draft = false;
    QString headSha;
};

struct PublishResult
{
    qint64 taskId = 0;
    ForgeTarget target;
    PullRequest pullRequest;
    bool created = false; // false: an existing one was updated
    bool reopened = false;
    QString pushedSha;
    PushOutcome push;
    std::optional<ChecksSnapshot> checks; // read once right after; nullopt when that failed
    QString checksError;
};

// Where a publish is written down. Title and body are kept from recordIntent() until
// recordPublished() says the forge confirmed them, so an interrupted publish loses nothing
// and the next one resumes with them. Called on the flow's thread; may block there.
class PublishJournal
{
public:
    virtual ~PublishJournal() = default;
    virtual VoidResult recordIntent(const PublishIntent &intent) = 0;
    // The push landed: the remote branch is at `intent.headSha` now, whatever happens next
    // (the next push may replace exactly that commit).
    virtual void recordPushed(const PublishIntent &intent) = 0;
    virtual VoidResult recordPublished(const PublishIntent &intent,
                                       const PublishResult &result) = 0;
    virtual void recordFailure(qint64 taskId, const Error &error) = 0;
};

struct PublishSettings
{
    QNetworkAccessManager *network = nullptr; // the owning thread's; not owned
    TokenLookup tokens;
    QString gitProgram = QStringLiteral("git");
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    int pushTimeoutMs = 5 * 60 * 1000;
    bool readChecks = true;
    PublishJournal *journal = nullptr; // not owned; may be null
};

enum class PublishStep
{
    Detecting,
    ResolvingToken,
    Pushing,
    PublishingPullRequest,
    ReadingChecks,
};

// Publishes one task's branch: detect the forge → find the token → push with the system git
// (the user's credential helpers first; on an authentication failure over HTTPS to the
// forge's own host, once more with the token through git's credential exchange) → find the
// pull request for the branch, then update it or create one → read its checks once → record.
// Asynchronous on the thread that owns it: exactly one of finished() or failed() follows
// start(), later. A revision publishes to the same branch and so updates the same pull
// request.
class PublishFlow : public QObject
{
    Q_OBJECT
public:
    explicit PublishFlow(PublishSettings settings, QObject *parent = nullptr);
    ~PublishFlow() override;

    void start(const PublishRequest &request);
    // Stops the push or the requests in flight; failed("publish-cancelled") follows.
    void cancel();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void stepChanged(agentdesk::forge::PublishStep step, const QString &text);
    void finished(const agentdesk::forge::PublishResult &result);
    void failed(const agentdesk::Error &error);

private:
    void onTarget(const ForgeTarget &target);
    void onToken(const ForgeToken &token);
    void onHead(const QString &sha);
    void push(bool withToken);
    void onPushed(const PushOutcome &outcome);
    void onPullRequest(const PublishedPullRequest &published);
    void complete();
    void fail(const Error &error);
    void dropClient();
    bool tokenMayGoToRemote() const;

    PublishSettings m_settings;
    PublishRequest m_request;
    PublishIntent m_intent;
    PublishResult m_result;
    std::optional<ForgeToken> m_token;
    bool m_intentRecorded = false;
    bool m_running = false;
    quint64 m_generation = 0; // a callback from an earlier run is ignored
    QPointer<ForgeDetector> m_detector;
    QPointer<TokenResolver> m_resolver;
    QPointer<GitPush> m_push;
    std::unique_ptr<ForgeClient> m_client;
};

} // namespace agentdesk::forge

Q_DECLARE_METATYPE(agentdesk::forge::PublishResult)
