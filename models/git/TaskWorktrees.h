#pragma once

#include "core/Result.h"
#include "git/Identity.h"
#include "git/Repository.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace agentdesk::git {

struct TaskWorktreeSpec
{
    QString taskId;     // e.g. "42"; only [A-Za-z0-9._-] are kept
    QString title;      // made into the slug of the branch and folder name
    QString baseCommit; // any revision; resolved once, so the task starts from a fixed commit
    QString root;       // parent folder of the worktree (AgentDesk passes AppPaths::worktreesDir())
    // The worktree's name and branch suffix, "<id>-<slug>", when the caller has already chosen
    // it (the store names a task's branch at dispatch); empty: made from taskId and title.
    QString name;
};

struct TaskWorktree
{
    QString name;   // git's name for it (.git/worktrees/<name>), "<id>-<slug>"
    QString path;   // its folder
    QString branch; // "agentdesk/<id>-<slug>"
    QString headId; // commit checked out, empty when the folder is gone
    bool locked = false;
    QString lockReason;
    bool missing = false; // the folder was deleted behind our back
};

// When archive() writes a ref.
enum class ArchiveWhen
{
    IfDirty, // only when there is uncommitted state to save (removing after a merge)
    Always,  // always, even for a clean work tree, so the ref alone records the branch head
             // too (rejecting: the archive must restore without the branch)
};

struct RemovedWorktree
{
    // "refs/agentdesk/archive/<task>/<n>" holding the uncommitted state, or empty when the work
    // tree was clean (nothing needed saving).
    QString archiveRef;
    QString archiveCommit;
};

struct RestoredWorktree
{
    TaskWorktree worktree;
    QString headCommit;        // the branch head when the work was archived
    bool reusedBranch = false; // the branch still pointed there and was checked out again
    // Paths whose archived content differs from the head: put back as uncommitted changes
    // (modified, deleted or untracked files), sorted.
    QStringList uncommittedPaths;
};

// Task worktrees of one repository: each on its own branch `agentdesk/<id>-<slug>`, in a folder
// outside the user's checkout, locked while the task lives so `git worktree prune` never
// touches it. Runs on a worker thread (creation checks out every file).
//
// Creation uses the git command line (`git worktree add --lock`), run as a child process: on a
// 10,000-file repository libgit2's git_worktree_add measured well over 1.5x slower (see
// tests/bench/bench_git). The libgit2 path is kept for comparison (CreateMethod::Libgit2).
//
// Error codes: "worktree-exists", "branch-exists", "worktree-not-found", "worktree-locked",
// "worktree-missing", "worktree-create-failed", "worktree-remove-failed", "unknown-revision",
// "archive-failed", "archive-not-found", "archive-invalid", "restore-failed".
class TaskWorktrees
{
public:
    enum class CreateMethod
    {
        GitCommandLine,
        Libgit2,
    };

    explicit TaskWorktrees(Repository &repository);

    Result<TaskWorktree> create(const TaskWorktreeSpec &spec,
                                CreateMethod method = CreateMethod::GitCommandLine);
    // Every linked worktree of the repository (task ones and the user's own).
    Result<QList<TaskWorktree>> list() const;
    Result<TaskWorktree> find(const QString &name) const;
    // Saves any uncommitted state (tracked changes and untracked, non-ignored files) to
    // refs/agentdesk/archive/<task>/<n> without touching the work tree: one commit whose tree
    // is the work tree's files and whose only parent is the branch head. Staged and unstaged
    // changes are saved alike; ignored files are not saved. Empty ref when clean (IfDirty).
    Result<RemovedWorktree> archive(const QString &name, const Identity &identity,
                                    ArchiveWhen when = ArchiveWhen::IfDirty);
    // Archives, then unlocks and deletes exactly this worktree (folder and git's records). The
    // branch is kept. Refuses a worktree locked by someone else ("worktree-locked").
    Result<RemovedWorktree> remove(const QString &name, const Identity &identity,
                                   ArchiveWhen when = ArchiveWhen::IfDirty);
    // Brings an archive back as a task worktree: its branch `agentdesk/<name>` at the archived
    // head (the existing branch is checked out again when it still points there, else a new
    // one is created; "branch-exists" when it points elsewhere), and the archived uncommitted
    // state written back as uncommitted changes — modified, deleted and untracked files
    // byte-identical, with their executable bits and symlinks; the index stays at the head.
    // `spec.baseCommit` is ignored. Codes: "archive-not-found", "archive-invalid", and
    // create()'s.
    Result<RestoredWorktree> restore(const QString &archiveRef, const TaskWorktreeSpec &spec);

    static QString slugify(const QString &title);
    static QString lockReason(const QString &taskId);

private:
    Repository &m_repository;
};

} // namespace agentdesk::git
