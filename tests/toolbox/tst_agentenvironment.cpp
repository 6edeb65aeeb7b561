// Keys are never reachable by an agent's commands (issue 16, break 1): an unsandboxed command
// reads /proc/<AgentDesk's pid>/environ and its own environment and finds no key — neither the
// provider keys AgentDesk was started with nor a configured provider's key copied into an
// innocuously named variable. The test re-executes itself as "AgentDesk" with keys in its
// environment; a control run without the protections shows the probe does find them.

#include "agents/toolbox/CommandRunner.h"

#include "core/LaunchEnvironment.h"
#include "core/Secrets.h"

#include <QCoreApplication>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <cstdio>

using namespace agentdesk;
using namespace agentdesk::agents;

namespace {

const char childFlag[] = "--agentdesk-child";
const QByteArray anthropicKey = "sk-ant-api03-ENVIRONxLEAKxTEST0123456789abcdef";
const QByteArray openAiKey = "sk-proj-ENVIRONxLEAKxOPENAIx0123456789abcdef";
// A key from the desktop's secret store: not in any environment, known to the process only.
const QString storedKey = QStringLiteral("stored-key-9f8e7d6c5b4a3210fedc");

// "AgentDesk": takes its credentials as main() does (unless told not to), learns a stored key,
// then runs one agent command unsandboxed and prints what the command saw.
int runChild(int argc, char **argv, bool protect)
{
    if (protect) {
        LaunchEnvironment::takeCredentials();
        makeProcessNonDumpable();
    }
    Secrets::add(storedKey);
    // A plugin or a user script copied the key into an innocently named variable.
    qputenv("MY_TOOL_SETTING", storedKey.toUtf8());
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    CommandRequest request;
    request.program = QStringLiteral("/bin/sh");
    request.arguments = {QStringLiteral("-c"),
                         QStringLiteral("echo '--- proc'; tr '\\0' '\\n' < /proc/$PPID/environ; "
                                        "echo '--- env'; env")};
    request.workingDirectory = dir.path();
    // No sandbox: the mode where the break happened (sandbox off, or bubblewrap missing).
    CommandRunner runner;
    QSignalSpy finished(&runner, &CommandRunner::finished);
    if (!runner.start(request) || !finished.wait(60000))
        return 2;
    const CommandOutcome outcome = finished.first().first().value<CommandOutcome>();
    std::fwrite(outcome.output.constData(), 1, size_t(outcome.output.size()), stdout);
    std::fflush(stdout);
    return outcome.exitCode == 0 ? 0 : 3;
}

QByteArray runAgentDesk(bool protect)
{
    QProcess child;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("ANTHROPIC_API_KEY"), QString::fromLatin1(anthropicKey));
    environment.insert(QStringLiteral("OPENAI_API_KEY"), QString::fromLatin1(openAiKey));
    environment.insert(QStringLiteral("PLAIN_MARKER"), QStringLiteral("visible"));
    child.setProcessEnvironment(environment);
    child.start(QCoreApplication::applicationFilePath(),
                {QString::fromLatin1(childFlag),
                 protect ? QStringLiteral("protect") : QStringLiteral("bare")});
    if (!child.waitForFinished(120000) || child.exitCode() != 0)
        return QByteArray("child failed: ") + child.readAllStandardError();
    return child.readAllStandardOutput();
}

} // namespace

class TestAgentEnvironment : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // The probe works: an unprotected AgentDesk exposes its keys in /proc.
    void unprotectedProcessLeaksThroughProc()
    {
        const QByteArray seen = runAgentDesk(false);
        QVERIFY2(seen.contains("--- proc"), seen.constData());
        QVERIFY2(seen.contains(anthropicKey), "the probe could not read the parent's environ");
    }

    void unsandboxedCommandFindsNoKey()
    {
        const QByteArray seen = runAgentDesk(true);
        QVERIFY2(seen.contains("--- proc") && seen.contains("--- env"), seen.constData());
        const qsizetype procAt = seen.indexOf("--- proc");
        const qsizetype envAt = seen.indexOf("--- env");
        const QByteArray proc = seen.mid(procAt, envAt - procAt);
        const QByteArray own = seen.mid(envAt);
        // /proc/<pid>/environ is readable (as root, or where ptrace rules allow) and shows the
        // rest of the environment, or is refused outright because the process is non-dumpable.
        const bool procRefused = !proc.contains("PLAIN_MARKER");
        QVERIFY2(procRefused || proc.contains("PLAIN_MARKER=visible"), proc.constData());
        for (const QByteArray &key : {anthropicKey, openAiKey, storedKey.toLatin1()}) {
            QVERIFY2(!proc.contains(key), "a key is readable in AgentDesk's /proc environ");
            QVERIFY2(!own.contains(key), "a key is in the agent command's own environment");
        }
        QVERIFY2(own.contains("PLAIN_MARKER=visible"), own.constData());
        QVERIFY2(!own.contains("MY_TOOL_SETTING"), "a variable holding a known key was passed on");
    }
};

int main(int argc, char **argv)
{
    if (argc >= 3 && qstrcmp(argv[1], childFlag) == 0)
        return runChild(argc, argv, qstrcmp(argv[2], "protect") == 0); // as main() does
    QCoreApplication app(argc, argv);
    TestAgentEnvironment test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_agentenvironment.moc"
