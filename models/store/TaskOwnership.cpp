#include "store/TaskOwnership.h"

namespace agentdesk::store {

bool isOrphaned(const TaskRecord &task, bool engineRunning)
{
    if (!tasks::isRunningState(task.state))
        return false;
    if (!task.owner.isNull())
        return !task.owner.isAlive();
    return !engineRunning;
}

QString stateDescription(const TaskRecord &task, bool engineRunning)
{
    if (isOrphaned(task, engineRunning))
        return tasks::taskStateDisplayName(tasks::TaskState::Interrupted) +
               QStringLiteral(" (no AgentDesk is running it)");
    return tasks::taskStateDisplayName(task.state);
}

} // namespace agentdesk::store
