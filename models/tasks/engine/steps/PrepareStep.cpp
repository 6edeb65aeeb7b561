#include "tasks/engine/steps/PrepareStep.h"

#include "git/Repository.h"
#include "git/TaskWorktrees.h"
#include "git/WorktreeQueue.h"
#include "store/StoreWriter.h"
#include "tasks/engine/steps/IterationContext.h"
#include "tasks/engine/steps/RunnerJournal.h"
#include "tasks/engine/steps/RunnerText.h"
#include "tasks/environment/EnvironmentSetup.h"

#include <QDir>
#include <QFileInfo>

namespace agentdesk::tasks {

void PrepareStep::start()
{
    journal().setActivity(QStringLiteral("Preparing the worktree"));
    const store::TaskRecord &task = m_context.params.task;
    if (!m_context.worktree.isEmpty() && QFileInfo(m_context.worktree).isDir()) {
        journal().note(QStringLiteral("Reusing the task's worktree %1").arg(m_context.worktree));
        proceed();
        return;
    }
    auto repository = git::Repository::open(task.spec.repositoryPath);
    if (!repository) {
        fail(repository.errorMessage());
        return;
    }
    // git's worktree commands take turns per repository; this thread does not wait for one.
    git::WorktreeQueue::request(repository->commonDir(), this, [this](git::WorktreeTurn turn) {
        if (!goesOn())
            return;
        const VoidResult created = createWorktree();
        turn.release(); // before the next step starts
        if (created)
            setUpEnvironment();
        else
            fail(created.errorMessage());
    });
}

PrepareStep::~PrepareStep()
{
    git::WorktreeQueue::withdraw(this);
}

bool PrepareStep::cancel()
{
    if (m_setup && m_setup->isRunning()) {
        m_setup->cancel();
        return true;
    }
    return false;
}

void PrepareStep::abandon()
{
    // The run ended (stopped, or the store refused a transition): no setup goes on after it.
    if (m_setup && m_setup->isRunning())
        m_setup->cancel();
}

void PrepareStep::setUpEnvironment()
{
    journal().setActivity(QStringLiteral("Setting up the environment"));
    journal().note(QStringLiteral("Environment setup started in %1").arg(m_context.worktree));
    m_setup = new EnvironmentSetup(this);
    EnvironmentSetup::Request request;
    request.sourceCheckout = m_context.spec().repositoryPath;
    request.directory = m_context.worktree;
    request.taskId = QString::number(m_context.taskId());
    request.ports = m_context.ports.block();
    request.cacheRoot = m_context.config().environmentCacheRoot;
    m_setup->start(request, [this](const SetupOutcome &outcome) {
        if (m_context.stop.requested) {
            endStopped();
            return;
        }
        if (!outcome.ok) {
            fail(QStringLiteral("%1\nThe worktree %2 is kept.")
                     .arg(outcome.error, m_context.worktree));
            return;
        }
        QString text = QStringLiteral("Environment setup finished in %1 ms: %2")
                           .arg(outcome.elapsedMs)
                           .arg(outcome.plan.summary());
        if (!outcome.copied.isEmpty())
            text += QStringLiteral("; copied %1").arg(outcome.copied.join(QStringLiteral(", ")));
        for (const QString &note : outcome.notes)
            text += QStringLiteral("; ") + note;
        journal().note(text);
        proceed();
    });
}

VoidResult PrepareStep::createWorktree()
{
    const store::TaskRecord &task = m_context.params.task;
    auto repository = git::Repository::open(task.spec.repositoryPath);
    if (!repository)
        return repository.error();
    git::TaskWorktrees worktrees(*repository);
    git::TaskWorktreeSpec spec;
    spec.taskId = QString::number(task.id);
    spec.title = task.spec.title;
    spec.baseCommit = task.spec.baseCommit;
    spec.root = m_context.config().settings.worktreeRoot;
    spec.name = task.branch.section(QLatin1Char('/'), 1);
    QDir().mkpath(spec.root);
    auto created = worktrees.create(spec);
    if (!created)
        return makeError(
            created.errorCode(),
            QStringLiteral("Could not create the task's worktree: %1").arg(created.errorMessage()));
    m_context.worktree = created->path;
    if (VoidResult saved = m_context.params.writer->setWorktree(task.id, m_context.worktree);
        !saved)
        return saved;
    journal().note(QStringLiteral("Worktree %1 on branch %2 from %3")
                       .arg(m_context.worktree, created->branch, shortId(task.spec.baseCommit)));
    return {};
}

} // namespace agentdesk::tasks
