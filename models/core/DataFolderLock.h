#pragma once

#include "core/ProcessIdentity.h"
#include "core/Result.h"

#include <QDateTime>
#include <QString>

#include <memory>
#include <optional>

namespace agentdesk {

// Who holds a data folder's lock.
struct DataFolderOwner
{
    ProcessIdentity process;
    QString program;          // "agentdesk run", "AgentDesk window", ...
    QDateTime since;          // UTC
    QString describe() const; // "agentdesk run (pid 4242, since 10:32:05)"
};

// One engine per data folder. The lock is an OFD lock (fcntl F_OFD_SETLK) on `<data
// folder>/agentdesk.lock`, held for the engine's lifetime and released by the kernel when the
// process ends however it ends (SIGKILL included), so a lock left by a dead process never blocks;
// the file also records the owner's pid, start time and purpose for the refusal's message. The
// descriptor is close-on-exec: agent commands and git children never inherit (and so never prolong)
// it.
class DataFolderLock
{
public:
    // Takes the lock. Error "data-folder-busy" naming the live owner when another process holds
    // it; "data-folder-lock-failed" when the file cannot be opened or written.
    static Result<std::unique_ptr<DataFolderLock>> acquire(const QString &lockPath,
                                                           const QString &program);
    // Who holds it now; nullopt when nobody does (never blocks, never writes).
    static std::optional<DataFolderOwner> owner(const QString &lockPath);
    // The lock file for a database: "<its folder>/agentdesk.lock".
    static QString pathForDatabase(const QString &databasePath);

    ~DataFolderLock();
    DataFolderLock(const DataFolderLock &) = delete;
    DataFolderLock &operator=(const DataFolderLock &) = delete;

    const QString &path() const { return m_path; }
    // The owner whose stale record this lock replaced (a process that died holding it).
    const std::optional<DataFolderOwner> &tookOverFrom() const { return m_tookOverFrom; }

private:
    DataFolderLock(QString path, int fd);

    QString m_path;
    int m_fd = -1;
    std::optional<DataFolderOwner> m_tookOverFrom;
};

} // namespace agentdesk
