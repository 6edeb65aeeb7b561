#pragma once

#include "core/Result.h"

#include <QList>
#include <QString>

#include <memory>

namespace agentdesk::git {

namespace detail {
class RepositoryAccess;
}

struct BranchInfo
{
    QString name;     // short name, e.g. "main" or "agentdesk/12-fix-typo"
    QString commitId; // hex
    bool isHead = false;
};

struct AheadBehind
{
    int ahead = 0;  // commits reachable from `local` but not from `upstream`
    int behind = 0; // commits reachable from `upstream` but not from `local`
};

// An open repository (a main checkout or a linked worktree).
//
// Threading: a Repository wraps one libgit2 handle, which must never be used by two threads.
// Each worker opens its own Repository from a path and keeps it on that thread; pass paths
// and commit ids between threads, never a Repository. Movable, not copyable.
//
// Error codes from open(): "path-not-found", "not-a-repository", "bare-repository",
// "unborn-head", "repository-not-owned", "open-failed".
class Repository
{
public:
    // Opens the repository whose work tree (or .git directory) is exactly `path`; parent
    // directories are not searched, so a folder inside some other checkout is not mistaken
    // for a repository.
    static Result<Repository> open(const QString &path);

    Repository(Repository &&other) noexcept;
    Repository &operator=(Repository &&other) noexcept;
    ~Repository();

    // The work tree with a trailing slash removed.
    QString workdir() const;
    // The shared .git directory (for a linked worktree, the main repository's).
    QString commonDir() const;
    bool isLinkedWorktree() const;

    Result<QList<BranchInfo>> branches() const;
    // The short name of the checked-out branch; "detached-head" when HEAD is detached.
    Result<QString> currentBranch() const;
    // A branch name, tag, commit id or any revision git understands, peeled to a commit id.
    // "unknown-revision" when it does not resolve.
    Result<QString> resolveCommit(const QString &revision) const;
    Result<AheadBehind> aheadBehind(const QString &local, const QString &upstream) const;
    // "no-merge-base" when the histories are unrelated.
    Result<QString> mergeBase(const QString &first, const QString &second) const;

private:
    friend class detail::RepositoryAccess;
    struct Impl;
    explicit Repository(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

} // namespace agentdesk::git
