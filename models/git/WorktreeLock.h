#pragma once

#include <QMutex>
#include <QString>

namespace agentdesk::git {

// git's worktree commands are not safe to run side by side on one repository: `worktree add`
// reads every entry of .git/worktrees while another `add` is still writing its own ("failed to
// read .git/worktrees/x/commondir"). Every worktree add, remove and restore AgentDesk makes
// holds this lock, one per repository (keyed by its common git directory), for the
// duration (recursive: restore creates). Held on worker threads only.
QRecursiveMutex &worktreeLock(const QString &commonDir);

} // namespace agentdesk::git
