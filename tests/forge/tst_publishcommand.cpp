#include "ForgeWorld.h"

#include "store/StoreReader.h"
#include "store/StoreWriter.h"

#include <QDirIterator>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace agentdesk;
using agentdesk::test::FakeForgeServer;
using agentdesk::test::ForgeWorld;

namespace {

const QByteArray kCanary = "ghp_HeadlessCanaryToken0123456789abcdefXY";
const QString kTitle = QStringLiteral("Greet by name");

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

bool anyFileContains(const QString &root, const QByteArray &needle)
{
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(needle))
            return true;
    }
    return false;
}

// The real executable, with its own XDG directories, the token in the environment as a
// script would set it, and this process's servers answering while it runs.
class CommandHarness
{
public:
    explicit CommandHarness(FakeForgeServer::Kind kind = FakeForgeServer::Kind::GitHub)
        : forge(kind)
    {
        if (!world.isValid() || !forge.listen() || !home.isValid())
            return;
        forge.setToken(QString::fromLatin1(kCanary));
        const bool gitlab = kind == FakeForgeServer::Kind::GitLab;
        if (!world.configureForge(gitlab ? QStringLiteral("gitlab") : QStringLiteral("github"),
                                  forge.apiUrl()))
            return;
        env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), home.filePath(QStringLiteral("cache")));
        // A GitHub Enterprise-style host takes GH_ENTERPRISE_TOKEN, GitLab GITLAB_TOKEN.
        env.insert(gitlab ? QStringLiteral("GITLAB_TOKEN") : QStringLiteral("GH_ENTERPRISE_TOKEN"),
                   QString::fromLatin1(kCanary));
        database = home.filePath(QStringLiteral("data/agentdesk/agentdesk.sqlite"));
        QDir().mkpath(QFileInfo(database).absolutePath());
        auto writer = store::StoreWriter::open(database);
        if (!writer)
            return;
        auto task = test::createReadyTask(**writer, world.repo().path(), kTitle, world.mainCommit(),
                                          [this](const QString &branch) {
                                              return head = world.commitOnBranch(
                                                         branch, QStringLiteral("src/widget.py"),
                                                         "def widget(name):\n    return name\n");
                                          });
        if (!task)
            return;
        stored = *task;
        ok = true;
    }

    Run publish(const QStringList &arguments)
    {
        QProcess process;
        process.setProcessEnvironment(env);
        process.start(test::agentdeskBinary(), QStringList{QStringLiteral("publish")} + arguments);
        Run run;
        // Not waitForFinished: the servers it talks to live on this thread's event loop.
        if (!process.waitForStarted(20000) ||
            !QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 120000)) {
            process.kill();
            process.waitForFinished(5000);
            return run;
        }
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        run.out = process.readAllStandardOutput();
        run.err = process.readAllStandardError();
        return run;
    }

    ForgeWorld world;
    FakeForgeServer forge;
    QTemporaryDir home;
    QProcessEnvironment env;
    QString database;
    test::StoredTask stored;
    QString head;
    bool ok = false;
};

} // namespace

class TestPublishCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (test::agentdeskBinary().isEmpty())
            QSKIP("AGENTDESK_BINARY is not set (run through ctest)");
    }

    void publishOpensThenARevisionUpdatesTheSamePullRequest()
    {
        CommandHarness h;
        SKIP_WITHOUT_BACKEND(h.world);
        QVERIFY2(h.ok, qPrintable(h.world.error()));
        const Run first = h.publish({QString::number(h.stored.id), QStringLiteral("--json")});
        QVERIFY2(first.exitCode == 0, first.err.constData());
        const QJsonObject json = QJsonDocument::fromJson(first.out).object();
        QCOMPARE(json.value(QStringLiteral("task")).toInteger(), h.stored.id);
        QVERIFY(json.value(QStringLiteral("created")).toBool());
        const QJsonObject pr = json.value(QStringLiteral("pull_request")).toObject();
        QCOMPARE(pr.value(QStringLiteral("number")).toInt(), 1);
        QCOMPARE(pr.value(QStringLiteral("url")).toString(),
                 h.forge.webBase() + QStringLiteral("/acme/widgets/pull/1"));
        QCOMPARE(pr.value(QStringLiteral("state")).toString(), QStringLiteral("open"));
        QCOMPARE(pr.value(QStringLiteral("head_sha")).toString(), h.head);
        QCOMPARE(
            pr.value(QStringLiteral("checks")).toObject().value(QStringLiteral("state")).toString(),
            QStringLiteral("none"));
        QCOMPARE(h.world.remoteSha(h.stored.branch), h.head);
        QCOMPARE(h.forge.pulls().size(), 1);
        const QString body = h.forge.pull(1)->body;
        for (const char *part : {"## What changed", "## Which tests passed",
                                 "## Decisions to review", "## The reviewer's findings", "## Cost"})
            QVERIFY2(body.contains(QLatin1String(part)), part);

        // A revision, recorded as the engine would, then published again.
        const QString head2 =
            h.world.commitOnBranch(h.stored.branch, QStringLiteral("src/widget.py"),
                                   "def widget(name=None):\n    return name or "
                                   "'you'\n");
        {
            auto writer = store::StoreWriter::open(h.database);
            QVERIFY(writer);
            QVERIFY(test::addRevision(**writer, h.stored.id, 2, h.world.mainCommit(), head2,
                                      test::sampleReport(kTitle, head2, 2)));
        }
        const Run second = h.publish({QString::number(h.stored.id)});
        QVERIFY2(second.exitCode == 0, second.err.constData());
        QVERIFY2(
            second.out.startsWith(QByteArray(
                "Pull request #1 updated: " + h.forge.webBase().toUtf8() + "/acme/widgets/pull/1")),
            second.out.constData());
        QVERIFY(second.out.contains("Checks:  none (no checks)"));
        QCOMPARE(h.forge.pulls().size(), 1);
        QCOMPARE(h.forge.count("POST", "/pulls"), 1);
        QCOMPARE(h.forge.count("PATCH", "/pulls/1"), 1);
        QVERIFY(h.forge.pull(1)->body.contains(QLatin1String("Iteration 2")));
        QCOMPARE(h.world.remoteSha(h.stored.branch), head2);

        // The token: used (the forge saw it), shown nowhere, stored nowhere.
        QCOMPARE(h.forge.http().requests().first().header("authorization"), "Bearer " + kCanary);
        for (const Run &run : {first, second}) {
            QVERIFY(!run.out.contains(kCanary));
            QVERIFY(!run.err.contains(kCanary));
        }
        QVERIFY(!anyFileContains(h.home.path(), kCanary));
        QVERIFY(!anyFileContains(h.world.repo().path() + QStringLiteral("/.git"), kCanary));
    }

    void gitlabDraftFromTheCommandLine()
    {
        CommandHarness h(FakeForgeServer::Kind::GitLab);
        SKIP_WITHOUT_BACKEND(h.world);
        QVERIFY2(h.ok, qPrintable(h.world.error()));
        const Run run = h.publish({QString::number(h.stored.id), QStringLiteral("--draft")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(run.out.startsWith("Merge request !1 opened: "), run.out.constData());
        QVERIFY(run.out.contains("(draft)"));
        QCOMPARE(h.forge.pull(1)->title, QStringLiteral("Draft: ") + kTitle);
        // Progress went to stderr, step by step.
        QVERIFY(run.err.contains("agentdesk publish: Pushing"));
    }

    void errorsAreClear()
    {
        CommandHarness h;
        SKIP_WITHOUT_BACKEND(h.world);
        QVERIFY2(h.ok, qPrintable(h.world.error()));
        Run run = h.publish({});
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.err.contains("takes one task id"));
        run = h.publish({QStringLiteral("12"), QStringLiteral("--frobnicate")});
        QCOMPARE(run.exitCode, 2);
        run = h.publish({QStringLiteral("99")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("There is no task 99"), run.err.constData());

        h.env.insert(QStringLiteral("GH_ENTERPRISE_TOKEN"),
                     QStringLiteral("ghp_wrongwrongwrongwrong0"));
        run = h.publish({QString::number(h.stored.id)});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("bad credentials"), run.err.constData());
        QVERIFY(run.err.contains("GH_ENTERPRISE_TOKEN"));
        QVERIFY(!run.err.contains("ghp_wrongwrong"));
        h.env.remove(QStringLiteral("GH_ENTERPRISE_TOKEN"));
        run = h.publish({QString::number(h.stored.id)});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("has no GitHub token for 127.0.0.1"), run.err.constData());
        QCOMPARE(h.forge.pulls().size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestPublishCommand)
#include "tst_publishcommand.moc"
