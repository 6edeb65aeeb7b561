// `agentdesk env check` on the real binary: a scratch checkout of the base prepared as a task's
// would be, the tests run there, and the checkout gone afterwards.

#include "TempRepository.h"
#include "TestProcess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace agentdesk::test;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

} // namespace

class TestEnvCheck : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

    Run run(const QStringList &arguments)
    {
        QProcess process;
        process.setProcessEnvironment(isolatedEnvironment(m_home.path()));
        process.start(agentdeskBinary(), arguments);
        if (!process.waitForFinished(300000))
            process.kill();
        return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
                QString::fromUtf8(process.readAllStandardError())};
    }

    // A pytest project whose test needs what a task's checkout gets: the ignored .env copied,
    // the setup's output and the task's port.
    static void makeProject(TempRepository &repo, const QByteArray &assertion)
    {
        repo.writeFile(QStringLiteral(".agentdesk/environment.toml"),
                       "setup = \"echo prepared > prepared.txt\"\n"
                       "test = \"/usr/bin/python3 -m pytest -rA -p no:cacheprovider\"\n"
                       "ports = 2\n");
        repo.writeFile(QStringLiteral(".gitignore"), ".env\nprepared.txt\n");
        repo.writeFile(QStringLiteral(".worktreeinclude"), ".env\n");
        repo.writeFile(QStringLiteral(".env"), "GREETING=hello\n");
        repo.writeFile(QStringLiteral("test_env.py"),
                       "import os\n"
                       "def test_environment():\n"
                       "    assert open('.env').read().strip() == 'GREETING=hello'\n"
                       "    assert open('prepared.txt').read().strip() == 'prepared'\n"
                       "    assert int(os.environ['AGENTDESK_PORTS']) == 2\n"
                       "    assert int(os.environ['AGENTDESK_PORT']) >= 20000\n"
                       "    " +
                           assertion + "\n");
        QVERIFY(!repo.commitAll(QStringLiteral("project")).isEmpty());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!agentdeskBinary().isEmpty(), "AGENTDESK_BINARY is not set");
        const ProcessOutput pytest = runProcess(
            QStringLiteral("/usr/bin/python3"),
            {QStringLiteral("-m"), QStringLiteral("pytest"), QStringLiteral("--version")});
        if (!pytest.ok())
            QSKIP("/usr/bin/python3 -m pytest is not installed (scripts/setup installs it)");
    }

    void preparesTheBaseAndRunsItsTests()
    {
        TempRepository repo;
        QVERIFY(repo.isValid());
        makeProject(repo, "assert True");

        const Run json = run({QStringLiteral("env"), QStringLiteral("check"),
                              QStringLiteral("--repo"), repo.path(), QStringLiteral("--json")});
        QVERIFY2(json.exitCode == 0, qPrintable(json.out + json.err));
        const QJsonObject report = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QCOMPARE(report.value(QStringLiteral("ok")).toBool(), true);
        QCOMPARE(report.value(QStringLiteral("recipe")).toBool(), true);
        QCOMPARE(report.value(QStringLiteral("ports")).toObject().value(QStringLiteral("count")),
                 QJsonValue(2));
        const QJsonObject setup = report.value(QStringLiteral("setup")).toObject();
        QCOMPARE(setup.value(QStringLiteral("copied")).toArray(),
                 QJsonArray{QStringLiteral(".env")});
        QCOMPARE(setup.value(QStringLiteral("commands")).toArray(),
                 QJsonArray{QStringLiteral("echo prepared > prepared.txt")});
        const QJsonObject tests = report.value(QStringLiteral("tests")).toObject();
        QCOMPARE(tests.value(QStringLiteral("source")).toString(), QStringLiteral("recipe"));
        QCOMPARE(tests.value(QStringLiteral("passed_overall")).toBool(), true);

        const Run text = run({QStringLiteral("env"), QStringLiteral("check"),
                              QStringLiteral("--repo"), repo.path()});
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains(QStringLiteral("Setup: echo prepared > prepared.txt")),
                 qPrintable(text.out));
        QVERIFY(text.out.contains(QStringLiteral("Copied: .env")));
        QVERIFY(text.out.contains(QStringLiteral("Result: 1 passed")));
        QVERIFY(text.out.contains(QStringLiteral("The environment works")));

        // The scratch checkouts are gone, from disk and from git's list.
        const ProcessOutput list =
            runProcess(QStringLiteral("git"), {QStringLiteral("worktree"), QStringLiteral("list")},
                       repo.path());
        QCOMPARE(QString::fromUtf8(list.out).trimmed().count(QLatin1Char('\n')), 0);
        // The user's checkout is as it was: no prepared.txt there.
        QVERIFY(!QFileInfo::exists(repo.path() + QStringLiteral("/prepared.txt")));
    }

    void saysWhenTheTestsFail()
    {
        TempRepository repo;
        QVERIFY(repo.isValid());
        makeProject(repo, "assert 1 == 2, 'the base is broken'");
        const Run text = run({QStringLiteral("env"), QStringLiteral("check"),
                              QStringLiteral("--repo"), repo.path()});
        QCOMPARE(text.exitCode, 1);
        QVERIFY2(text.out.contains(QStringLiteral("1 failed")), qPrintable(text.out));
        QVERIFY(text.out.contains(QStringLiteral("the base is broken")));
        QVERIFY(text.out.contains(QStringLiteral("does not work yet")));
    }

    void refusesAMalformedRecipeNamingItsLine()
    {
        TempRepository repo;
        QVERIFY(repo.isValid());
        repo.writeFile(QStringLiteral(".agentdesk/environment.toml"),
                       "test = \"true\"\nports = \"many\"\n");
        QVERIFY(!repo.commitAll(QStringLiteral("recipe")).isEmpty());
        const Run text = run({QStringLiteral("env"), QStringLiteral("check"),
                              QStringLiteral("--repo"), repo.path()});
        QCOMPARE(text.exitCode, 1);
        QVERIFY2(text.err.contains(QStringLiteral("line 2")), qPrintable(text.err));
    }

    void refusesWhatIsNotARepository()
    {
        QTemporaryDir plain;
        const Run text = run({QStringLiteral("env"), QStringLiteral("check"),
                              QStringLiteral("--repo"), plain.path()});
        QCOMPARE(text.exitCode, 1);
        QVERIFY2(text.err.contains(QStringLiteral("agentdesk env check:")), qPrintable(text.err));
        const Run usage = run({QStringLiteral("env"), QStringLiteral("--repo"), plain.path()});
        QCOMPARE(usage.exitCode, 2);
        QVERIFY(usage.err.contains(QStringLiteral("Usage: agentdesk env check")));
    }
};

QTEST_GUILESS_MAIN(TestEnvCheck)
#include "tst_envcheck.moc"
