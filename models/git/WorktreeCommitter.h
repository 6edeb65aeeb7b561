#pragma once

#include "core/Result.h"
#include "git/Identity.h"

#include <QString>

namespace agentdesk::git {

// Commits everything in a work tree: added, modified and deleted files, executable bits and
// symlinks, leaving out whatever .gitignore excludes. Runs on the caller's thread (a worker:
// it reads every file that changed).
//
// Error codes: "worktree-missing", "detached-head", "nothing-to-commit", "commit-failed".
class WorktreeCommitter
{
public:
    // Commits onto the branch checked out at `worktreePath` and returns the new commit id.
    static Result<QString> commitAll(const QString &worktreePath, const QString &message,
                                     const Identity &identity);
};

} // namespace agentdesk::git
