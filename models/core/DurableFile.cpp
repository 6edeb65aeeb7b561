#include "core/DurableFile.h"

#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace agentdesk {

namespace {

Error writeError(int error, const QString &path)
{
    const bool full = error == ENOSPC || error == EDQUOT || error == EFBIG;
    return makeError(
        full ? QStringLiteral("disk-full") : QStringLiteral("io-error"),
        QStringLiteral("Cannot write %1: %2%3")
            .arg(path, QString::fromLocal8Bit(std::strerror(error)),
                 full ? QStringLiteral(" (the disk is full; nothing was changed)") : QString()));
}

int openTemporary(const QString &folder, const QString &name, QByteArray *tempPath)
{
    for (int attempt = 0; attempt < 16; ++attempt) {
        const QString candidate = QStringLiteral("%1/.%2.agentdesk-%3")
                                      .arg(folder, name)
                                      .arg(QRandomGenerator::global()->generate64(), 0, 36);
        *tempPath = QFile::encodeName(candidate);
        // 0666 less the umask, as any new file would get.
        const int fd = ::open(tempPath->constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    errno = EEXIST;
    return -1;
}

bool writeAll(int fd, const QByteArray &data)
{
    const char *at = data.constData();
    qsizetype left = data.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, at, size_t(left));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return false;
        if (n == 0) {
            errno = EIO;
            return false;
        }
        at += n;
        left -= n;
    }
    return true;
}

} // namespace

bool isDiskFullError(const QString &code)
{
    return code == QLatin1String("disk-full") || code == QLatin1String("store-disk-full");
}

VoidResult writeFileAtomically(const QString &path, const QByteArray &data)
{
    const QFileInfo info(path);
    const QString folder = info.absolutePath();
    QByteArray tempPath;
    const int fd = openTemporary(folder, info.fileName(), &tempPath);
    if (fd < 0)
        return writeError(errno, path);
    const auto fail = [&](int error) {
        ::close(fd);
        ::unlink(tempPath.constData());
        return writeError(error, path);
    };
    struct stat existing;
    if (::stat(QFile::encodeName(path).constData(), &existing) == 0 && S_ISREG(existing.st_mode) &&
        ::fchmod(fd, existing.st_mode & 07777) != 0)
        return fail(errno);
    if (!writeAll(fd, data))
        return fail(errno);
    if (::fsync(fd) != 0)
        return fail(errno);
    if (::close(fd) != 0) {
        const int error = errno;
        ::unlink(tempPath.constData());
        return writeError(error, path);
    }
    if (::rename(tempPath.constData(), QFile::encodeName(path).constData()) != 0) {
        const int error = errno;
        ::unlink(tempPath.constData());
        return writeError(error, path);
    }
    // The rename itself is durable once the folder is synced; a failure here loses nothing
    // already written, so it is not reported.
    const int dir =
        ::open(QFile::encodeName(folder).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        (void)::fsync(dir);
        ::close(dir);
    }
    return {};
}

} // namespace agentdesk
