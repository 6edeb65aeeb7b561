#include "WorktreePaths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace agentdesk::agents {

namespace {

Error pathError(const char *code, const QString &message)
{
    return Error(QString::fromLatin1(code), message);
}

// Whether a path component names git's folder as some filesystem or git itself would read it:
// any case (".GIT" is ".git" on case-insensitive disks, and libgit2 refuses it in a commit
// everywhere, so a write there would be "Created" and then silently left out), with the
// trailing dots and spaces Windows drops, or as its 8.3 short name.
bool isGitDirName(const QString &part)
{
    QString name = part.toLower();
    while (name.endsWith(QLatin1Char('.')) || name.endsWith(QLatin1Char(' ')))
        name.chop(1);
    return name == QLatin1String(".git") || name == QLatin1String("git~1");
}

// A control character cannot be a deliberate part of a file name the model means: NUL cuts
// the name short at the system call ("a\0b.txt" would write "a").
bool hasControlCharacter(const QString &path)
{
    for (const QChar c : path) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return true;
    }
    return false;
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
    if (hasControlCharacter(path))
        return pathError("path-invalid-character",
                         QStringLiteral("The path contains a control character (such as NUL or "
                                        "a newline), which no file name here may hold. Name the "
                                        "file with printable characters only."));
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
        if (access == Access::Write && isGitDirName(part)) {
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
    const QStringList landed = QDir(m_root).relativeFilePath(current).split(QLatin1Char('/'));
    if (access == Access::Write && std::any_of(landed.cbegin(), landed.cend(), isGitDirName)) {
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
