#pragma once

#include "git/Identity.h"
#include "tasks/validation/ValidationRunner.h"

#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace agentdesk::git {
class Repository;
}

namespace agentdesk::tasks {

// How the validated commit lands on the base.
enum class LandingStrategy
{
    Squash,          // one new commit on the base with the task's tree (the default)
    MergeCommit,     // always a merge commit (base, task)
    FastForwardOnly, // the base moves to the task's commit; when the base had moved, that commit
                     // is the merge of the new base into the task branch
};

struct MergeFlowRequest
{
    QString repositoryPath;
    QString baseBranch;      // "main"
    QString taskBranch;      // "agentdesk/12-fix-typo"
    QString worktreePath;    // the task's own checkout of taskBranch
    QString validatedCommit; // the commit whose validation passed: must be the branch head
    // How to validate again when the base moved (command, timeout, sandbox, ...). `directory`
    // and `commit` are filled in by the flow.
    ValidationRequest validation;
    LandingStrategy strategy = LandingStrategy::Squash;
    QString message; // the squash or merge commit's message (the task's report)
    git::Identity identity;
    // Rounds (bring up to date and validate if the base moved, then land) tried while the base
    // keeps moving.
    int maxAttempts = 3;
    // Called just before each compare-and-swap of the base ref (tests move the base there).
    std::function<void()> beforeBaseUpdate;
};

struct MergeFlowResult
{
    bool landed = false;
    QString landedCommit;    // the validated task commit whose tree is now the base's
    QString oldBaseId;       // the base before the landing
    QString newBaseId;       // the base after it (the squash/merge commit, or landedCommit)
    QString updatedCheckout; // the base's checkout that followed, if any
    // The last merge of the base into the task branch (made because the base had moved), or
    // empty. Set even when the flow stopped afterwards: the branch keeps it.
    QString mergedBaseIntoBranchCommit;
    QStringList conflictingPaths; // errorCode "merge-conflict": where the base and task clash
    QString errorCode;
    QString errorMessage;
    int attempts = 0;    // rounds tried (see maxAttempts)
    int validations = 0; // validations run by the flow
};

// The one-action merge, as an asynchronous object on a worker thread (it may block on libgit2
// there, never on a process: validation runs through ValidationRunner's signals).
//
// If the base has not moved since the task branch's merge base, the validated commit lands by
// compare-and-swap on the base head read just before (MergeEngine::mergeIntoBase). If it moved
// and merges cleanly, the new base is merged into the task branch inside the task's worktree
// (BranchSync: libgit2 only, no hooks), that commit is validated, and it lands only if the
// validation passed; if the base moved again meanwhile (or another update won the
// compare-and-swap), this repeats, up to maxAttempts rounds, then stops ("base-kept-moving").
// Nothing lands that was not validated.
//
// Stops, with the base unchanged: "validation-stale" (the branch head is not the validated
// commit), "merge-conflict" (with conflictingPaths: offer a revision request),
// "revalidation-failed", "base-kept-moving", "cancelled", and the git layer's codes
// ("checkout-dirty", "ignored-file-clash", "base-missing", "branch-missing", "worktree-dirty",
// "branch-moved", ...).
//
// finished() is emitted exactly once per start(), always later (never from inside start()).
// After a landing the caller archives and removes the worktree (TaskWorktrees::remove).
class MergeFlow : public QObject
{
    Q_OBJECT

public:
    explicit MergeFlow(QObject *parent = nullptr);
    ~MergeFlow() override;

    // False while a flow is running.
    bool start(const MergeFlowRequest &request);
    bool isRunning() const { return m_running; }
    // Stops at the next step (a running validation is killed); finished() says "cancelled".
    // Call on the flow's thread.
    void cancel();

Q_SIGNALS:
    void stepChanged(const QString &step);
    // The base was merged into the task branch: `commit` is its new head, being validated.
    void branchUpdated(const QString &commit);
    // A validation the flow ran (for the store), pass or fail.
    void validated(const agentdesk::tasks::ValidationResult &result);
    void finished(const agentdesk::tasks::MergeFlowResult &result);

private:
    void begin();
    void attemptLanding();
    void land(const QString &baseHead);
    void bringBranchUpToDate(const QString &baseHead);
    void onValidated(const ValidationResult &result);
    void stop(const QString &code, const QString &message);
    void done();
    void step(const QString &text);
    void next(void (MergeFlow::*method)());

    ValidationRunner *m_validation;
    MergeFlowRequest m_request;
    MergeFlowResult m_result;
    std::unique_ptr<git::Repository> m_repository;
    QString m_candidate; // the validated commit to land
    bool m_running = false;
    bool m_cancelled = false;
    bool m_roundLost = false; // the last landing lost its compare-and-swap
};

} // namespace agentdesk::tasks

Q_DECLARE_METATYPE(agentdesk::tasks::MergeFlowResult)
