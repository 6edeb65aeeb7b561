#include "tasks/decide/MergeFlow.h"

#include "git/BranchFacts.h"
#include "git/BranchSync.h"
#include "git/MergeEngine.h"
#include "git/Repository.h"

namespace agentdesk::tasks {

namespace {

QString shortId(const QString &commit)
{
    return commit.left(7);
}

git::MergeRequest mergeRequest(const MergeFlowRequest &request, const QString &source,
                               const QString &expectedBase)
{
    git::MergeRequest merge;
    merge.baseBranch = request.baseBranch;
    merge.expectedBaseId = expectedBase;
    merge.source = source;
    merge.mode = request.strategy == LandingStrategy::Squash ? git::MergeMode::Squash
                                                             : git::MergeMode::MergeCommit;
    // The flow only lands a commit that contains the base, so fast-forward-only always can.
    merge.allowFastForward = request.strategy == LandingStrategy::FastForwardOnly;
    merge.message = request.message;
    merge.identity = request.identity;
    merge.beforeRefUpdate = request.beforeBaseUpdate;
    return merge;
}

} // namespace

MergeFlow::MergeFlow(QObject *parent)
    : QObject(parent)
    , m_validation(new ValidationRunner(this))
{
    connect(m_validation, &ValidationRunner::finished, this, &MergeFlow::onValidated);
}

MergeFlow::~MergeFlow() = default;

bool MergeFlow::start(const MergeFlowRequest &request)
{
    if (m_running)
        return false;
    m_request = request;
    m_result = MergeFlowResult{};
    m_candidate.clear();
    m_cancelled = false;
    m_roundLost = false;
    m_running = true;
    next(&MergeFlow::begin);
    return true;
}

void MergeFlow::cancel()
{
    if (!m_running)
        return;
    m_cancelled = true;
    if (m_validation->isRunning())
        m_validation->cancel(); // onValidated() then stops the flow
}

void MergeFlow::next(void (MergeFlow::*method)())
{
    // Each step starts from the event loop, so cancel() is seen between steps and finished()
    // never comes from inside start().
    QMetaObject::invokeMethod(
        this, [this, method] { (this->*method)(); }, Qt::QueuedConnection);
}

void MergeFlow::step(const QString &text)
{
    Q_EMIT stepChanged(text);
}

void MergeFlow::begin()
{
    if (m_cancelled)
        return stop(QStringLiteral("cancelled"), QStringLiteral("The merge was cancelled."));
    Result<git::Repository> opened = git::Repository::open(m_request.repositoryPath);
    if (!opened)
        return stop(opened.errorCode(), opened.errorMessage());
    m_repository = std::make_unique<git::Repository>(std::move(*opened));
    Result<QString> head = git::BranchFacts::branchHead(*m_repository, m_request.taskBranch);
    if (!head)
        return stop(head.errorCode(), head.errorMessage());
    if (*head != m_request.validatedCommit)
        return stop(QStringLiteral("validation-stale"),
                    QStringLiteral("The branch head is %1, but the validation passed on %2: "
                                   "validate again, then merge.")
                        .arg(shortId(*head), shortId(m_request.validatedCommit)));
    m_candidate = *head;
    attemptLanding();
}

void MergeFlow::attemptLanding()
{
    if (m_cancelled)
        return stop(QStringLiteral("cancelled"),
                    QStringLiteral("The merge was cancelled; %1 was not changed.")
                        .arg(m_request.baseBranch));
    Result<QString> baseHead = git::BranchFacts::branchHead(*m_repository, m_request.baseBranch);
    if (!baseHead)
        return stop(
            QStringLiteral("base-missing"),
            QStringLiteral("The base branch %1 no longer exists.").arg(m_request.baseBranch));
    Result<QString> mergeBase = m_repository->mergeBase(m_candidate, *baseHead);
    if (!mergeBase)
        return stop(mergeBase.errorCode(), mergeBase.errorMessage());
    const bool baseMoved = *mergeBase != *baseHead;
    // A round: bring the branch up to date if the base moved (validating the result), then
    // land. Landing right after a passing validation continues its round; a base that moved
    // again, or a lost compare-and-swap, starts the next one.
    if (baseMoved || m_result.attempts == 0 || m_roundLost) {
        if (m_result.attempts >= m_request.maxAttempts)
            return stop(QStringLiteral("base-kept-moving"),
                        QStringLiteral("%1 kept moving: %2 attempts were each overtaken by a "
                                       "newer commit. Nothing was merged; merge again when %1 "
                                       "is quiet.")
                            .arg(m_request.baseBranch)
                            .arg(m_result.attempts));
        ++m_result.attempts;
        m_roundLost = false;
    }
    if (baseMoved)
        bringBranchUpToDate(*baseHead);
    else
        land(*baseHead);
}

void MergeFlow::land(const QString &baseHead)
{
    step(QStringLiteral("Landing %1 on %2").arg(shortId(m_candidate), m_request.baseBranch));
    Result<git::MergeOutcome> outcome = git::MergeEngine::mergeIntoBase(
        *m_repository, mergeRequest(m_request, m_candidate, baseHead));
    if (!outcome) {
        if (outcome.errorCode() == QStringLiteral("base-moved")) {
            step(QStringLiteral("%1 moved while landing; checking it again")
                     .arg(m_request.baseBranch));
            m_roundLost = true;
            return next(&MergeFlow::attemptLanding);
        }
        return stop(outcome.errorCode(), outcome.errorMessage());
    }
    m_result.landed = true;
    m_result.landedCommit = m_candidate;
    m_result.oldBaseId = outcome->oldBaseId;
    m_result.newBaseId = outcome->newBaseId;
    m_result.updatedCheckout = outcome->updatedCheckout;
    done();
}

void MergeFlow::bringBranchUpToDate(const QString &baseHead)
{
    step(QStringLiteral("%1 moved to %2: merging it into the task branch")
             .arg(m_request.baseBranch, shortId(baseHead)));
    git::BaseIntoBranchRequest sync;
    sync.worktreePath = m_request.worktreePath;
    sync.branch = m_request.taskBranch;
    sync.expectedHead = m_candidate;
    sync.baseCommit = baseHead;
    sync.message = QStringLiteral("Merge %1 (%2) into %3\n\nAgentDesk brought the task up to date "
                                  "with its base before landing it.\n")
                       .arg(m_request.baseBranch, shortId(baseHead), m_request.taskBranch);
    sync.identity = m_request.identity;
    Result<git::BaseIntoBranchOutcome> synced =
        git::BranchSync::mergeBaseIntoBranch(*m_repository, sync);
    if (!synced)
        return stop(synced.errorCode(), synced.errorMessage());
    switch (synced->kind) {
    case git::BaseIntoBranchOutcome::Kind::Conflicts:
        m_result.conflictingPaths = synced->conflictingPaths;
        return stop(
            QStringLiteral("merge-conflict"),
            QStringLiteral("%1 moved, and merging it into the task conflicts in %2. %1 "
                           "was not changed: request a revision to resolve the "
                           "conflicts.")
                .arg(m_request.baseBranch, synced->conflictingPaths.join(QStringLiteral(", "))));
    case git::BaseIntoBranchOutcome::Kind::UpToDate:
        return land(baseHead);
    case git::BaseIntoBranchOutcome::Kind::Merged:
    case git::BaseIntoBranchOutcome::Kind::FastForwarded:
        break;
    }
    m_candidate = synced->newHead;
    m_result.mergedBaseIntoBranchCommit = synced->newHead;
    Q_EMIT branchUpdated(m_candidate);
    if (m_cancelled)
        return stop(QStringLiteral("cancelled"),
                    QStringLiteral("The merge was cancelled; %1 was not changed.")
                        .arg(m_request.baseBranch));

    step(QStringLiteral("Validating %1 (%2 merged in)")
             .arg(shortId(m_candidate), m_request.baseBranch));
    ValidationRequest validation = m_request.validation;
    validation.directory = m_request.worktreePath;
    validation.commit = m_candidate;
    if (!m_validation->start(validation))
        return stop(QStringLiteral("revalidation-failed"),
                    QStringLiteral("A validation is already running in this merge."));
    ++m_result.validations;
}

void MergeFlow::onValidated(const ValidationResult &result)
{
    Q_EMIT validated(result);
    if (m_cancelled)
        return stop(QStringLiteral("cancelled"),
                    QStringLiteral("The merge was cancelled during validation; %1 was not "
                                   "changed.")
                        .arg(m_request.baseBranch));
    if (!result.passedOverall())
        return stop(QStringLiteral("revalidation-failed"),
                    QStringLiteral("After merging %1 into the task, validation of %2 failed "
                                   "(%3). %1 was not changed; the task branch keeps the merge, "
                                   "so a revision can fix it.")
                        .arg(m_request.baseBranch, shortId(result.commit), result.summary()));
    next(&MergeFlow::attemptLanding);
}

void MergeFlow::stop(const QString &code, const QString &message)
{
    m_result.errorCode = code;
    m_result.errorMessage = message;
    done();
}

void MergeFlow::done()
{
    m_running = false;
    m_repository.reset();
    const MergeFlowResult result = m_result;
    Q_EMIT finished(result);
}

} // namespace agentdesk::tasks
