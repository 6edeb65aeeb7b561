#pragma once

#include "core/Result.h"

#include <QString>
#include <QStringList>

namespace agentdesk::agents {

// Resolves the paths a model names against its task's worktree and refuses every way out:
// absolute paths, `..` components, and symlinks (or chains of them, or directories reached
// through them) whose target lies outside. Each component is resolved in turn, as the kernel
// would, so a path is judged by where it really leads, not by how it is spelled.
//
// Writes are also refused under any `.git` component, in any case and in the spellings other
// filesystems read as `.git` (".GIT", ".git.", "git~1"): a task worktree's `.git` file says
// where its git directory is, and repointing it (or writing into a nested git directory) would
// hand AgentDesk's own git operations config and hooks the model wrote. Control characters
// (NUL above all, which would cut the name short) are refused in any path.
//
// Error codes: "path-empty", "path-invalid-character", "path-absolute", "path-parent",
// "path-outside-worktree", "path-dangling-symlink", "path-git-dir". Messages are written for
// the model to read.
class WorktreePaths
{
public:
    enum class Access
    {
        Read,
        Write,
    };

    // `root` need not be canonical; it is made so once here.
    explicit WorktreePaths(const QString &root);

    QString root() const { return m_root; }
    bool isValid() const { return !m_root.isEmpty(); }

    // The absolute path `relativePath` leads to, inside the root. It need not exist.
    Result<QString> resolve(const QString &relativePath, Access access = Access::Read) const;
    // The path as the model should see it: relative to the root, "." for the root itself.
    QString display(const QString &absolutePath) const;
    bool contains(const QString &canonicalPath) const;

    // Git's files that commands must not be able to write, for a worktree at `root`: its
    // `.git` (a file in a linked worktree), the git directory it points to, and the shared
    // ("common") git directory of the repository, which holds config and hooks.
    static QStringList gitControlPaths(const QString &root);

private:
    QString m_root;
};

} // namespace agentdesk::agents
