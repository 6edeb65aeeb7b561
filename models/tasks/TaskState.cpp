#include "tasks/TaskState.h"

#include <array>

namespace agentdesk::tasks {

namespace {

struct StateNames
{
    TaskState state;
    const char *storage;
    const char *display;
};

constexpr std::array<StateNames, taskStateCount> stateNames{{
    {TaskState::Queued, "queued", "Queued"},
    {TaskState::Preparing, "preparing", "Preparing"},
    {TaskState::Implementing, "implementing", "Implementing"},
    {TaskState::Validating, "validating", "Validating"},
    {TaskState::Reviewing, "reviewing", "Reviewing"},
    {TaskState::ReadyForReview, "ready-for-review", "Ready for review"},
    {TaskState::Merging, "merging", "Merging"},
    {TaskState::Merged, "merged", "Merged"},
    {TaskState::Revising, "revising", "Revising"},
    {TaskState::Rejected, "rejected", "Rejected"},
    {TaskState::Paused, "paused", "Paused"},
    {TaskState::Failed, "failed", "Failed"},
    {TaskState::Interrupted, "interrupted", "Interrupted"},
    {TaskState::NeedsInput, "needs-input", "Needs input"},
}};

const StateNames &namesOf(TaskState state)
{
    return stateNames[static_cast<std::size_t>(state)];
}

// Where a stopped task may pick up again: the work steps (Revising re-enters the
// implementer for a new iteration).
bool isResumableStep(TaskState state)
{
    switch (state) {
    case TaskState::Queued:
    case TaskState::Preparing:
    case TaskState::Implementing:
    case TaskState::Validating:
    case TaskState::Reviewing:
    case TaskState::Revising:
        return true;
    default:
        return false;
    }
}

} // namespace

QList<TaskState> allTaskStates()
{
    QList<TaskState> states;
    for (const auto &names : stateNames)
        states.append(names.state);
    return states;
}

QString taskStateStorageName(TaskState state)
{
    return QString::fromLatin1(namesOf(state).storage);
}

std::optional<TaskState> taskStateFromStorageName(const QString &name)
{
    for (const auto &names : stateNames) {
        if (name == QLatin1String(names.storage))
            return names.state;
    }
    return std::nullopt;
}

QString taskStateDisplayName(TaskState state)
{
    return QString::fromLatin1(namesOf(state).display);
}

bool isRunningState(TaskState state)
{
    switch (state) {
    case TaskState::Preparing:
    case TaskState::Implementing:
    case TaskState::Validating:
    case TaskState::Reviewing:
    case TaskState::Merging:
    case TaskState::Revising:
    case TaskState::NeedsInput:
        return true;
    default:
        return false;
    }
}

bool isTerminalState(TaskState state)
{
    return state == TaskState::Merged || state == TaskState::Rejected;
}

bool canTransition(TaskState from, TaskState to)
{
    using S = TaskState;
    if (from == to || isTerminalState(from))
        return false;
    // Any running state may stop: budget (Paused), an error (Failed), the app (Interrupted).
    if (isRunningState(from) && (to == S::Paused || to == S::Failed || to == S::Interrupted))
        return true;
    switch (from) {
    case S::Queued:
        return to == S::Preparing || to == S::Failed || to == S::Paused;
    case S::Preparing:
        return to == S::Implementing;
    case S::Implementing:
        return to == S::Validating || to == S::NeedsInput;
    case S::NeedsInput:
        return to == S::Implementing;
    case S::Validating:
        return to == S::Reviewing;
    case S::Reviewing:
        return to == S::ReadyForReview;
    case S::ReadyForReview:
        return to == S::Merging || to == S::Revising || to == S::Rejected;
    case S::Revising:
        return to == S::Implementing;
    // A merge that stops before landing leaves the task waiting for a decision again.
    case S::Merging:
        return to == S::Merged || to == S::ReadyForReview;
    case S::Paused:
        return isResumableStep(to) || to == S::Failed || to == S::Rejected;
    // Reconciling an interrupted merge with git ends in Merged (the base ref moved) or back in
    // ReadyForReview (it did not).
    case S::Interrupted:
        return isResumableStep(to) || to == S::Failed || to == S::Rejected ||
               to == S::ReadyForReview || to == S::Merged;
    case S::Failed:
        return to == S::Queued || to == S::Rejected;
    default:
        return false;
    }
}

} // namespace agentdesk::tasks
