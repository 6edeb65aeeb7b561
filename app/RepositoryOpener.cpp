#include "app/RepositoryOpener.h"

#include "git/Repository.h"

#include <QtConcurrent/QtConcurrentRun>

namespace agentdesk::app {

RepositoryOpener::RepositoryOpener(QObject *parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcherBase::finished, this, [this] {
        if (m_watcher.isCanceled())
            return;
        const Result<RepositorySummary> result = m_watcher.result();
        if (result.ok())
            Q_EMIT opened(result.value());
        else
            Q_EMIT failed(m_pendingPath, result.errorMessage());
    });
}

// The job captures only values and reports through the watcher, which goes with us; the
// application drains the thread pool before libgit2 shuts down (GuiMain), so nothing waits
// here on the GUI thread.
RepositoryOpener::~RepositoryOpener() = default;

void RepositoryOpener::open(const QString &path)
{
    m_pendingPath = path;
    m_watcher.setFuture(QtConcurrent::run(&RepositoryOpener::probe, path));
}

Result<RepositorySummary> RepositoryOpener::probe(const QString &path)
{
    Result<git::Repository> repository = git::Repository::open(path);
    if (!repository)
        return repository.error();
    RepositorySummary summary;
    summary.path = repository->workdir();
    const Result<QString> branch = repository->currentBranch();
    // A detached HEAD is a fine place to dispatch from: the exact commit is what counts.
    if (!branch && branch.errorCode() != QLatin1String("detached-head"))
        return branch.error();
    summary.branch = branch ? branch.value() : QStringLiteral("(detached HEAD)");
    const Result<QString> head = repository->resolveCommit(QStringLiteral("HEAD"));
    if (!head)
        return head.error();
    summary.commit = head.value();
    return summary;
}

} // namespace agentdesk::app
