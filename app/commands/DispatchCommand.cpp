#include "app/commands/DispatchCommand.h"

#include "agents/toolbox/BubblewrapSandbox.h"
#include "app/EngineFactory.h"
#include "app/commands/CommandArguments.h"
#include "app/commands/HeadlessEngine.h"
#include "app/commands/TaskShow.h"
#include "store/StoreReader.h"
#include "tasks/engine/Engine.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <optional>

namespace agentdesk::app {

namespace {

// The task the arguments describe, or nullopt after saying what is wrong on `err`.
std::optional<tasks::TaskSpec> dispatchSpec(const ParsedArguments &args, QTextStream &err)
{
    if (!args.error.isEmpty() || !args.positional.isEmpty()) {
        err << "agentdesk dispatch: "
            << (args.error.isEmpty()
                    ? QStringLiteral("unexpected argument ") + args.positional.first()
                    : args.error)
            << '\n';
        return std::nullopt;
    }
    for (const QString &required :
         {QStringLiteral("--repo"), QStringLiteral("--title"), QStringLiteral("--prompt")}) {
        if (args.values.value(required).trimmed().isEmpty()) {
            err << "agentdesk dispatch: " << required << " is required\n";
            return std::nullopt;
        }
    }
    tasks::RiskLevel risk = tasks::RiskLevel::Low;
    if (args.values.contains(QStringLiteral("--risk"))) {
        auto parsed = tasks::riskLevelFromStorageName(args.values.value(QStringLiteral("--risk")));
        if (!parsed) {
            err << "agentdesk dispatch: --risk is low, medium or high\n";
            return std::nullopt;
        }
        risk = *parsed;
    }
    tasks::TaskSpec spec = tasks::TaskSpec::withDefaults(risk);
    spec.repositoryPath = QFileInfo(args.values.value(QStringLiteral("--repo"))).absoluteFilePath();
    spec.title = args.values.value(QStringLiteral("--title"));
    spec.prompt = args.values.value(QStringLiteral("--prompt"));
    spec.baseBranch = args.values.value(QStringLiteral("--base"));
    spec.validationCommand = args.values.value(QStringLiteral("--validate"));
    for (const auto &[option, target] :
         {std::pair{QStringLiteral("--implementer"), &spec.implementer},
          std::pair{QStringLiteral("--reviewer"), &spec.reviewer}}) {
        if (!args.values.contains(option))
            continue;
        auto model = tasks::ModelRef::parse(args.values.value(option));
        if (!model) {
            err << "agentdesk dispatch: " << option
                << " takes PROVIDER:MODEL, e.g. anthropic:claude-sonnet-4-5 or "
                   "claude-code:claude-sonnet-4-5\n";
            return std::nullopt;
        }
        *target = *model;
    }
    const bool unmetered = args.flags.contains(QStringLiteral("--no-budget"));
    if (args.values.contains(QStringLiteral("--budget"))) {
        if (unmetered) {
            err << "agentdesk dispatch: give --budget or --no-budget, not both\n";
            return std::nullopt;
        }
        auto budget = Money::parseDollars(args.values.value(QStringLiteral("--budget")));
        if (!budget || budget->nanodollars() < 0) {
            err << "agentdesk dispatch: --budget takes dollars, e.g. 0.50\n";
            return std::nullopt;
        }
        // Issue 19: as the dialog does. The store's "no budget" is 0; a user who types 0 means
        // a budget, not an unmetered run.
        if (budget->nanodollars() == 0) {
            err << "agentdesk dispatch: --budget must be more than $0 (to run without a budget, "
                   "say --no-budget)\n";
            return std::nullopt;
        }
        spec.budget = *budget;
    }
    if (unmetered)
        spec.budget = Money();
    return spec;
}

// What `dispatch` says at its end: the queued task, or (after --wait) the whole task.
int printDispatched(const tasks::Engine &engine, tasks::TaskId taskId, bool wait, bool json,
                    tasks::TaskState finalState, QTextStream &out, QTextStream &err)
{
    if (!wait) {
        if (json)
            out << QJsonDocument(QJsonObject{{QStringLiteral("id"), taskId},
                                             {QStringLiteral("state"), QStringLiteral("queued")}})
                       .toJson(QJsonDocument::Compact)
                << '\n';
        else
            out << "Task " << taskId
                << " queued. It starts when AgentDesk next opens its data folder (the window, or "
                   "`agentdesk run`); a window already open picks it up when restarted.\n";
        return 0;
    }
    auto reader = openReader(engine.config().databasePath);
    if (!reader) {
        err << "agentdesk dispatch: " << reader.errorMessage() << '\n';
        return 1;
    }
    auto shown = showJson(**reader, taskId);
    if (!shown) {
        err << "agentdesk dispatch: " << shown.errorMessage() << '\n';
        return 1;
    }
    if (json)
        out << QJsonDocument(*shown).toJson(QJsonDocument::Indented);
    else
        printShow(*shown, out);
    return finalState == tasks::TaskState::ReadyForReview ? 0 : 1;
}

// Which mode the task's agent commands run in, said before it runs.
QString commandModeText(const tasks::EngineConfig &config)
{
    if (!config.settings.sandbox)
        return QStringLiteral("agent commands run UNSANDBOXED (the sandbox is off in Settings): "
                              "they can read and write everything you can");
    if ((config.bwrapProgram.isEmpty() ? agents::BubblewrapSandbox::findProgram()
                                       : config.bwrapProgram)
            .isEmpty())
        return QStringLiteral("agent commands are sandboxed, but bubblewrap (bwrap) is not "
                              "installed: they will be refused");
    return QStringLiteral("agent commands run sandboxed (bubblewrap: worktree writable, network "
                          "off)");
}

} // namespace

int dispatchCommand(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    const ParsedArguments args = parseArguments(
        arguments,
        {QStringLiteral("--repo"), QStringLiteral("--title"), QStringLiteral("--prompt"),
         QStringLiteral("--base"), QStringLiteral("--implementer"), QStringLiteral("--reviewer"),
         QStringLiteral("--budget"), QStringLiteral("--validate"), QStringLiteral("--risk")},
        {QStringLiteral("--wait"), QStringLiteral("--json"), QStringLiteral("--no-budget")});
    const std::optional<tasks::TaskSpec> parsed = dispatchSpec(args, err);
    if (!parsed)
        return 2;
    const tasks::TaskSpec &spec = *parsed;
    const bool wait = args.flags.contains(QStringLiteral("--wait"));
    const bool json = args.flags.contains(QStringLiteral("--json"));

    auto config = engineConfigFromSettings();
    if (!config) {
        err << "agentdesk dispatch: " << config.errorMessage() << '\n';
        return 1;
    }
    tasks::Engine engine(*config);
    // Only this task runs here (the store's other queued tasks wait for the window or `run`);
    // without --wait it only joins the queue: it must not start in a process about to exit.
    engine.setExclusive(true);
    if (!wait) {
        // Without --wait it only adds the task to the store: no engine lock is needed, so it
        // works while the window or `run` holds the folder, and parallel dispatches all land.
        engine.setQueuePaused(true);
        engine.setEnqueueOnly(true);
    }
    tasks::TaskId taskId = 0;
    QString failure;
    tasks::TaskState finalState = tasks::TaskState::Queued;
    QString finalReason;
    const bool opened = runEngine(engine, err, [&](QEventLoop &loop) {
        QObject::connect(&engine, &tasks::Engine::opened, &loop, [&](bool ok) {
            if (ok)
                engine.dispatch(spec);
        });
        QObject::connect(&engine, &tasks::Engine::dispatched, &loop,
                         [&](int, tasks::TaskId id, const QString &, const QString &message) {
                             taskId = id;
                             failure = message;
                             if (id != 0 && !json) {
                                 err << "task " << id << ": " << commandModeText(**config) << '\n';
                                 if (spec.budget.nanodollars() == 0)
                                     err << "task " << id
                                         << ": no budget (--no-budget): its spend is recorded but "
                                            "never stopped\n";
                             }
                             if (id == 0 || !wait)
                                 loop.quit();
                         });
        QObject::connect(
            &engine, &tasks::Engine::taskStateChanged, &loop,
            [&](tasks::TaskId id, tasks::TaskState, tasks::TaskState to, const QString &reason) {
                if (id != taskId || json)
                    return;
                err << "task " << id << ": " << tasks::taskStateDisplayName(to)
                    << (reason.isEmpty() ? QString()
                                         : QStringLiteral(" (") + reason + QLatin1Char(')'))
                    << '\n';
                err.flush();
            });
        QObject::connect(&engine, &tasks::Engine::taskFinished, &loop,
                         [&](tasks::TaskId id, tasks::TaskState state, const QString &reason) {
                             if (id != taskId)
                                 return;
                             finalState = state;
                             finalReason = reason;
                             loop.quit();
                         });
    });
    if (!opened)
        return 1;
    if (taskId == 0) {
        err << "agentdesk dispatch: " << failure << '\n';
        return 1;
    }
    return printDispatched(engine, taskId, wait, json, finalState, out, err);
}

} // namespace agentdesk::app
