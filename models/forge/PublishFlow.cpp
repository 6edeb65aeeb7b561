#include "forge/PublishFlow.h"

#include "forge/ForgeDetector.h"
#include "forge/RemoteUrl.h"

#include <QMetaObject>

namespace agentdesk::forge {

namespace {

// The user name git sends with a token: GitHub documents x-access-token, GitLab oauth2; Gitea
// takes any name with a token for password.
QString tokenUserName(ForgeKind kind)
{
    return kind == ForgeKind::GitLab ? QStringLiteral("oauth2") : QStringLiteral("x-access-token");
}

VoidResult checkRequest(const PublishRequest &request)
{
    const auto bad = [](const QString &message) {
        return makeError(QStringLiteral("publish-bad-request"), message);
    };
    if (request.repositoryPath.isEmpty())
        return bad(QStringLiteral("No repository to publish from."));
    if (request.localBranch.isEmpty() || request.localBranch.startsWith(QLatin1Char('-')))
        return bad(QStringLiteral("The task has no branch to publish."));
    if (request.baseBranch.isEmpty())
        return bad(QStringLiteral("A pull request needs a base branch."));
    if (request.title.trimmed().isEmpty())
        return bad(QStringLiteral("A pull request needs a title."));
    return {};
}

} // namespace

PublishFlow::PublishFlow(PublishSettings settings, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
{}

PublishFlow::~PublishFlow() = default;

void PublishFlow::start(const PublishRequest &request)
{
    ++m_generation;
    m_request = request;
    m_intent = PublishIntent();
    m_result = PublishResult();
    m_result.taskId = request.taskId;
    m_token.reset();
    m_intentRecorded = false;
    m_running = true;
    if (VoidResult ok = checkRequest(request); !ok) {
        const quint64 generation = m_generation;
        QMetaObject::invokeMethod(
            this,
            [this, generation, ok] {
                if (generation == m_generation)
                    fail(ok.error());
            },
            Qt::QueuedConnection);
        return;
    }
    if (request.target) {
        const quint64 generation = m_generation;
        const ForgeTarget target = *request.target;
        QMetaObject::invokeMethod(
            this,
            [this, generation, target] {
                if (generation == m_generation)
                    onTarget(target);
            },
            Qt::QueuedConnection);
        return;
    }
    Q_EMIT stepChanged(PublishStep::Detecting, QStringLiteral("Finding the forge"));
    auto *detector = new ForgeDetector(this);
    m_detector = detector;
    detector->setGitProgram(m_settings.gitProgram);
    detector->setEnvironment(m_settings.environment);
    const quint64 generation = m_generation;
    detector->detect(request.repositoryPath, [this, detector, generation](const ForgeDetection &d) {
        detector->deleteLater();
        if (generation != m_generation)
            return;
        if (!d.target) {
            fail(d.target.error());
            return;
        }
        onTarget(*d.target);
    });
}

void PublishFlow::onTarget(const ForgeTarget &target)
{
    m_result.target = target;
    Q_EMIT stepChanged(PublishStep::ResolvingToken,
                       QStringLiteral("Finding a token for %1").arg(target.host));
    auto *resolver = new TokenResolver(m_settings.tokens, this);
    m_resolver = resolver;
    const quint64 generation = m_generation;
    resolver->resolve(target, [this, resolver, generation](Result<ForgeToken> token) {
        resolver->deleteLater();
        if (generation != m_generation)
            return;
        if (!token) {
            fail(token.error());
            return;
        }
        onToken(*token);
    });
}

void PublishFlow::onToken(const ForgeToken &token)
{
    m_token = token;
    m_client = makeForgeClient(m_settings.network, m_result.target, token);
    auto *job = new ProcessJob(this);
    const quint64 generation = m_generation;
    job->start(gitRequest(m_settings.gitProgram, m_request.repositoryPath,
                          {QStringLiteral("rev-parse"), QStringLiteral("--verify"),
                           QStringLiteral("--quiet"),
                           QStringLiteral("refs/heads/%1^{commit}").arg(m_request.localBranch)},
                          30000),
               [this, job, generation](const ProcessResult &result) {
                   job->deleteLater();
                   if (generation != m_generation)
                       return;
                   const QString sha = QString::fromUtf8(result.out).trimmed();
                   if (!result.ok() || sha.isEmpty()) {
                       fail(makeError(QStringLiteral("publish-no-branch"),
                                      QStringLiteral("The branch %1 is not in %2.")
                                          .arg(m_request.localBranch, m_request.repositoryPath)));
                       return;
                   }
                   onHead(sha);
               });
}

void PublishFlow::onHead(const QString &sha)
{
    if (!m_request.expectedHeadSha.isEmpty() && sha != m_request.expectedHeadSha) {
        fail(makeError(
            QStringLiteral("publish-head-moved"),
            QStringLiteral("The branch %1 is at %2, not at the commit that was "
                           "validated (%3); it is not published.")
                .arg(m_request.localBranch, sha.left(10), m_request.expectedHeadSha.left(10))));
        return;
    }
    m_result.pushedSha = sha;
    m_intent.taskId = m_request.taskId;
    m_intent.iteration = m_request.iteration;
    m_intent.target = m_result.target;
    m_intent.remoteBranch = m_request.remoteBranchName();
    m_intent.baseBranch = m_request.baseBranch;
    m_intent.title = m_request.title.trimmed();
    const int limit = bodyLimit(m_result.target.kind);
    if (m_request.body.isEmpty() && m_request.report)
        m_intent.body = composeBody(*m_request.report, limit);
    else if (m_request.body.size() > limit)
        m_intent.body = composeBody(PullRequestReport{m_request.body, {}, {}}, limit);
    else
        m_intent.body = m_request.body;
    m_intent.draft = m_request.draft;
    m_intent.headSha = sha;
    if (m_settings.journal) {
        if (VoidResult recorded = m_settings.journal->recordIntent(m_intent); !recorded) {
            fail(recorded.error());
            return;
        }
        m_intentRecorded = true;
    }
    push(false);
}

bool PublishFlow::tokenMayGoToRemote() const
{
    const std::optional<RemoteLocation> remote = parseRemoteUrl(m_result.target.remoteUrl);
    if (!remote || !remote->isHttp())
        return false; // SSH uses keys and the agent; a token is no help there
    if (remote->scheme == QLatin1String("http") && !isLoopbackHost(remote->host))
        return false; // never in clear text over a network
    return remote->host == m_result.target.host ||
           remote->host == m_result.target.apiUrl.host().toLower();
}

void PublishFlow::push(bool withToken)
{
    PushRequest request;
    request.repositoryPath = m_request.repositoryPath;
    request.remote = m_result.target.remote;
    request.localBranch = m_request.localBranch;
    request.remoteBranch = m_request.remoteBranchName();
    request.leaseSha = m_request.leaseSha;
    request.timeoutMs = m_settings.pushTimeoutMs;
    if (withToken)
        request.credential = PushCredential{tokenUserName(m_result.target.kind), m_token->value};
    Q_EMIT stepChanged(
        PublishStep::Pushing,
        QStringLiteral("Pushing %1 to %2").arg(request.remoteBranch, request.remote));
    auto *push = new GitPush(this);
    m_push = push;
    push->setGitProgram(m_settings.gitProgram);
    push->setEnvironment(m_settings.environment);
    const quint64 generation = m_generation;
    push->start(request, [this, push, generation, withToken](Result<PushOutcome> outcome) {
        push->deleteLater();
        if (generation != m_generation)
            return;
        if (!outcome) {
            // The user's own helpers and keys come first; the forge token is the fallback.
            if (!withToken && isAuthenticationFailure(outcome.error()) && tokenMayGoToRemote()) {
                QMetaObject::invokeMethod(
                    this,
                    [this, generation] {
                        if (generation == m_generation)
                            this->push(true);
                    },
                    Qt::QueuedConnection);
                return;
            }
            fail(outcome.error());
            return;
        }
        onPushed(*outcome);
    });
}

void PublishFlow::onPushed(const PushOutcome &outcome)
{
    m_result.push = outcome;
    if (m_settings.journal)
        m_settings.journal->recordPushed(m_intent);
    PullRequestDraft draft;
    draft.title = m_intent.title;
    draft.body = m_intent.body;
    draft.headBranch = m_intent.remoteBranch;
    draft.baseBranch = m_intent.baseBranch;
    draft.draft = m_intent.draft;
    Q_EMIT stepChanged(PublishStep::PublishingPullRequest,
                       QStringLiteral("Opening the %1").arg(pullRequestNoun(m_result.target.kind)));
    const quint64 generation = m_generation;
    m_client->publish(draft, [this, generation](Result<PublishedPullRequest> published) {
        if (generation != m_generation)
            return;
        if (!published) {
            fail(published.error());
            return;
        }
        onPullRequest(*published);
    });
}

void PublishFlow::onPullRequest(const PublishedPullRequest &published)
{
    m_result.pullRequest = published.pullRequest;
    m_result.created = published.created;
    m_result.reopened = published.reopened;
    if (!m_settings.readChecks) {
        complete();
        return;
    }
    Q_EMIT stepChanged(PublishStep::ReadingChecks, QStringLiteral("Reading the checks"));
    const quint64 generation = m_generation;
    m_client->checks(m_result.pushedSha, [this, generation](Result<ChecksSnapshot> checks) {
        if (generation != m_generation)
            return;
        // The pull request exists either way: checks that cannot be read now are read later.
        if (checks)
            m_result.checks = *checks;
        else
            m_result.checksError = checks.errorMessage();
        complete();
    });
}

void PublishFlow::complete()
{
    if (m_settings.journal) {
        if (VoidResult recorded = m_settings.journal->recordPublished(m_intent, m_result);
            !recorded) {
            fail(makeError(recorded.errorCode(),
                           QStringLiteral("%1 #%2 is published (%3), but recording it failed: %4")
                               .arg(pullRequestNoun(m_result.target.kind))
                               .arg(m_result.pullRequest.number)
                               .arg(m_result.pullRequest.url, recorded.errorMessage())));
            return;
        }
    }
    m_running = false;
    dropClient();
    Q_EMIT finished(m_result);
}

void PublishFlow::fail(const Error &error)
{
    if (!m_running)
        return;
    m_running = false;
    ++m_generation;
    if (m_settings.journal && m_intentRecorded)
        m_settings.journal->recordFailure(m_request.taskId, error);
    if (m_push)
        m_push->deleteLater();
    dropClient();
    Q_EMIT failed(error);
}

void PublishFlow::dropClient()
{
    // Often called from inside one of the client's own callbacks: it goes after they return.
    if (m_client) {
        m_client->http().abortAll();
        m_client.release()->deleteLater();
    }
}

void PublishFlow::cancel()
{
    if (!m_running)
        return;
    if (m_push)
        m_push->cancel();
    fail(makeError(QStringLiteral("publish-cancelled"),
                   QStringLiteral("Publishing was cancelled.")));
}

} // namespace agentdesk::forge
