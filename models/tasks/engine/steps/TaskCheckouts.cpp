#include "tasks/engine/steps/TaskCheckouts.h"

#include "core/ProcessJob.h"
#include "git/GitCommand.h"
#include "git/Repository.h"
#include "git/TemporaryCheckouts.h"
#include "git/WorktreeQueue.h"
#include "tasks/engine/steps/RunnerText.h"

#include <QDir>
#include <QMetaObject>
#include <QTemporaryDir>

namespace agentdesk::tasks {

namespace {

constexpr int kCheckoutTimeoutMs = 120000;

} // namespace

TaskCheckouts::TaskCheckouts(QString repositoryPath, TaskId taskId, QObject *parent)
    : QObject(parent)
    , m_repositoryPath(std::move(repositoryPath))
    , m_taskId(taskId)
{}

TaskCheckouts::~TaskCheckouts()
{
    // A turn not granted yet is given up; a git child still running is killed (with its
    // group) before its checkout is removed.
    git::WorktreeQueue::withdraw(this);
    qDeleteAll(findChildren<ProcessJob *>(Qt::FindDirectChildrenOnly));
    removeAll();
}

VoidResult TaskCheckouts::ensureScratch()
{
    if (m_scratch)
        return {};
    m_scratch = std::make_unique<QTemporaryDir>(QDir::tempPath() +
                                                QStringLiteral("/agentdesk-task-XXXXXX"));
    auto repository = git::Repository::open(m_repositoryPath);
    if (!m_scratch->isValid() || !repository) {
        m_scratch.reset();
        return makeError(QStringLiteral("checkout-failed"),
                         QStringLiteral("No temporary folder for a checkout."));
    }
    m_commonDir = repository->commonDir();
    return {};
}

void TaskCheckouts::add(const QString &commit, const QString &label, Added done)
{
    if (VoidResult ready = ensureScratch(); !ready) {
        QMetaObject::invokeMethod(
            this, [done, error = ready.error()] { done(error); }, Qt::QueuedConnection);
        return;
    }
    const QString path =
        m_scratch->path() + QLatin1Char('/') + label + QLatin1Char('-') + QString::number(m_taskId);
    m_paths.append(path); // whatever git leaves behind is removed like a finished checkout
    git::WorktreeQueue::request(
        m_commonDir, this, [this, commit, path, done](git::WorktreeTurn turn) {
            auto *job = new ProcessJob(this);
            git::GitCommand::start(
                *job,
                git::TemporaryCheckouts::addRequest(m_repositoryPath, commit, path,
                                                    kCheckoutTimeoutMs),
                [this, job, turn, path, done](const Result<git::GitRun> &run) mutable {
                    job->deleteLater();
                    const VoidResult added =
                        git::TemporaryCheckouts::finishAdd(m_repositoryPath, path, run);
                    if (!added)
                        m_paths.removeOne(path);
                    turn.release();
                    if (added)
                        done(path);
                    else
                        done(makeError(added.errorCode(), firstLine(added.errorMessage())));
                });
        });
}

void TaskCheckouts::remove(const QString &path, std::function<void()> done)
{
    if (!m_paths.contains(path)) {
        QMetaObject::invokeMethod(this, done, Qt::QueuedConnection);
        return;
    }
    git::WorktreeQueue::request(m_commonDir, this, [this, path, done](git::WorktreeTurn turn) {
        // Listed until it is gone, so the destructor removes one whose turn never came.
        if (m_paths.removeOne(path))
            (void)git::TemporaryCheckouts::remove(m_repositoryPath, path);
        turn.release();
        done();
    });
}

void TaskCheckouts::removeAll()
{
    for (const QString &path : std::as_const(m_paths))
        (void)git::TemporaryCheckouts::remove(m_repositoryPath, path);
    m_paths.clear();
}

} // namespace agentdesk::tasks
