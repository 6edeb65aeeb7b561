#include "app/commands/TaskCommands.h"

#include "app/EngineFactory.h"
#include "store/StoreReader.h"
#include "store/StoreWriter.h"
#include "tasks/decide/DecideJson.h"
#include "tasks/engine/Engine.h"
#include "tasks/engine/GateQuery.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace agentdesk::app {

namespace {

// Options of the form `--name VALUE` and flags `--name`; the rest are positional.
struct ParsedArguments
{
    QHash<QString, QString> values;
    QSet<QString> flags;
    QStringList positional;
    QString error;
};

ParsedArguments parseArguments(const QStringList &arguments, const QSet<QString> &valueOptions,
                               const QSet<QString> &flagOptions)
{
    ParsedArguments parsed;
    for (int i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (!argument.startsWith(QLatin1String("--"))) {
            parsed.positional.append(argument);
            continue;
        }
        QString name = argument;
        QString value;
        bool inlineValue = false;
        if (const qsizetype equals = argument.indexOf(QLatin1Char('=')); equals > 0) {
            name = argument.left(equals);
            value = argument.mid(equals + 1);
            inlineValue = true;
        }
        if (flagOptions.contains(name) && !inlineValue) {
            parsed.flags.insert(name);
        } else if (valueOptions.contains(name)) {
            if (!inlineValue) {
                if (i + 1 >= arguments.size()) {
                    parsed.error = QStringLiteral("%1 needs a value").arg(name);
                    return parsed;
                }
                value = arguments.at(++i);
            }
            parsed.values.insert(name, value);
        } else {
            parsed.error = QStringLiteral("unknown option %1").arg(name);
            return parsed;
        }
    }
    return parsed;
}

QJsonValue money(Money value)
{
    return value.toDecimalString();
}

QString dateText(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QJsonObject taskJson(const store::TaskRecord &task)
{
    return QJsonObject{
        {QStringLiteral("id"), task.id},
        {QStringLiteral("title"), task.spec.title},
        {QStringLiteral("state"), tasks::taskStateStorageName(task.state)},
        {QStringLiteral("state_reason"), task.stateReason},
        {QStringLiteral("repository"), task.spec.repositoryPath},
        {QStringLiteral("base_branch"), task.spec.baseBranch},
        {QStringLiteral("base_commit"), task.spec.baseCommit},
        {QStringLiteral("branch"), task.branch},
        {QStringLiteral("worktree"), task.worktreePath},
        {QStringLiteral("sandboxed"), task.sandboxed},
        {QStringLiteral("risk"), tasks::riskLevelStorageName(task.spec.risk)},
        {QStringLiteral("implementer"), task.spec.implementer.toString()},
        {QStringLiteral("reviewer"), task.spec.reviewer.toString()},
        {QStringLiteral("budget_usd"), money(task.spec.budget)},
        {QStringLiteral("created_at"), dateText(task.createdAt)},
        {QStringLiteral("updated_at"), dateText(task.updatedAt)},
    };
}

QJsonArray costsJson(const QList<store::CostLine> &lines)
{
    QJsonArray array;
    for (const store::CostLine &line : lines) {
        array.append(QJsonObject{
            {QStringLiteral("role"), store::ledgerRoleStorageName(line.role)},
            {QStringLiteral("provider"), line.provider},
            {QStringLiteral("model"), line.model},
            {QStringLiteral("calls"), line.calls},
            {QStringLiteral("input_tokens"), line.inputTokens},
            {QStringLiteral("output_tokens"), line.outputTokens},
            {QStringLiteral("cost_usd"), money(line.cost)},
            {QStringLiteral("cost_nanodollars"), line.cost.nanodollars()},
        });
    }
    return array;
}

QJsonObject findingJson(const store::FindingRecord &f)
{
    return QJsonObject{
        {QStringLiteral("id"), f.id},
        {QStringLiteral("iteration"), f.iteration},
        {QStringLiteral("title"), f.title},
        {QStringLiteral("body"), f.body},
        {QStringLiteral("category"), f.category},
        {QStringLiteral("priority"), f.priority},
        {QStringLiteral("confidence"), f.confidence},
        {QStringLiteral("file"), f.file},
        {QStringLiteral("side"), f.side},
        {QStringLiteral("start_line"), f.startLine},
        {QStringLiteral("end_line"), f.endLine},
        {QStringLiteral("suggested_fix"), f.suggestedFix},
        {QStringLiteral("anchored"), f.anchored},
        {QStringLiteral("acknowledged"), f.acknowledged},
        {QStringLiteral("status"), store::findingStatusStorageName(f.status)},
        {QStringLiteral("carried_from"), f.carriedFromId},
    };
}

QJsonObject validationJson(const store::ValidationRecord &v)
{
    return QJsonObject{
        {QStringLiteral("id"), v.id},
        {QStringLiteral("iteration"), v.iteration},
        {QStringLiteral("commit"), v.commit},
        {QStringLiteral("command"), v.command},
        {QStringLiteral("exit_code"), v.exitCode},
        {QStringLiteral("timed_out"), v.timedOut},
        {QStringLiteral("passed"), v.passed},
        {QStringLiteral("failed"), v.failed},
        {QStringLiteral("skipped"), v.skipped},
        {QStringLiteral("zero_tests"), v.ranZeroTests()},
        {QStringLiteral("tests"), v.tests},
        {QStringLiteral("duration_ms"), v.durationMs},
        {QStringLiteral("base_commit"), v.baseCommit},
        {QStringLiteral("base_passed"), v.basePassed},
        {QStringLiteral("base_failed"), v.baseFailed},
        {QStringLiteral("newly_failing"), QJsonArray::fromStringList(v.newlyFailing)},
        {QStringLiteral("preexisting_failing"), QJsonArray::fromStringList(v.preexistingFailing)},
        {QStringLiteral("output_excerpt"), v.outputExcerpt},
    };
}

// The store's reader, after the writer has created and migrated the database.
Result<std::unique_ptr<store::StoreReader>> openReader(const QString &path)
{
    if (!QFileInfo::exists(path)) {
        auto writer = store::StoreWriter::open(path);
        if (!writer)
            return writer.error();
    }
    return store::StoreReader::open(path);
}

Result<QJsonObject> showJson(store::StoreReader &reader, tasks::TaskId id)
{
    auto detail = reader.loadTask(id);
    if (!detail)
        return detail.error();
    QJsonObject json = taskJson(detail->task);
    QJsonArray iterations;
    for (const tasks::Iteration &it : detail->iterations) {
        QJsonObject iteration{
            {QStringLiteral("number"), it.number},
            {QStringLiteral("base_commit"), it.baseCommit},
            {QStringLiteral("head_commit"), it.headCommit},
            {QStringLiteral("request"), it.requestText},
            {QStringLiteral("started_at"), dateText(it.startedAt)},
            {QStringLiteral("finished_at"), dateText(it.finishedAt)},
            {QStringLiteral("report"), it.reportMarkdown},
        };
        if (auto verdict = reader.reviewVerdict(id, it.number); verdict && verdict->has_value()) {
            const store::ReviewVerdictRecord &v = **verdict;
            iteration.insert(QStringLiteral("verdict"),
                             QJsonObject{{QStringLiteral("correct"), v.correct},
                                         {QStringLiteral("explanation"), v.explanation},
                                         {QStringLiteral("confidence"), v.confidence},
                                         {QStringLiteral("decisions_to_review"),
                                          QJsonArray::fromStringList(v.decisionsToReview)}});
        }
        iterations.append(iteration);
    }
    json.insert(QStringLiteral("iterations"), iterations);
    auto costs = reader.costs(store::CostGrouping::RoleAndModel, id);
    if (!costs)
        return costs.error();
    Money total;
    for (const store::CostLine &line : *costs)
        total += line.cost;
    json.insert(QStringLiteral("cost_usd"), money(total));
    json.insert(QStringLiteral("cost_nanodollars"), total.nanodollars());
    json.insert(QStringLiteral("costs"), costsJson(*costs));
    auto findings = reader.findings(id);
    if (!findings)
        return findings.error();
    QJsonArray findingArray;
    for (const store::FindingRecord &f : *findings)
        findingArray.append(findingJson(f));
    json.insert(QStringLiteral("findings"), findingArray);
    auto validations = reader.validations(id);
    if (!validations)
        return validations.error();
    QJsonArray validationArray;
    for (const store::ValidationRecord &v : *validations)
        validationArray.append(validationJson(v));
    json.insert(QStringLiteral("validations"), validationArray);
    // The merge gate's answer now, and the conflict radar of the tasks waiting on the base.
    if (auto gate = tasks::computeGate(reader, id))
        json.insert(QStringLiteral("gate"), tasks::gateAnswerToJson(*gate));
    else
        json.insert(QStringLiteral("gate"),
                    QJsonObject{{QStringLiteral("error"), gate.errorMessage()}});
    if (auto radar = tasks::computeRadar(reader, detail->task.spec.repositoryPath,
                                         detail->task.spec.baseBranch))
        json.insert(QStringLiteral("radar"), tasks::radarReportToJson(*radar));
    return json;
}

void printShow(const QJsonObject &json, QTextStream &out)
{
    out << "Task " << json.value(QStringLiteral("id")).toInteger() << ": "
        << json.value(QStringLiteral("title")).toString() << '\n';
    out << "  State:       " << json.value(QStringLiteral("state")).toString();
    const QString reason = json.value(QStringLiteral("state_reason")).toString();
    if (!reason.isEmpty())
        out << " (" << reason << ')';
    out << '\n';
    out << "  Branch:      " << json.value(QStringLiteral("branch")).toString() << " from "
        << json.value(QStringLiteral("base_branch")).toString() << " at "
        << json.value(QStringLiteral("base_commit")).toString().left(10) << '\n';
    out << "  Models:      " << json.value(QStringLiteral("implementer")).toString()
        << " implements, " << json.value(QStringLiteral("reviewer")).toString() << " reviews\n";
    out << "  Cost:        $" << json.value(QStringLiteral("cost_usd")).toString() << " of $"
        << json.value(QStringLiteral("budget_usd")).toString() << '\n';
    for (const QJsonValue &value : json.value(QStringLiteral("costs")).toArray()) {
        const QJsonObject line = value.toObject();
        out << "    " << line.value(QStringLiteral("role")).toString() << ' '
            << line.value(QStringLiteral("model")).toString() << ": $"
            << line.value(QStringLiteral("cost_usd")).toString() << " ("
            << line.value(QStringLiteral("calls")).toInteger() << " calls)\n";
    }
    for (const QJsonValue &value : json.value(QStringLiteral("validations")).toArray()) {
        const QJsonObject v = value.toObject();
        out << "  Validation:  iteration " << v.value(QStringLiteral("iteration")).toInt() << ", "
            << v.value(QStringLiteral("commit")).toString().left(10) << ": "
            << v.value(QStringLiteral("passed")).toInt() << " passed, "
            << v.value(QStringLiteral("failed")).toInt() << " failed, "
            << v.value(QStringLiteral("skipped")).toInt() << " skipped"
            << (v.value(QStringLiteral("zero_tests")).toBool() ? " (NO TESTS RAN)" : "") << '\n';
    }
    const QJsonArray findings = json.value(QStringLiteral("findings")).toArray();
    if (!findings.isEmpty())
        out << "  Findings:\n";
    for (const QJsonValue &value : findings) {
        const QJsonObject f = value.toObject();
        out << "    P" << f.value(QStringLiteral("priority")).toInt() << ' '
            << f.value(QStringLiteral("file")).toString() << ':'
            << f.value(QStringLiteral("start_line")).toInt() << "  "
            << f.value(QStringLiteral("title")).toString() << " ["
            << f.value(QStringLiteral("status")).toString() << "]\n";
    }
    const QJsonArray iterations = json.value(QStringLiteral("iterations")).toArray();
    if (!iterations.isEmpty()) {
        const QString report =
            iterations.last().toObject().value(QStringLiteral("report")).toString();
        if (!report.isEmpty())
            out << '\n' << report << '\n';
    }
}

// Runs the engine until `done` says so, on a local event loop (the headless process has no
// other). Returns false when the engine could not open.
bool runEngine(tasks::Engine &engine, QTextStream &err,
               const std::function<void(QEventLoop &)> &wire)
{
    QEventLoop loop;
    bool openedOk = true;
    QObject::connect(&engine, &tasks::Engine::opened, &loop,
                     [&](bool ok, const QString &error, const QList<tasks::TaskId> &interrupted) {
                         if (!ok) {
                             err << "agentdesk: " << error << '\n';
                             openedOk = false;
                             loop.quit();
                             return;
                         }
                         if (!interrupted.isEmpty())
                             err << "agentdesk: " << interrupted.size()
                                 << " task(s) left running by an earlier run are now "
                                    "Interrupted; resume them with `agentdesk resume TASK`.\n";
                     });
    wire(loop);
    engine.start();
    loop.exec();
    return openedOk;
}

int dispatchCommand(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    const ParsedArguments args = parseArguments(
        arguments,
        {QStringLiteral("--repo"), QStringLiteral("--title"), QStringLiteral("--prompt"),
         QStringLiteral("--base"), QStringLiteral("--implementer"), QStringLiteral("--reviewer"),
         QStringLiteral("--budget"), QStringLiteral("--validate"), QStringLiteral("--risk")},
        {QStringLiteral("--wait"), QStringLiteral("--json")});
    if (!args.error.isEmpty() || !args.positional.isEmpty()) {
        err << "agentdesk dispatch: "
            << (args.error.isEmpty()
                    ? QStringLiteral("unexpected argument ") + args.positional.first()
                    : args.error)
            << '\n';
        return 2;
    }
    for (const QString &required :
         {QStringLiteral("--repo"), QStringLiteral("--title"), QStringLiteral("--prompt")}) {
        if (args.values.value(required).trimmed().isEmpty()) {
            err << "agentdesk dispatch: " << required << " is required\n";
            return 2;
        }
    }
    tasks::RiskLevel risk = tasks::RiskLevel::Low;
    if (args.values.contains(QStringLiteral("--risk"))) {
        auto parsed = tasks::riskLevelFromStorageName(args.values.value(QStringLiteral("--risk")));
        if (!parsed) {
            err << "agentdesk dispatch: --risk is low, medium or high\n";
            return 2;
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
            return 2;
        }
        *target = *model;
    }
    if (args.values.contains(QStringLiteral("--budget"))) {
        auto budget = Money::parseDollars(args.values.value(QStringLiteral("--budget")));
        if (!budget || budget->nanodollars() < 0) {
            err << "agentdesk dispatch: --budget takes dollars, e.g. 0.50\n";
            return 2;
        }
        spec.budget = *budget;
    }
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
    if (!wait)
        engine.setQueuePaused(true);
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
    if (!wait) {
        if (json)
            out << QJsonDocument(QJsonObject{{QStringLiteral("id"), taskId},
                                             {QStringLiteral("state"), QStringLiteral("queued")}})
                       .toJson(QJsonDocument::Compact)
                << '\n';
        else
            out << "Task " << taskId
                << " queued. It runs while AgentDesk is open, or with `agentdesk run`.\n";
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
        out << QStringLiteral("%1  %2  $%3  %4\n")
                   .arg(summary.task.id, 5)
                   .arg(tasks::taskStateDisplayName(summary.task.state), -18)
                   .arg(summary.totalCost.format(4), -8)
                   .arg(summary.task.spec.title);
    }
    return 0;
}

Result<tasks::TaskId> parseTaskId(const QString &text)
{
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    if (!ok || id <= 0)
        return makeError(
            QStringLiteral("bad-task"),
            QStringLiteral("'%1' is not a task number (see `agentdesk list`)").arg(text));
    return tasks::TaskId(id);
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

// resume / pause-free controls that need the engine: `resume TASK [--wait]`,
// `revise TASK --request TEXT [--wait]`, `budget TASK --add USD [--wait]`.
int engineTaskCommand(const QString &verb, const QStringList &arguments, QTextStream &out,
                      QTextStream &err)
{
    const ParsedArguments args =
        parseArguments(arguments, {QStringLiteral("--request"), QStringLiteral("--add")},
                       {QStringLiteral("--wait"), QStringLiteral("--json")});
    if (!args.error.isEmpty() || args.positional.size() != 1) {
        err << "agentdesk " << verb << ": "
            << (args.error.isEmpty() ? QStringLiteral("give one task number") : args.error) << '\n';
        return 2;
    }
    auto id = parseTaskId(args.positional.first());
    if (!id) {
        err << "agentdesk " << verb << ": " << id.errorMessage() << '\n';
        return 2;
    }
    std::optional<Money> extra;
    if (verb == QLatin1String("budget")) {
        extra = Money::parseDollars(args.values.value(QStringLiteral("--add")));
        if (!extra || extra->nanodollars() <= 0) {
            err << "agentdesk budget: --add takes a positive amount of dollars\n";
            return 2;
        }
    }
    if (verb == QLatin1String("revise") &&
        args.values.value(QStringLiteral("--request")).trimmed().isEmpty()) {
        err << "agentdesk revise: --request TEXT is required (one specific, actionable "
               "request)\n";
        return 2;
    }
    // A merge always runs to its end (it may validate again); reject and restore are done
    // when accepted.
    const bool runsToEnd = verb == QLatin1String("merge");
    const bool wait =
        runsToEnd || (args.flags.contains(QStringLiteral("--wait")) &&
                      verb != QLatin1String("reject") && verb != QLatin1String("restore"));
    auto config = engineConfigFromSettings();
    if (!config) {
        err << "agentdesk " << verb << ": " << config.errorMessage() << '\n';
        return 1;
    }
    tasks::Engine engine(*config);
    // Only the task asked about runs in this process, and only when waiting for it; without
    // --wait it is queued for the window or `agentdesk run`.
    engine.setExclusive(true);
    if (!wait || verb == QLatin1String("merge"))
        engine.setQueuePaused(true);
    QString failure;
    bool accepted = false;
    tasks::TaskState finalState = tasks::TaskState::Queued;
    const bool opened = runEngine(engine, err, [&](QEventLoop &loop) {
        QObject::connect(&engine, &tasks::Engine::opened, &loop, [&](bool ok) {
            if (!ok)
                return;
            if (verb == QLatin1String("resume"))
                engine.resume(*id);
            else if (verb == QLatin1String("revise"))
                engine.revise(*id, args.values.value(QStringLiteral("--request")));
            else if (verb == QLatin1String("merge"))
                engine.merge(*id);
            else if (verb == QLatin1String("reject"))
                engine.reject(*id);
            else if (verb == QLatin1String("restore"))
                engine.restore(*id);
            else
                engine.addBudget(*id, *extra);
        });
        QObject::connect(&engine, &tasks::Engine::operationFinished, &loop,
                         [&](int, tasks::TaskId, bool ok, const QString &message) {
                             accepted = ok;
                             failure = message;
                             if (!ok || !wait)
                                 loop.quit();
                         });
        QObject::connect(&engine, &tasks::Engine::taskFinished, &loop,
                         [&](tasks::TaskId taskId, tasks::TaskState state, const QString &) {
                             if (taskId != *id)
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
    if (!wait) {
        if (verb == QLatin1String("restore"))
            out << failure << ". It is paused: `agentdesk resume` continues from the work.\n";
        else if (verb == QLatin1String("reject"))
            out << "Task " << *id << " rejected; its work is archived (`agentdesk restore " << *id
                << "` brings it back).\n";
        else
            out << "Task " << *id << " queued.\n";
        return 0;
    }
    auto reader = openReader(engine.config().databasePath);
    if (!reader)
        return 1;
    auto shown = showJson(**reader, *id);
    if (!shown)
        return 1;
    if (args.flags.contains(QStringLiteral("--json")))
        out << QJsonDocument(*shown).toJson(QJsonDocument::Indented);
    else
        printShow(*shown, out);
    if (runsToEnd)
        return finalState == tasks::TaskState::Merged ? 0 : 1;
    return finalState == tasks::TaskState::ReadyForReview ? 0 : 1;
}

} // namespace

QList<HeadlessCommand> taskCommands()
{
    return {
        {QStringLiteral("dispatch"),
         QStringLiteral("dispatch --repo PATH --title T --prompt P [--base B] [--risk LEVEL] "
                        "[--implementer PROVIDER:MODEL] [--reviewer PROVIDER:MODEL] [--budget "
                        "USD] [--validate CMD] [--wait] [--json]"),
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
