#pragma once

#include "core/Result.h"
#include "git/DiffTypes.h"
#include "git/Repository.h"

#include <QString>

#include <atomic>
#include <vector>

namespace agentdesk::git {

struct DiffOptions
{
    // A file bigger than this on either side becomes a `tooLarge` placeholder: its content is
    // never loaded and its added/removed counts stay 0.
    qint64 maxFileBytes = 8 * 1024 * 1024;
    bool detectRenames = true; // like `git diff -M`
    bool detectCopies = true;  // like `git diff -C` (copies from files modified in the change)
    int contextLines = 3;
    // Checked between files and in libgit2's progress callback; the diff stops with the error
    // code "cancelled" soon after it turns true.
    const std::atomic_bool *cancelled = nullptr;
};

struct CommitDiff
{
    QString baseId; // the merge base the diff starts from
    QString toId;
    std::vector<FileDelta> files;
};

// Diffs as value types (see DiffTypes.h). Runs on the caller's thread, which must own the
// Repository; a big diff reads many blobs, so call it from a worker.
//
// Error codes: "unknown-revision", "no-merge-base", "cancelled", "diff-failed".
class DiffEngine
{
public:
    // What `to` changed since it left `from`: always from merge-base(from, to) to `to`, so
    // work that landed on `from` meanwhile does not show up as reverted.
    static Result<CommitDiff> diffCommits(const Repository &repository, const QString &from,
                                          const QString &to, const DiffOptions &options = {});
    // A work tree's uncommitted changes (staged, unstaged and untracked, non-ignored files)
    // against its HEAD commit.
    static Result<std::vector<FileDelta>> diffUncommitted(const Repository &worktree,
                                                          const DiffOptions &options = {});
    static DiffTotals totals(const std::vector<FileDelta> &files);
};

} // namespace agentdesk::git
