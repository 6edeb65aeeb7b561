#include "app/GuiMain.h"
#include "app/HeadlessCommands.h"
#include "git/GitLibrary.h"

#include <QCoreApplication>
#include <QStringList>
#include <QTextStream>

#include <cstdio>

int main(int argc, char **argv)
{
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
