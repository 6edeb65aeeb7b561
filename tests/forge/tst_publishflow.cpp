#include "ForgeWorld.h"

#include "forge/PublishFlow.h"
#include "forge/PullRequestFollower.h"
#include "store/StoreReader.h"
#include "store/StoreWriter.h"
#include "tasks/publish/PublishPlan.h"
#include "tasks/publish/PullRequestStatus.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace agentdesk;
using namespace agentdesk::forge;
using agentdesk::test::FakeForgeServer;
using agentdesk::test::ForgeWorld;

namespace {

const QString kToken = QStringLiteral("ghp_PublishFlowToken0123456789abcdefABCD");
const QString kTitle = QStringLiteral("Greet by name");

struct Outcome
{
    std::optional<PublishResult> result;
    std::optional<Error> error;
    QStringList steps;
};

QJsonArray checkRun(const QString &status, const QJsonValue &conclusion)
{
    return QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("build")},
                                  {QStringLiteral("status"), status},
                                  {QStringLiteral("conclusion"), conclusion}}};
}

// Files under `root` whose bytes contain `needle`.
QStringList filesContaining(const QString &root, const QByteArray &needle)
{
    QStringList hits;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(needle))
            hits.append(file.fileName());
    }
    return hits;
}

class Harness
{
public:
    explicit Harness(FakeForgeServer::Kind kind = FakeForgeServer::Kind::GitHub,
                     bool withHelper = true, const QByteArray &hook = {})
        : world(withHelper, hook)
        , forge(kind)
    {
        if (!world.isValid() || !forge.listen() || !dataDir.isValid())
            return;
        forge.setToken(kToken);
        const QString kindId = kind == FakeForgeServer::Kind::GitHub   ? QStringLiteral("github")
                               : kind == FakeForgeServer::Kind::GitLab ? QStringLiteral("gitlab")
                                                                       : QStringLiteral("gitea");
        if (!world.configureForge(kindId, forge.apiUrl()))
            return;
        auto opened =
            store::StoreWriter::open(dataDir.filePath(QStringLiteral("agentdesk.sqlite")));
        if (!opened)
            return;
        writer = std::move(opened).value();
        journal = std::make_unique<tasks::StorePublishJournal>(*writer);
        auto readerOpened = store::StoreReader::open(writer->path());
        if (!readerOpened)
            return;
        reader = std::move(readerOpened).value();
        auto task = test::createReadyTask(*writer, world.repo().path(), kTitle, world.mainCommit(),
                                          [this](const QString &branch) {
                                              return head = world.commitOnBranch(
                                                         branch, QStringLiteral("src/widget.py"),
                                                         "def widget(name):\n    return "
                                                         "f'Hello {name}'\n");
                                          });
        if (!task)
            return;
        stored = *task;
        tokens->set(QStringLiteral("127.0.0.1"), kToken);
        ok = true;
    }

    PublishSettings settings()
    {
        PublishSettings s;
        s.network = &network;
        s.journal = journal.get();
        s.tokens.cache = tokens;
        s.tokens.environment = QProcessEnvironment();
        s.tokens.useCli = false;
        s.pushTimeoutMs = 60000;
        return s;
    }

    Outcome run(const PublishRequest &request, PublishSettings s)
    {
        PublishFlow flow(s);
        Outcome outcome;
        QObject::connect(&flow, &PublishFlow::stepChanged,
                         [&](PublishStep, const QString &text) { outcome.steps.append(text); });
        QObject::connect(&flow, &PublishFlow::finished,
                         [&](const PublishResult &r) { outcome.result = r; });
        QObject::connect(&flow, &PublishFlow::failed, [&](const Error &e) { outcome.error = e; });
        flow.start(request);
        if (!QTest::qWaitFor([&] { return outcome.result || outcome.error; }, 120000))
            outcome.error = makeError(QStringLiteral("test-timeout"), QStringLiteral("no answer"));
        return outcome;
    }

    Outcome publish(const tasks::PublishOptions &options = {})
    {
        auto request = tasks::planPublish(*reader, stored.id, options);
        if (!request) {
            Outcome failed;
            failed.error = request.error();
            return failed;
        }
        return run(*request, settings());
    }

    std::optional<store::PullRequestRecord> record()
    {
        auto r = reader->pullRequest(stored.id);
        return r ? *r : std::nullopt;
    }

    ForgeWorld world;
    FakeForgeServer forge;
    QTemporaryDir dataDir;
    std::unique_ptr<store::StoreWriter> writer;
    std::unique_ptr<store::StoreReader> reader;
    std::shared_ptr<ForgeTokenCache> tokens = std::make_shared<ForgeTokenCache>();
    std::unique_ptr<tasks::StorePublishJournal> journal;
    QNetworkAccessManager network;
    test::StoredTask stored;
    QString head;
    bool ok = false;
};

} // namespace

class TestPublishFlow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // The whole flow against a real remote and GitHub's API: one pull request whose body is
    // the report; a revision pushes to the same branch and updates the same pull request.
    void publishesThenARevisionUpdatesTheSamePullRequest()
    {
        Harness h;
        SKIP_WITHOUT_BACKEND(h.world);
        QVERIFY2(h.ok, qPrintable(h.world.error()));
        const Outcome first = h.publish();
        QVERIFY2(first.result, qPrintable(first.error ? first.error->message : QString()));
        QVERIFY(first.result->created);
        QCOMPARE(first.result->pullRequest.number, 1);
        QCOMPARE(first.result->pushedSha, h.head);
        QCOMPARE(h.world.remoteSha(h.stored.branch), h.head);
        QCOMPARE(first.steps.size(), 5); // detect, token, push, pull request, checks

        const FakeForgeServer::Pull *pr = h.forge.pull(1);
        QVERIFY(pr);
        QCOMPARE(pr->title, kTitle);
        QCOMPARE(pr->head, h.stored.branch);
        QCOMPARE(pr->base, QStringLiteral("main"));
        for (const char *part :
             {"## What changed", "## Which tests passed", "## Decisions to review",
              "## The reviewer's findings", "`src/widget.py:2`", "## Cost", "Name may be None"})
            QVERIFY2(pr->body.contains(QLatin1String(part)), part);
        QVERIFY(!pr->body.contains(QStringLiteral("# ") + kTitle + QLatin1Char('\n')));

        std::optional<store::PullRequestRecord> record = h.record();
        QVERIFY(record);
        QVERIFY(record->confirmed);
        QCOMPARE(record->number, 1);
        QCOMPARE(record->url, h.forge.webBase() + QStringLiteral("/acme/widgets/pull/1"));
        QCOMPARE(record->state, QStringLiteral("open"));
        QCOMPARE(record->headSha, h.head);
        QCOMPARE(record->forge, QStringLiteral("github"));
        QCOMPARE(record->body, pr->body);
        // Checks were read once: the forge reports none, which is not a pass.
        QCOMPARE(record->checksState, QStringLiteral("none"));
        QCOMPARE(record->checksSha, h.head);
        QVERIFY(record->checkedAt.isValid());
        QVERIFY(tasks::forgeChecksGateReason(record, h.head)->contains(QLatin1String("no checks")));

        // A revision: a new commit and report on the same branch.
        const QString head2 =
            h.world.commitOnBranch(h.stored.branch, QStringLiteral("src/widget.py"),
                                   "def widget(name=None):\n    return "
                                   "f'Hello {name or \"you\"}'\n");
        QString report2 = test::sampleReport(kTitle, head2, 2);
        report2.replace(QLatin1String("The widget greets by name."),
                        QLatin1String("The widget greets by name and handles None."));
        QVERIFY(test::addRevision(*h.writer, h.stored.id, 2, h.world.mainCommit(), head2, report2));
        auto planned = tasks::planPublish(*h.reader, h.stored.id);
        QVERIFY(planned);
        QCOMPARE(planned->leaseSha, h.head);
        QVERIFY(planned->report.has_value());
        const Outcome second = h.run(*planned, h.settings());
        QVERIFY2(second.result, qPrintable(second.error ? second.error->message : QString()));
        QVERIFY(!second.result->created);
        QCOMPARE(second.result->pullRequest.number, 1);
        QCOMPARE(h.forge.pulls().size(), 1);
        QCOMPARE(h.forge.count("POST", "/pulls"), 1);
        QCOMPARE(h.forge.count("PATCH", "/pulls/1"), 1);
        QVERIFY(h.forge.pull(1)->body.contains(QLatin1String("handles None")));
        QVERIFY(h.forge.pull(1)->body.contains(QLatin1String("Iteration 2")));
        QCOMPARE(h.world.remoteSha(h.stored.branch), head2);
        record = h.record();
        QCOMPARE(record->headSha, head2);
        QCOMPARE(record->iteration, 2);
        QCOMPARE(record->number, 1);
    }

    // A refused token after the push: title and body stay in the store, unconfirmed, with
    // the reason; the next publish resumes with exactly them and opens one pull request.
    void anInterruptedPublishLosesNothingAndResumes()
    {
        Harness h;
        SKIP_WITHOUT_BACKEND(h.world);
        QVERIFY2(h.ok, qPrintable(h.world.error()));
        h.tokens->set(QStringLiteral("127.0.0.1"),
                      QStringLiteral("ghp_expiredTokenexpiredToken00"));
        tasks::PublishOptions edited;
        edited.title = QStringLiteral("Greet people by their name");
        edited.body = QStringLiteral("## What changed\n\nHand-edited in the Publish dialog.");
        const Outcome failed = h.publish(edited);
        QVERIFY(failed.error);
        QCOMPARE(failed.error->code, QStringLiteral("forge-bad-credentials"));
        std::optional<store::PullRequestRecord> record = h.record();
        QVERIFY(record);
        QVERIFY(!record->confirmed);
        QCOMPARE(record->state, QStringLiteral("publishing"));
        QCOMPARE(record->title, *edited.title);
        QCOMPARE(record->body, *edited.body);
        QVERIFY(record->lastError.contains(QLatin1String("bad credentials")));
        QCOMPARE(record->headSha, h.head); // the push had landed
        QCOMPARE(h.forge.pulls().size(), 0);

        h.tokens->set(QStringLiteral("127.0.0.1"), kToken);
        auto resumed = tasks::planPublish(*h.reader, h.stored.id);
        QVERIFY(resumed);
        QCOMPARE(resumed->title, *edited.title);
        QCOMPARE(resumed->body, *edited.body);
        const Outcome done = h.run(*resumed, h.settings());
        QVERIFY2(done.result, qPrintable(done.error ? done.error->message : QString()));
        QCOMPARE(h.forge.pulls().size(), 1);
        QCOMPARE(h.forge.pull(1)->title, *edited.title);
        QCOMPARE(h.forge.pull(1)->body, *edited.body);
        record = h.record();
        QVERIFY(record->confirmed);
        QVERIFY(record->lastError.isEmpty());
    }

    // The token appears nowhere but in git's credential exchange and the API's header: not
    // in any child's environment (the hook git runs sees what git and its helpers see), not
    // in the store, not in any message.
    void theTokenCanaryIsNowhere()
    {
        const QByteArray canary = "ghp_CanaryOnlyForTheCredentialExchange0123";
        qputenv("GH_ENTERPRISE_TOKEN", canary);
        Harness h(FakeForgeServer::Kind::GitHub, false);
        SKIP_WITHOUT_BACKEND(h.world);
        QVERIFY2(h.ok, qPrintable(h.world.error()));
        h.forge.setToken(QString::fromLatin1(canary));
        h.world.server().setCredentials(QStringLiteral("x-access-token"),
                                        QString::fromLatin1(canary));
        QTemporaryDir dumps;
        const QString dump = dumps.filePath(QStringLiteral("env.txt"));
        QVERIFY(h.world.installEnvironmentDump(dump));
        h.tokens->remove(QStringLiteral("127.0.0.1")); // the environment's token is the one

        PublishSettings settings = h.settings();
        settings.tokens.environment = QProcessEnvironment::systemEnvironment();
        settings.environment = QProcessEnvironment::systemEnvironment();
        auto request = tasks::planPublish(*h.reader, h.stored.id);
        QVERIFY(request);
        const Outcome outcome = h.run(*request, settings);
        qunsetenv("GH_ENTERPRISE_TOKEN");
        QVERIFY2(outcome.result, qPrintable(outcome.error ? outcome.error->message : QString()));
        QVERIFY(outcome.result->push.usedCredential); // no helper: the token did the push
        QCOMPARE(h.world.remoteSha(h.stored.branch), h.head);
        QVERIFY(h.world.server().authenticatedUsers().contains(QStringLiteral("x-access-token")));
        QCOMPARE(h.forge.http().requests().first().header("authorization"), "Bearer " + canary);

        QFile env(dump);
        QVERIFY(env.open(QIODevice::ReadOnly));
        const QByteArray seen = env.readAll();
        QVERIFY(seen.contains("GIT_TERMINAL_PROMPT=0"));
        QVERIFY2(!seen.contains(canary), "the token is in a git child's environment");
        QVERIFY(!seen.contains("GH_ENTERPRISE_TOKEN"));
        QVERIFY(h.writer->flush());
        QCOMPARE(filesContaining(h.dataDir.path(), canary), QStringList());
        QCOMPARE(filesContaining(h.world.repo().path() + QStringLiteral("/.git"), canary),
                 QStringList());
        QVERIFY(!outcome.steps.join(QLatin1Char('\n')).toUtf8().contains(canary));
        QVERIFY(!tasks::pullRequestJson(*h.record())
                     .value(QStringLiteral("body"))
                     .toString()
                     .contains(QString::fromLatin1(canary)));
    }

    void aRefusedPushOpensNothing()
    {
        Harness h(FakeForgeServer::Kind::GitHub, true,
                  "#!/bin/sh\necho 'pushes to agentdesk/* are closed this week' >&2\nexit 1\n");
        SKIP_WITHOUT_BACKEND(h.world);
        QVERIFY2(h.ok, qPrintable(h.world.error()));
        const Outcome outcome = h.publish();
        QVERIFY(outcome.error);
        QCOMPARE(outcome.error->code, QStringLiteral("push-rejected"));
        QVERIFY(outcome.error->message.contains(QLatin1String("closed this week")));
        QCOMPARE(h.forge.count("POST", "/pulls"), 0);
        QCOMPARE(h.forge.http().requestCount(), 0);
        const std::optional<store::PullRequestRecord> record = h.record();
        QVERIFY(record);
        QVERIFY(record->lastError.contains(QLatin1String("closed this week")));
        QVERIFY(record->headSha.isEmpty());
    }

    void aBranchThatMovedIsNotPublished()
    {
        Harness h;
        SKIP_WITHOUT_BACKEND(h.world);
        QVERIFY2(h.ok, qPrintable(h.world.error()));
        h.world.commitOnBranch(h.stored.branch, QStringLiteral("stray.txt"), "not validated\n");
        const Outcome outcome = h.publish();
        QVERIFY(outcome.error);
        QCOMPARE(outcome.error->code, QStringLiteral("publish-head-moved"));
        QVERIFY(h.world.remoteSha(h.stored.branch).isEmpty());
    }

    void aTaskNotWaitingForReviewIsRefused()
    {
        Harness h;
        SKIP_WITHOUT_BACKEND(h.world);
        QVERIFY2(h.ok, qPrintable(h.world.error()));
        QVERIFY(h.writer->transitionTask(h.stored.id, tasks::TaskState::ReadyForReview,
                                         tasks::TaskState::Revising));
        const auto planned = tasks::planPublish(*h.reader, h.stored.id);
        QCOMPARE(planned.errorCode(), QStringLiteral("publish-not-ready"));
        QCOMPARE(tasks::planPublish(*h.reader, 999).errorCode(), QStringLiteral("not-found"));
    }

    void gitlabAndGiteaDrafts_data()
    {
        QTest::addColumn<FakeForgeServer::Kind>("kind");
        QTest::addColumn<QString>("prefix");
        QTest::newRow("gitlab") << FakeForgeServer::Kind::GitLab << "Draft: ";
        QTest::newRow("gitea") << FakeForgeServer::Kind::Gitea << "WIP: ";
    }
    void gitlabAndGiteaDrafts()
    {
        QFETCH(FakeForgeServer::Kind, kind);
        QFETCH(QString, prefix);
        Harness h(kind);
        SKIP_WITHOUT_BACKEND(h.world);
        QVERIFY2(h.ok, qPrintable(h.world.error()));
        tasks::PublishOptions options;
        options.draft = true;
        const Outcome outcome = h.publish(options);
        QVERIFY2(outcome.result, qPrintable(outcome.error ? outcome.error->message : QString()));
        QCOMPARE(h.forge.pull(1)->title, prefix + kTitle);
        QVERIFY(outcome.result->pullRequest.draft);
        const std::optional<store::PullRequestRecord> record = h.record();
        QVERIFY(record->draft);
        QCOMPARE(record->title, kTitle);
        QVERIFY(record->body.contains(QLatin1String("## Which tests passed")));
    }

    // Following the pull request: checks from the forge, the gate condition, and a merge on
    // the forge told to the caller.
    void theFollowerSeesChecksAndTheMerge()
    {
        Harness h;
        SKIP_WITHOUT_BACKEND(h.world);
        QVERIFY2(h.ok, qPrintable(h.world.error()));
        QVERIFY(h.publish().result);
        const std::optional<store::PullRequestRecord> published = h.record();
        ForgeTarget target;
        target.kind = ForgeKind::GitHub;
        target.apiUrl = QUrl(h.forge.apiUrl());
        target.host = QStringLiteral("127.0.0.1");
        target.repository = QStringLiteral("acme/widgets");
        PullRequestFollower follower(
            makeForgeClient(&h.network, target,
                            ForgeToken{kToken, TokenSource::SecretStore, QStringLiteral("test")}),
            published->number);
        follower.setHeadSha(h.head);
        QSignalSpy updated(&follower, &PullRequestFollower::updated);
        QSignalSpy leftOpen(&follower, &PullRequestFollower::leftOpen);

        h.forge.setCheckRuns(h.head,
                             checkRun(QStringLiteral("queued"), QJsonValue(QJsonValue::Null)));
        follower.pollNow();
        QVERIFY(updated.wait(20000));
        auto checks = updated.last().at(1).value<ChecksSnapshot>();
        QCOMPARE(checks.state, ChecksState::Pending);
        QVERIFY(tasks::recordFollowerUpdate(*h.writer, h.stored.id,
                                            updated.last().at(0).value<PullRequest>(), checks));
        QVERIFY(
            tasks::forgeChecksGateReason(h.record(), h.head)->contains(QLatin1String("running")));

        // Unchanged: a 304, and no signal.
        follower.pollNow();
        QVERIFY(QTest::qWaitFor([&] { return !follower.isPolling(); }, 20000));
        QCOMPARE(updated.size(), 1);

        h.forge.setCheckRuns(
            h.head, checkRun(QStringLiteral("completed"), QJsonValue(QStringLiteral("failure"))));
        follower.pollNow();
        QVERIFY(updated.wait(20000));
        checks = updated.last().at(1).value<ChecksSnapshot>();
        QVERIFY(tasks::recordFollowerUpdate(*h.writer, h.stored.id,
                                            updated.last().at(0).value<PullRequest>(), checks));
        QCOMPARE(*tasks::forgeChecksGateReason(h.record(), h.head),
                 QStringLiteral("The forge's checks failed: build."));

        h.forge.setCheckRuns(
            h.head, checkRun(QStringLiteral("completed"), QJsonValue(QStringLiteral("success"))));
        h.forge.pulls().first().state = QStringLiteral("merged");
        follower.pollNow();
        QVERIFY(leftOpen.wait(20000));
        QCOMPARE(leftOpen.first().at(0).value<PullRequest>().state, PullRequestState::Merged);
        checks = updated.last().at(1).value<ChecksSnapshot>();
        QVERIFY(tasks::recordFollowerUpdate(*h.writer, h.stored.id,
                                            updated.last().at(0).value<PullRequest>(), checks));
        const std::optional<store::PullRequestRecord> merged = h.record();
        QCOMPARE(merged->state, QStringLiteral("merged"));
        QCOMPARE(merged->checksState, QStringLiteral("passed"));
        QVERIFY(!tasks::forgeChecksGateReason(merged, h.head).has_value());
        // The gate also wants the checks to be for the commit that would land.
        QVERIFY(tasks::forgeChecksGateReason(merged, QString(40, QLatin1Char('d'))).has_value());
        QVERIFY(tasks::forgeChecksGateReason(std::nullopt, h.head)
                    ->contains(QLatin1String("not published")));
        const QJsonObject json = tasks::pullRequestJson(*merged);
        QCOMPARE(json.value(QStringLiteral("number")).toInt(), 1);
        QCOMPARE(json.value(QStringLiteral("checks"))
                     .toObject()
                     .value(QStringLiteral("state"))
                     .toString(),
                 QStringLiteral("passed"));
    }
};

QTEST_GUILESS_MAIN(TestPublishFlow)
#include "tst_publishflow.moc"
