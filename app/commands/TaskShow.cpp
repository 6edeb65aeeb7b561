#include "app/commands/TaskShow.h"

#include "store/StoreReader.h"
#include "store/StoreWriter.h"
#include "tasks/decide/DecideJson.h"
#include "tasks/engine/GateQuery.h"

#include <QFileInfo>
#include <QJsonArray>

namespace agentdesk::app {

namespace {

QString dateText(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
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

} // namespace

QJsonValue money(Money value)
{
    return value.toDecimalString();
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
    out << "  Commands:    "
        << (json.value(QStringLiteral("sandboxed")).toBool()
                ? "sandboxed (bubblewrap)"
                : "unsandboxed (the sandbox is off in Settings, or no command has run)")
        << '\n';
    out << "  Models:      " << json.value(QStringLiteral("implementer")).toString()
        << " implements, " << json.value(QStringLiteral("reviewer")).toString() << " reviews\n";
    // A stored budget of 0 is an unmetered task (`dispatch --no-budget`).
    const QString budget = json.value(QStringLiteral("budget_usd")).toString();
    out << "  Cost:        $" << json.value(QStringLiteral("cost_usd")).toString()
        << (QStringView(budget).toDouble() > 0.0 ? QStringLiteral(" of $") + budget
                                                 : QStringLiteral(", no budget (--no-budget)"))
        << '\n';
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

} // namespace agentdesk::app
