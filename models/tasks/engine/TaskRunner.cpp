#include "tasks/engine/TaskRunner.h"

#include "store/StoreReader.h"
#include "store/StoreWriter.h"
#include "tasks/engine/steps/ImplementStep.h"
#include "tasks/engine/steps/IterationContext.h"
#include "tasks/engine/steps/PrepareStep.h"
#include "tasks/engine/steps/ReportStep.h"
#include "tasks/engine/steps/ReviewStep.h"
#include "tasks/engine/steps/RunnerJournal.h"
#include "tasks/engine/steps/RunnerText.h"
#include "tasks/engine/steps/TaskCheckouts.h"
#include "tasks/engine/steps/ValidateStep.h"
#include "tasks/environment/EnvironmentRecipe.h"
#include "tasks/environment/PortBlocks.h"

#include <QNetworkAccessManager>

#include <optional>

namespace agentdesk::tasks {

TaskRunner::TaskRunner(RunnerParams params, QObject *parent)
    : QObject(parent)
    , m_context(std::make_unique<IterationContext>(std::move(params)))
    , m_state(m_context->params.task.state)
{
    // Children, so they move to the worker's thread with the runner.
    m_journal = new RunnerJournal(m_context->params, this);
    m_context->journal = m_journal;
    m_checkouts =
        new TaskCheckouts(m_context->params.task.spec.repositoryPath, m_context->taskId(), this);
    m_context->checkouts = m_checkouts;
    m_context->transition = [this](TaskState to, const QString &reason) {
        return transition(to, reason);
    };
    connect(m_journal, &RunnerJournal::progressChanged, this, &TaskRunner::progress);
    connect(m_journal, &RunnerJournal::ledgerRecorded, this, &TaskRunner::ledgerRecorded);
    connect(m_journal, &RunnerJournal::usageWindowReported, this,
            &TaskRunner::usageWindowReported);
}

TaskRunner::~TaskRunner()
{
    // The checkouts go first, while the steps (and a validation still running in a checkout)
    // are still alive, as they always did.
    delete m_checkouts;
    m_context->checkouts = nullptr;
    // Then the steps and the journal, which hold the context by reference: as children they
    // would go in ~QObject, after m_context (a member) is already destroyed.
    for (RunnerStep *&step : m_steps) {
        delete step;
        step = nullptr;
    }
    delete m_journal;
    m_journal = nullptr;
    m_context->journal = nullptr;
}

TaskId TaskRunner::taskId() const
{
    return m_context->taskId();
}

void TaskRunner::start()
{
    // Objects made here live on this (the worker's) thread.
    m_context->network = new QNetworkAccessManager(this);
    auto reader = store::StoreReader::open(m_context->params.writer->path());
    if (!reader) {
        end(TaskState::Failed,
            QStringLiteral("Could not read the task store: %1").arg(reader.errorMessage()));
        return;
    }
    m_context->reader = std::move(*reader);
    Money spent;
    if (auto ledger = m_context->reader->ledger(m_context->taskId()); ledger) {
        for (const store::LedgerEntry &entry : *ledger)
            spent += entry.cost;
    }
    m_journal->setSpentBefore(spent);
    m_journal->progress().startedAt = QDateTime::currentDateTimeUtc();
    m_context->worktree = m_context->params.task.worktreePath;
    if (!reservePorts())
        return;
    // A revision works on in the task's worktree: there is nothing to prepare.
    run(m_state == TaskState::Revising ? Step::Implement : Step::Prepare);
}

bool TaskRunner::reservePorts()
{
    // The recipe is the user's (read from their checkout, never the agent's tree). Without
    // one, or with a malformed one (which the environment setup reports), there is nothing to
    // reserve.
    Result<std::optional<EnvironmentRecipe>> recipe =
        EnvironmentRecipe::load(m_context->spec().repositoryPath);
    if (!recipe || !recipe->has_value())
        return true;
    const EnvironmentRecipe &r = **recipe;
    const QString owner = QString::number(m_context->taskId());
    if (r.ports > 0) {
        Result<PortBlock> block = PortBlocks::instance().reserve(owner, r.ports);
        if (!block) {
            end(TaskState::Paused,
                QStringLiteral("The task's %1 ports could not be reserved: %2 Resume it once "
                               "ports are free.")
                    .arg(r.ports)
                    .arg(block.errorMessage()));
            return false;
        }
        m_context->ports = PortLease(owner, *block);
        m_journal->note(
            block->count == 1
                ? QStringLiteral("Port %1 reserved for this task (AGENTDESK_PORT)")
                      .arg(block->first)
                : QStringLiteral("Ports %1-%2 reserved for this task (AGENTDESK_PORT=%1, "
                                 "AGENTDESK_PORTS=%3)")
                      .arg(block->first)
                      .arg(block->first + block->count - 1)
                      .arg(block->count));
    }
    m_context->environmentVariables =
        m_context->ports.block().variables() + r.environment(owner, m_context->ports.block().first);
    return true;
}

void TaskRunner::stop(bool pause, const QString &reason)
{
    StopRequest &stop = m_context->stop;
    if (m_finished || stop.requested)
        return;
    stop.requested = true;
    stop.pauses = pause;
    stop.reason = reason;
    // An agent stopped finishes later (committing its work first); anything else ends now.
    if (RunnerStep *step = m_steps.at(int(m_current)); step && step->cancel())
        return;
    end(pause ? TaskState::Paused : TaskState::Failed, reason);
}

void TaskRunner::run(Step step)
{
    std::optional<TaskState> state;
    switch (step) {
    case Step::Prepare:
        state = TaskState::Preparing;
        break;
    case Step::Implement:
        state = TaskState::Implementing;
        break;
    case Step::Validate:
        state = TaskState::Validating;
        break;
    case Step::Review:
        state = TaskState::Reviewing;
        break;
    case Step::Report:
        break; // still Reviewing: the run ends ReadyForReview once the report is saved
    }
    if (state && !transition(*state))
        return;
    m_current = step;
    RunnerStep *&current = m_steps.at(int(step));
    if (!current) {
        current = makeStep(step);
        connect(current, &RunnerStep::finished, this, &TaskRunner::onStepFinished);
    }
    current->start();
}

RunnerStep *TaskRunner::makeStep(Step step)
{
    switch (step) {
    case Step::Prepare:
        return new PrepareStep(*m_context, this);
    case Step::Implement:
        return new ImplementStep(*m_context, this);
    case Step::Validate:
        return new ValidateStep(*m_context, this);
    case Step::Review:
        return new ReviewStep(*m_context, this);
    case Step::Report:
        break;
    }
    return new ReportStep(*m_context, this); // Step::Report, the last
}

void TaskRunner::onStepFinished(const StepOutcome &outcome)
{
    if (m_finished)
        return;
    if (!outcome.proceed) {
        end(outcome.state, outcome.reason);
        return;
    }
    run(Step(int(m_current) + 1));
}

bool TaskRunner::transition(TaskState to, const QString &reason)
{
    if (m_finished)
        return false;
    const TaskId id = m_context->taskId();
    VoidResult done = m_context->params.writer->transitionTask(id, m_state, to, reason);
    if (!done) {
        // The store refused (another writer moved the task, or the disk failed): stop here,
        // never run a step the store does not know about.
        m_finished = true;
        m_context->ended = true;
        Q_EMIT finished(
            id, m_state,
            QStringLiteral("Could not record the task's state: %1").arg(done.errorMessage()));
        return false;
    }
    m_state = to;
    m_journal->setState(to);
    return true;
}

void TaskRunner::end(TaskState state, const QString &reason)
{
    if (m_finished)
        return;
    if (state != m_state && !transition(state, reason))
        return;
    m_finished = true;
    m_context->ended = true;
    for (RunnerStep *step : m_steps) {
        if (step)
            step->abandon();
    }
    m_context->ports = PortLease(); // the ports are free for the next task
    m_journal->noteIfFailed(m_context->params.writer->flush());
    m_journal->setActivity(reason.isEmpty() ? taskStateDisplayName(state) : firstLine(reason));
    m_journal->flushProgress();
    Q_EMIT finished(m_context->taskId(), state, reason);
}

} // namespace agentdesk::tasks
