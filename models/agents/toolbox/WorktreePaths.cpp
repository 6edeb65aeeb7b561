#include "WorktreePaths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace agentdesk::agents {

namespace {

Error pathError(const char *code, const QString &message)
{
    return Error(QString::fromLatin1(code), message);
}

QString readGitPointer(const QString &file, const QString &prefix)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QString text = QString::fromUtf8(f.read(4096)).trimmed();
    if (!prefix.isEmpty() && !text.startsWith(prefix))
        return {};
    return text.mid(prefix.size()).trimmed();
}

} // namespace

WorktreePaths::WorktreePaths(const QString &root)
    : m_root(QFileInfo(root).canonicalFilePath())
{}

bool WorktreePaths::contains(const QString &canonicalPath) const
{
    return canonicalPath == m_root || canonicalPath.startsWith(m_root + QLatin1Char('/'));
}

QString WorktreePaths::display(const QString &absolutePath) const
{
    const QString relative = QDir(m_root).relativeFilePath(absolutePath);
    return relative.isEmpty() ? QStringLiteral(".") : relative;
}

Result<QString> WorktreePaths::resolve(const QString &relativePath, Access access) const
{
    const QString path = relativePath.trimmed();
    if (path.isEmpty())
        return pathError("path-empty", QStringLiteral("No path was given."));
    if (QDir::isAbsolutePath(path)) {
        return pathError("path-absolute",
                         QStringLiteral("'%1' is an absolute path. Paths are relative to the "
                                        "worktree root (for example \"src/main.cpp\"); nothing "
                                        "outside the worktree can be accessed.")
                             .arg(path));
    }
    const QStringList parts = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        if (part == QLatin1String("..")) {
            return pathError("path-parent",
                             QStringLiteral("'%1' contains '..'. Name paths from the worktree "
                                            "root without '..'; nothing outside the worktree "
                                            "can be accessed.")
                                 .arg(path));
        }
        if (access == Access::Write && part == QLatin1String(".git")) {
            return pathError("path-git-dir",
                             QStringLiteral("'%1' is inside git's own files, which only "
                                            "AgentDesk writes. Change the project's files; "
                                            "AgentDesk commits them for you.")
                                 .arg(path));
        }
    }

    QString current = m_root;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        if (parts[i] == QLatin1String("."))
            continue;
        const QString candidate = current + QLatin1Char('/') + parts[i];
        const QFileInfo info(candidate);
        if (info.isSymLink()) {
            const QString target = info.canonicalFilePath();
            if (target.isEmpty()) {
                return pathError("path-dangling-symlink",
                                 QStringLiteral("'%1' goes through a symbolic link whose target "
                                                "does not exist, so it cannot be used.")
                                     .arg(path));
            }
            if (!contains(target)) {
                return pathError("path-outside-worktree",
                                 QStringLiteral("'%1' goes through a symbolic link that points "
                                                "outside the worktree; it cannot be accessed.")
                                     .arg(path));
            }
            current = target;
        } else if (info.exists()) {
            current = candidate;
        } else {
            // Nothing below a missing component exists, so nothing there can be a link.
            const QStringList rest = parts.mid(i);
            current = QDir::cleanPath(current + QLatin1Char('/') + rest.join(QLatin1Char('/')));
            break;
        }
    }
    // A link the model made itself ("ln -s .git g") passes the textual check above: check
    // where the path really lands, so git's control files are never written through it.
    if (access == Access::Write && QDir(m_root)
                                       .relativeFilePath(current)
                                       .split(QLatin1Char('/'))
                                       .contains(QLatin1String(".git"))) {
        return pathError("path-git-dir",
                         QStringLiteral("'%1' leads into git's own files, which only AgentDesk "
                                        "writes. Change the project's files; AgentDesk commits "
                                        "them for you.")
                             .arg(path));
    }
    return current;
}

QStringList WorktreePaths::gitControlPaths(const QString &root)
{
    QStringList paths;
    const QString dotGit = QDir(root).filePath(QStringLiteral(".git"));
    const QFileInfo dotGitInfo(dotGit);
    if (!dotGitInfo.exists())
        return paths;
    paths << dotGit;
    if (dotGitInfo.isDir())
        return paths;

    QString gitDir = readGitPointer(dotGit, QStringLiteral("gitdir:"));
    if (gitDir.isEmpty())
        return paths;
    if (QDir::isRelativePath(gitDir))
        gitDir = QDir(root).filePath(gitDir);
    gitDir = QFileInfo(gitDir).canonicalFilePath();
    if (gitDir.isEmpty())
        return paths;
    paths << gitDir;

    // `commondir` holds the path of the shared git directory, relative to the worktree's own.
    QString common = readGitPointer(gitDir + QStringLiteral("/commondir"), QString());
    if (!common.isEmpty()) {
        if (QDir::isRelativePath(common))
            common = QDir(gitDir).filePath(common);
        common = QFileInfo(common).canonicalFilePath();
        if (!common.isEmpty() && !paths.contains(common))
            paths << common;
    }
    return paths;
}

} // namespace agentdesk::agents
