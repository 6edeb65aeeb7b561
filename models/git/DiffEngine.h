#pragma once

#include "core/Result.h"
#include "git/DiffTypes.h"
#include "git/Repository.h"

#include <QString>

#include <atomic>
#include <functional>
#include <vector>

namespace agentdesk::git {

// How diffCommits() pairs renames and copies and computes the hunks.
enum class DiffMethod
{
    // `git diff` as a child process when git is on PATH, else libgit2.
    Automatic,
    // `git diff --raw -p -z -M -C` run by the system git: exactly git's pairing, statuses,
    // similarity, counts and hunks. The process gets a minimal environment and options that
    // switch off everything the user's configuration could add (external diff, textconv).
    GitCommandLine,
    // libgit2's git_diff_find_similar: its similarity metric is not git's, so on ranges with
    // many similar files it can pair a rename or copy with a different old path than git.
    Libgit2,
};

struct DiffOptions
{
    // A file bigger than this on either side becomes a `tooLarge` placeholder: no lines are
    // kept. With the git method its added/removed counts are still git's; with libgit2 its
    // content is never loaded and they stay 0.
    qint64 maxFileBytes = 8 * 1024 * 1024;
    DiffMethod method = DiffMethod::Automatic;
    bool detectRenames = true; // like `git diff -M`
    bool detectCopies = true;  // like `git diff -C` (copies from files modified in the change)
    int contextLines = 3;
    // Checked between files and in libgit2's progress callback; the diff stops with the error
    // code "cancelled" soon after it turns true.
    const std::atomic_bool *cancelled = nullptr;
    // Called on the diffing thread as each file's hunks are complete, in git's order, with its
    // index in CommitDiff::files: a caller can build its view of a file while git still prints
    // the next ones. The reference is valid during the call only. Sizes, `tooLarge` and the
    // binary flag of a file git printed no patch for are known only when diffCommits returns,
    // so the returned files are the final word.
    std::function<void(size_t index, const FileDelta &file)> fileParsed;
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
// Error codes: "unknown-revision", "no-merge-base", "cancelled", "diff-failed", and
// "git-not-found" when DiffMethod::GitCommandLine is asked for and there is no git on PATH.
class DiffEngine
{
public:
    // What `to` changed since it left `from`: always from merge-base(from, to) to `to`, so
    // work that landed on `from` meanwhile does not show up as reverted. Files come in git's
    // order (by path).
    static Result<CommitDiff> diffCommits(const Repository &repository, const QString &from,
                                          const QString &to, const DiffOptions &options = {});
    // A work tree's uncommitted changes (staged, unstaged and untracked, non-ignored files)
    // against its HEAD commit. Always libgit2 (git diff has no form that includes untracked
    // files), so `method` is ignored.
    static Result<std::vector<FileDelta>> diffUncommitted(const Repository &worktree,
                                                          const DiffOptions &options = {});
    static DiffTotals totals(const std::vector<FileDelta> &files);
};

} // namespace agentdesk::git
