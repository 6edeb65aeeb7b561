#include "tasks/decide/DecideJson.h"

#include <QJsonArray>

namespace agentdesk::tasks {

namespace {

QJsonArray strings(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

} // namespace

QJsonObject gateAnswerToJson(const GateAnswer &answer)
{
    QJsonArray reasons;
    for (const GateReason &reason : answer.reasons) {
        QJsonArray ids;
        for (const qint64 id : reason.findingIds)
            ids.append(id);
        reasons.append(QJsonObject{{QStringLiteral("kind"), gateReasonKindName(reason.kind)},
                                   {QStringLiteral("text"), reason.text},
                                   {QStringLiteral("paths"), strings(reason.paths)},
                                   {QStringLiteral("findingIds"), ids}});
    }
    return {{QStringLiteral("allowed"), answer.allowed()},
            {QStringLiteral("head"), answer.headCommit},
            {QStringLiteral("baseHead"), answer.baseHeadCommit},
            {QStringLiteral("validatedCommit"), answer.validatedCommit},
            {QStringLiteral("ahead"), answer.ahead},
            {QStringLiteral("behind"), answer.behind},
            {QStringLiteral("reasons"), reasons}};
}

QJsonObject radarReportToJson(const RadarReport &report)
{
    QJsonArray entries;
    for (const RadarEntry &entry : report.entries) {
        QJsonObject object{{QStringLiteral("task"), entry.taskId},
                           {QStringLiteral("branch"), entry.branch},
                           {QStringLiteral("head"), entry.headCommit},
                           {QStringLiteral("ahead"), entry.ahead},
                           {QStringLiteral("behind"), entry.behind},
                           {QStringLiteral("stale"), entry.isStale()},
                           {QStringLiteral("conflictsWithBase"), entry.conflictsWithBase},
                           {QStringLiteral("conflictingPaths"), strings(entry.conflictingPaths)}};
        if (!entry.error.isEmpty())
            object.insert(QStringLiteral("error"), entry.error);
        entries.append(object);
    }
    QJsonArray pairs;
    for (const RadarPair &pair : report.pairs)
        pairs.append(QJsonObject{{QStringLiteral("tasks"), QJsonArray{pair.first, pair.second}},
                                 {QStringLiteral("paths"), strings(pair.paths)}});
    return {{QStringLiteral("baseBranch"), report.baseBranch},
            {QStringLiteral("baseHead"), report.baseHead},
            {QStringLiteral("tasks"), entries},
            {QStringLiteral("pairs"), pairs}};
}

QJsonObject mergeFlowResultToJson(const MergeFlowResult &result)
{
    QJsonObject object{{QStringLiteral("landed"), result.landed},
                       {QStringLiteral("landedCommit"), result.landedCommit},
                       {QStringLiteral("oldBase"), result.oldBaseId},
                       {QStringLiteral("newBase"), result.newBaseId},
                       {QStringLiteral("mergedBaseIntoBranch"), result.mergedBaseIntoBranchCommit},
                       {QStringLiteral("attempts"), result.attempts},
                       {QStringLiteral("validations"), result.validations},
                       {QStringLiteral("conflictingPaths"), strings(result.conflictingPaths)}};
    if (!result.errorCode.isEmpty())
        object.insert(QStringLiteral("error"),
                      QJsonObject{{QStringLiteral("code"), result.errorCode},
                                  {QStringLiteral("message"), result.errorMessage}});
    return object;
}

} // namespace agentdesk::tasks
