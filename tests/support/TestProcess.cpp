#include "TestProcess.h"

#include <QProcess>

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

} // namespace agentdesk::test
