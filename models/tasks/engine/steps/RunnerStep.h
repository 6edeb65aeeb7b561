#pragma once

#include "tasks/TaskState.h"

#include <QObject>
#include <QString>

namespace agentdesk::tasks {

struct IterationContext;
class RunnerJournal;

// How a step ended: on to the next step, or the run ends in `state` (Paused, Failed, or
// ReadyForReview after the report).
struct StepOutcome
{
    bool proceed = true;
    TaskState state = TaskState::Failed;
    QString reason;

    static StepOutcome next() { return {}; }
    static StepOutcome end(TaskState state, QString reason)
    {
        return {false, state, std::move(reason)};
    }
    static StepOutcome failed(QString reason) { return end(TaskState::Failed, std::move(reason)); }
};

// One step of an iteration (PrepareStep, ImplementStep, ValidateStep, ReviewStep, ReportStep).
// The runner moves the task into the step's state, then calls start(); the step does its work
// (asynchronously: an agent, a test run), reading and filling the shared IterationContext, and
// emits finished() exactly once. A child of the runner, on its worker's thread.
class RunnerStep : public QObject
{
    Q_OBJECT

public:
    RunnerStep(IterationContext &context, QObject *parent);

    virtual void start() = 0;
    // A stop was requested (IterationContext::stop is set): stops what runs. True when the
    // step's end is still to come through finished(); false when the runner should end now.
    virtual bool cancel() { return false; }
    // The run ended: stops an agent still running, without a finished() to follow.
    virtual void abandon() {}

Q_SIGNALS:
    void finished(const agentdesk::tasks::StepOutcome &outcome);

protected:
    RunnerJournal &journal() const;
    void proceed() { Q_EMIT finished(StepOutcome::next()); }
    void endRun(TaskState state, const QString &reason)
    {
        Q_EMIT finished(StepOutcome::end(state, reason));
    }
    void fail(const QString &reason) { Q_EMIT finished(StepOutcome::failed(reason)); }
    // After a stop request: Paused or Failed as asked, with its reason and `detail` after it.
    void endStopped(const QString &detail = QString());
    // After an asynchronous wait (a checkout): whether the step goes on. False when the run
    // has ended meanwhile, or a stop was asked for (the step then ends as asked).
    bool goesOn();
    // A budget stop's reason: `runBudgetReason` when the task's own budget ran out, or that
    // today's budget is spent when that is what stopped it (more budget for the task would
    // not help).
    QString budgetStopReason(const QString &runBudgetReason) const;

    IterationContext &m_context;
};

} // namespace agentdesk::tasks
