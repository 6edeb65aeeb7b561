#pragma once

#include "core/ProcessIdentity.h"
#include "core/Result.h"
#include "git/GitCommand.h"

#include <QString>
#include <QStringList>

namespace agentdesk::git {

// The detached checkouts AgentDesk makes to validate and review exactly one commit, and their
// clean-up after a kill (issue 16, break 12). Each is added locked with the reason
// "agentdesk checkout <pid>:<start token>" — which marks it as AgentDesk's and names the
// process that owns it — through GitCommand (no hook, filter or fsmonitor the task planted
// runs), in the repository's WorktreeQueue turn. Worker threads only (waits for git).
class TemporaryCheckouts
{
public:
    static QString lockReason(const ProcessIdentity &owner = ProcessIdentity::current());
    // Whether `reason` is one of ours, and whose; nullopt otherwise.
    static std::optional<ProcessIdentity> ownerOf(const QString &reason);

    // A detached checkout of `commit` at `path` (which must not exist). Codes:
    // "checkout-failed", "git-not-found".
    static VoidResult add(const QString &repositoryPath, const QString &commit, const QString &path,
                          int timeoutMs = 120000);
    // add() in two halves, for a caller that runs the git child itself (asynchronously, in its
    // WorktreeQueue turn): the request, and what follows it (on failure whatever git left is
    // removed, and the error says why).
    static ProcessRequest addRequest(const QString &repositoryPath, const QString &commit,
                                     const QString &path, int timeoutMs = 120000);
    static VoidResult finishAdd(const QString &repositoryPath, const QString &path,
                                const Result<GitRun> &run);
    // Unlocks and deletes it: its folder and git's record of it.
    static VoidResult remove(const QString &repositoryPath, const QString &path);

    // Removes AgentDesk's own leftovers, and only those: checkouts locked with our reason by a
    // process that is no longer running, and the unlocked detached checkouts earlier versions
    // left at "<temp>/agentdesk-task-XXXXXX/{head,base}-<task>". Never a task worktree, never a
    // worktree of the user's or of a running AgentDesk. Returns the paths removed. Call it at
    // start, with the data folder's lock held.
    static Result<QStringList> removeLeftovers(const QString &repositoryPath);
};

} // namespace agentdesk::git
