#pragma once

// Helpers shared by the decide suites: repositories with task worktrees, built with the git
// command line, and snapshots of work trees for byte-exact comparisons.

#include "TempRepository.h"
#include "git/Repository.h"
#include "git/TaskWorktrees.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QTest>

#include <unistd.h>

namespace agentdesk::test {

inline QString s(const char *text)
{
    return QString::fromUtf8(text);
}

inline QByteArray readBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline bool writeBytes(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(content) == content.size();
}

inline bool checkout(const TempRepository &repo, const QString &branch, bool create = false)
{
    QStringList arguments{s("checkout"), s("-q")};
    if (create)
        arguments << s("-b");
    return repo.git(arguments << branch).ok();
}

// `git add -A && git commit` in `workdir` (a task worktree); the new head, or empty.
inline QString commitIn(const TempRepository &repo, const QString &workdir, const QString &message)
{
    if (!repo.git({s("add"), s("-A")}, workdir).ok() ||
        !repo.git({s("commit"), s("-q"), s("-m"), message}, workdir).ok())
        return QString();
    return QString::fromUtf8(repo.git({s("rev-parse"), s("HEAD")}, workdir).out.trimmed());
}

// Commits one file onto `branch` without checking it out (plumbing), as another process
// moving the base behind AgentDesk's back would. Returns the new commit.
inline QString commitOnBranch(const TempRepository &repo, const QString &branch,
                              const QString &file, const QByteArray &content)
{
    const QString parent = repo.revParse(branch);
    const QString index = repo.scratchPath(s("plumbing-index"));
    QFile::remove(index);
    ProcessOutput out =
        runProcess(s("sh"),
                   {s("-c"),
                    s("set -e; export GIT_INDEX_FILE=\"$1\"; git read-tree \"$2\"; "
                      "blob=$(printf '%s' \"$3\" | git hash-object -w --stdin); "
                      "git update-index --add --cacheinfo 100644,$blob,\"$4\"; "
                      "tree=$(git write-tree); "
                      "c=$(git commit-tree $tree -p \"$2\" -m \"moves $4\"); "
                      "git update-ref refs/heads/\"$5\" $c \"$2\"; echo $c"),
                    s("sh"), index, parent, QString::fromUtf8(content), file, branch},
                   repo.path());
    return out.ok() ? QString::fromUtf8(out.out.trimmed()) : QString();
}

inline QString parentsOf(const TempRepository &repo, const QString &revision)
{
    return QString::fromUtf8(
        repo.git({s("log"), s("-1"), s("--format=%P"), revision}).out.trimmed());
}

// The tree id of a revision; "(no tree)" when it does not resolve, so two failures never
// compare equal to each other as two empty strings would.
inline QString treeOf(const TempRepository &repo, const QString &revision)
{
    const ProcessOutput out =
        repo.git({s("rev-parse"), s("--verify"), s("-q"), revision + s("^{tree}")});
    const QString tree = QString::fromUtf8(out.out.trimmed());
    return out.ok() && !tree.isEmpty() ? tree : s("(no tree: %1)").arg(revision);
}

inline QByteArray statusOf(const TempRepository &repo, const QString &workdir)
{
    return repo.git({s("status"), s("--porcelain"), s("--untracked-files=all")}, workdir).out;
}

// Every file under `root` except .git: path → "type:mode-bit:bytes" (a symlink's target for a
// link), so two snapshots compare bytes, executable bits and links at once.
inline QMap<QString, QByteArray> snapshot(const QString &root)
{
    QMap<QString, QByteArray> files;
    QDirIterator it(root, QDir::Files | QDir::System | QDir::Hidden | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    const QDir base(root);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString relative = base.relativeFilePath(path);
        if (relative == s(".git") || relative.startsWith(s(".git/")))
            continue;
        const QFileInfo info(path);
        if (info.isSymLink()) {
            char target[4096];
            const ssize_t size =
                ::readlink(QFile::encodeName(path).constData(), target, sizeof target);
            files.insert(relative, "link:" + QByteArray(target, size > 0 ? int(size) : 0));
            continue;
        }
        const bool executable = info.permissions() & QFileDevice::ExeOwner;
        files.insert(relative, QByteArray(executable ? "file:x:" : "file:-:") + readBytes(path));
    }
    return files;
}

} // namespace agentdesk::test
