#include "core/DataFolderLock.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace agentdesk {

namespace {

QByteArray readAllFrom(int fd)
{
    QByteArray bytes;
    char buffer[4096];
    if (::lseek(fd, 0, SEEK_SET) < 0)
        return bytes;
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0 || bytes.size() > 64 * 1024)
            break;
        bytes.append(buffer, n);
    }
    return bytes;
}

std::optional<DataFolderOwner> parseOwner(const QByteArray &bytes)
{
    const QJsonObject json = QJsonDocument::fromJson(bytes).object();
    if (json.isEmpty())
        return std::nullopt;
    DataFolderOwner owner;
    owner.process.pid = json.value(QStringLiteral("pid")).toInteger();
    owner.process.token = json.value(QStringLiteral("token")).toString();
    owner.program = json.value(QStringLiteral("program")).toString();
    owner.since =
        QDateTime::fromMSecsSinceEpoch(json.value(QStringLiteral("since_ms")).toInteger(), Qt::UTC);
    if (owner.process.isNull())
        return std::nullopt;
    return owner;
}

// Open-file-description locks: owned by the descriptor like flock(2), released when the
// process dies, and testable with F_OFD_GETLK without taking them (a `list` probing who owns
// the folder must never make a starting engine's attempt fail).
struct flock wholeFile(short type)
{
    struct flock lock;
    std::memset(&lock, 0, sizeof lock);
    lock.l_type = type;
    lock.l_whence = SEEK_SET;
    return lock;
}

QString systemError(const char *what, const QString &path)
{
    return QStringLiteral("%1 %2: %3")
        .arg(QString::fromLatin1(what), path, QString::fromLocal8Bit(std::strerror(errno)));
}

} // namespace

QString DataFolderOwner::describe() const
{
    QString text = program.isEmpty() ? QStringLiteral("AgentDesk") : program;
    text += QStringLiteral(" (pid %1").arg(process.pid);
    if (since.isValid())
        text += QStringLiteral(", since %1").arg(since.toLocalTime().toString(Qt::ISODate));
    return text + QLatin1Char(')');
}

QString DataFolderLock::pathForDatabase(const QString &databasePath)
{
    return QFileInfo(databasePath).absoluteDir().filePath(QStringLiteral("agentdesk.lock"));
}

DataFolderLock::DataFolderLock(QString path, int fd)
    : m_path(std::move(path))
    , m_fd(fd)
{}

DataFolderLock::~DataFolderLock()
{
    if (m_fd < 0)
        return;
    // Empty the record before letting go, so nobody reads a released lock as held.
    (void)::ftruncate(m_fd, 0);
    ::close(m_fd); // releases the lock
}

Result<std::unique_ptr<DataFolderLock>> DataFolderLock::acquire(const QString &lockPath,
                                                                const QString &program)
{
    const QByteArray native = QFile::encodeName(lockPath);
    int fd = -1;
    do {
        fd = ::open(native.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0)
        return makeError(QStringLiteral("data-folder-lock-failed"),
                         systemError("Cannot open the lock file", lockPath));
    struct flock exclusive = wholeFile(F_WRLCK);
    if (::fcntl(fd, F_OFD_SETLK, &exclusive) != 0) {
        const int error = errno;
        const std::optional<DataFolderOwner> holder = parseOwner(readAllFrom(fd));
        ::close(fd);
        if (error != EAGAIN && error != EACCES) {
            errno = error;
            return makeError(QStringLiteral("data-folder-lock-failed"),
                             systemError("Cannot lock", lockPath));
        }
        return makeError(QStringLiteral("data-folder-busy"),
                         QStringLiteral("Another AgentDesk, %1, is already running tasks from "
                                        "this data folder (%2). Let it run them, or close it "
                                        "first.")
                             .arg(holder ? holder->describe() : QStringLiteral("(starting up)"),
                                  QFileInfo(lockPath).absolutePath()));
    }
    std::unique_ptr<DataFolderLock> lock(new DataFolderLock(lockPath, fd));
    // Whatever the file says now was written by a process that no longer holds it.
    lock->m_tookOverFrom = parseOwner(readAllFrom(fd));
    const ProcessIdentity self = ProcessIdentity::current();
    const QByteArray record = QJsonDocument(QJsonObject{{QStringLiteral("pid"), self.pid},
                                                        {QStringLiteral("token"), self.token},
                                                        {QStringLiteral("program"), program},
                                                        {QStringLiteral("since_ms"),
                                                         QDateTime::currentMSecsSinceEpoch()}})
                                  .toJson(QJsonDocument::Compact);
    if (::ftruncate(fd, 0) != 0 ||
        ::pwrite(fd, record.constData(), size_t(record.size()), 0) != ssize_t(record.size()))
        return makeError(QStringLiteral("data-folder-lock-failed"),
                         systemError("Cannot write the lock file", lockPath));
    (void)::fsync(fd);
    return lock;
}

std::optional<DataFolderOwner> DataFolderLock::owner(const QString &lockPath)
{
    const int fd = ::open(QFile::encodeName(lockPath).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    std::optional<DataFolderOwner> result;
    struct flock probe = wholeFile(F_WRLCK);
    if (::fcntl(fd, F_OFD_GETLK, &probe) == 0 && probe.l_type != F_UNLCK)
        result = parseOwner(readAllFrom(fd));
    ::close(fd);
    return result;
}

} // namespace agentdesk
