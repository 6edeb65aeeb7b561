#include "tasks/engine/Scheduler.h"

#include "agents/cli/CliAgents.h"
#include "agents/cli/CliBudget.h"
#include "agents/cli/CliLocator.h"
#include "core/DataFolderLock.h"
#include "cost/DailyAllowance.h"
#include "cost/PriceTable.h"
#include "git/Repository.h"
#include "store/StoreReader.h"
#include "store/StoreWriter.h"
#include "tasks/decide/StartupRecovery.h"
#include "tasks/engine/TaskRunner.h"
#include "tasks/environment/EnvironmentRecipe.h"

#include <QCoreApplication>
#include <QFileInfo>

#include <QDate>
#include <QThread>

namespace agentdesk::tasks {

namespace {

constexpr int kProgressIntervalMs = 33;

// Issue 17, item 6: the task is based on the commit the user saw (the New Task dialog shows
// and fills it), not on wherever the branch points by the time the dispatch is handled. A
// spec without one takes the branch's tip now. Returns a sentence when the branch has moved
// away from the commit kept (empty otherwise).
Result<QString> settleBaseCommit(const git::Repository &repository, TaskSpec &spec)
{
    auto tip = repository.resolveCommit(spec.baseBranch);
    if (!tip)
        return tip.error();
    if (spec.baseCommit.isEmpty()) {
        spec.baseCommit = *tip;
        return QString();
    }
    auto shown = repository.resolveCommit(spec.baseCommit);
    if (!shown)
        return makeError(QStringLiteral("base-commit-missing"),
                         QStringLiteral("The base commit %1 is not in %2: open New Task again "
                                        "to base the task on %3 as it is now.")
                             .arg(spec.baseCommit.left(10), spec.repositoryPath, spec.baseBranch));
    spec.baseCommit = *shown;
    if (*shown == *tip)
        return QString();
    return QStringLiteral("%1 moved to %2 after New Task showed it; the task is based on %3, "
                          "the commit you saw.")
        .arg(spec.baseBranch, tip->left(10), shown->left(10));
}

} // namespace

Scheduler::Scheduler(std::shared_ptr<const EngineConfig> config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_concurrency(qMax(1, m_config->settings.concurrency))
    , m_dailyBudget(m_config->settings.dailyBudget)
{
    // A child, so it moves to the worker's thread with its owner.
    m_progressTimer.setParent(this);
    m_progressTimer.setSingleShot(true);
    m_progressTimer.setInterval(kProgressIntervalMs);
    connect(&m_progressTimer, &QTimer::timeout, this, &Scheduler::flushProgress);
    m_midnight.setParent(this);
    m_midnight.setSingleShot(true);
    connect(&m_midnight, &QTimer::timeout, this, [this] {
        m_dailyBudgetAnnounced = false;
        schedule();
    });
    m_resumeTimer.setParent(this);
    m_resumeTimer.setSingleShot(true);
    connect(&m_resumeTimer, &QTimer::timeout, this, &Scheduler::resumeDue);
}

Scheduler::~Scheduler()
{
    shutDown();
}

Result<QList<TaskId>> Scheduler::open()
{
    if (m_enqueueOnly) {
        // No lock, no recovery: what another process owns is left alone, nothing runs here.
        auto writer = store::StoreWriter::open(m_config->databasePath);
        if (!writer)
            return writer.error();
        m_writer = std::move(*writer);
        auto reader = store::StoreReader::open(m_config->databasePath);
        if (!reader)
            return reader.error();
        m_reader = std::move(*reader);
        return QList<TaskId>();
    }
    // Issue 16: one engine per data folder (a second one is refused, naming the first).
    const QStringList arguments = QCoreApplication::arguments();
    auto lock = DataFolderLock::acquire(
        DataFolderLock::pathForDatabase(m_config->databasePath),
        QStringList{QFileInfo(arguments.value(0)).fileName(), arguments.value(1)}
            .join(QLatin1Char(' '))
            .trimmed());
    if (!lock)
        return lock.error();
    m_folderLock = std::move(*lock);
    auto writer = store::StoreWriter::open(m_config->databasePath);
    if (!writer)
        return writer.error();
    m_writer = std::move(*writer);
    connect(m_writer.get(), &store::StoreWriter::taskStateChanged, this,
            &Scheduler::taskStateChanged);
    auto reader = store::StoreReader::open(m_config->databasePath);
    if (!reader)
        return reader.error();
    m_reader = std::move(*reader);

    // Merges cut short are reconciled with git rather than resumed: note them before every
    // running state becomes Interrupted.
    auto before = m_reader->listTasks();
    if (!before)
        return before.error();
    // Issue 16: first finish what a kill cut short — a base checkout half-updated by a merge,
    // leftover temporary checkouts, spend reservations of calls in flight.
    QStringList repositories;
    for (const store::TaskSummary &summary : *before)
        repositories.append(summary.task.spec.repositoryPath);
    for (const QString &note : recoverAtStart(*m_writer, repositories).notes)
        qInfo("%s", qPrintable(note));
    // Read after the recovery: what was in flight at a kill counts against today's budget.
    auto spent = m_reader->spentOn(QDate::currentDate());
    m_daily = std::make_shared<cost::DailyAllowance>(m_dailyBudget, spent ? *spent : Money());
    QList<store::TaskRecord> merging;
    for (const store::TaskSummary &summary : *before) {
        if (summary.task.state == TaskState::Merging)
            merging.append(summary.task);
    }
    auto interrupted = m_writer->recoverInterrupted();
    if (!interrupted)
        return interrupted.error();
    for (store::TaskRecord task : merging) {
        task.state = TaskState::Interrupted;
        if (VoidResult reconciled = reconcileInterruptedMerge(task); !reconciled)
            qWarning("Could not reconcile task %lld: %s", task.id,
                     qPrintable(reconciled.errorMessage()));
        else
            interrupted->removeAll(task.id);
    }
    auto tasks = m_reader->listTasks();
    if (!tasks)
        return tasks.error();
    // listTasks is newest first; the queue runs oldest first. A process that runs only its own
    // tasks (the headless commands) leaves the others queued for the window or `run`.
    if (!m_exclusive) {
        for (auto it = tasks->crbegin(); it != tasks->crend(); ++it) {
            if (it->task.state == TaskState::Queued)
                m_queue.append(
                    Pending{it->task.id, 0, QString(), !it->task.worktreePath.isEmpty()});
        }
    }
    loadUsageWindows();
    armResumes();
    QMetaObject::invokeMethod(this, &Scheduler::schedule, Qt::QueuedConnection);
    return *interrupted;
}

void Scheduler::shutDown()
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    m_progressTimer.stop();
    m_resumeTimer.stop();
    // Stopping the workers leaves their tasks in a running state; the store then marks them
    // Interrupted, exactly as the next start would after a crash. Their worktrees are intact.
    const QList<TaskId> ids = m_running.keys();
    for (TaskId id : ids) {
        Running running = m_running.take(id);
        running.thread->quit(); // the runner is deleted on its own thread as it ends
        running.thread->wait();
        delete running.thread;
    }
    // Tasks whose runner stopped are Interrupted now (resumable); a merge cut short stays
    // Merging, for the next start to reconcile with git.
    for (TaskId id : ids) {
        if (!m_writer || !m_reader)
            break;
        auto state = m_reader->taskState(id);
        if (!state || !state->has_value() || !isRunningState(**state) ||
            **state == TaskState::Merging)
            continue;
        if (VoidResult marked = m_writer->transitionTask(id, **state, TaskState::Interrupted,
                                                         QStringLiteral("AgentDesk was closed."));
            !marked)
            qWarning("Could not mark task %lld Interrupted: %s", id,
                     qPrintable(marked.errorMessage()));
    }
    if (m_writer) {
        if (VoidResult flushed = m_writer->flush(); !flushed)
            qWarning("Could not write the last timeline events: %s",
                     qPrintable(flushed.errorMessage()));
    }
    m_folderLock.reset(); // issue 16: the data folder is free for the next engine
}

VoidResult Scheduler::checkModels(const TaskSpec &spec) const
{
    const bool budgeted = spec.budget.nanodollars() > 0;
    if (spec.implementer.isEmpty() || spec.reviewer.isEmpty())
        return makeError(QStringLiteral("no-model"),
                         QStringLiteral("Choose an implementer and a reviewer (provider:model)."));
    if (agents::isCliBackendId(spec.implementer.provider)) {
        auto adapter = agents::cliAdapterFor(spec.implementer.provider, m_config->cli);
        if (!adapter)
            return adapter.error();
        const agents::CliSettings &cli = (*adapter)->settings();
        auto located = agents::locateCli(cli.executable, cli.searchPath, (*adapter)->displayName());
        if (!located)
            return located.error();
        // Issue 19: a budget holds for a CLI agent too, or the task is refused here, naming the
        // model with no price (a CLI that reports tokens only is priced from our table).
        if (budgeted && m_config->prices) {
            if (VoidResult priced =
                    agents::checkCliBudget(**adapter, spec.implementer.model, *m_config->prices);
                !priced)
                return priced;
        }
    } else {
        if (!m_config->providers)
            return makeError(QStringLiteral("no-providers"),
                             QStringLiteral("No model providers are configured."));
        auto provider = m_config->providers(spec.implementer.provider);
        if (!provider)
            return provider.error();
        if (budgeted && m_config->prices) {
            auto price = m_config->prices->lookup(spec.implementer.model, provider->isLocal);
            if (!price)
                return makeError(QStringLiteral("unpriced-model"),
                                 QStringLiteral("%1 has no price, so a budget cannot be kept: add "
                                                "its price in Settings, or dispatch without a "
                                                "budget.")
                                     .arg(spec.implementer.toString()));
        }
    }
    if (agents::isCliBackendId(spec.reviewer.provider))
        return makeError(QStringLiteral("cli-reviewer"),
                         QStringLiteral("The reviewer must be an API model (%1 is a CLI agent).")
                             .arg(spec.reviewer.toString()));
    if (!m_config->providers)
        return makeError(QStringLiteral("no-providers"),
                         QStringLiteral("No model providers are configured."));
    auto reviewer = m_config->providers(spec.reviewer.provider);
    if (!reviewer)
        return reviewer.error();
    if (budgeted && m_config->prices &&
        !m_config->prices->lookup(spec.reviewer.model, reviewer->isLocal))
        return makeError(QStringLiteral("unpriced-model"),
                         QStringLiteral("%1 has no price, so a budget cannot be kept: add its "
                                        "price in Settings, or dispatch without a budget.")
                             .arg(spec.reviewer.toString()));
    return {};
}

Result<TaskId> Scheduler::dispatch(TaskSpec spec, QString *notice)
{
    if (!m_writer)
        return makeError(QStringLiteral("not-open"), QStringLiteral("The task store is not open."));
    if (spec.title.trimmed().isEmpty())
        return makeError(QStringLiteral("no-title"), QStringLiteral("The task needs a title."));
    if (spec.prompt.trimmed().isEmpty())
        return makeError(QStringLiteral("no-prompt"), QStringLiteral("The task needs a prompt."));
    auto repository = git::Repository::open(spec.repositoryPath);
    if (!repository)
        return repository.error();
    spec.repositoryPath = repository->workdir();
    while (spec.repositoryPath.endsWith(QLatin1Char('/')) && spec.repositoryPath.size() > 1)
        spec.repositoryPath.chop(1);
    // No base, or HEAD: the branch checked out (a merge lands on a branch, never on HEAD
    // itself); a detached HEAD is refused, naming the repository.
    if (spec.baseBranch.isEmpty() || spec.baseBranch == QLatin1String("HEAD") ||
        spec.baseBranch == QLatin1String("@")) {
        auto current = repository->currentBranch();
        if (!current)
            return current.error();
        spec.baseBranch = *current;
    }
    auto moved = settleBaseCommit(*repository, spec);
    if (!moved)
        return moved.error();
    // A malformed recipe is refused now, naming its line, not found by a failed task later.
    if (auto recipe = EnvironmentRecipe::load(spec.repositoryPath); !recipe)
        return makeError(recipe.error().code,
                         QStringLiteral("%1 Fix %2 in %3 (or remove it), then dispatch again.")
                             .arg(recipe.errorMessage(),
                                  QString::fromLatin1(EnvironmentRecipe::kRelativePath),
                                  spec.repositoryPath));
    if (VoidResult models = checkModels(spec); !models)
        return models.error();

    auto repositoryId = m_writer->ensureRepository(spec.repositoryPath);
    if (!repositoryId)
        return repositoryId.error();
    auto id = m_writer->createTask(spec);
    if (!id)
        return id.error();
    if (!moved->isEmpty()) {
        m_writer->appendEvent(
            TaskEvent::make(*id, 0, TaskEventKind::Note, {{QStringLiteral("text"), *moved}}));
        if (notice)
            *notice = *moved;
    }
    if (m_enqueueOnly)
        return *id; // queued in the store, for the window or `run`
    m_queue.append(Pending{*id, 1, QString(), false});
    schedule();
    return *id;
}

QList<TaskId> Scheduler::queuedTasks() const
{
    QList<TaskId> ids;
    for (const Pending &pending : m_queue)
        ids.append(pending.id);
    return ids;
}

Result<store::TaskRecord> Scheduler::loadTask(TaskId id)
{
    auto detail = m_reader->loadTask(id);
    if (!detail)
        return detail.error();
    return detail->task;
}

VoidResult Scheduler::stopTask(TaskId id, bool pause)
{
    const QString reason =
        pause ? QStringLiteral("Paused by you.") : QStringLiteral("Cancelled by you.");
    if (auto running = m_running.constFind(id); running != m_running.constEnd()) {
        TaskRunner *runner = running->runner;
        if (!runner)
            return makeError(QStringLiteral("merging"),
                             QStringLiteral("Task %1 is being merged; it stops on its own if the "
                                            "base keeps moving.")
                                 .arg(id));
        QMetaObject::invokeMethod(
            runner, [runner, pause, reason] { runner->stop(pause, reason); }, Qt::QueuedConnection);
        return {};
    }
    for (int i = 0; i < m_queue.size(); ++i) {
        if (m_queue.at(i).id != id)
            continue;
        auto task = loadTask(id);
        if (!task)
            return task.error();
        VoidResult done = m_writer->transitionTask(
            id, task->state, pause ? TaskState::Paused : TaskState::Failed, reason);
        if (done)
            m_queue.removeAt(i);
        return done;
    }
    return makeError(QStringLiteral("not-running"),
                     QStringLiteral("Task %1 is neither running nor queued.").arg(id));
}

VoidResult Scheduler::pause(TaskId id)
{
    return stopTask(id, true);
}

VoidResult Scheduler::resume(TaskId id)
{
    if (m_running.contains(id))
        return makeError(QStringLiteral("already-running"),
                         QStringLiteral("Task %1 is already running.").arg(id));
    auto task = loadTask(id);
    if (!task)
        return task.error();
    const TaskState state = task->state;
    if (state != TaskState::Paused && state != TaskState::Interrupted && state != TaskState::Failed)
        return makeError(QStringLiteral("not-resumable"),
                         QStringLiteral("Task %1 is %2: only a paused, interrupted or failed task "
                                        "can be resumed.")
                             .arg(id)
                             .arg(taskStateDisplayName(state)));
    if (VoidResult done =
            m_writer->transitionTask(id, state, TaskState::Queued, QStringLiteral("Resumed"));
        !done)
        return done;
    // Issue 19: a resume of any kind replaces one a usage window scheduled.
    if (VoidResult cleared = m_writer->clearScheduledResume(id); !cleared)
        qWarning("Could not clear task %lld's scheduled resume: %s", id,
                 qPrintable(cleared.errorMessage()));
    m_queue.append(Pending{id, 0, QString(), true, true});
    schedule();
    return {};
}

VoidResult Scheduler::cancel(TaskId id)
{
    return stopTask(id, false);
}

VoidResult Scheduler::addBudget(TaskId id, Money extra)
{
    if (extra.nanodollars() <= 0)
        return makeError(QStringLiteral("invalid-budget"),
                         QStringLiteral("Add a positive amount to the budget."));
    auto task = loadTask(id);
    if (!task)
        return task.error();
    if (VoidResult done = m_writer->setBudget(id, task->spec.budget + extra); !done)
        return done;
    if (task->state == TaskState::Paused && !m_running.contains(id))
        return resume(id);
    return {};
}

Result<int> Scheduler::revise(TaskId id, const QString &request)
{
    if (request.trimmed().isEmpty())
        return makeError(QStringLiteral("empty-request"),
                         QStringLiteral("A revision needs one specific request."));
    auto detail = m_reader->loadTask(id);
    if (!detail)
        return detail.error();
    if (detail->task.state != TaskState::ReadyForReview)
        return makeError(QStringLiteral("not-ready"),
                         QStringLiteral("Task %1 is %2: only a task waiting for review can be "
                                        "revised.")
                             .arg(id)
                             .arg(taskStateDisplayName(detail->task.state)));
    int latest = 0;
    for (const Iteration &it : detail->iterations)
        latest = qMax(latest, it.number);
    const int next = latest + 1;
    if (VoidResult done =
            m_writer->transitionTask(id, TaskState::ReadyForReview, TaskState::Revising,
                                     QStringLiteral("Revision requested (iteration %1)").arg(next));
        !done)
        return done.error();
    // The request is stored with its iteration now: a pause, a restart or a crash before the
    // runner starts must not lose it.
    Iteration iteration;
    iteration.number = next;
    iteration.baseCommit = detail->task.spec.baseCommit;
    iteration.requestText = request.trimmed();
    iteration.startedAt = QDateTime::currentDateTimeUtc();
    if (VoidResult started = m_writer->startIteration(id, iteration); !started)
        return started.error();
    m_queue.append(Pending{id, next, request.trimmed(), true});
    schedule();
    return next;
}

void Scheduler::setConcurrency(int concurrency)
{
    m_concurrency = qBound(1, concurrency, 64);
    schedule();
}

void Scheduler::setQueuePaused(bool paused)
{
    m_queuePaused = paused;
    schedule();
}

void Scheduler::setDailyBudget(std::optional<Money> budget)
{
    m_dailyBudget = budget;
    if (m_daily)
        m_daily->setBudget(budget);
    m_dailyBudgetAnnounced = false;
    schedule();
}

std::optional<Money> Scheduler::dailyRemaining() const
{
    // Today's budget less what was spent and what the running calls hold.
    return m_daily ? m_daily->available() : std::nullopt;
}

void Scheduler::schedule()
{
    if (m_shuttingDown || !m_writer)
        return;
    while (!m_queuePaused && !m_queue.isEmpty() && m_running.size() < m_concurrency) {
        // Spent, not merely held by the calls running now: those release what they do not use.
        if (m_dailyBudget && m_daily &&
            m_daily->spentToday().nanodollars() >= m_dailyBudget->nanodollars()) {
            if (!m_dailyBudgetAnnounced) {
                m_dailyBudgetAnnounced = true;
                auto spent = m_reader->spentOn(QDate::currentDate());
                Q_EMIT dailyBudgetReached(spent ? *spent : Money(), *m_dailyBudget);
            }
            // Try again after midnight, when a new day's budget starts.
            const QDateTime midnight = QDate::currentDate().addDays(1).startOfDay();
            m_midnight.start(
                int(qBound(qint64(1000), QDateTime::currentDateTime().msecsTo(midnight) + 1000,
                           qint64(24 * 3600 * 1000))));
            if (m_running.isEmpty())
                Q_EMIT idle();
            return;
        }
        const Pending pending = m_queue.takeFirst();
        if (holdForUsageWindow(pending))
            continue;
        if (VoidResult started = startRunner(pending); !started) {
            auto task = loadTask(pending.id);
            if (task && canTransition(task->state, TaskState::Failed)) {
                if (VoidResult failed = m_writer->transitionTask(
                        pending.id, task->state, TaskState::Failed, started.errorMessage());
                    !failed)
                    qWarning("Could not record task %lld as failed: %s", pending.id,
                             qPrintable(failed.errorMessage()));
            }
            Q_EMIT taskFinished(pending.id, TaskState::Failed, started.errorMessage());
        }
    }
    // A task waiting out a usage window resumes here later: not idle while one is armed.
    if (m_running.isEmpty() && (m_queue.isEmpty() || m_queuePaused) && !m_resumeTimer.isActive())
        Q_EMIT idle();
}

VoidResult Scheduler::startRunner(const Pending &pending)
{
    auto detail = m_reader->loadTask(pending.id);
    if (!detail)
        return detail.error();
    RunnerParams params;
    params.task = detail->task;
    params.iteration = pending.iteration;
    params.requestText = pending.requestText;
    params.resuming = pending.resuming;
    if (params.iteration == 0) {
        // Resuming: the latest iteration if it never finished, else the first.
        params.iteration = 1;
        for (const Iteration &it : detail->iterations) {
            if (it.number >= params.iteration) {
                params.iteration = it.isFinished() ? it.number + 1 : it.number;
                params.requestText = it.isFinished() ? QString() : it.requestText;
            }
        }
        if (params.iteration > 1 && params.requestText.isEmpty()) {
            // A finished iteration and no request: nothing left to run but the last one again.
            params.iteration -= 1;
        }
    }
    params.config = m_config;
    params.writer = m_writer.get();
    params.dailyRemaining = dailyRemaining();
    params.daily = m_daily;

    auto *thread = new QThread;
    thread->setObjectName(QStringLiteral("task-%1").arg(pending.id));
    const int iteration = params.iteration;
    auto *runner = new TaskRunner(std::move(params));
    runner->moveToThread(thread);
    // Deleted on its own thread as that ends, with its sockets, timers and processes.
    connect(thread, &QThread::finished, runner, &QObject::deleteLater);
    connect(runner, &TaskRunner::progress, this, &Scheduler::onProgress);
    connect(runner, &TaskRunner::ledgerRecorded, this, &Scheduler::ledgerRecorded);
    connect(runner, &TaskRunner::finished, this, &Scheduler::onRunnerFinished);
    connect(runner, &TaskRunner::usageWindowReported, this, &Scheduler::onUsageWindowReported);
    m_running.insert(pending.id, Running{thread, runner, nullptr, iteration});
    thread->start();
    QMetaObject::invokeMethod(runner, &TaskRunner::start, Qt::QueuedConnection);
    return {};
}

void Scheduler::onRunnerFinished(TaskId id, TaskState state, const QString &reason)
{
    stopThread(id);
    // A run a usage window stopped has scheduled its resume: arm it before deciding "idle".
    armResumes();
    Q_EMIT taskFinished(id, state, reason);
    schedule();
}

void Scheduler::onProgress(const TaskProgress &progress)
{
    m_pendingProgress.insert(progress.taskId, progress);
    if (!m_progressTimer.isActive())
        m_progressTimer.start();
}

void Scheduler::flushProgress()
{
    if (m_pendingProgress.isEmpty())
        return;
    TaskProgressList list = m_pendingProgress.values();
    m_pendingProgress.clear();
    std::sort(list.begin(), list.end(),
              [](const TaskProgress &a, const TaskProgress &b) { return a.taskId < b.taskId; });
    Q_EMIT progressChanged(list);
}

} // namespace agentdesk::tasks
