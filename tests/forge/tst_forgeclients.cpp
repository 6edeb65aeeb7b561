#include "FakeForgeServer.h"

#include "forge/ForgeClient.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QTest>

using namespace agentdesk;
using namespace agentdesk::forge;
using agentdesk::test::FakeForgeServer;
using agentdesk::test::ScriptedResponse;

Q_DECLARE_METATYPE(FakeForgeServer::Kind)

namespace {

const QString kToken = QStringLiteral("tok-0123456789abcdef");
const QString kBranch = QStringLiteral("agentdesk/7-greet-by-name");
const QString kSha = QStringLiteral("0123456789abcdef0123456789abcdef01234567");

ForgeKind kindOf(FakeForgeServer::Kind kind)
{
    switch (kind) {
    case FakeForgeServer::Kind::GitHub:
        return ForgeKind::GitHub;
    case FakeForgeServer::Kind::GitLab:
        return ForgeKind::GitLab;
    case FakeForgeServer::Kind::Gitea:
        return ForgeKind::Gitea;
    }
    return ForgeKind::GitHub;
}

// Waits for one callback.
template<typename T, typename Call>
Result<T> await(Call call)
{
    std::optional<Result<T>> out;
    call([&](Result<T> r) { out = std::move(r); });
    if (!QTest::qWaitFor([&] { return out.has_value(); }, 20000))
        return makeError(QStringLiteral("test-timeout"), QStringLiteral("no answer"));
    return *out;
}

PullRequestDraft draft(const QString &body = QStringLiteral("## What changed\n\nGreets."))
{
    return PullRequestDraft{QStringLiteral("Greet by name"), body, kBranch, QStringLiteral("main"),
                            false};
}

struct Fixture
{
    explicit Fixture(FakeForgeServer::Kind kind,
                     const QString &repository = QStringLiteral("acme/widgets"),
                     const QString &token = kToken)
        : server(kind, repository)
    {
        server.setToken(kToken);
        ok = server.listen();
        target.kind = kindOf(kind);
        target.apiUrl = QUrl(server.apiUrl());
        target.host = QStringLiteral("127.0.0.1");
        target.repository = repository;
        client = makeForgeClient(
            &network, target,
            ForgeToken{token, TokenSource::Environment, QStringLiteral("TEST_TOKEN")});
    }

    Result<PublishedPullRequest> publish(const PullRequestDraft &d = draft())
    {
        return await<PublishedPullRequest>([&](auto done) { client->publish(d, done); });
    }
    Result<ChecksSnapshot> checks(const QString &sha = kSha)
    {
        return await<ChecksSnapshot>([&](auto done) { client->checks(sha, done); });
    }

    FakeForgeServer server;
    QNetworkAccessManager network;
    ForgeTarget target;
    std::unique_ptr<ForgeClient> client;
    bool ok = false;
};

QByteArray createSuffix(FakeForgeServer::Kind kind)
{
    return kind == FakeForgeServer::Kind::GitLab ? "/merge_requests" : "/pulls";
}

QByteArray updateMethod(FakeForgeServer::Kind kind)
{
    return kind == FakeForgeServer::Kind::GitLab ? "PUT" : "PATCH";
}

void addKinds()
{
    QTest::addColumn<FakeForgeServer::Kind>("kind");
    QTest::newRow("github") << FakeForgeServer::Kind::GitHub;
    QTest::newRow("gitlab") << FakeForgeServer::Kind::GitLab;
    QTest::newRow("gitea") << FakeForgeServer::Kind::Gitea;
}

} // namespace

class TestForgeClients : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void publishCreatesThenUpdatesTheSamePullRequest_data() { addKinds(); }
    void publishCreatesThenUpdatesTheSamePullRequest()
    {
        QFETCH(FakeForgeServer::Kind, kind);
        Fixture f(kind);
        QVERIFY(f.ok);
        const Result<PublishedPullRequest> first = f.publish();
        QVERIFY2(first, qPrintable(first.errorMessage()));
        QVERIFY(first->created);
        QCOMPARE(first->pullRequest.number, 1);
        QCOMPARE(first->pullRequest.headBranch, kBranch);
        QCOMPARE(first->pullRequest.state, PullRequestState::Open);
        QVERIFY(first->pullRequest.url.startsWith(f.server.webBase() +
                                                  QStringLiteral("/acme/widgets/")));
        QCOMPARE(f.server.pulls().size(), 1);
        QCOMPARE(f.server.pulls().first().body, draft().body);

        const Result<PublishedPullRequest> second =
            f.publish(draft(QStringLiteral("## What changed\n\nGreets, and handles None.")));
        QVERIFY2(second, qPrintable(second.errorMessage()));
        QVERIFY(!second->created);
        QCOMPARE(second->pullRequest.number, 1);
        QCOMPARE(f.server.pulls().size(), 1);
        QCOMPARE(f.server.pulls().first().body,
                 QStringLiteral("## What changed\n\nGreets, and handles None."));
        QCOMPARE(f.server.count("POST", createSuffix(kind)), 1);
        QCOMPARE(f.server.count(updateMethod(kind), createSuffix(kind) + "/1"), 1);
    }

    // Another publisher opened one between our look and our create: GitHub's 422 "A pull
    // request already exists", GitLab's and Gitea's 409. It is adopted and updated.
    void aDuplicateOnCreateIsAdoptedNotDoubled_data() { addKinds(); }
    void aDuplicateOnCreateIsAdoptedNotDoubled()
    {
        QFETCH(FakeForgeServer::Kind, kind);
        Fixture f(kind);
        QVERIFY(f.ok);
        FakeForgeServer::Pull theirs;
        theirs.number = 5;
        theirs.title = QStringLiteral("Greet by name");
        theirs.head = kBranch;
        theirs.base = QStringLiteral("main");
        theirs.headSha = kSha;
        f.server.pulls().append(theirs);
        f.server.hideFromNextList();
        const Result<PublishedPullRequest> published = f.publish();
        QVERIFY2(published, qPrintable(published.errorMessage()));
        QVERIFY(!published->created);
        QCOMPARE(published->pullRequest.number, 5);
        QCOMPARE(f.server.pulls().size(), 1);
        QCOMPARE(f.server.pulls().first().body, draft().body);
        QCOMPARE(f.server.count("POST", createSuffix(kind)), 1);
        const QList<agentdesk::test::RecordedRequest> posts =
            f.server.requestsTo("POST", createSuffix(kind));
        QVERIFY(posts.size() == 1);
    }

    void draftsAreEachForgesOwn_data() { addKinds(); }
    void draftsAreEachForgesOwn()
    {
        QFETCH(FakeForgeServer::Kind, kind);
        Fixture f(kind);
        QVERIFY(f.ok);
        PullRequestDraft d = draft();
        d.draft = true;
        const Result<PublishedPullRequest> published = f.publish(d);
        QVERIFY2(published, qPrintable(published.errorMessage()));
        QVERIFY(published->pullRequest.draft);
        QCOMPARE(published->pullRequest.title, QStringLiteral("Greet by name"));
        const QJsonObject sent = f.server.requestsTo("POST", createSuffix(kind)).first().json();
        switch (kind) {
        case FakeForgeServer::Kind::GitHub:
            QCOMPARE(sent.value(QStringLiteral("draft")).toBool(), true);
            QCOMPARE(sent.value(QStringLiteral("title")).toString(),
                     QStringLiteral("Greet by name"));
            break;
        case FakeForgeServer::Kind::GitLab:
            QCOMPARE(sent.value(QStringLiteral("title")).toString(),
                     QStringLiteral("Draft: Greet by name"));
            QVERIFY(!sent.contains(QStringLiteral("draft")));
            break;
        case FakeForgeServer::Kind::Gitea:
            QCOMPARE(sent.value(QStringLiteral("title")).toString(),
                     QStringLiteral("WIP: Greet by name"));
            QVERIFY(!sent.contains(QStringLiteral("draft")));
            break;
        }
        // An update keeps it a draft: the prefix stays on forges that need one.
        QVERIFY(f.publish(d));
        QVERIFY(f.server.pulls().first().title.endsWith(QLatin1String("Greet by name")));
        if (kind != FakeForgeServer::Kind::GitHub)
            QVERIFY(f.server.pulls().first().title != QStringLiteral("Greet by name"));
    }

    void closedIsReopenedMergedIsRefused_data() { addKinds(); }
    void closedIsReopenedMergedIsRefused()
    {
        QFETCH(FakeForgeServer::Kind, kind);
        Fixture f(kind);
        QVERIFY(f.ok);
        QVERIFY(f.publish());
        f.server.pulls().first().state = QStringLiteral("closed");
        const Result<PublishedPullRequest> reopened = f.publish();
        QVERIFY2(reopened, qPrintable(reopened.errorMessage()));
        QVERIFY(reopened->reopened);
        QCOMPARE(reopened->pullRequest.state, PullRequestState::Open);
        QCOMPARE(f.server.pulls().size(), 1);
        f.server.pulls().first().state = QStringLiteral("merged");
        const Result<PublishedPullRequest> merged = f.publish();
        QCOMPARE(merged.errorCode(), QStringLiteral("forge-already-merged"));
        const Result<PullRequest> read =
            await<PullRequest>([&](auto done) { f.client->pullRequest(1, done); });
        QVERIFY2(read, qPrintable(read.errorMessage()));
        QCOMPARE(read->state, PullRequestState::Merged);
    }

    void aWrongTokenIsBadCredentials_data() { addKinds(); }
    void aWrongTokenIsBadCredentials()
    {
        QFETCH(FakeForgeServer::Kind, kind);
        Fixture f(kind, QStringLiteral("acme/widgets"), QStringLiteral("tok-wrong"));
        QVERIFY(f.ok);
        const Result<PublishedPullRequest> published = f.publish();
        QCOMPARE(published.errorCode(), QStringLiteral("forge-bad-credentials"));
        QVERIFY(published.errorMessage().contains(QLatin1String("TEST_TOKEN")));
        QVERIFY(published.errorMessage().contains(QStringLiteral("Settings → Forges")));
        QVERIFY(!published.errorMessage().contains(QLatin1String("tok-wrong")));
        QCOMPARE(f.server.count("POST", createSuffix(kind)), 0);
    }

    void anUnknownRepositoryIsNotFound_data() { addKinds(); }
    void anUnknownRepositoryIsNotFound()
    {
        QFETCH(FakeForgeServer::Kind, kind);
        Fixture f(kind);
        QVERIFY(f.ok);
        f.target.repository = QStringLiteral("acme/gadgets");
        f.client = makeForgeClient(
            &f.network, f.target,
            ForgeToken{kToken, TokenSource::SecretStore, QStringLiteral("the secret store")});
        const Result<PublishedPullRequest> published = f.publish();
        QCOMPARE(published.errorCode(), QStringLiteral("forge-not-found"));
        QVERIFY(published.errorMessage().contains(QLatin1String("acme/gadgets")));
    }

    void aMissingScopeIsSaid()
    {
        Fixture github(FakeForgeServer::Kind::GitHub);
        QVERIFY(github.ok);
        github.server.http().enqueue(
            ScriptedResponse::body(
                403, "application/json",
                "{\"message\":\"Resource not accessible by personal access token\","
                "\"documentation_url\":\"https://docs.github.com/rest/pulls/"
                "pulls#list-pull-requests\",\"status\":\"403\"}")
                .header("x-accepted-github-permissions", "pull_requests=read"));
        Result<PublishedPullRequest> published = github.publish();
        QCOMPARE(published.errorCode(), QStringLiteral("forge-missing-scope"));
        QVERIFY(published.errorMessage().contains(QLatin1String("pull_requests=read")));

        Fixture gitlab(FakeForgeServer::Kind::GitLab);
        QVERIFY(gitlab.ok);
        gitlab.server.http().enqueue(ScriptedResponse::body(
            403, "application/json",
            "{\"error\":\"insufficient_scope\",\"error_description\":\"The request requires higher "
            "privileges than provided by the access token.\",\"scope\":\"api\"}"));
        published = gitlab.publish();
        QCOMPARE(published.errorCode(), QStringLiteral("forge-missing-scope"));
        QVERIFY(published.errorMessage().contains(QLatin1String("api scope")));
    }

    // GitHub's primary limit (403, remaining 0, X-RateLimit-Reset) and its secondary one
    // (403 with Retry-After), GitLab's 429: nothing is sent again before the reset.
    void rateLimitsAreHonoured()
    {
        const QDateTime now = QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC);
        Fixture f(FakeForgeServer::Kind::GitHub);
        QVERIFY(f.ok);
        f.client->http().setClock([now] { return now; });
        f.server.http().enqueue(
            ScriptedResponse::body(403, "application/json",
                                   "{\"message\":\"API rate limit exceeded for user ID "
                                   "1.\",\"documentation_url\":\"https://docs.github.com/rest/"
                                   "overview/rate-limits-for-the-rest-api\",\"status\":\"403\"}")
                .header("x-ratelimit-limit", "5000")
                .header("x-ratelimit-remaining", "0")
                .header("x-ratelimit-reset", "1800003600"));
        Result<PublishedPullRequest> published = f.publish();
        QCOMPARE(published.errorCode(), QStringLiteral("forge-rate-limited"));
        QCOMPARE(f.client->notBefore(), now.addSecs(3600));
        QVERIFY(published.errorMessage().contains(QLatin1String("12:00:00 UTC")) ||
                published.errorMessage().contains(
                    now.addSecs(3600).toString(QStringLiteral("HH:mm:ss"))));
        const int sent = f.server.http().requestCount();
        published = f.publish();
        QCOMPARE(published.errorCode(), QStringLiteral("forge-rate-limited"));
        QCOMPARE(f.server.http().requestCount(), sent); // refused here, not sent

        Fixture secondary(FakeForgeServer::Kind::GitHub);
        QVERIFY(secondary.ok);
        secondary.client->http().setClock([now] { return now; });
        secondary.server.http().enqueue(
            ScriptedResponse::body(403, "application/json",
                                   "{\"message\":\"You have exceeded a secondary rate limit. "
                                   "Please wait a few minutes before you try "
                                   "again.\",\"documentation_url\":\"https://docs.github.com/"
                                   "rest\",\"status\":\"403\"}")
                .header("retry-after", "120"));
        QCOMPARE(secondary.publish().errorCode(), QStringLiteral("forge-rate-limited"));
        QCOMPARE(secondary.client->notBefore(), now.addSecs(120));

        Fixture gitlab(FakeForgeServer::Kind::GitLab);
        QVERIFY(gitlab.ok);
        gitlab.client->http().setClock([now] { return now; });
        gitlab.server.http().enqueue(ScriptedResponse::body(429, "text/plain", "Retry later\n")
                                         .header("retry-after", "30")
                                         .header("ratelimit-remaining", "0")
                                         .header("ratelimit-reset", "1800000030"));
        QCOMPARE(gitlab.publish().errorCode(), QStringLiteral("forge-rate-limited"));
        QCOMPARE(gitlab.client->notBefore(), now.addSecs(30));
    }

    void aServerErrorSaysTryLater()
    {
        Fixture f(FakeForgeServer::Kind::Gitea);
        QVERIFY(f.ok);
        f.server.http().enqueue(
            ScriptedResponse::body(502, "text/html", "<html>Bad Gateway</html>"));
        QCOMPARE(f.publish().errorCode(), QStringLiteral("forge-server-error"));
    }

    // GitHub: the combined status reads "pending" when there are no statuses at all, and
    // Actions reports through check runs. Nothing reported is "no checks", never a pass.
    void githubChecksCombineStatusesAndCheckRuns()
    {
        Fixture f(FakeForgeServer::Kind::GitHub);
        QVERIFY(f.ok);
        Result<ChecksSnapshot> checks = f.checks();
        QVERIFY2(checks, qPrintable(checks.errorMessage()));
        QCOMPARE(checks->state, ChecksState::None);
        QCOMPARE(checks->summary(), QStringLiteral("no checks"));

        f.server.setStatuses(
            kSha, QJsonArray{
                      QJsonObject{{QStringLiteral("state"), QStringLiteral("success")},
                                  {QStringLiteral("context"), QStringLiteral("ci/lint")},
                                  {QStringLiteral("target_url"), QStringLiteral("https://ci/1")}}});
        f.server.setCheckRuns(
            kSha, QJsonArray{QJsonObject{
                      {QStringLiteral("id"), 1},
                      {QStringLiteral("name"), QStringLiteral("build")},
                      {QStringLiteral("status"), QStringLiteral("in_progress")},
                      {QStringLiteral("conclusion"), QJsonValue(QJsonValue::Null)},
                      {QStringLiteral("html_url"), QStringLiteral("https://gh/run/1")}}});
        checks = f.checks();
        QCOMPARE(checks->state, ChecksState::Pending);
        QCOMPARE(checks->items.size(), 2);
        QVERIFY(!checks->notModified);

        // Nothing changed: both answers are 304s, and the snapshot says so.
        checks = f.checks();
        QVERIFY(checks->notModified);
        QCOMPARE(checks->state, ChecksState::Pending);
        const QList<agentdesk::test::RecordedRequest> polls = f.server.requestsTo("GET", "/status");
        QVERIFY(!polls.last().header("if-none-match").isEmpty());

        f.server.setCheckRuns(
            kSha,
            QJsonArray{QJsonObject{{QStringLiteral("id"), 1},
                                   {QStringLiteral("name"), QStringLiteral("build")},
                                   {QStringLiteral("status"), QStringLiteral("completed")},
                                   {QStringLiteral("conclusion"), QStringLiteral("failure")}}});
        checks = f.checks();
        QCOMPARE(checks->state, ChecksState::Failed);
        QVERIFY(!checks->notModified);
        f.server.setCheckRuns(
            kSha,
            QJsonArray{QJsonObject{{QStringLiteral("id"), 1},
                                   {QStringLiteral("name"), QStringLiteral("build")},
                                   {QStringLiteral("status"), QStringLiteral("completed")},
                                   {QStringLiteral("conclusion"), QStringLiteral("skipped")}}});
        checks = f.checks();
        QCOMPARE(checks->state, ChecksState::Passed);
        QCOMPARE(checks->summary(), QStringLiteral("2 of 2 passed"));
    }

    void gitlabAndGiteaStatuses()
    {
        Fixture gitlab(FakeForgeServer::Kind::GitLab);
        QVERIFY(gitlab.ok);
        QCOMPARE(gitlab.checks()->state, ChecksState::None);
        gitlab.server.setStatuses(
            kSha, QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("test")},
                                         {QStringLiteral("status"), QStringLiteral("success")},
                                         {QStringLiteral("allow_failure"), false}},
                             QJsonObject{{QStringLiteral("name"), QStringLiteral("lint")},
                                         {QStringLiteral("status"), QStringLiteral("failed")},
                                         {QStringLiteral("allow_failure"), true}}});
        QCOMPARE(gitlab.checks()->state, ChecksState::Passed);
        gitlab.server.setStatuses(
            kSha, QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("test")},
                                         {QStringLiteral("status"), QStringLiteral("running")},
                                         {QStringLiteral("allow_failure"), false}}});
        QCOMPARE(gitlab.checks()->state, ChecksState::Pending);

        Fixture gitea(FakeForgeServer::Kind::Gitea);
        QVERIFY(gitea.ok);
        QCOMPARE(gitea.checks()->state, ChecksState::None);
        gitea.server.setStatuses(
            kSha, QJsonArray{QJsonObject{{QStringLiteral("context"), QStringLiteral("ci/test")},
                                         {QStringLiteral("status"), QStringLiteral("failure")}}});
        const Result<ChecksSnapshot> failed = gitea.checks();
        QCOMPARE(failed->state, ChecksState::Failed);
        QCOMPARE(failed->items.first().name, QStringLiteral("ci/test"));
    }

    // Gitea's list has no head filter: the branch's pull request is found pages down.
    void giteaFindsThePullRequestPagesDown()
    {
        Fixture f(FakeForgeServer::Kind::Gitea);
        QVERIFY(f.ok);
        QVERIFY(f.publish());
        f.server.addNoise(120);
        const Result<PublishedPullRequest> again = f.publish();
        QVERIFY2(again, qPrintable(again.errorMessage()));
        QVERIFY(!again->created);
        QCOMPARE(again->pullRequest.number, 1);
        QVERIFY(f.server.count("GET", "/pulls") >= 4); // page 3 holds it
        QCOMPARE(f.server.count("POST", "/pulls"), 1);
    }

    void gitlabNestedProjectsAreOneEncodedId()
    {
        Fixture f(FakeForgeServer::Kind::GitLab, QStringLiteral("group/sub/widgets"));
        QVERIFY(f.ok);
        const Result<PublishedPullRequest> published = f.publish();
        QVERIFY2(published, qPrintable(published.errorMessage()));
        const agentdesk::test::RecordedRequest post =
            f.server.requestsTo("POST", "/merge_requests").first();
        QVERIFY2(post.path.startsWith("/api/v4/projects/group%2Fsub%2Fwidgets/merge_requests"),
                 post.path.constData());
    }

    void testConnection_data() { addKinds(); }
    void testConnection()
    {
        QFETCH(FakeForgeServer::Kind, kind);
        Fixture f(kind);
        QVERIFY(f.ok);
        const Result<ConnectionReport> report =
            await<ConnectionReport>([&](auto done) { f.client->testConnection(done); });
        QVERIFY2(report, qPrintable(report.errorMessage()));
        QCOMPARE(report->login, QStringLiteral("alice"));
        QVERIFY(report->repositoryFound);
        QVERIFY(report->canPush);
        QVERIFY(report->summary.contains(QLatin1String("acme/widgets")));
    }
};

QTEST_GUILESS_MAIN(TestForgeClients)
#include "tst_forgeclients.moc"
