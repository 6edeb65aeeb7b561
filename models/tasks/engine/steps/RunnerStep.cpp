#include "tasks/engine/steps/RunnerStep.h"

#include "cost/DailyAllowance.h"
#include "tasks/engine/steps/IterationContext.h"
#include "tasks/engine/steps/RunnerJournal.h"

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

QString RunnerStep::budgetStopReason(const QString &runBudgetReason) const
{
    const RunnerParams &params = m_context.params;
    const std::optional<Money> today =
        params.daily ? params.daily->available() : params.dailyRemaining;
    const std::optional<Money> run = journal().remainingBudget();
    if (!today || (run && *run < *today))
        return runBudgetReason;
    return QStringLiteral("Today's daily budget is spent (%1 left of it; this task has spent %2 "
                          "of its %3). The work so far is committed; resume it tomorrow, or "
                          "raise the daily budget in Settings.")
        .arg(std::max(*today, Money()).format(2), journal().spentTotal().format(2),
             m_context.spec().budget.format(2));
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
