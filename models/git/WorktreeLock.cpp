#include "git/WorktreeLock.h"

#include <QDir>
#include <QHash>

#include <memory>

namespace agentdesk::git {

QRecursiveMutex &worktreeLock(const QString &commonDir)
{
    static QMutex guard;
    static QHash<QString, std::shared_ptr<QRecursiveMutex>> locks;
    const QString key = QDir(commonDir).canonicalPath().isEmpty() ? QDir::cleanPath(commonDir)
                                                                  : QDir(commonDir).canonicalPath();
    QMutexLocker locker(&guard);
    std::shared_ptr<QRecursiveMutex> &lock = locks[key];
    if (!lock)
        lock = std::make_shared<QRecursiveMutex>();
    return *lock; // never removed: one small mutex per repository for the process's life
}

} // namespace agentdesk::git
