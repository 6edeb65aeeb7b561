#include "tasks/decide/ConflictRadar.h"

#include "git/BranchFacts.h"
#include "git/MergeEngine.h"
#include "git/Repository.h"

#include <algorithm>

namespace agentdesk::tasks {

namespace {

bool cancelled(const std::atomic_bool *cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
}

Error cancelledError()
{
    return makeError(QStringLiteral("cancelled"), QStringLiteral("The radar was cancelled."));
}

} // namespace

Result<RadarReport> ConflictRadar::compute(const git::Repository &repository,
                                           const QString &baseBranch, const QList<RadarTask> &tasks,
                                           const std::atomic_bool *cancel)
{
    RadarReport report;
    report.baseBranch = baseBranch;
    Result<QString> baseHead = git::BranchFacts::branchHead(repository, baseBranch);
    if (!baseHead)
        return baseHead.error();
    report.baseHead = *baseHead;

    for (const RadarTask &task : tasks) {
        if (cancelled(cancel))
            return cancelledError();
        RadarEntry entry;
        entry.taskId = task.taskId;
        entry.branch = task.branch;
        Result<QString> head = git::BranchFacts::branchHead(repository, task.branch);
        Result<git::AheadBehind> counts = head ? repository.aheadBehind(*head, report.baseHead)
                                               : Result<git::AheadBehind>(head.error());
        Result<git::MergePrediction> prediction =
            counts ? git::MergeEngine::predict(repository, report.baseHead, *head)
                   : Result<git::MergePrediction>(counts.error());
        if (!prediction) {
            entry.error = prediction.errorMessage();
            report.entries.append(entry);
            continue;
        }
        entry.headCommit = *head;
        entry.ahead = counts->ahead;
        entry.behind = counts->behind;
        entry.conflictsWithBase = prediction->conflicts;
        entry.conflictingPaths = prediction->conflictingPaths;
        report.entries.append(entry);
    }

    for (qsizetype i = 0; i < report.entries.size(); ++i) {
        const RadarEntry &a = report.entries.at(i);
        if (!a.error.isEmpty())
            continue;
        for (qsizetype j = i + 1; j < report.entries.size(); ++j) {
            const RadarEntry &b = report.entries.at(j);
            if (!b.error.isEmpty() || a.headCommit == b.headCommit)
                continue;
            if (cancelled(cancel))
                return cancelledError();
            Result<git::MergePrediction> prediction =
                git::MergeEngine::predict(repository, a.headCommit, b.headCommit);
            // Unrelated histories cannot be merged at all; that is each task's own problem
            // with the base, not a pair to order.
            if (!prediction || !prediction->conflicts)
                continue;
            RadarPair pair;
            pair.first = std::min(a.taskId, b.taskId);
            pair.second = std::max(a.taskId, b.taskId);
            pair.paths = prediction->conflictingPaths;
            report.pairs.append(pair);
        }
    }
    std::sort(report.pairs.begin(), report.pairs.end(), [](const RadarPair &x, const RadarPair &y) {
        return x.first != y.first ? x.first < y.first : x.second < y.second;
    });
    return report;
}

} // namespace agentdesk::tasks
