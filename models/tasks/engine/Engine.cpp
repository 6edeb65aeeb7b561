#include "tasks/engine/Engine.h"

#include "store/StoreReader.h"
#include "tasks/engine/LiveUpdates.h"
#include "tasks/engine/Scheduler.h"

namespace agentdesk::tasks {

Engine::Engine(std::shared_ptr<const EngineConfig> config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{
    qRegisterMetaType<TaskId>("agentdesk::tasks::TaskId");
    qRegisterMetaType<TaskState>("agentdesk::tasks::TaskState");
    qRegisterMetaType<TaskProgressList>("agentdesk::tasks::TaskProgressList");
    qRegisterMetaType<TaskProgress>("agentdesk::tasks::TaskProgress");
    qRegisterMetaType<store::LedgerEntry>("agentdesk::store::LedgerEntry");
    qRegisterMetaType<QList<store::TaskSummary>>("QList<agentdesk::store::TaskSummary>");
    qRegisterMetaType<store::TaskSummary>("agentdesk::store::TaskSummary");
    qRegisterMetaType<QList<TaskId>>("QList<agentdesk::tasks::TaskId>");
    qRegisterMetaType<Money>("agentdesk::Money");
    qRegisterMetaType<GateAnswer>("agentdesk::tasks::GateAnswer");
    qRegisterMetaType<RadarReport>("agentdesk::tasks::RadarReport");
    qRegisterMetaType<agents::UsageWindow>("agentdesk::agents::UsageWindow");
    qRegisterMetaType<QList<store::StoredEvent>>("QList<agentdesk::store::StoredEvent>");
    qRegisterMetaType<QHash<TaskId, store::FindingCounts>>(
        "QHash<agentdesk::tasks::TaskId,agentdesk::store::FindingCounts>");

    m_thread.setObjectName(QStringLiteral("engine"));
    m_scheduler = new Scheduler(m_config);
    m_live = new LiveUpdates(m_scheduler);
    m_scheduler->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_scheduler, &QObject::deleteLater);
    connect(m_scheduler, &Scheduler::taskStateChanged, this, &Engine::taskStateChanged);
    connect(m_scheduler, &Scheduler::progressChanged, this, &Engine::progressChanged);
    connect(m_scheduler, &Scheduler::ledgerRecorded, this, &Engine::ledgerRecorded);
    connect(m_scheduler, &Scheduler::taskFinished, this, &Engine::taskFinished);
    connect(m_scheduler, &Scheduler::dailyBudgetReached, this, &Engine::dailyBudgetReached);
    connect(m_scheduler, &Scheduler::idle, this, &Engine::idle);
    connect(m_scheduler, &Scheduler::validationFinished, this, &Engine::validationFinished);
    connect(m_scheduler, &Scheduler::usageWindowReported, this, &Engine::usageWindowReported);
    LiveUpdates *live = m_live;
    connect(m_scheduler, &Scheduler::taskStateChanged, live,
            [live](TaskId id) { live->stateChanged(id); });
    connect(m_scheduler, &Scheduler::validationFinished, live,
            [live](TaskId id) { live->gateInputsChanged(id); });
    connect(m_live, &LiveUpdates::taskUpserted, this, &Engine::taskUpserted);
    connect(m_live, &LiveUpdates::findingCountsChanged, this, &Engine::findingCountsChanged);
    connect(m_live, &LiveUpdates::timelineAppended, this, &Engine::timelineAppended);
    connect(m_live, &LiveUpdates::gateChanged, this, &Engine::gateChanged);
    m_thread.start();
}

Engine::~Engine()
{
    Scheduler *scheduler = m_scheduler;
    QMetaObject::invokeMethod(
        scheduler, [scheduler] { scheduler->shutDown(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void Engine::start()
{
    Scheduler *scheduler = m_scheduler;
    QMetaObject::invokeMethod(
        scheduler,
        [this, scheduler, live = m_live] {
            auto opened = scheduler->open();
            if (opened)
                live->attach();
            QMetaObject::invokeMethod(
                this,
                [this, ok = opened.ok(), error = opened ? QString() : opened.errorMessage(),
                 ids = opened ? *opened : QList<TaskId>()] { Q_EMIT this->opened(ok, error, ids); },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

int Engine::dispatch(const TaskSpec &spec)
{
    const int ticket = m_nextTicket++;
    Scheduler *scheduler = m_scheduler;
    QMetaObject::invokeMethod(
        scheduler,
        [this, scheduler, spec, ticket, live = m_live] {
            QString notice;
            Result<TaskId> id = scheduler->dispatch(spec, &notice);
            if (id)
                live->refresh(*id); // its row, before dispatched() names it
            QMetaObject::invokeMethod(
                this,
                [this, ticket, taskId = id ? *id : TaskId(0),
                 code = id ? QString() : id.errorCode(),
                 message = id ? notice : id.errorMessage()] {
                    Q_EMIT dispatched(ticket, taskId, code, message);
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    return ticket;
}

int Engine::operation(TaskId id, std::function<VoidResult(Scheduler &)> job)
{
    const int ticket = m_nextTicket++;
    Scheduler *scheduler = m_scheduler;
    QMetaObject::invokeMethod(
        scheduler,
        [this, scheduler, id, ticket, job = std::move(job), live = m_live] {
            VoidResult done = job(*scheduler);
            if (done)
                live->refresh(id);
            QMetaObject::invokeMethod(
                this,
                [this, ticket, id, ok = done.ok(),
                 message = done ? QString() : done.errorMessage()] {
                    Q_EMIT operationFinished(ticket, id, ok, message);
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    return ticket;
}

int Engine::pause(TaskId id)
{
    return operation(id, [id](Scheduler &s) { return s.pause(id); });
}

int Engine::resume(TaskId id)
{
    return operation(id, [id](Scheduler &s) { return s.resume(id); });
}

int Engine::cancel(TaskId id)
{
    return operation(id, [id](Scheduler &s) { return s.cancel(id); });
}

int Engine::addBudget(TaskId id, Money extra)
{
    return operation(id, [id, extra](Scheduler &s) { return s.addBudget(id, extra); });
}

int Engine::revise(TaskId id, const QString &request)
{
    return operation(id, [id, request](Scheduler &s) -> VoidResult {
        Result<int> iteration = s.revise(id, request);
        if (!iteration)
            return iteration.error();
        return {};
    });
}

int Engine::merge(TaskId id)
{
    return operation(id, [id](Scheduler &s) { return s.merge(id); });
}

int Engine::reject(TaskId id)
{
    return operation(id, [id](Scheduler &s) -> VoidResult {
        Result<QString> archived = s.reject(id);
        if (!archived)
            return archived.error();
        return {};
    });
}

int Engine::restore(TaskId id)
{
    const int ticket = m_nextTicket++;
    post([this, id, ticket](Scheduler &s) {
        Result<TaskId> restored = s.restore(id);
        if (restored) {
            m_live->refresh(id);
            m_live->refresh(*restored);
        }
        QMetaObject::invokeMethod(
            this,
            [this, ticket, id, ok = restored.ok(),
             message = restored ? QStringLiteral("Restored as task %1").arg(*restored)
                                : restored.errorMessage()] {
                Q_EMIT operationFinished(ticket, id, ok, message);
            },
            Qt::QueuedConnection);
    });
    return ticket;
}

int Engine::acknowledge(TaskId id, qint64 findingId, bool acknowledged)
{
    LiveUpdates *live = m_live;
    return operation(id, [id, findingId, acknowledged, live](Scheduler &s) {
        VoidResult done = s.acknowledge(findingId, acknowledged);
        if (done)
            live->findingsChanged(id);
        return done;
    });
}

int Engine::permit(TaskId id, const QString &answer)
{
    return operation(id, [id, answer](Scheduler &s) { return s.permit(id, answer); });
}

int Engine::validate(TaskId id)
{
    return operation(id, [id](Scheduler &s) { return s.validate(id); });
}

void Engine::requestGate(TaskId id)
{
    post([this, id](Scheduler &s) {
        Result<GateAnswer> answer = s.gate(id);
        QMetaObject::invokeMethod(
            this,
            [this, id, value = answer ? *answer : GateAnswer(),
             error = answer ? QString() : answer.errorMessage()] {
                Q_EMIT gateReady(id, value, error);
            },
            Qt::QueuedConnection);
    });
}

void Engine::requestRadar(const QString &repositoryPath, const QString &baseBranch)
{
    post([this, repositoryPath, baseBranch](Scheduler &s) {
        Result<RadarReport> report = s.radar(repositoryPath, baseBranch);
        QMetaObject::invokeMethod(
            this,
            [this, value = report ? *report : RadarReport(),
             error = report ? QString() : report.errorMessage()] {
                Q_EMIT radarReady(value, error);
            },
            Qt::QueuedConnection);
    });
}

void Engine::setExclusive(bool exclusive)
{
    post([exclusive](Scheduler &s) { s.setExclusive(exclusive); });
}

void Engine::setEnqueueOnly(bool enqueueOnly)
{
    post([enqueueOnly](Scheduler &s) { s.setEnqueueOnly(enqueueOnly); });
}

void Engine::setConcurrency(int concurrency)
{
    post([concurrency](Scheduler &s) { s.setConcurrency(concurrency); });
}

void Engine::setQueuePaused(bool paused)
{
    post([paused](Scheduler &s) { s.setQueuePaused(paused); });
}

void Engine::setDailyBudget(std::optional<Money> budget)
{
    post([budget](Scheduler &s) { s.setDailyBudget(budget); });
}

void Engine::loadTasks()
{
    post([this, live = m_live](Scheduler &s) {
        if (!s.reader())
            return;
        auto tasks = s.reader()->listTasks();
        if (!tasks)
            return;
        QMetaObject::invokeMethod(
            this, [this, list = *tasks] { Q_EMIT tasksLoaded(list); }, Qt::QueuedConnection);
        // Queued after the list, so the rows exist when their counts arrive.
        live->publishAllFindingCounts();
    });
}

void Engine::watchTask(TaskId id, qint64 afterEventId)
{
    LiveUpdates *live = m_live;
    post([live, id, afterEventId](Scheduler &) { live->watch(id, afterEventId); });
}

void Engine::post(std::function<void(Scheduler &)> job)
{
    Scheduler *scheduler = m_scheduler;
    QMetaObject::invokeMethod(
        scheduler, [scheduler, job = std::move(job)] { job(*scheduler); }, Qt::QueuedConnection);
}

} // namespace agentdesk::tasks
