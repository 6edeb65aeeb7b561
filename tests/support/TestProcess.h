#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

class QProcess;

namespace agentdesk::test {

struct ProcessOutput
{
    int exitCode = -1;
    bool crashed = false;
    bool timedOut = false;
    QByteArray out;
    QByteArray err;

    bool ok() const { return !crashed && !timedOut && exitCode == 0; }
};

// Runs a program to completion (tests only: this blocks). `input` is written to its stdin.
ProcessOutput runProcess(const QString &program, const QStringList &arguments,
                         const QString &workingDirectory = QString(),
                         const QByteArray &input = QByteArray(), int timeoutMs = 120000);

// Runs `git` with arguments in `repository`; QFAIL-style helpers are up to the caller.
ProcessOutput runGit(const QString &repository, const QStringList &arguments,
                     const QByteArray &input = QByteArray());

// Path of the built `agentdesk` executable (from the AGENTDESK_BINARY environment variable,
// which CTest sets for the suites that need it).
QString agentdeskBinary();

// The system environment with AgentDesk's settings and data under `home` (XDG_CONFIG_HOME,
// XDG_DATA_HOME): a run of the binary that touches nothing of the user's.
QProcessEnvironment isolatedEnvironment(const QString &home);

// Runs the agentdesk binary while this thread's event loop keeps running (a scripted server
// in the test answers it). With `keep`, the process is started in it and left running; finish
// it with finishProcess().
ProcessOutput runAgentdesk(const QStringList &arguments, const QProcessEnvironment &environment,
                           QProcess *keep = nullptr);
// Waits (event loop running) for a started process to end, killing it after `timeoutMs`.
ProcessOutput finishProcess(QProcess &process, int timeoutMs = 120000);

} // namespace agentdesk::test
