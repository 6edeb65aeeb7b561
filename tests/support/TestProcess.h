#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

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

} // namespace agentdesk::test
