#pragma once

// Private to models/git: turning a work tree's current files into a tree object.

#include "core/Result.h"
#include "git/GitHandles.h"
#include "git/Identity.h"

#include <QSet>
#include <QString>
#include <QStringList>

#include <vector>

namespace agentdesk::git::detail {

// Stages every change in the work tree into `index` (in memory; the caller decides whether to
// write it), honouring .gitignore, and writes the resulting tree. Returns its id.
Result<git_oid> stageWorkingTree(git_repository *repo, git_index *index);

Result<SignatureHandle> makeSignature(const Identity &identity);

// Opens the work tree at `path`, with "worktree-missing" when the folder or its .git is gone.
Result<RepositoryHandle> openWorktree(const QString &path);

// The work tree of a checkout, without a trailing slash; empty for a bare repository.
QString workdirOf(git_repository *checkout);

// The work trees (main and linked) whose HEAD is the branch `refName` ("refs/heads/main").
// Worktrees whose folder is gone are skipped.
std::vector<RepositoryHandle> checkoutsOfBranch(git_repository *repo, const QString &refName);

// Paths that differ between two trees (both sides of a rename).
QSet<QString> changedPaths(git_repository *repo, git_tree *oldTree, git_tree *newTree);

// Paths with uncommitted changes in a work tree: staged, modified, deleted, or untracked and
// not ignored. `errorCode` names the failure for the caller's error vocabulary.
Result<QSet<QString>> dirtyPaths(git_repository *checkout, const QString &errorCode);

// Of `paths` (which a checkout is about to write), those the work tree holds as untracked,
// ignored files (a local .env, build output), or that sit under an ignored untracked file
// where a folder must go. AgentDesk never overwrites those, so a checkout that writes there
// must be refused before anything changes. Sorted.
QStringList ignoredFilesInTheWay(git_repository *checkout, const QSet<QString> &paths);

// The tree of commit `id` ("merge-failed" when it cannot be read).
Result<TreeHandle> treeOfCommit(git_repository *repo, const git_oid &id);

// Moves `refName` to `to` only if it still points at `expected` (a compare-and-swap). When it
// moved (or went), the error is `movedCode` with `movedMessage`; other failures "merge-failed".
Result<void> compareAndSwapRef(git_repository *repo, const QString &refName, const git_oid &to,
                               const git_oid &expected, const QString &why,
                               const QString &movedCode, const QString &movedMessage);

} // namespace agentdesk::git::detail
