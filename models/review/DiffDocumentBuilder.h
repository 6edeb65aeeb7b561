#pragma once

#include "review/DiffDocument.h"

#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>

#include <memory>

namespace agentdesk::review {

// Builds diff documents on a thread pool, one request at a time from the caller's point of
// view: a newer request cancels the one in flight, and only the newest result is delivered.
// The destructor cancels and waits, so no worker outlives the object that started it.
class DiffDocumentBuilder : public QObject
{
    Q_OBJECT
public:
    explicit DiffDocumentBuilder(QThreadPool *pool = nullptr, QObject *parent = nullptr);
    ~DiffDocumentBuilder() override;

    // Takes the deltas by value: the worker owns its input, nothing is shared with the caller.
    void request(std::vector<git::FileDelta> deltas, DiffBuildOptions options = {});
    void cancel();
    bool isBusy() const;
    // Blocks until the current build finishes; for tests and shut-down, never the GUI thread.
    void waitForIdle();

Q_SIGNALS:
    void built(std::shared_ptr<const agentdesk::review::DiffDocument> document);
    void failed(const QString &message);

private:
    using BuildResult = Result<std::shared_ptr<const DiffDocument>>;
    struct Job
    {
        std::shared_ptr<std::atomic_bool> cancelled;
        QFutureWatcher<BuildResult> *watcher = nullptr;
    };
    void finish(QFutureWatcher<BuildResult> *watcher, quint64 generation);

    QThreadPool *m_pool;
    quint64 m_generation = 0;
    std::vector<Job> m_jobs; // the newest last; older ones are cancelled, finishing
};

} // namespace agentdesk::review
