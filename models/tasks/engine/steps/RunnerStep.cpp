#include "tasks/engine/steps/RunnerStep.h"

#include "tasks/engine/steps/IterationContext.h"

namespace agentdesk::tasks {

RunnerStep::RunnerStep(IterationContext &context, QObject *parent)
    : QObject(parent)
    , m_context(context)
{}

RunnerJournal &RunnerStep::journal() const
{
    return *m_context.journal;
}

void RunnerStep::endStopped(const QString &detail)
{
    endRun(m_context.stop.pauses ? TaskState::Paused : TaskState::Failed,
           m_context.stop.reason + detail);
}

bool RunnerStep::goesOn()
{
    if (m_context.ended)
        return false;
    if (m_context.stop.requested) {
        endStopped();
        return false;
    }
    return true;
}

} // namespace agentdesk::tasks
