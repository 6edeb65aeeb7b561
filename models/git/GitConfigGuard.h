#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace agentdesk::git {

// One file of git's configuration that an agent turn changed.
struct GitConfigChange
{
    enum class Kind
    {
        Added,    // did not exist before the turn
        Modified, // content, mode or type (a file replaced by a link) changed
        Removed,
    };
    QString path;
    Kind kind = Kind::Modified;
    bool restored = false;
    QString error;            // why it could not be restored; empty when restored
    QString describe() const; // "modified .git/config (restored)"
};

// Guards what an agent must never change because AgentDesk's own git operations (and the user's
// next `git status`) would run it: the repository's config and config.worktree files, every
// hook, info/attributes, and the user's ~/.gitconfig and $XDG_CONFIG_HOME/git/{config,
// attributes}. snapshot() before an agent turn; restore() after it puts every one of those
// files back byte for byte (removing what was added, re-creating what was removed) and says
// what had changed — a blocking finding for the engine to report (issue 16, break 2).
// Worker threads only (file reads of bounded size).
class GitConfigGuard
{
public:
    // `repositoryPath`: the main checkout or any of its worktrees. `home` and `xdgConfigHome`
    // default to the user's ($HOME, $XDG_CONFIG_HOME or ~/.config). Codes: "not-a-repository".
    static Result<GitConfigGuard> snapshot(const QString &repositoryPath,
                                           const QString &home = QString(),
                                           const QString &xdgConfigHome = QString());

    // What differs from the snapshot now, without changing anything.
    QList<GitConfigChange> changes() const;
    // Puts everything back as it was at the snapshot; returns what had changed (restored or
    // not). Empty: nothing had.
    QList<GitConfigChange> restore() const;

    // Files bigger than this are recorded by size only (and not restorable): no config or
    // hook is that big.
    static constexpr qint64 maxFileBytes = 4 * 1024 * 1024;

private:
    struct Entry
    {
        bool exists = false;
        bool isLink = false;
        QByteArray content; // the link's target for a link
        quint32 mode = 0;
        qint64 size = 0;
        bool operator==(const Entry &other) const
        {
            return exists == other.exists && isLink == other.isLink && content == other.content &&
                   mode == other.mode && size == other.size;
        }
    };
    static Entry read(const QString &path);
    QMap<QString, Entry> current() const;
    QStringList watchedFiles() const;

    QString m_commonDir;
    QStringList m_fixedFiles;  // config files, watched whether or not they exist
    QStringList m_watchedDirs; // hooks: every file in them
    QMap<QString, Entry> m_snapshot;
};

} // namespace agentdesk::git
