#include "tasks/decide/GateEvaluator.h"

#include "git/BranchFacts.h"
#include "git/Repository.h"

#include <QSet>

namespace agentdesk::tasks {

namespace {

constexpr int kPathsNamed = 10;   // in a reason's sentence; `paths` holds them all
constexpr int kFindingsNamed = 3; // likewise for blocking findings

QString shortId(const QString &commit)
{
    return commit.left(7);
}

QString namePaths(const QStringList &paths)
{
    if (paths.size() <= kPathsNamed)
        return paths.join(QStringLiteral(", "));
    return QStringList(paths.mid(0, kPathsNamed)).join(QStringLiteral(", ")) +
           QStringLiteral(" and %1 more").arg(paths.size() - kPathsNamed);
}

QStringList sorted(QStringList paths)
{
    paths.removeDuplicates();
    paths.sort();
    return paths;
}

GateReason reason(GateReason::Kind kind, const QString &text)
{
    GateReason r;
    r.kind = kind;
    r.text = text;
    return r;
}

std::optional<GateReason> stateReason(TaskState state)
{
    switch (state) {
    case TaskState::ReadyForReview:
        return std::nullopt;
    case TaskState::Queued:
        return reason(GateReason::Kind::NotReady,
                      QStringLiteral("The task has not started yet: wait until it is ready for "
                                     "review."));
    case TaskState::Merging:
        return reason(GateReason::Kind::NotReady,
                      QStringLiteral("A merge of this task is already in progress."));
    case TaskState::Merged:
        return reason(GateReason::Kind::NotReady, QStringLiteral("The task is already merged."));
    case TaskState::Rejected:
        return reason(GateReason::Kind::NotReady,
                      QStringLiteral("The task was rejected: restore it before merging."));
    case TaskState::Paused:
        return reason(GateReason::Kind::NotReady,
                      QStringLiteral("The task is paused: resume it and wait until it is ready "
                                     "for review."));
    case TaskState::Failed:
        return reason(GateReason::Kind::NotReady,
                      QStringLiteral("The task failed: re-run it or request a revision before "
                                     "merging."));
    case TaskState::Interrupted:
        return reason(GateReason::Kind::NotReady,
                      QStringLiteral("The task was interrupted: resume it and wait until it is "
                                     "ready for review."));
    case TaskState::Preparing:
    case TaskState::Implementing:
    case TaskState::Validating:
    case TaskState::Reviewing:
    case TaskState::Revising:
    case TaskState::NeedsInput:
        break;
    }
    return reason(GateReason::Kind::NotReady,
                  QStringLiteral("The task is still running (%1): wait until it is ready for "
                                 "review.")
                      .arg(taskStateDisplayName(state).toLower()));
}

QString validationFailure(const store::ValidationRecord &validation)
{
    const QString commit = shortId(validation.commit);
    if (validation.timedOut)
        return QStringLiteral("Validation of %1 timed out: make the tests faster or raise the "
                              "validation timeout, then validate again.")
            .arg(commit);
    if (validation.failed > 0)
        return QStringLiteral("Validation of %1 failed: %2 %3 failed (exit code %4). Request a "
                              "revision to fix %5.")
            .arg(commit)
            .arg(validation.failed)
            .arg(validation.failed == 1 ? QStringLiteral("test") : QStringLiteral("tests"))
            .arg(validation.exitCode)
            .arg(validation.failed == 1 ? QStringLiteral("it") : QStringLiteral("them"));
    if (validation.exitCode < 0)
        return QStringLiteral("Validation of %1 did not finish (the command could not run or "
                              "crashed): check the validation command, then validate again.")
            .arg(commit);
    if (validation.exitCode != 0)
        return QStringLiteral("Validation of %1 exited with code %2 although no test failed: "
                              "check the test output, then validate again or request a "
                              "revision.")
            .arg(commit)
            .arg(validation.exitCode);
    return QStringLiteral("Validation of %1 ran no tests, and a run that tests nothing is not a "
                          "pass: check the validation command, then validate again.")
        .arg(commit);
}

std::optional<GateReason> validationReason(const GateInputs &inputs)
{
    if (!inputs.latestValidation)
        return reason(GateReason::Kind::NotValidated,
                      QStringLiteral("No validation has run on this task: validate it before "
                                     "merging."));
    const store::ValidationRecord &validation = *inputs.latestValidation;
    if (validation.commit != inputs.branchHead)
        return reason(GateReason::Kind::ValidationStale,
                      QStringLiteral("Validation ran on %1, but the branch head is %2: validate "
                                     "again.")
                          .arg(shortId(validation.commit), shortId(inputs.branchHead)));
    if (!validationPassed(validation))
        return reason(GateReason::Kind::ValidationFailed, validationFailure(validation));
    return std::nullopt;
}

std::optional<GateReason> findingsReason(const QList<store::FindingRecord> &findings)
{
    QList<const store::FindingRecord *> blocking;
    for (const store::FindingRecord &finding : findings)
        if (isBlockingFinding(finding))
            blocking.append(&finding);
    if (blocking.isEmpty())
        return std::nullopt;
    QStringList named;
    for (const store::FindingRecord *finding : blocking.mid(0, kFindingsNamed)) {
        QString where = finding->file;
        if (!where.isEmpty() && finding->startLine > 0)
            where += QLatin1Char(':') + QString::number(finding->startLine);
        named.append(where.isEmpty() ? finding->title
                                     : QStringLiteral("%1 (%2)").arg(finding->title, where));
    }
    QString list = named.join(QStringLiteral("; "));
    if (blocking.size() > kFindingsNamed)
        list += QStringLiteral("; and %1 more").arg(blocking.size() - kFindingsNamed);
    GateReason r = reason(
        GateReason::Kind::BlockingFindings,
        blocking.size() == 1
            ? QStringLiteral("1 blocking finding (priority 0\u20131) is not acknowledged: %1. "
                             "Request a revision to fix it, or acknowledge it.")
                  .arg(list)
            : QStringLiteral("%1 blocking findings (priority 0\u20131) are not acknowledged: %2. "
                             "Request a revision to fix them, or acknowledge them.")
                  .arg(blocking.size())
                  .arg(list));
    for (const store::FindingRecord *finding : blocking)
        r.findingIds.append(finding->id);
    return r;
}

// Links out of the repository the user has not accepted, and that no open blocking finding
// already names (that one says so already).
std::optional<GateReason> linksReason(const GateInputs &inputs)
{
    QStringList unaccepted;
    QStringList described;
    for (const git::SymbolicLink &link : inputs.changedLinks) {
        if (!git::leavesRepository(link))
            continue;
        bool covered = false;
        for (const store::FindingRecord &finding : inputs.findings) {
            if (finding.file != link.path)
                continue;
            const bool accepted = finding.acknowledged && finding.priority == 0 &&
                                  finding.category == linkFindingCategory();
            if (accepted || isBlockingFinding(finding))
                covered = true;
        }
        if (covered)
            continue;
        unaccepted.append(link.path);
        described.append(QStringLiteral("%1 → %2").arg(link.path, link.target));
    }
    if (unaccepted.isEmpty())
        return std::nullopt;
    GateReason r = reason(
        GateReason::Kind::LinkLeavesRepository,
        QStringLiteral("%1 outside the repository: %2. Merging puts %3 in your checkout; request "
                       "a revision to remove %3, or acknowledge %4 on the review page if it is "
                       "intended.")
            .arg(unaccepted.size() == 1
                     ? QStringLiteral("A symbolic link points")
                     : QStringLiteral("%1 symbolic links point").arg(unaccepted.size()),
                 namePaths(described),
                 unaccepted.size() == 1 ? QStringLiteral("it") : QStringLiteral("them"),
                 unaccepted.size() == 1 ? QStringLiteral("its finding")
                                        : QStringLiteral("their findings")));
    r.paths = sorted(unaccepted);
    return r;
}

} // namespace

bool isBlockingFinding(const store::FindingRecord &finding)
{
    return finding.priority <= 1 && !finding.acknowledged &&
           finding.status == store::FindingStatus::Open;
}

bool validationPassed(const store::ValidationRecord &validation)
{
    return !validation.timedOut && validation.exitCode == 0 && validation.failed == 0 &&
           !validation.ranZeroTests();
}

GateAnswer evaluateGate(const GateInputs &inputs)
{
    GateAnswer answer;
    answer.headCommit = inputs.branchHead;
    answer.baseHeadCommit = inputs.baseHead;
    answer.validatedCommit = inputs.latestValidation ? inputs.latestValidation->commit : QString();
    answer.ahead = inputs.ahead;
    answer.behind = inputs.behind;

    if (std::optional<GateReason> notReady = stateReason(inputs.state))
        answer.reasons.append(*notReady);
    if (!inputs.baseExists)
        answer.reasons.append(reason(GateReason::Kind::BaseMissing,
                                     QStringLiteral("The base branch %1 no longer exists: "
                                                    "recreate it, then merge.")
                                         .arg(inputs.baseBranch)));
    if (std::optional<GateReason> validation = validationReason(inputs))
        answer.reasons.append(*validation);
    if (std::optional<GateReason> findings = findingsReason(inputs.findings))
        answer.reasons.append(*findings);
    if (std::optional<GateReason> links = linksReason(inputs))
        answer.reasons.append(*links);
    if (!inputs.baseExists)
        return answer; // nothing to conflict with, no checkout to spoil

    if (inputs.prediction.conflicts) {
        GateReason r = reason(GateReason::Kind::WouldConflict, QString());
        r.paths = sorted(inputs.prediction.conflictingPaths);
        r.text = QStringLiteral("Merging would conflict in %1. Request a revision to resolve "
                                "the conflicts with %2.")
                     .arg(namePaths(r.paths), inputs.baseBranch);
        answer.reasons.append(r);
    }
    const QString where =
        inputs.baseCheckoutPath.isEmpty()
            ? inputs.baseBranch
            : QStringLiteral("%1 at %2").arg(inputs.baseBranch, inputs.baseCheckoutPath);
    if (!inputs.dirtyBasePaths.isEmpty()) {
        GateReason r = reason(GateReason::Kind::DirtyBaseCheckout, QString());
        r.paths = sorted(inputs.dirtyBasePaths);
        r.text = QStringLiteral("The checkout of %1 has uncommitted changes in files this task "
                                "changes: %2. Commit or stash them, then merge.")
                     .arg(where, namePaths(r.paths));
        answer.reasons.append(r);
    }
    if (!inputs.ignoredBasePaths.isEmpty()) {
        GateReason r = reason(GateReason::Kind::DirtyBaseCheckout, QString());
        r.paths = sorted(inputs.ignoredBasePaths);
        r.text = QStringLiteral("The checkout of %1 has ignored files where this task writes "
                                "files: %2. AgentDesk never overwrites them: move them out of "
                                "the way, then merge.")
                     .arg(where, namePaths(r.paths));
        answer.reasons.append(r);
    }
    return answer;
}

Result<GateInputs> gatherGateInputs(const git::Repository &repository,
                                    const store::TaskRecord &task,
                                    const std::optional<store::ValidationRecord> &latestValidation,
                                    const QList<store::FindingRecord> &findings)
{
    GateInputs inputs;
    inputs.state = task.state;
    inputs.branch = task.branch;
    inputs.baseBranch = task.spec.baseBranch;
    inputs.latestValidation = latestValidation;
    inputs.findings = findings;

    Result<QString> head = git::BranchFacts::branchHead(repository, task.branch);
    if (!head)
        return head.error();
    inputs.branchHead = *head;
    if (!git::BranchFacts::branchExists(repository, inputs.baseBranch)) {
        inputs.baseExists = false;
        return inputs;
    }
    Result<git::BranchStanding> standing =
        git::BranchFacts::standing(repository, task.branch, inputs.baseBranch);
    if (!standing)
        return standing.error();
    inputs.baseHead = standing->baseHead;
    inputs.ahead = standing->ahead;
    inputs.behind = standing->behind;

    Result<git::MergePrediction> prediction =
        git::MergeEngine::predict(repository, inputs.baseHead, inputs.branchHead);
    if (!prediction)
        return prediction.error();
    inputs.prediction = *prediction;

    Result<QList<git::SymbolicLink>> links =
        git::BranchFacts::changedLinks(repository, task.branch, inputs.baseBranch);
    if (!links)
        return links.error();
    inputs.changedLinks = *links;

    Result<QStringList> touched =
        git::BranchFacts::touchedPaths(repository, task.branch, inputs.baseBranch);
    if (!touched)
        return touched.error();
    Result<QList<git::BranchCheckout>> checkouts =
        git::BranchFacts::checkoutsOf(repository, inputs.baseBranch, *touched);
    if (!checkouts)
        return checkouts.error();
    for (const git::BranchCheckout &checkout : *checkouts) {
        if (checkout.dirtyPaths.isEmpty() && checkout.ignoredPaths.isEmpty())
            continue;
        if (inputs.baseCheckoutPath.isEmpty())
            inputs.baseCheckoutPath = checkout.workdir;
        inputs.dirtyBasePaths += checkout.dirtyPaths;
        inputs.ignoredBasePaths += checkout.ignoredPaths;
    }
    inputs.dirtyBasePaths = sorted(inputs.dirtyBasePaths);
    inputs.ignoredBasePaths = sorted(inputs.ignoredBasePaths);
    return inputs;
}

Result<GateAnswer> probeGate(const git::Repository &repository, const store::TaskRecord &task,
                             const std::optional<store::ValidationRecord> &latestValidation,
                             const QList<store::FindingRecord> &findings)
{
    Result<GateInputs> inputs = gatherGateInputs(repository, task, latestValidation, findings);
    if (!inputs)
        return inputs.error();
    return evaluateGate(*inputs);
}

} // namespace agentdesk::tasks
