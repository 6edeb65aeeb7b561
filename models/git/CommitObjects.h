#pragma once

#include "core/Result.h"
#include "git/Repository.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>

namespace agentdesk::git {

// One commit as plain values.
struct CommitInfo
{
    QString id;
    QStringList parents; // first parent first
    QString summary;     // the first line of the message
    QString message;     // the whole message
    QString authorName;
    QDateTime authorTime;

    bool isMerge() const { return parents.size() > 1; }
    bool isRoot() const { return parents.isEmpty(); }
};

// Reading commits and files from the object database, and writing commits that no ref points
// at, without touching any work tree or index. Runs on the caller's (worker) thread.
//
// Error codes: "unknown-revision", "path-not-in-commit", "not-a-file", "export-failed",
// "cancelled", "git-failed".
class CommitObjects
{
public:
    static Result<CommitInfo> commit(const Repository &repository, const QString &revision);
    // `revision` and its first parents, newest first, at most `limit` commits.
    static Result<QList<CommitInfo>> firstParentHistory(const Repository &repository,
                                                        const QString &revision, int limit);

    // The bytes of the regular file (or symlink target) at `path` in `commit`.
    static Result<QByteArray> readFile(const Repository &repository, const QString &commit,
                                       const QString &path);

    // Writes a commit whose tree is `commit`'s with the file at `path` (which must exist there)
    // holding `content` in the same mode, whose only parent is `parent`, with `commit`'s
    // author, committer and message. No ref is created or moved, so the user's branches,
    // index and work tree never see it; the id is a pure function of the inputs (the same
    // variant written twice is the same commit). Returns the new commit's id.
    static Result<QString> writeWithFileReplaced(const Repository &repository,
                                                 const QString &commit, const QString &parent,
                                                 const QString &path, const QByteArray &content);

    // Writes every file of `commit`'s tree under `directory`, which must not exist yet:
    // regular files with their executable bit, symlinks as symlinks, submodules as empty
    // folders. Entries whose names could escape the folder (".", "..", ".git", a slash) are
    // refused. `cancelled` is polled between entries.
    static VoidResult exportTree(const Repository &repository, const QString &commit,
                                 const QString &directory,
                                 const std::atomic_bool *cancelled = nullptr);
};

} // namespace agentdesk::git
