#include "TestProcess.h"

#include <QProcess>
#include <QTest>

namespace agentdesk::test {

ProcessOutput runProcess(const QString &program, const QStringList &arguments,
                         const QString &workingDirectory, const QByteArray &input, int timeoutMs)
{
    ProcessOutput result;
    QProcess process;
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    process.start(program, arguments);
    if (!process.waitForStarted(timeoutMs)) {
        result.err = process.errorString().toUtf8();
        return result;
    }
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.timedOut = true;
    }
    result.crashed = process.exitStatus() == QProcess::CrashExit;
    result.exitCode = process.exitCode();
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

ProcessOutput runGit(const QString &repository, const QStringList &arguments,
                     const QByteArray &input)
{
    return runProcess(QStringLiteral("git"), arguments, repository, input);
}

QString agentdeskBinary()
{
    return qEnvironmentVariable("AGENTDESK_BINARY");
}

QProcessEnvironment isolatedEnvironment(const QString &home)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data"));
    return env;
}

ProcessOutput runAgentdesk(const QStringList &arguments, const QProcessEnvironment &environment,
                           QProcess *keep)
{
    QProcess local;
    QProcess &process = keep ? *keep : local;
    process.setProcessEnvironment(environment);
    process.start(agentdeskBinary(), arguments);
    if (!process.waitForStarted(10000) || keep)
        return {};
    return finishProcess(process);
}

ProcessOutput finishProcess(QProcess &process, int timeoutMs)
{
    ProcessOutput output;
    if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        output.timedOut = true;
    }
    output.exitCode = process.exitCode();
    output.crashed = process.exitStatus() == QProcess::CrashExit;
    output.out = process.readAllStandardOutput();
    output.err = process.readAllStandardError();
    return output;
}

} // namespace agentdesk::test
