#pragma once

#include "core/Result.h"
#include "git/Repository.h"
#include "git/SymbolicLink.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace agentdesk::git {

// How a branch stands against its base: what the merge gate, the review header and the
// conflict radar show.
struct BranchStanding
{
    QString branchHead;
    QString baseHead;
    QString mergeBase;
    int ahead = 0;  // branch commits not on the base
    int behind = 0; // base commits since the merge base
};

// A work tree (the main checkout or a linked worktree) that has some branch checked out.
struct BranchCheckout
{
    QString workdir;
    QStringList dirtyPaths;   // of the paths asked about: uncommitted there (sorted)
    QStringList ignoredPaths; // of the paths asked about: ignored, untracked files (sorted)
};

// Read-only facts about branches, computed from the object database and the work trees'
// status; nothing is written. Runs on the caller's (worker) thread.
//
// Branch arguments are short branch names ("main", "agentdesk/12-fix"), looked up as
// refs/heads/<name> so a tag of the same name never stands in. Error codes: "branch-missing",
// "no-merge-base", "status-failed", "git-failed".
class BranchFacts
{
public:
    static Result<QString> branchHead(const Repository &repository, const QString &branch);
    static bool branchExists(const Repository &repository, const QString &branch);

    static Result<BranchStanding> standing(const Repository &repository, const QString &branch,
                                           const QString &base);

    // Every path the branch changed since its merge base with `base` (both sides of a
    // rename), sorted: what merging the branch writes into the base's checkout.
    static Result<QStringList> touchedPaths(const Repository &repository, const QString &branch,
                                            const QString &base);

    // The symbolic links the branch adds or repoints since its merge base with `base`, with
    // their targets, sorted by path (issue 16: a link leaving the repository blocks the merge).
    static Result<QList<SymbolicLink>> changedLinks(const Repository &repository,
                                                    const QString &branch, const QString &base);

    // The work trees with `branch` checked out (usually none or one), each with which of
    // `paths` hold uncommitted changes or ignored files there. A worktree whose folder is gone
    // is left out.
    static Result<QList<BranchCheckout>>
    checkoutsOf(const Repository &repository, const QString &branch, const QStringList &paths);
};

} // namespace agentdesk::git
