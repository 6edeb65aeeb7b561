#include "demo/DemoScript.h"

#include "demo/DemoLabels.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace agentdesk::demo {

namespace {

const QString kResourceRoot = QStringLiteral(":/agentdesk/demo/");
const QString kFilePrefix = QStringLiteral("@file:");

using FileReader = std::function<Result<QByteArray>(const QString &)>;

Error scriptError(const QString &what)
{
    return makeError(QStringLiteral("demo-script"),
                     QStringLiteral("The demo's script is damaged: %1.").arg(what));
}

// Replaces every "@file:PATH" string in `value` by the file's text.
Result<QJsonValue> resolveFiles(const QJsonValue &value, const FileReader &readFile)
{
    if (value.isString() && value.toString().startsWith(kFilePrefix)) {
        Result<QByteArray> text = readFile(value.toString().mid(kFilePrefix.size()));
        if (!text)
            return text.error();
        return QJsonValue(QString::fromUtf8(*text));
    }
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            Result<QJsonValue> resolved = resolveFiles(it.value(), readFile);
            if (!resolved)
                return resolved.error();
            it.value() = *resolved;
        }
        return QJsonValue(object);
    }
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            Result<QJsonValue> resolved = resolveFiles(array.at(i), readFile);
            if (!resolved)
                return resolved.error();
            array.replace(i, *resolved);
        }
        return QJsonValue(array);
    }
    return value;
}

Result<DemoTurn> parseTurn(const QJsonObject &json, const FileReader &readFile)
{
    DemoTurn turn;
    turn.text = json.value(QStringLiteral("text")).toString();
    turn.tool = json.value(QStringLiteral("tool")).toString();
    if (turn.tool.isEmpty())
        return scriptError(QStringLiteral("a turn names no tool"));
    Result<QJsonValue> input = resolveFiles(json.value(QStringLiteral("input")), readFile);
    if (!input)
        return input.error();
    turn.input = input->toObject();
    const QJsonObject usage = json.value(QStringLiteral("usage")).toObject();
    turn.inputTokens = qint64(usage.value(QStringLiteral("input")).toDouble());
    turn.outputTokens = qint64(usage.value(QStringLiteral("output")).toDouble());
    if (turn.inputTokens <= 0 || turn.outputTokens <= 0)
        return scriptError(QStringLiteral("the %1 turn has no usage").arg(turn.tool));
    return turn;
}

Result<DemoTask> parseTask(const QJsonObject &json, const FileReader &readFile)
{
    DemoTask task;
    task.key = json.value(QStringLiteral("key")).toString();
    task.title = json.value(QStringLiteral("title")).toString();
    task.prompt = json.value(QStringLiteral("prompt")).toString();
    task.revisionRequest = json.value(QStringLiteral("revisionRequest")).toString();
    task.flagged = json.value(QStringLiteral("flagged")).toBool();
    if (task.key.isEmpty() || !task.title.startsWith(kDemoTitlePrefix) || task.prompt.isEmpty())
        return scriptError(QStringLiteral("a task lacks its key, its \"%1\" title or its prompt")
                               .arg(kDemoTitlePrefix.trimmed()));
    for (const QJsonValue &runJson : json.value(QStringLiteral("runs")).toArray()) {
        DemoRun run;
        for (const QJsonValue &turnJson :
             runJson.toObject().value(QStringLiteral("implementer")).toArray()) {
            Result<DemoTurn> turn = parseTurn(turnJson.toObject(), readFile);
            if (!turn)
                return turn.error();
            run.implementer.append(*turn);
        }
        Result<DemoTurn> reviewer =
            parseTurn(runJson.toObject().value(QStringLiteral("reviewer")).toObject(), readFile);
        if (!reviewer)
            return reviewer.error();
        run.reviewer = *reviewer;
        if (run.implementer.isEmpty() || run.implementer.last().tool != QLatin1String("finish") ||
            run.reviewer.tool != QLatin1String("submit_review"))
            return scriptError(QStringLiteral("a run of \"%1\" does not end with finish and "
                                              "submit_review")
                                   .arg(task.key));
        task.runs.append(run);
    }
    if (task.runs.isEmpty())
        return scriptError(QStringLiteral("task \"%1\" has no runs").arg(task.key));
    return task;
}

// The first user message's text: the implementer's prompt or the reviewer's briefing.
QString firstUserText(const QJsonObject &request)
{
    const QJsonArray messages = request.value(QStringLiteral("messages")).toArray();
    for (const QJsonValue &message : messages) {
        const QJsonObject object = message.toObject();
        if (object.value(QStringLiteral("role")).toString() != QLatin1String("user"))
            continue;
        const QJsonValue content = object.value(QStringLiteral("content"));
        if (content.isString())
            return content.toString();
        QString text;
        for (const QJsonValue &block : content.toArray()) {
            if (block.toObject().value(QStringLiteral("type")).toString() == QLatin1String("text"))
                text += block.toObject().value(QStringLiteral("text")).toString();
        }
        return text;
    }
    return QString();
}

int toolResultCount(const QJsonObject &request)
{
    int count = 0;
    for (const QJsonValue &message : request.value(QStringLiteral("messages")).toArray()) {
        for (const QJsonValue &block :
             message.toObject().value(QStringLiteral("content")).toArray()) {
            if (block.toObject().value(QStringLiteral("type")).toString() ==
                QLatin1String("tool_result"))
                ++count;
        }
    }
    return count;
}

bool offersTool(const QJsonObject &request, const QString &name)
{
    for (const QJsonValue &tool : request.value(QStringLiteral("tools")).toArray()) {
        if (tool.toObject().value(QStringLiteral("name")).toString() == name)
            return true;
    }
    return false;
}

} // namespace

Result<DemoScript> DemoScript::loadBundled()
{
    const FileReader readFile = [](const QString &path) -> Result<QByteArray> {
        QFile file(kResourceRoot + path);
        if (!file.open(QIODevice::ReadOnly))
            return scriptError(QStringLiteral("%1 is missing").arg(path));
        return file.readAll();
    };
    Result<QByteArray> json = readFile(QStringLiteral("demo-script.json"));
    if (!json)
        return json.error();
    return parse(*json, readFile);
}

Result<DemoScript> DemoScript::parse(const QByteArray &json, const FileReader &readFile)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return scriptError(parseError.errorString());
    const QJsonObject root = document.object();
    DemoScript script;
    script.implementerModel = root.value(QStringLiteral("implementerModel")).toString();
    script.reviewerModel = root.value(QStringLiteral("reviewerModel")).toString();
    script.validationCommand = root.value(QStringLiteral("validationCommand")).toString();
    const std::optional<Money> budget =
        Money::parseDollars(root.value(QStringLiteral("budgetUsd")).toString());
    if (script.implementerModel.isEmpty() || script.reviewerModel.isEmpty() || !budget)
        return scriptError(QStringLiteral("the models or the budget are missing"));
    script.budget = *budget;
    for (const QJsonValue &file : root.value(QStringLiteral("sampleProject")).toArray()) {
        const QString path = file.toObject().value(QStringLiteral("path")).toString();
        Result<QByteArray> content =
            readFile(file.toObject().value(QStringLiteral("source")).toString());
        if (!content)
            return content.error();
        if (path.isEmpty() || path.startsWith(QLatin1Char('/')) ||
            path.contains(QLatin1String("..")))
            return scriptError(QStringLiteral("a sample file has no proper path"));
        script.sampleProject.append({path, *content});
    }
    for (const QJsonValue &taskJson : root.value(QStringLiteral("tasks")).toArray()) {
        Result<DemoTask> task = parseTask(taskJson.toObject(), readFile);
        if (!task)
            return task.error();
        script.tasks.append(*task);
    }
    if (script.sampleProject.isEmpty() || script.tasks.isEmpty())
        return scriptError(QStringLiteral("it has no sample project or no tasks"));
    return script;
}

Result<DemoCall> DemoScript::locate(const QJsonObject &request) const
{
    const QString first = firstUserText(request);
    DemoCall call;
    call.task = -1;
    for (int i = 0; i < tasks.size() && call.task < 0; ++i) {
        if (first.contains(tasks.at(i).title))
            call.task = i;
    }
    if (call.task < 0)
        return makeError(QStringLiteral("not-a-demo-task"),
                         QStringLiteral("The demo's scripted provider answers only the demo's own "
                                        "tasks; choose a real provider for other work."));
    call.role = offersTool(request, QStringLiteral("submit_review")) ? DemoRole::Reviewer
                                                                     : DemoRole::Implementer;
    // The runner's prompts: "# Revision request" opens the implementer's, "Revision request:"
    // ends the reviewer's task description (tasks/engine/TaskRunner.cpp).
    const bool revision = call.role == DemoRole::Implementer
                              ? first.startsWith(QLatin1String("# Revision request"))
                              : first.contains(QLatin1String("\n\nRevision request: "));
    call.run = revision ? int(tasks.at(call.task).runs.size()) - 1 : 0;
    call.step = toolResultCount(request);
    return call;
}

const DemoTurn &DemoScript::turn(const DemoCall &call) const
{
    const DemoRun &run = tasks.at(call.task).runs.at(call.run);
    if (call.role == DemoRole::Reviewer)
        return run.reviewer;
    return run.implementer.at(qBound(0, call.step, int(run.implementer.size()) - 1));
}

const DemoRun &DemoScript::run(int task, int iteration) const
{
    const QList<DemoRun> &runs = tasks.at(task).runs;
    return runs.at(qBound(0, iteration - 1, int(runs.size()) - 1));
}

} // namespace agentdesk::demo
