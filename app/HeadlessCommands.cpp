#include "app/HeadlessCommands.h"

#include "app/commands/CalibrateCommand.h"
#include "app/commands/DiffCommand.h"
#include "app/commands/EnvCheckCommand.h"
#include "app/commands/PublishCommand.h"
#include "app/commands/TaskCommands.h"

#include "ui/LibraryVersions.h"

namespace agentdesk::app {

namespace {

bool isVersionFlag(const QString &argument)
{
    return argument == QLatin1String("--version") || argument == QLatin1String("-v");
}

bool isHelpFlag(const QString &argument)
{
    return argument == QLatin1String("--help") || argument == QLatin1String("-h") ||
           argument == QLatin1String("help");
}

const HeadlessCommand *findCommand(const QString &name)
{
    for (const HeadlessCommand &command : headlessCommands()) {
        if (command.name == name)
            return &command;
    }
    return nullptr;
}

} // namespace

const QList<HeadlessCommand> &headlessCommands()
{
    static const QList<HeadlessCommand> commands = [] {
        QList<HeadlessCommand> all = {
            {QStringLiteral("version"), QStringLiteral("version"),
             QStringLiteral("Print the versions of AgentDesk, Qt, libgit2 and KSyntaxHighlighting"),
             [](const QStringList &, QTextStream &out, QTextStream &) {
                 out << ui::libraryVersionsText();
                 return 0;
             }},
            diffCommand(),
        };
        all.append(taskCommands());
        all.append(publishCommand());
        all.append(calibrateCommand());
        all.append(envCommand());
        return all;
    }();
    return commands;
}

bool isHeadlessInvocation(const QStringList &arguments)
{
    if (arguments.isEmpty())
        return false;
    // A first word that is not an option is always a verb: an unknown one is reported as such
    // rather than silently opening the window. Options (-platform, -style) go to Qt.
    const QString &first = arguments.first();
    return isVersionFlag(first) || isHelpFlag(first) || !first.startsWith(QLatin1Char('-'));
}

QString helpText()
{
    QString text = QStringLiteral("Usage: agentdesk [COMMAND [OPTIONS]]\n"
                                  "\n"
                                  "       agentdesk --demo\n"
                                  "\n"
                                  "Without a command, AgentDesk opens its window.\n"
                                  "\n"
                                  "Commands:\n");
    for (const HeadlessCommand &command : headlessCommands())
        text += QStringLiteral("  %1\n      %2\n").arg(command.usage, command.summary);
    text += QStringLiteral(
        "\n"
        "Options:\n"
        "  -h, --help       Show this help\n"
        "  -v, --version    Show the versions, as the version command does\n"
        "  --demo           Open the window and start the offline demo (as Try the Demo does)\n"
        "\n"
        "Settings live in $XDG_CONFIG_HOME/agentdesk, data in $XDG_DATA_HOME/agentdesk.\n");
    return text;
}

int runHeadless(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    if (arguments.isEmpty() || isHelpFlag(arguments.first())) {
        out << helpText();
        return 0;
    }
    if (isVersionFlag(arguments.first()))
        return findCommand(QStringLiteral("version"))->run({}, out, err);
    const HeadlessCommand *command = findCommand(arguments.first());
    if (!command) {
        err << "agentdesk: unknown command '" << arguments.first()
            << "'. Run 'agentdesk --help' for the list.\n";
        return 2;
    }
    return command->run(arguments.mid(1), out, err);
}

} // namespace agentdesk::app
