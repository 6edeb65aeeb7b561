#include "review/DiffDocumentBuilder.h"

#include <QtConcurrent/QtConcurrentRun>

namespace agentdesk::review {

DiffDocumentBuilder::DiffDocumentBuilder(QThreadPool *pool, QObject *parent)
    : QObject(parent)
    , m_pool(pool ? pool : QThreadPool::globalInstance())
{}

DiffDocumentBuilder::~DiffDocumentBuilder()
{
    cancel();
    waitForIdle();
}

void DiffDocumentBuilder::request(std::vector<git::FileDelta> deltas, DiffBuildOptions options)
{
    cancel();
    const quint64 generation = ++m_generation;
    auto cancelled = std::make_shared<std::atomic_bool>(false);
    auto *watcher = new QFutureWatcher<BuildResult>(this);
    connect(watcher, &QFutureWatcherBase::finished, this,
            [this, watcher, generation] { finish(watcher, generation); });
    watcher->setFuture(QtConcurrent::run(
        m_pool, [deltas = std::move(deltas), options, cancelled]() -> BuildResult {
            return DiffDocument::build(deltas, options, cancelled.get());
        }));
    m_jobs.push_back({std::move(cancelled), watcher});
}

void DiffDocumentBuilder::cancel()
{
    for (Job &job : m_jobs)
        job.cancelled->store(true);
}

bool DiffDocumentBuilder::isBusy() const
{
    return !m_jobs.empty();
}

void DiffDocumentBuilder::waitForIdle()
{
    for (Job &job : m_jobs)
        job.watcher->waitForFinished();
}

void DiffDocumentBuilder::finish(QFutureWatcher<BuildResult> *watcher, quint64 generation)
{
    std::erase_if(m_jobs, [watcher](const Job &job) { return job.watcher == watcher; });
    const BuildResult result = watcher->result();
    watcher->deleteLater();
    if (generation != m_generation)
        return; // superseded: a newer request's result is what the caller wants
    if (result.ok())
        Q_EMIT built(result.value());
    else if (result.errorCode() != QLatin1StringView("cancelled"))
        Q_EMIT failed(result.errorMessage());
}

} // namespace agentdesk::review
