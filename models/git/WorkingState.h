#pragma once

// Private to models/git: turning a work tree's current files into a tree object.

#include "core/Result.h"
#include "git/GitHandles.h"
#include "git/Identity.h"

namespace agentdesk::git::detail {

// Stages every change in the work tree into `index` (in memory; the caller decides whether to
// write it), honouring .gitignore, and writes the resulting tree. Returns its id.
Result<git_oid> stageWorkingTree(git_repository *repo, git_index *index);

Result<SignatureHandle> makeSignature(const Identity &identity);

// Opens the work tree at `path`, with "worktree-missing" when the folder or its .git is gone.
Result<RepositoryHandle> openWorktree(const QString &path);

} // namespace agentdesk::git::detail
