#include "app/commands/TaskCommands.h"

#include "app/EngineFactory.h"
#include "app/commands/AcknowledgeCommand.h"
#include "app/commands/CommandArguments.h"
#include "app/commands/DispatchCommand.h"
#include "app/commands/EngineTaskCommand.h"
#include "app/commands/HeadlessEngine.h"
#include "app/commands/PermitCommand.h"
#include "app/commands/TaskShow.h"
#include "app/commands/ValidateCommand.h"
#include "store/StoreReader.h"
#include "tasks/engine/Engine.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace agentdesk::app {

namespace {

int runCommand(const QStringList &arguments, QTextStream &, QTextStream &err)
{
    if (!arguments.isEmpty()) {
        err << "agentdesk run: takes no arguments\n";
        return 2;
    }
    auto config = engineConfigFromSettings();
    if (!config) {
        err << "agentdesk run: " << config.errorMessage() << '\n';
        return 1;
    }
    tasks::Engine engine(*config);
    const bool opened = runEngine(engine, err, [&](QEventLoop &loop) {
        QObject::connect(&engine, &tasks::Engine::idle, &loop, &QEventLoop::quit);
        QObject::connect(&engine, &tasks::Engine::taskFinished, &loop,
                         [&](tasks::TaskId id, tasks::TaskState state, const QString &reason) {
                             err << "task " << id << ": " << tasks::taskStateDisplayName(state)
                                 << (reason.isEmpty()
                                         ? QString()
                                         : QStringLiteral(" (") + reason + QLatin1Char(')'))
                                 << '\n';
                             err.flush();
                         });
    });
    return opened ? 0 : 1;
}

int listCommand(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    const ParsedArguments args = parseArguments(arguments, {}, {QStringLiteral("--json")});
    if (!args.error.isEmpty() || !args.positional.isEmpty()) {
        err << "agentdesk list: "
            << (args.error.isEmpty() ? QStringLiteral("takes only --json") : args.error) << '\n';
        return 2;
    }
    auto config = engineConfigFromSettings();
    if (!config) {
        err << "agentdesk list: " << config.errorMessage() << '\n';
        return 1;
    }
    auto reader = openReader((*config)->databasePath);
    if (!reader) {
        err << "agentdesk list: " << reader.errorMessage() << '\n';
        return 1;
    }
    auto tasks = (*reader)->listTasks();
    if (!tasks) {
        err << "agentdesk list: " << tasks.errorMessage() << '\n';
        return 1;
    }
    if (args.flags.contains(QStringLiteral("--json"))) {
        QJsonArray array;
        for (const store::TaskSummary &summary : *tasks) {
            QJsonObject json = taskJson(summary.task);
            json.insert(QStringLiteral("iteration"), summary.latestIteration);
            json.insert(QStringLiteral("cost_usd"), money(summary.totalCost));
            json.insert(QStringLiteral("cost_nanodollars"), summary.totalCost.nanodollars());
            array.append(json);
        }
        out << QJsonDocument(array).toJson(QJsonDocument::Indented);
        return 0;
    }
    if (tasks->isEmpty()) {
        out << "No tasks yet. Dispatch one with `agentdesk dispatch` or from the window.\n";
        return 0;
    }
    for (const store::TaskSummary &summary : *tasks) {
        out << QStringLiteral("%1  %2  %3  %4\n")
                   .arg(summary.task.id, 5)
                   .arg(tasks::taskStateDisplayName(summary.task.state), -18)
                   .arg(summary.totalCost.format(4), -8)
                   .arg(summary.task.spec.title);
    }
    return 0;
}

int showCommand(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    const ParsedArguments args = parseArguments(arguments, {}, {QStringLiteral("--json")});
    if (!args.error.isEmpty() || args.positional.size() != 1) {
        err << "agentdesk show: "
            << (args.error.isEmpty() ? QStringLiteral("usage: show TASK [--json]") : args.error)
            << '\n';
        return 2;
    }
    auto id = parseTaskId(args.positional.first());
    if (!id) {
        err << "agentdesk show: " << id.errorMessage() << '\n';
        return 2;
    }
    auto config = engineConfigFromSettings();
    if (!config) {
        err << "agentdesk show: " << config.errorMessage() << '\n';
        return 1;
    }
    auto reader = openReader((*config)->databasePath);
    if (!reader) {
        err << "agentdesk show: " << reader.errorMessage() << '\n';
        return 1;
    }
    auto shown = showJson(**reader, *id);
    if (!shown) {
        err << "agentdesk show: " << shown.errorMessage() << '\n';
        return 1;
    }
    if (args.flags.contains(QStringLiteral("--json")))
        out << QJsonDocument(*shown).toJson(QJsonDocument::Indented);
    else
        printShow(*shown, out);
    return 0;
}

} // namespace

QList<HeadlessCommand> taskCommands()
{
    return {
        {QStringLiteral("dispatch"),
         QStringLiteral("dispatch --repo PATH --title T --prompt P [--base B] [--risk LEVEL] "
                        "[--implementer PROVIDER:MODEL] [--reviewer PROVIDER:MODEL] [--budget "
                        "USD|--no-budget] [--validate CMD] [--wait] [--json]"),
         QStringLiteral("Queue a task; with --wait, run it to the end and print what it did"),
         dispatchCommand},
        {QStringLiteral("run"), QStringLiteral("run"),
         QStringLiteral("Run the queued tasks until none is left"), runCommand},
        {QStringLiteral("list"), QStringLiteral("list [--json]"),
         QStringLiteral("List the tasks, newest first"), listCommand},
        {QStringLiteral("show"), QStringLiteral("show TASK [--json]"),
         QStringLiteral("A task's state, iterations, cost by role and model, report, findings "
                        "and validations"),
         showCommand},
        {QStringLiteral("resume"), QStringLiteral("resume TASK [--wait] [--json]"),
         QStringLiteral("Continue a paused, interrupted or failed task from its worktree"),
         [](const QStringList &a, QTextStream &o, QTextStream &e) {
             return engineTaskCommand(QStringLiteral("resume"), a, o, e);
         }},
        {QStringLiteral("budget"), QStringLiteral("budget TASK --add USD [--wait] [--json]"),
         QStringLiteral("Give a task more budget; a task paused for its budget continues"),
         [](const QStringList &a, QTextStream &o, QTextStream &e) {
             return engineTaskCommand(QStringLiteral("budget"), a, o, e);
         }},
        {QStringLiteral("revise"), QStringLiteral("revise TASK --request TEXT [--wait] [--json]"),
         QStringLiteral("Start a new iteration with one specific revision request"),
         [](const QStringList &a, QTextStream &o, QTextStream &e) {
             return engineTaskCommand(QStringLiteral("revise"), a, o, e);
         }},
        {QStringLiteral("merge"), QStringLiteral("merge TASK [--json]"),
         QStringLiteral("Land a task that passes the merge gate (validating again if the base "
                        "moved)"),
         [](const QStringList &a, QTextStream &o, QTextStream &e) {
             return engineTaskCommand(QStringLiteral("merge"), a, o, e);
         }},
        {QStringLiteral("acknowledge"),
         QStringLiteral("acknowledge TASK [FINDING...|--all] [--undo]"),
         QStringLiteral("Mark findings you judged harmless so they no longer block the merge "
                        "(--all: every blocking one of the latest iteration)"),
         acknowledgeCommand},
        {QStringLiteral("permit"), QStringLiteral("permit TASK --allow|--deny [--always]"),
         QStringLiteral("Answer the question a task's agent waits on (Needs input): allow it "
                        "once, always for this task, or deny it"),
         permitCommand},
        {QStringLiteral("validate"), QStringLiteral("validate TASK"),
         QStringLiteral("Run the repository's tests again on the task branch's head (no agent) "
                        "and record it for the merge gate"),
         validateCommand},
        {QStringLiteral("reject"), QStringLiteral("reject TASK"),
         QStringLiteral("Archive a task's work under refs/agentdesk/archive and remove its "
                        "worktree"),
         [](const QStringList &a, QTextStream &o, QTextStream &e) {
             return engineTaskCommand(QStringLiteral("reject"), a, o, e);
         }},
        {QStringLiteral("restore"), QStringLiteral("restore TASK"),
         QStringLiteral("Bring a rejected task's archived work back as a new, paused task"),
         [](const QStringList &a, QTextStream &o, QTextStream &e) {
             return engineTaskCommand(QStringLiteral("restore"), a, o, e);
         }},
    };
}

} // namespace agentdesk::app
