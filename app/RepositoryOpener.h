#pragma once

#include "core/Result.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

namespace agentdesk::app {

// What the window needs to know about an opened repository.
struct RepositorySummary
{
    QString path;
    QString branch; // "(detached HEAD)" when HEAD is not on a branch
    QString commit;
};

// Opens a repository off the GUI thread (libgit2 may read a large index or a slow disk) and
// reports the outcome as a value. A newer request supersedes an older one still running.
class RepositoryOpener : public QObject
{
    Q_OBJECT

public:
    explicit RepositoryOpener(QObject *parent = nullptr);
    ~RepositoryOpener() override;

    void open(const QString &path);

    // The work itself, usable on any thread (tests call it directly).
    static Result<RepositorySummary> probe(const QString &path);

Q_SIGNALS:
    void opened(const agentdesk::app::RepositorySummary &summary);
    void failed(const QString &path, const QString &message);

private:
    QFutureWatcher<Result<RepositorySummary>> m_watcher;
    QString m_pendingPath;
};

} // namespace agentdesk::app

Q_DECLARE_METATYPE(agentdesk::app::RepositorySummary)
