#pragma once

#include "core/Result.h"
#include "git/Identity.h"
#include "git/Repository.h"

#include <QString>
#include <QStringList>

#include <functional>

namespace agentdesk::git {

struct BaseIntoBranchRequest
{
    QString worktreePath; // the task's own checkout, with `branch` checked out
    QString branch;       // short name, e.g. "agentdesk/12-fix-typo"
    QString expectedHead; // the branch must still point here (compare-and-swap)
    QString baseCommit;   // the base commit to merge in
    QString message;
    Identity identity;
    // Called after the merge commit is written, just before the branch ref is swapped (tests
    // move the branch there to check the compare-and-swap).
    std::function<void()> beforeRefUpdate;
};

struct BaseIntoBranchOutcome
{
    enum class Kind
    {
        UpToDate, // the branch already contains the base commit: nothing changed
        Merged,   // a merge commit (parents: old head, base) is the branch head and checked out
        FastForwarded, // the branch had no commit of its own and now points at the base
        Conflicts,     // nothing changed; conflictingPaths says where
    };
    Kind kind = Kind::UpToDate;
    QString oldHead;
    QString newHead; // == oldHead unless Merged
    QStringList conflictingPaths;
};

// Brings a task branch up to date with its base inside the task's worktree, with libgit2 only:
// no git command line, so no hooks and no user configuration run. The merged tree is built in
// memory; the commit is written; the branch ref moves by compare-and-swap on `expectedHead`;
// then the worktree's index and files follow (only files the merge changed are written). If
// the files cannot follow, the ref is moved back (again by compare-and-swap) and nothing is
// left changed. Runs on the caller's (worker) thread.
//
// Refused before anything changes: a worktree with uncommitted changes ("worktree-dirty": the
// new commit is what gets validated, so the files must be exactly it), a worktree not on
// `branch` ("worktree-not-on-branch"), ignored files where the merge writes
// ("ignored-file-clash"), a branch that moved ("branch-moved").
// Other codes: "worktree-missing", "unknown-revision", "merge-failed", "checkout-failed".
class BranchSync
{
public:
    static Result<BaseIntoBranchOutcome> mergeBaseIntoBranch(const Repository &repository,
                                                             const BaseIntoBranchRequest &request);
};

} // namespace agentdesk::git
