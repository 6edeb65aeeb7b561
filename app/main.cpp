#include "app/GuiMain.h"
#include "app/HeadlessCommands.h"
#include "core/LaunchEnvironment.h"
#include "core/Secrets.h"
#include "git/GitLibrary.h"

#include <QCoreApplication>
#include <QStringList>
#include <QTextStream>

#include <cstdio>

int main(int argc, char **argv)
{
    // Issue 16, before any thread exists: provider keys and tokens leave the process
    // environment (an unsandboxed agent command could read /proc/<pid>/environ) and live in
    // memory only; the process cannot be ptraced or dumped by others; no log line carries a
    // secret the process knows.
    agentdesk::LaunchEnvironment::takeCredentials();
    agentdesk::makeProcessNonDumpable();
    agentdesk::installRedactingMessageHandler();

    // libgit2's global state outlives every window, worker and pool: this guard is destroyed
    // last, after runGui/runHeadless have drained their threads.
    agentdesk::git::GitLibrary gitLibrary;

    QStringList arguments;
    for (int i = 1; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);

    if (agentdesk::app::isHeadlessInvocation(arguments)) {
        QCoreApplication application(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("agentdesk"));
        QTextStream out(stdout);
        QTextStream err(stderr);
        const int status = agentdesk::app::runHeadless(arguments, out, err);
        out.flush();
        err.flush();
        return status;
    }
    return agentdesk::app::runGui(argc, argv);
}
