#include "git/GitConfigGuard.h"

#include "core/DurableFile.h"
#include "git/GitHandles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcessEnvironment>

#include <git2.h>

#include <cerrno>
#include <cstring>

#include <sys/stat.h>
#include <unistd.h>

namespace agentdesk::git {

namespace {

QString kindName(GitConfigChange::Kind kind)
{
    switch (kind) {
    case GitConfigChange::Kind::Added:
        return QStringLiteral("added");
    case GitConfigChange::Kind::Removed:
        return QStringLiteral("removed");
    case GitConfigChange::Kind::Modified:
        break;
    }
    return QStringLiteral("modified");
}

QString systemReason()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

// Removes whatever is at `path` (a file, a link, even a folder the agent put there).
bool removeAnything(const QString &path)
{
    const QFileInfo info(path);
    if (info.isDir() && !info.isSymLink())
        return QDir(path).removeRecursively();
    return ::unlink(QFile::encodeName(path).constData()) == 0 || errno == ENOENT;
}

} // namespace

QString GitConfigChange::describe() const
{
    return QStringLiteral("%1 %2 (%3)")
        .arg(kindName(kind), path,
             restored ? QStringLiteral("restored") : QStringLiteral("not restored: ") + error);
}

Result<GitConfigGuard> GitConfigGuard::snapshot(const QString &repositoryPath, const QString &home,
                                                const QString &xdgConfigHome)
{
    // Opened raw: a repository with no commit yet has config and hooks to guard too.
    git_repository *raw = nullptr;
    if (git_repository_open_ext(&raw, QFile::encodeName(repositoryPath).constData(),
                                GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) < 0)
        return makeError(QStringLiteral("not-a-repository"),
                         QStringLiteral("%1 is not a git repository.").arg(repositoryPath));
    detail::RepositoryHandle repository(raw);
    GitConfigGuard guard;
    guard.m_commonDir =
        QDir::cleanPath(QFile::decodeName(git_repository_commondir(repository.get())));
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const QString userHome = home.isEmpty() ? QDir::homePath() : home;
    QString xdg = xdgConfigHome;
    if (xdg.isEmpty())
        xdg = environment.value(QStringLiteral("XDG_CONFIG_HOME"),
                                userHome + QStringLiteral("/.config"));
    const QString common = guard.m_commonDir;
    guard.m_fixedFiles = {
        common + QStringLiteral("/hooks"), // the folder itself: replaced by a link, say
        common + QStringLiteral("/info"),
        common + QStringLiteral("/config"),
        common + QStringLiteral("/config.worktree"),
        common + QStringLiteral("/info/attributes"),
        userHome + QStringLiteral("/.gitconfig"),
        xdg + QStringLiteral("/git/config"),
        xdg + QStringLiteral("/git/attributes"),
    };
    // Each linked worktree's own config (extensions.worktreeConfig) is git's config too.
    const QFileInfoList worktrees = QDir(common + QStringLiteral("/worktrees"))
                                        .entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QFileInfo &worktree : worktrees)
        guard.m_fixedFiles << worktree.filePath() + QStringLiteral("/config.worktree");
    guard.m_watchedDirs = {common + QStringLiteral("/hooks")};
    guard.m_snapshot = guard.current();
    return guard;
}

GitConfigGuard::Entry GitConfigGuard::read(const QString &path)
{
    Entry entry;
    struct stat st;
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
        return entry;
    entry.exists = true;
    entry.mode = st.st_mode;
    // A folder is compared by type and mode only: its size changes with what it holds, which
    // the entries for its files already cover.
    entry.size = S_ISDIR(st.st_mode) ? 0 : qint64(st.st_size);
    if (S_ISLNK(st.st_mode)) {
        entry.isLink = true;
        entry.content = QFile::encodeName(QFileInfo(path).symLinkTarget());
        return entry;
    }
    if (S_ISREG(st.st_mode) && entry.size <= maxFileBytes) {
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
            entry.content = file.readAll();
    }
    return entry;
}

QStringList GitConfigGuard::watchedFiles() const
{
    QStringList files = m_fixedFiles;
    for (const QString &dir : m_watchedDirs) {
        const QFileInfoList entries = QDir(dir).entryInfoList(
            QDir::Files | QDir::Dirs | QDir::System | QDir::Hidden | QDir::NoDotAndDotDot);
        for (const QFileInfo &entry : entries)
            files << entry.filePath();
    }
    for (auto it = m_snapshot.cbegin(); it != m_snapshot.cend(); ++it) {
        if (!files.contains(it.key()))
            files << it.key(); // a hook that was there before and is gone now
    }
    return files;
}

QMap<QString, GitConfigGuard::Entry> GitConfigGuard::current() const
{
    QMap<QString, Entry> entries;
    for (const QString &path : watchedFiles())
        entries.insert(path, read(path));
    return entries;
}

QList<GitConfigChange> GitConfigGuard::changes() const
{
    QList<GitConfigChange> out;
    const QMap<QString, Entry> now = current();
    for (auto it = now.cbegin(); it != now.cend(); ++it) {
        const Entry before = m_snapshot.value(it.key());
        if (before == it.value())
            continue;
        GitConfigChange change;
        change.path = it.key();
        change.kind = !before.exists ? GitConfigChange::Kind::Added
                      : !it->exists  ? GitConfigChange::Kind::Removed
                                     : GitConfigChange::Kind::Modified;
        out.append(change);
    }
    return out;
}

QList<GitConfigChange> GitConfigGuard::restore() const
{
    QList<GitConfigChange> out = changes();
    for (GitConfigChange &change : out) {
        const Entry before = m_snapshot.value(change.path);
        const QByteArray native = QFile::encodeName(change.path);
        const QFileInfo now(change.path);
        const bool regularBefore = before.exists && !before.isLink && !S_ISDIR(before.mode);
        // A regular file is put back by renaming over whatever is there (atomic, links
        // included); anything else is removed first.
        const bool mustRemove = !regularBefore || (now.isDir() && !now.isSymLink());
        if (mustRemove && (now.exists() || now.isSymLink()) && !removeAnything(change.path)) {
            change.error = QStringLiteral("cannot remove it: ") + systemReason();
            continue;
        }
        if (!before.exists) {
            change.restored = true;
            continue;
        }
        if (before.isLink) {
            if (::symlink(before.content.constData(), native.constData()) != 0)
                change.error = systemReason();
        } else if (S_ISDIR(before.mode)) {
            if (::mkdir(native.constData(), before.mode & 07777) != 0 && errno != EEXIST)
                change.error = systemReason();
        } else if (before.size > maxFileBytes) {
            change.error = QStringLiteral("it was too large to keep a copy of");
        } else {
            QDir().mkpath(QFileInfo(change.path).absolutePath());
            const VoidResult written = writeFileAtomically(change.path, before.content);
            if (!written)
                change.error = written.errorMessage();
            else if (::chmod(native.constData(), before.mode & 07777) != 0)
                change.error = systemReason();
        }
        change.restored = change.error.isEmpty();
    }
    return out;
}

} // namespace agentdesk::git
