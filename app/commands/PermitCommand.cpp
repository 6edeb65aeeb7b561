#include "app/commands/PermitCommand.h"

#include "app/EngineFactory.h"
#include "app/commands/CommandArguments.h"
#include "store/StoreWriter.h"

namespace agentdesk::app {

int permitCommand(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    const ParsedArguments args = parseArguments(
        arguments, {},
        {QStringLiteral("--allow"), QStringLiteral("--deny"), QStringLiteral("--always")});
    const bool allow = args.flags.contains(QStringLiteral("--allow"));
    const bool deny = args.flags.contains(QStringLiteral("--deny"));
    const bool always = args.flags.contains(QStringLiteral("--always"));
    if (!args.error.isEmpty() || args.positional.size() != 1 || allow == deny || (deny && always)) {
        err << "agentdesk permit: "
            << (!args.error.isEmpty() ? args.error
                : (deny && always)
                    ? QStringLiteral("--always goes with --allow (a denial is for this once)")
                    : QStringLiteral("give a task number and --allow or --deny"))
            << '\n';
        return 2;
    }
    auto id = parseTaskId(args.positional.first());
    if (!id) {
        err << "agentdesk permit: " << id.errorMessage() << '\n';
        return 2;
    }
    auto config = engineConfigFromSettings();
    if (!config) {
        err << "agentdesk permit: " << config.errorMessage() << '\n';
        return 1;
    }
    // The store directly: the engine that runs the task holds the data folder, and is the one
    // that answers the agent.
    auto writer = store::StoreWriter::open((*config)->databasePath);
    if (!writer) {
        err << "agentdesk permit: " << writer.errorMessage() << '\n';
        return 1;
    }
    const QString answer = deny     ? QStringLiteral("deny")
                           : always ? QStringLiteral("allow_always")
                                    : QStringLiteral("allow");
    auto answered = (*writer)->answerPermission(*id, answer, QStringLiteral("user"));
    if (!answered) {
        err << "agentdesk permit: " << answered.errorMessage() << '\n';
        return 1;
    }
    out << (deny     ? "Denied "
            : always ? "Allowed always for this task: "
                     : "Allowed once: ")
        << answered->summary << " (task " << *id << ").\n";
    return 0;
}

} // namespace agentdesk::app
