// Issue 19's "done means", headless: a Claude Code task (the fake CLI replaying a real
// recording, behind a `claude` on PATH) asks to run a command; `agentdesk dispatch --wait`
// keeps it in Needs input until `agentdesk permit TASK --allow` from a second process answers
// through the store; the CLI gets the answer on its standard input and the task finishes.

#include "../engine/EngineHarness.h"
#include "TestProcess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QtTest>

using namespace agentdesk;
using namespace agentdesk::test;

namespace {
QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
} // namespace

class TestHeadlessPermit : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;
    QTemporaryDir m_bin;
    std::unique_ptr<TempRepository> m_repo;
    FakeProviderServer m_server;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = isolatedEnvironment(m_home.path());
        env.insert(QStringLiteral("ANTHROPIC_BASE_URL"), m_server.baseUrl().toString());
        env.insert(QStringLiteral("ANTHROPIC_API_KEY"), QStringLiteral("sk-ant-permit-test"));
        env.insert(QStringLiteral("PATH"),
                   m_bin.path() + QLatin1Char(':') + env.value(QStringLiteral("PATH")));
        return env;
    }

    // Runs agentdesk while this thread keeps serving the scripted provider.
    ProcessOutput run(const QStringList &arguments, QProcess *keep = nullptr)
    {
        return runAgentdesk(arguments, environment(), keep);
    }

    // The task titled `title` as `list --json` shows it.
    QJsonObject listed(const QString &title)
    {
        const ProcessOutput out = run({QStringLiteral("list"), QStringLiteral("--json")});
        for (const QJsonValue &value : QJsonDocument::fromJson(out.out).array()) {
            if (value.toObject().value(QStringLiteral("title")).toString() == title)
                return value.toObject();
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(!agentdeskBinary().isEmpty());
        QVERIFY(m_server.listen());
        // `claude` on PATH: the fake CLI, told what to replay by its wrapper (AgentDesk gives a
        // CLI a scrubbed environment, so the replay cannot come from ours).
        QFile script(m_bin.filePath(QStringLiteral("claude")));
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write(QStringLiteral("#!/bin/bash\n"
                                    "export FAKECLI_REPLAY='%1'\n"
                                    "export FAKECLI_WRITE_FILE=PERMITTED.md\n"
                                    "export FAKECLI_WRITE_CONTENT=allowed\n"
                                    "export FAKECLI_STDIN_RECORD='%2'\n"
                                    "exec -a claude '%3' \"$@\"\n")
                         .arg(QStringLiteral(AGENTDESK_AGENTS_TEST_DATA
                                             "/claude-code/claude-permission-allow.jsonl"),
                              m_bin.filePath(QStringLiteral("stdin.txt")),
                              QStringLiteral(AGENTDESK_FAKECLI_PATH))
                         .toUtf8());
        script.close();
        QVERIFY(script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    }

    void init()
    {
        m_repo = std::make_unique<TempRepository>();
        m_repo->writeFile(QStringLiteral(".gitignore"), "__pycache__/\n");
        makePythonProject(*m_repo);
    }

    // Issue 19: `--budget 0` is refused as the dialog refuses it; running unmetered is said
    // with --no-budget, and shown as such.
    void zeroBudgetIsRefusedAndNoBudgetIsExplicit()
    {
        const QStringList common{QStringLiteral("dispatch"),
                                 QStringLiteral("--repo"),
                                 m_repo->path(),
                                 QStringLiteral("--title"),
                                 QStringLiteral("Unmetered"),
                                 QStringLiteral("--prompt"),
                                 QStringLiteral("Do it."),
                                 QStringLiteral("--implementer"),
                                 QStringLiteral("claude-code:claude-sonnet-4-5")};
        const ProcessOutput zero =
            run(common + QStringList{QStringLiteral("--budget"), QStringLiteral("0")});
        QCOMPARE(zero.exitCode, 2);
        QVERIFY2(zero.err.contains("--no-budget"), zero.err.constData());
        QVERIFY(listed(QStringLiteral("Unmetered")).isEmpty());
        const ProcessOutput both =
            run(common + QStringList{QStringLiteral("--budget"), QStringLiteral("1"),
                                     QStringLiteral("--no-budget")});
        QCOMPARE(both.exitCode, 2);

        const ProcessOutput unmetered = run(common + QStringList{QStringLiteral("--no-budget")});
        QVERIFY2(unmetered.exitCode == 0, unmetered.err.constData());
        QVERIFY2(unmetered.err.contains("no budget (--no-budget)"), unmetered.err.constData());
        const QJsonObject task = listed(QStringLiteral("Unmetered"));
        QCOMPARE(task.value(QStringLiteral("state")).toString(), QStringLiteral("queued"));
        const ProcessOutput shown =
            run({QStringLiteral("show"),
                 QString::number(task.value(QStringLiteral("id")).toInteger())});
        QVERIFY2(shown.out.contains("no budget (--no-budget)"), shown.out.constData());
    }

    void waitsInNeedsInputUntilPermitFromAnotherProcess()
    {
        m_server.enqueue(toolCall(QStringLiteral("tr_1"), QStringLiteral("submit_review"),
                                  reviewInput(), 3000, 300));
        QProcess dispatch;
        const auto stop = qScopeGuard([&] {
            dispatch.kill();
            dispatch.waitForFinished(10000);
        });
        run({QStringLiteral("dispatch"), QStringLiteral("--repo"), m_repo->path(),
             QStringLiteral("--title"), QStringLiteral("Asks"), QStringLiteral("--prompt"),
             QStringLiteral("Write ran.txt with a command."), QStringLiteral("--implementer"),
             QStringLiteral("claude-code:claude-sonnet-4-5"), QStringLiteral("--reviewer"),
             QStringLiteral("anthropic:claude-haiku-4-5"), QStringLiteral("--budget"),
             QStringLiteral("1.00"), QStringLiteral("--validate"),
             QStringLiteral("/usr/bin/python3 -m pytest -rA -p no:cacheprovider"),
             QStringLiteral("--wait"), QStringLiteral("--json")},
            &dispatch);

        // It waits, showing what it asks, for as long as nobody answers.
        QJsonObject task;
        QVERIFY(QTest::qWaitFor(
            [&] {
                task = listed(QStringLiteral("Asks"));
                return task.value(QStringLiteral("state")).toString() ==
                           QLatin1String("needs-input") ||
                       dispatch.state() == QProcess::NotRunning;
            },
            120000));
        QVERIFY2(dispatch.state() == QProcess::Running,
                 dispatch.readAllStandardError().constData());
        QCOMPARE(task.value(QStringLiteral("state")).toString(), QStringLiteral("needs-input"));
        const QString id = QString::number(task.value(QStringLiteral("id")).toInteger());
        const ProcessOutput shown = run({QStringLiteral("show"), id});
        QVERIFY2(shown.out.contains("needs-input"), shown.out.constData());
        QVERIFY2(shown.out.contains("Bash: python3"), shown.out.constData());
        QVERIFY2(shown.out.contains("requires approval"), shown.out.constData());
        const QByteArray stdinBefore = readFile(m_bin.filePath(QStringLiteral("stdin.txt")));
        QVERIFY(!stdinBefore.contains("control_response"));

        // Bad input is refused and changes nothing.
        const ProcessOutput both = run(
            {QStringLiteral("permit"), id, QStringLiteral("--allow"), QStringLiteral("--deny")});
        QCOMPARE(both.exitCode, 2);

        const ProcessOutput permitted =
            run({QStringLiteral("permit"), id, QStringLiteral("--allow")});
        QVERIFY2(permitted.exitCode == 0, permitted.err.constData());
        QVERIFY2(permitted.out.contains("Allowed once: Bash: python3"), permitted.out.constData());

        const ProcessOutput done = finishProcess(dispatch);
        QVERIFY2(done.exitCode == 0, done.err.constData());
        const QJsonObject json = QJsonDocument::fromJson(done.out).object();
        QCOMPARE(json.value(QStringLiteral("state")).toString(),
                 QStringLiteral("ready-for-review"));
        // The CLI got the allow on its standard input, for its own request.
        const QByteArray stdinAfter = readFile(m_bin.filePath(QStringLiteral("stdin.txt")));
        QVERIFY2(stdinAfter.contains("control_response"), stdinAfter.constData());
        QVERIFY2(stdinAfter.contains("\"behavior\":\"allow\""), stdinAfter.constData());
        QVERIFY(stdinAfter.contains("c567a23d-5a4a-4fd5-9c6b-3c32cac82ebb"));
        QCOMPARE(
            m_repo
                ->git({QStringLiteral("show"), json.value(QStringLiteral("branch")).toString() +
                                                   QStringLiteral(":PERMITTED.md")})
                .out,
            QByteArray("allowed\n"));

        // Nothing is waiting any more: a second answer is refused.
        const ProcessOutput again = run({QStringLiteral("permit"), id, QStringLiteral("--deny")});
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.contains("not waiting"), again.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestHeadlessPermit)
#include "tst_headlesspermit.moc"
