#include "WorktreeFixture.h"
#include "agents/toolbox/CommandRunner.h"
#include "agents/toolbox/EnvironmentScrubber.h"
#include "agents/toolbox/Toolbox.h"
#include "agents/toolbox/WorktreePaths.h"

#include <QFileInfo>
#include <QSignalSpy>
#include <QTcpServer>
#include <QtTest>

#include <csignal>
#include <sys/types.h>

using namespace agentdesk::agents;
using agentdesk::test::WorktreeFixture;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

CommandOutcome runToEnd(const CommandRequest &request)
{
    CommandRunner runner;
    QSignalSpy spy(&runner, &CommandRunner::finished);
    if (!runner.start(request) || !spy.wait(120000))
        return {};
    return spy.first().first().value<CommandOutcome>();
}

CommandRequest shell(const QString &script, const QString &directory)
{
    CommandRequest request;
    request.program = s("/bin/sh");
    request.arguments = {s("-c"), script};
    request.workingDirectory = directory;
    return request;
}

// Gone, or a zombie nobody has reaped yet (a container's init may not reap): either way it no
// longer runs.
bool processIsGone(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close >= 0 && text.mid(close + 2, 1) == "Z";
}

qint64 readPid(const QString &file)
{
    return WorktreeFixture::read(file).trimmed().toLongLong();
}

} // namespace

class TestCommandRunner : public QObject
{
    Q_OBJECT

private:
    WorktreeFixture m_fixture;

    SandboxSpec sandboxSpec() const
    {
        return {{m_fixture.worktreePath()},
                WorktreePaths::gitControlPaths(m_fixture.worktreePath())};
    }

    // Whether bubblewrap works on this machine; the sandbox tests need it and say why not.
    bool sandboxWorks(QString *note)
    {
        CommandRequest request = shell(s("true"), m_fixture.worktreePath());
        request.sandbox = sandboxSpec();
        const CommandOutcome outcome = runToEnd(request);
        *note = outcome.sandboxNote;
        return outcome.sandboxed;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_fixture.isValid()); }

    void runsInDirectoryAndReportsExitCode()
    {
        const CommandOutcome outcome =
            runToEnd(shell(s("pwd; echo to-stderr >&2; exit 3"), m_fixture.worktreePath()));
        QVERIFY(outcome.started);
        QCOMPARE(outcome.exitCode, 3);
        QVERIFY(!outcome.timedOut);
        QVERIFY(!outcome.succeeded());
        QVERIFY(outcome.output.contains(m_fixture.worktreePath().toUtf8()));
        QVERIFY(outcome.output.contains("to-stderr"));
        QVERIFY(!outcome.sandboxed);
    }

    void failedStart()
    {
        CommandRequest request;
        request.program = s("/nonexistent/program");
        request.workingDirectory = m_fixture.worktreePath();
        const CommandOutcome outcome = runToEnd(request);
        QVERIFY(!outcome.started);
        QVERIFY(outcome.startError.contains(s("/nonexistent/program")));
        QVERIFY(!outcome.succeeded());
    }

    void timeoutKillsProcessGroup()
    {
        const QString pidFile = m_fixture.base() + s("/grandchild.pid");
        // The shell (child) starts a grandchild and waits for it.
        CommandRequest request =
            shell(s("sleep 300 & echo $! > '%1'; echo started; wait").arg(pidFile),
                  m_fixture.worktreePath());
        // Long enough for a loaded machine to start the shell and its child; the command
        // itself would run for five minutes.
        request.timeoutMs = 3000;
        const CommandOutcome outcome = runToEnd(request);
        QVERIFY(outcome.started);
        QVERIFY(outcome.timedOut);
        QVERIFY(!outcome.succeeded());
        QVERIFY(outcome.output.contains("started"));
        const qint64 grandchild = readPid(pidFile);
        QVERIFY(grandchild > 0);
        QTRY_VERIFY_WITH_TIMEOUT(processIsGone(grandchild), 10000);
    }

    void leftoverBackgroundProcessIsKilled()
    {
        const QString pidFile = m_fixture.base() + s("/leftover.pid");
        const CommandOutcome outcome =
            runToEnd(shell(s("sleep 300 >/dev/null 2>&1 & echo $! > '%1'; exit 0").arg(pidFile),
                           m_fixture.worktreePath()));
        QVERIFY(outcome.succeeded());
        const qint64 leftover = readPid(pidFile);
        QVERIFY(leftover > 0);
        QTRY_VERIFY_WITH_TIMEOUT(processIsGone(leftover), 10000);
    }

    void outputCapKeepsHeadAndTail()
    {
        CommandRequest request =
            shell(s("echo START; head -c 200000 /dev/zero | tr '\\000' a; echo; echo END"),
                  m_fixture.worktreePath());
        request.outputCapBytes = 1000;
        const CommandOutcome outcome = runToEnd(request);
        QVERIFY(outcome.succeeded());
        QVERIFY(outcome.outputTruncated);
        QCOMPARE(outcome.totalOutputBytes, qint64(6 + 200000 + 1 + 4));
        QVERIFY(outcome.output.startsWith("START\n"));
        QVERIFY(outcome.output.endsWith("aaa\nEND\n"));
        QVERIFY(outcome.output.contains("bytes of output omitted"));
        QVERIFY(outcome.output.size() < 1100);
    }

    void cancelKillsTheCommand()
    {
        CommandRunner runner;
        QSignalSpy spy(&runner, &CommandRunner::finished);
        QVERIFY(runner.start(shell(s("echo begun; sleep 300"), m_fixture.worktreePath())));
        QVERIFY(!runner.start(shell(s("true"), m_fixture.worktreePath())));
        QTRY_VERIFY(runner.isRunning());
        runner.cancel();
        QVERIFY(spy.wait(10000));
        const auto outcome = spy.first().first().value<CommandOutcome>();
        QVERIFY(outcome.cancelled);
        QVERIFY(!outcome.succeeded());
        QVERIFY(!runner.isRunning());
    }

    void environmentIsScrubbed()
    {
        qputenv("MY_SERVICE_API_KEY", "planted-key-1111");
        qputenv("ANTHROPIC_BASE_URL", "planted-url-2222");
        qputenv("OPENAI_ORGANIZATION", "planted-org-3333");
        qputenv("GITHUB_TOKEN", "planted-token-4444");
        qputenv("DB_PASSWORD", "planted-password-5555");
        qputenv("client_secret", "planted-secret-6666");
        qputenv("AGENTDESK_HARMLESS_CHECK", "visible-7777");
        qputenv("HARMLESS_SETTING", "visible-8888");
        const CommandOutcome outcome = runToEnd(shell(s("env"), m_fixture.worktreePath()));
        QVERIFY(outcome.succeeded());
        for (const char *planted :
             {"planted-key-1111", "planted-url-2222", "planted-org-3333", "planted-token-4444",
              "planted-password-5555", "planted-secret-6666", "visible-7777"})
            QVERIFY2(!outcome.output.contains(planted), planted);
        QVERIFY(outcome.output.contains("HARMLESS_SETTING=visible-8888"));
        QVERIFY(outcome.output.contains("PATH="));
        QVERIFY(EnvironmentScrubber::isSecretVariable(s("aws_access_key_id")));
        QVERIFY(!EnvironmentScrubber::isSecretVariable(s("GIT_AUTHOR_NAME")));
    }

    void missingBubblewrapFallsBackAndSaysSo()
    {
        CommandRequest request = shell(s("echo ran"), m_fixture.worktreePath());
        request.sandbox = sandboxSpec();
        request.bwrapProgram = s("/nonexistent/bwrap");
        const CommandOutcome outcome = runToEnd(request);
        QVERIFY(outcome.succeeded());
        QVERIFY(!outcome.sandboxed);
        QCOMPARE(outcome.sandboxNote, s("not sandboxed: bubblewrap (bwrap) is not installed"));
        QVERIFY(outcome.output.contains("ran"));
    }

    // Issue 16 item 1: where the sandbox is asked for and required (the toolbox's agent
    // commands), no sandbox means the command is refused, never run with the user's rights.
    void requiredSandboxMissingRefusesTheCommand()
    {
        const QString marker = m_fixture.worktreePath() + s("/ran-unsandboxed");
        CommandRequest request = shell(s("touch ran-unsandboxed"), m_fixture.worktreePath());
        request.sandbox = sandboxSpec();
        request.requireSandbox = true;
        request.bwrapProgram = s("/nonexistent/bwrap");
        const CommandOutcome outcome = runToEnd(request);
        QVERIFY(!outcome.started);
        QVERIFY(!outcome.sandboxed);
        QVERIFY2(outcome.startError.contains(s("bubblewrap (bwrap) is not installed")),
                 qPrintable(outcome.startError));
        QVERIFY2(outcome.startError.contains(s("Settings")), qPrintable(outcome.startError));
        QVERIFY(!QFileInfo::exists(marker));

        ToolboxConfig config;
        config.worktree = m_fixture.worktreePath();
        config.bwrapProgram = s("/nonexistent/bwrap");
        Toolbox toolbox(config);
        QSignalSpy spy(&toolbox, &Toolbox::toolFinished);
        toolbox.invoke(s("call-1"), s("run_command"),
                       QJsonObject{{s("command"), s("touch ran-unsandboxed")}});
        QVERIFY(spy.wait(60000));
        const auto result = spy.first().at(1).value<ToolResult>();
        QVERIFY(result.isError);
        QVERIFY2(result.text.startsWith(s("not run: the sandbox cannot be made here")),
                 qPrintable(result.text));
        QVERIFY(!QFileInfo::exists(marker));
    }

    void sandboxConfinesWrites()
    {
        QString note;
        if (!sandboxWorks(&note))
            QSKIP(qPrintable(note));
        const QString common = QFileInfo(m_fixture.repoPath() + s("/.git")).canonicalFilePath();
        const QString outsideFile = m_fixture.outsidePath() + s("/planted.txt");
        const QString hook = common + s("/hooks/post-checkout");
        const QString config = common + s("/config");
        const QByteArray configBefore = WorktreeFixture::read(config);
        const QByteArray dotGitBefore = WorktreeFixture::read(m_fixture.inWorktree(s(".git")));
        const QString script =
            s("echo x > '%1'; echo x > /etc/agentdesk-sandbox-probe; echo x > '%2'; "
              "echo '[core]' >> '%3'; printf 'gitdir: /tmp' > .git; echo ok > inside.txt; "
              "echo tmp > /tmp/scratch && cat /tmp/scratch")
                .arg(outsideFile, hook, config);
        CommandRequest request = shell(script, m_fixture.worktreePath());
        request.sandbox = sandboxSpec();
        const CommandOutcome outcome = runToEnd(request);
        QVERIFY(outcome.started);
        QVERIFY(outcome.sandboxed);
        QVERIFY(outcome.output.contains("tmp")); // a private scratch /tmp works
        QVERIFY(!QFileInfo::exists(outsideFile));
        QVERIFY(!QFileInfo::exists(s("/etc/agentdesk-sandbox-probe")));
        QVERIFY(!QFileInfo::exists(hook));
        QCOMPARE(WorktreeFixture::read(config), configBefore);
        QCOMPARE(WorktreeFixture::read(m_fixture.inWorktree(s(".git"))), dotGitBefore);
        QCOMPARE(WorktreeFixture::read(m_fixture.inWorktree(s("inside.txt"))), QByteArray("ok\n"));
        QFile::remove(m_fixture.inWorktree(s("inside.txt")));
    }

    void sandboxHasNoNetwork()
    {
        QString note;
        if (!sandboxWorks(&note))
            QSKIP(qPrintable(note));
        if (QStandardPaths::findExecutable(s("bash")).isEmpty())
            QSKIP("bash (for /dev/tcp) is not installed");
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        const QString connect =
            s("exec bash -c 'echo hello > /dev/tcp/127.0.0.1/%1'").arg(server.serverPort());
        // Control: unsandboxed, the same command reaches the listener.
        CommandOutcome outcome = runToEnd(shell(connect, m_fixture.worktreePath()));
        QCOMPARE(outcome.exitCode, 0);
        CommandRequest request = shell(connect, m_fixture.worktreePath());
        request.sandbox = sandboxSpec();
        outcome = runToEnd(request);
        QVERIFY(outcome.sandboxed);
        QVERIFY(outcome.started);
        QVERIFY2(outcome.exitCode != 0, outcome.output.constData());
    }

    void sandboxedTimeoutKillsEverything()
    {
        QString note;
        if (!sandboxWorks(&note))
            QSKIP(qPrintable(note));
        const QString pidFile = m_fixture.inWorktree(s("sandboxed.pid"));
        const QString marker =
            s("agentdesk-sandbox-sleeper-%1").arg(QCoreApplication::applicationPid());
        // The sandbox has its own pid namespace: find the grandchild from outside by a unique
        // argument in its command line.
        CommandRequest request =
            shell(s("sh -c 'sleep 300; echo %1' & echo $! > sandboxed.pid; wait").arg(marker),
                  m_fixture.worktreePath());
        request.sandbox = sandboxSpec();
        // bwrap sets up its namespaces before the shell starts: allow for a loaded machine.
        request.timeoutMs = 4000;
        const CommandOutcome outcome = runToEnd(request);
        QVERIFY(outcome.sandboxed);
        QVERIFY(outcome.timedOut);
        QVERIFY(QFileInfo::exists(pidFile));
        QFile::remove(pidFile);
        auto running = [&marker] {
            const QStringList pids = QDir(s("/proc")).entryList(QDir::Dirs);
            for (const QString &pid : pids) {
                QFile cmdline(s("/proc/") + pid + s("/cmdline"));
                if (cmdline.open(QIODevice::ReadOnly) &&
                    cmdline.readAll().contains(marker.toUtf8()) && !processIsGone(pid.toLongLong()))
                    return true;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(!running(), 10000);
    }

    void toolboxRunCommandReportsSandboxing()
    {
        ToolboxConfig config;
        config.worktree = m_fixture.worktreePath();
        config.commandTimeoutMs = 60000;
        Toolbox toolbox(config);
        QSignalSpy spy(&toolbox, &Toolbox::toolFinished);
        toolbox.invoke(s("call-1"), s("run_command"),
                       QJsonObject{{s("command"), s("echo from-toolbox; exit 2")}});
        QVERIFY(spy.wait(60000));
        QCOMPARE(spy.first().at(0).toString(), s("call-1"));
        const auto result = spy.first().at(1).value<ToolResult>();
        QVERIFY(result.isError);
        QVERIFY(result.text.startsWith(s("exit code 2\n")));
        QVERIFY(result.text.contains(s("from-toolbox")));
        QVERIFY(toolbox.lastCommandSandboxed().has_value());
        QVERIFY(result.text.contains(toolbox.lastSandboxNote()));
        QVERIFY(toolbox.lastSandboxNote().startsWith(
            *toolbox.lastCommandSandboxed() ? s("sandboxed") : s("not sandboxed: ")));

        // File tools answer through the same signal, after invoke() has returned.
        spy.clear();
        toolbox.invoke(s("call-2"), s("read_file"), QJsonObject{{s("path"), s("README.md")}});
        QCOMPARE(spy.size(), 0);
        QVERIFY(spy.wait(5000));
        QVERIFY(spy.first().at(1).value<ToolResult>().text.contains(s("hello")));
    }

    void toolboxCommandTimeout()
    {
        ToolboxConfig config;
        config.worktree = m_fixture.worktreePath();
        config.commandTimeoutMs = 60000;
        Toolbox toolbox(config);
        QSignalSpy spy(&toolbox, &Toolbox::toolFinished);
        toolbox.invoke(s("t"), s("run_command"),
                       QJsonObject{{s("command"), s("sleep 300")}, {s("timeout_seconds"), 1}});
        QVERIFY(spy.wait(30000));
        const auto result = spy.first().at(1).value<ToolResult>();
        QVERIFY(result.isError);
        QVERIFY2(result.text.startsWith(s("timed out after 1 s")), qPrintable(result.text));
    }
};

QTEST_GUILESS_MAIN(TestCommandRunner)
#include "tst_commandrunner.moc"
