#include "ForgeWorld.h"

#include "forge/GitPush.h"

#include <QFile>
#include <QHostAddress>
#include <QTcpServer>
#include <QTest>

using namespace agentdesk;
using namespace agentdesk::forge;
using agentdesk::test::ForgeWorld;

namespace {

Result<PushOutcome> push(const PushRequest &request,
                         const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    GitPush pusher;
    pusher.setEnvironment(env);
    std::optional<Result<PushOutcome>> outcome;
    pusher.start(request, [&](Result<PushOutcome> r) { outcome = r; });
    if (!QTest::qWaitFor([&] { return outcome.has_value(); }, 60000))
        return makeError(QStringLiteral("test-timeout"), QStringLiteral("no answer"));
    return *outcome;
}

PushRequest requestFor(ForgeWorld &world, const QString &branch)
{
    PushRequest request;
    request.repositoryPath = world.repo().path();
    request.localBranch = branch;
    request.timeoutMs = 60000;
    return request;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

const QString kBranch = QStringLiteral("agentdesk/1-greet-by-name");

} // namespace

class TestGitPush : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void porcelainIsParsed()
    {
        const QByteArray out = "To http://x-access-token:tok@host/acme/widgets.git\n"
                               "*\trefs/heads/a:refs/heads/a\t[new branch]\n"
                               " \trefs/heads/b:refs/heads/b\t1a2b3c4..5d6e7f8\n"
                               "!\trefs/heads/c:refs/heads/c\t[remote rejected] (pre-receive hook "
                               "declined)\n"
                               "!\trefs/heads/d:refs/heads/d\t[rejected] (non-fast-forward)\n"
                               "Done\n";
        const PushOutcome parsed = parsePushPorcelain(out);
        QCOMPARE(parsed.remoteUrl, QStringLiteral("http://host/acme/widgets.git"));
        QCOMPARE(parsed.refs.size(), 4);
        QCOMPARE(parsed.refs.at(0).summary, QStringLiteral("[new branch]"));
        QCOMPARE(parsed.refs.at(1).summary, QStringLiteral("1a2b3c4..5d6e7f8"));
        QVERIFY(!parsed.refs.at(1).rejected());
        QVERIFY(parsed.refs.at(2).rejected());
        QCOMPARE(parsed.refs.at(2).reason, QStringLiteral("pre-receive hook declined"));
        QCOMPARE(parsed.refs.at(3).reason, QStringLiteral("non-fast-forward"));
        QCOMPARE(parsed.refs.at(3).to, QStringLiteral("refs/heads/d"));
    }

    void argumentsNeverHoldTheToken()
    {
        PushRequest request;
        request.localBranch = kBranch;
        request.remoteBranch = QStringLiteral("task/greet");
        request.leaseSha = QStringLiteral("abc123");
        request.credential = PushCredential{QStringLiteral("x-access-token"),
                                            QStringLiteral("ghp_canaryCANARYcanary0123456789")};
        const QStringList args = GitPush::arguments(request, 7);
        QVERIFY(!args.join(QLatin1Char(' ')).contains(QLatin1String("canary")));
        QVERIFY(args.contains(QStringLiteral("--porcelain")));
        QVERIFY(args.contains(QStringLiteral("--force-with-lease=refs/heads/task/greet:abc123")));
        QCOMPARE(args.constLast(),
                 QStringLiteral("refs/heads/%1:refs/heads/task/greet").arg(kBranch));
        QVERIFY(args.contains(QStringLiteral("credential.helper=")));
    }

    // A real push over real HTTP: git asks the server, gets 401, asks the checkout's own
    // credential helper, and retries with alice's credentials.
    void pushesWithTheUsersCredentialHelper()
    {
        ForgeWorld world;
        SKIP_WITHOUT_BACKEND(world);
        QVERIFY2(world.isValid(), qPrintable(world.error()));
        const QString head = world.commitOnBranch(kBranch, QStringLiteral("src/widget.py"), "x\n");
        const Result<PushOutcome> pushed = push(requestFor(world, kBranch));
        QVERIFY2(pushed, qPrintable(pushed.errorMessage()));
        QCOMPARE(pushed->refs.size(), 1);
        QCOMPARE(pushed->refs.first().flag, QLatin1Char('*'));
        QVERIFY(!pushed->usedCredential);
        QCOMPARE(world.remoteSha(kBranch), head);
        QVERIFY(world.server().unauthorizedCount() >= 1); // the server did ask
        QVERIFY(world.server().authenticatedUsers().contains(ForgeWorld::user));
        // The same again is "up to date", not an error.
        const Result<PushOutcome> again = push(requestFor(world, kBranch));
        QVERIFY2(again, qPrintable(again.errorMessage()));
        QCOMPARE(again->refs.first().flag, QLatin1Char('='));
    }

    void missingCredentialsFailFastWithoutAPrompt()
    {
        ForgeWorld world(false);
        SKIP_WITHOUT_BACKEND(world);
        QVERIFY2(world.isValid(), qPrintable(world.error()));
        world.commitOnBranch(kBranch, QStringLiteral("src/widget.py"), "x\n");
        const Result<PushOutcome> pushed = push(requestFor(world, kBranch));
        QVERIFY(!pushed);
        QCOMPARE(pushed.errorCode(), QStringLiteral("push-auth"));
        QVERIFY(isAuthenticationFailure(pushed.error()));
        QVERIFY(world.remoteSha(kBranch).isEmpty());
    }

    // The token reaches git only through the credential exchange: an inherited pipe that a
    // one-off helper reads. No argv, no environment: the pre-push hook (a child of git, like
    // every helper) sees no trace of it, and the user's own helper is not asked.
    void aTokenGoesThroughTheCredentialExchangeOnly()
    {
        const QString canary = QStringLiteral("ghp_CanaryTokenForThePushTest0123456789");
        ForgeWorld world; // its own helper answers alice's password, which the server refuses
        SKIP_WITHOUT_BACKEND(world);
        QVERIFY2(world.isValid(), qPrintable(world.error()));
        world.server().setCredentials(QStringLiteral("x-access-token"), canary);
        QTemporaryDir dumps;
        const QString dump = dumps.filePath(QStringLiteral("env.txt"));
        QVERIFY(world.installEnvironmentDump(dump));
        const QString head = world.commitOnBranch(kBranch, QStringLiteral("src/widget.py"), "x\n");

        const Result<PushOutcome> withHelper = push(requestFor(world, kBranch));
        QCOMPARE(withHelper.errorCode(), QStringLiteral("push-auth"));

        // Enough open files that the credential's pipe lands above descriptor 9, which /bin/sh
        // (dash) cannot redirect from: the helper must not depend on the number.
        std::vector<std::unique_ptr<QFile>> held;
        for (int i = 0; i < 12; ++i) {
            held.push_back(std::make_unique<QFile>(QStringLiteral("/dev/null")));
            QVERIFY(held.back()->open(QIODevice::ReadOnly));
        }
        QVERIFY(held.back()->handle() > 9);
        PushRequest request = requestFor(world, kBranch);
        request.credential = PushCredential{QStringLiteral("x-access-token"), canary};
        const Result<PushOutcome> pushed = push(request);
        QVERIFY2(pushed, qPrintable(pushed.errorMessage()));
        QVERIFY(pushed->usedCredential);
        QCOMPARE(world.remoteSha(kBranch), head);
        QVERIFY(world.server().authenticatedUsers().contains(QStringLiteral("x-access-token")));
        const QByteArray env = readAll(dump);
        QVERIFY2(!env.isEmpty(), "the pre-push hook ran");
        QVERIFY(env.contains("GIT_TERMINAL_PROMPT=0"));
        QVERIFY(!env.contains(canary.toUtf8()));
        // The user's helper was never consulted with the token push (it would have sent
        // alice's password first, which the server would have refused and recorded).
        const QByteArray alice = "Basic " + QByteArray("alice:s3cret").toBase64();
        const qsizetype refusedBefore = world.server().refusedAuthorizations().count(alice);
        QCOMPARE(refusedBefore, 1); // only from the first, helper-only push
    }

    // The remote's pre-receive hook refuses: the ref is rejected, and the error carries the
    // server's own reason.
    void aRefusedRefIsAnErrorWithTheServersReason()
    {
        ForgeWorld world(true, "#!/bin/sh\necho 'branch names under agentdesk/ need a ticket "
                               "number' >&2\nexit 1\n");
        SKIP_WITHOUT_BACKEND(world);
        QVERIFY2(world.isValid(), qPrintable(world.error()));
        world.commitOnBranch(kBranch, QStringLiteral("src/widget.py"), "x\n");
        const Result<PushOutcome> pushed = push(requestFor(world, kBranch));
        QVERIFY(!pushed);
        QCOMPARE(pushed.errorCode(), QStringLiteral("push-rejected"));
        QVERIFY2(pushed.errorMessage().contains(QLatin1String("pre-receive hook declined")),
                 qPrintable(pushed.errorMessage()));
        QVERIFY2(pushed.errorMessage().contains(QLatin1String("need a ticket number")),
                 qPrintable(pushed.errorMessage()));
        QVERIFY(world.remoteSha(kBranch).isEmpty());
    }

    // --force-with-lease replaces exactly the commit AgentDesk pushed, never someone else's.
    void theLeaseProtectsOtherPeoplesCommits()
    {
        ForgeWorld world;
        SKIP_WITHOUT_BACKEND(world);
        QVERIFY2(world.isValid(), qPrintable(world.error()));
        const QString first = world.commitOnBranch(kBranch, QStringLiteral("a.txt"), "1\n");
        QVERIFY(push(requestFor(world, kBranch)));
        // The task's branch is rewritten (a restored task): not a fast-forward.
        QVERIFY(world.repo()
                    .git({QStringLiteral("branch"), QStringLiteral("-f"), kBranch,
                          QStringLiteral("main")})
                    .ok());
        const QString rewritten = world.commitOnBranch(kBranch, QStringLiteral("b.txt"), "2\n");
        const Result<PushOutcome> refused = push(requestFor(world, kBranch));
        QCOMPARE(refused.errorCode(), QStringLiteral("push-rejected"));
        PushRequest leased = requestFor(world, kBranch);
        leased.leaseSha = first;
        const Result<PushOutcome> replaced = push(leased);
        QVERIFY2(replaced, qPrintable(replaced.errorMessage()));
        QCOMPARE(replaced->refs.first().flag, QLatin1Char('+'));
        QCOMPARE(world.remoteSha(kBranch), rewritten);
        // Someone else pushes to the branch; the old lease no longer matches.
        const QString theirs = world.commitOnBranch(kBranch, QStringLiteral("c.txt"), "3\n");
        QVERIFY(push(requestFor(world, kBranch)));
        QVERIFY(world.repo()
                    .git({QStringLiteral("branch"), QStringLiteral("-f"), kBranch, rewritten})
                    .ok());
        world.commitOnBranch(kBranch, QStringLiteral("d.txt"), "4\n");
        PushRequest stale = requestFor(world, kBranch);
        stale.leaseSha = rewritten;
        const Result<PushOutcome> kept = push(stale);
        QCOMPARE(kept.errorCode(), QStringLiteral("push-rejected"));
        QVERIFY2(kept.errorMessage().contains(QLatin1String("stale info")),
                 qPrintable(kept.errorMessage()));
        QCOMPARE(world.remoteSha(kBranch), theirs);
    }

    // A remote that accepts the connection and never answers: the push is stopped at its
    // timeout (its whole process group), and says so.
    void aStalledRemoteTimesOut()
    {
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        ForgeWorld world;
        SKIP_WITHOUT_BACKEND(world);
        QVERIFY2(world.isValid(), qPrintable(world.error()));
        QVERIFY(
            world.repo()
                .git({QStringLiteral("remote"), QStringLiteral("set-url"), QStringLiteral("origin"),
                      QStringLiteral("http://127.0.0.1:%1/widgets.git").arg(silent.serverPort())})
                .ok());
        world.commitOnBranch(kBranch, QStringLiteral("a.txt"), "1\n");
        PushRequest request = requestFor(world, kBranch);
        request.timeoutMs = 1500;
        const Result<PushOutcome> pushed = push(request);
        QCOMPARE(pushed.errorCode(), QStringLiteral("push-timeout"));
    }

    void aMissingRemoteIsNamed()
    {
        ForgeWorld world;
        SKIP_WITHOUT_BACKEND(world);
        QVERIFY2(world.isValid(), qPrintable(world.error()));
        world.commitOnBranch(kBranch, QStringLiteral("a.txt"), "1\n");
        PushRequest request = requestFor(world, kBranch);
        request.remote = QStringLiteral("upstream");
        const Result<PushOutcome> pushed = push(request);
        QVERIFY(!pushed);
        QCOMPARE(pushed.errorCode(), QStringLiteral("push-not-found"));
        QVERIFY(pushed.errorMessage().contains(QLatin1String("upstream")));
    }
};

QTEST_GUILESS_MAIN(TestGitPush)
#include "tst_gitpush.moc"
