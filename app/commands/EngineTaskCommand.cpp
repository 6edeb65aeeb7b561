#include "app/commands/EngineTaskCommand.h"

#include "app/EngineFactory.h"
#include "app/commands/CommandArguments.h"
#include "app/commands/HeadlessEngine.h"
#include "app/commands/TaskShow.h"
#include "store/StoreReader.h"
#include "tasks/engine/Engine.h"

#include <QEventLoop>
#include <QJsonDocument>

#include <optional>

namespace agentdesk::app {

namespace {

// One verb's checked arguments.
struct VerbCall
{
    QString verb;
    tasks::TaskId id = 0;
    ParsedArguments args;
    std::optional<Money> extra; // budget --add
    bool runsToEnd = false;     // merge
    bool wait = false;
};

// The arguments checked, or nullopt after saying what is wrong on `err`.
std::optional<VerbCall> parseVerbCall(const QString &verb, const QStringList &arguments,
                                      QTextStream &err)
{
    VerbCall call;
    call.verb = verb;
    call.args = parseArguments(arguments, {QStringLiteral("--request"), QStringLiteral("--add")},
                               {QStringLiteral("--wait"), QStringLiteral("--json")});
    const ParsedArguments &args = call.args;
    if (!args.error.isEmpty() || args.positional.size() != 1) {
        err << "agentdesk " << verb << ": "
            << (args.error.isEmpty() ? QStringLiteral("give one task number") : args.error) << '\n';
        return std::nullopt;
    }
    auto id = parseTaskId(args.positional.first());
    if (!id) {
        err << "agentdesk " << verb << ": " << id.errorMessage() << '\n';
        return std::nullopt;
    }
    call.id = *id;
    if (verb == QLatin1String("budget")) {
        call.extra = Money::parseDollars(args.values.value(QStringLiteral("--add")));
        if (!call.extra || call.extra->nanodollars() <= 0) {
            err << "agentdesk budget: --add takes a positive amount of dollars\n";
            return std::nullopt;
        }
    }
    if (verb == QLatin1String("revise") &&
        args.values.value(QStringLiteral("--request")).trimmed().isEmpty()) {
        err << "agentdesk revise: --request TEXT is required (one specific, actionable "
               "request)\n";
        return std::nullopt;
    }
    // A merge always runs to its end (it may validate again); reject and restore are done
    // when accepted.
    call.runsToEnd = verb == QLatin1String("merge");
    call.wait =
        call.runsToEnd || (args.flags.contains(QStringLiteral("--wait")) &&
                           verb != QLatin1String("reject") && verb != QLatin1String("restore"));
    return call;
}

void startOperation(tasks::Engine &engine, const VerbCall &call)
{
    const QString &verb = call.verb;
    if (verb == QLatin1String("resume"))
        engine.resume(call.id);
    else if (verb == QLatin1String("revise"))
        engine.revise(call.id, call.args.values.value(QStringLiteral("--request")));
    else if (verb == QLatin1String("merge"))
        engine.merge(call.id);
    else if (verb == QLatin1String("reject"))
        engine.reject(call.id);
    else if (verb == QLatin1String("restore"))
        engine.restore(call.id);
    else
        engine.addBudget(call.id, *call.extra);
}

// What the verb says at its end: that it was accepted, or (after waiting) the whole task.
int printOutcome(const tasks::Engine &engine, const VerbCall &call, const QString &message,
                 tasks::TaskState finalState, QTextStream &out)
{
    if (!call.wait) {
        if (call.verb == QLatin1String("restore"))
            out << message << ". It is paused: `agentdesk resume` continues from the work.\n";
        else if (call.verb == QLatin1String("reject"))
            out << "Task " << call.id << " rejected; its work is archived (`agentdesk restore "
                << call.id << "` brings it back).\n";
        else
            out << "Task " << call.id << " queued.\n";
        return 0;
    }
    auto reader = openReader(engine.config().databasePath);
    if (!reader)
        return 1;
    auto shown = showJson(**reader, call.id);
    if (!shown)
        return 1;
    if (call.args.flags.contains(QStringLiteral("--json")))
        out << QJsonDocument(*shown).toJson(QJsonDocument::Indented);
    else
        printShow(*shown, out);
    if (call.runsToEnd)
        return finalState == tasks::TaskState::Merged ? 0 : 1;
    return finalState == tasks::TaskState::ReadyForReview ? 0 : 1;
}

} // namespace

int engineTaskCommand(const QString &verb, const QStringList &arguments, QTextStream &out,
                      QTextStream &err)
{
    const std::optional<VerbCall> call = parseVerbCall(verb, arguments, err);
    if (!call)
        return 2;
    auto config = engineConfigFromSettings();
    if (!config) {
        err << "agentdesk " << verb << ": " << config.errorMessage() << '\n';
        return 1;
    }
    tasks::Engine engine(*config);
    // Only the task asked about runs in this process, and only when waiting for it; without
    // --wait it is queued for the window or `agentdesk run`.
    engine.setExclusive(true);
    if (!call->wait || verb == QLatin1String("merge"))
        engine.setQueuePaused(true);
    QString failure;
    bool accepted = false;
    tasks::TaskState finalState = tasks::TaskState::Queued;
    const bool opened = runEngine(engine, err, [&](QEventLoop &loop) {
        QObject::connect(&engine, &tasks::Engine::opened, &loop, [&](bool ok) {
            if (ok)
                startOperation(engine, *call);
        });
        QObject::connect(&engine, &tasks::Engine::operationFinished, &loop,
                         [&](int, tasks::TaskId, bool ok, const QString &message) {
                             accepted = ok;
                             failure = message;
                             if (!ok || !call->wait)
                                 loop.quit();
                         });
        QObject::connect(&engine, &tasks::Engine::taskFinished, &loop,
                         [&](tasks::TaskId taskId, tasks::TaskState state, const QString &) {
                             if (taskId != call->id)
                                 return;
                             finalState = state;
                             loop.quit();
                         });
    });
    if (!opened)
        return 1;
    if (!accepted) {
        err << "agentdesk " << verb << ": " << failure << '\n';
        return 1;
    }
    return printOutcome(engine, *call, failure, finalState, out);
}

} // namespace agentdesk::app
