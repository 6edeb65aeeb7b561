#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace agentdesk::tasks {

// The lifecycle of ARCHITECTURE.md §4. The storage names below are written to the database:
// never rename one, add a new state instead.
enum class TaskState
{
    Queued,
    Preparing,
    Implementing,
    Validating,
    Reviewing,
    ReadyForReview,
    Merging,
    Merged,
    Revising,
    Rejected,
    Paused,
    Failed,
    Interrupted,
    // A CLI agent asks to use a tool and waits for the user's answer (issue 19); its process
    // stays alive and no time runs. Only ever entered from, and left back to, Implementing.
    NeedsInput,
};

constexpr int taskStateCount = 14;

// Every state, in declaration order (for tables and tests).
QList<TaskState> allTaskStates();

// Stable identifier for storage and JSON ("ready-for-review").
QString taskStateStorageName(TaskState state);
std::optional<TaskState> taskStateFromStorageName(const QString &name);
// Words for people ("Ready for review").
QString taskStateDisplayName(TaskState state);

// States in which a worker is (or was, before a crash) doing something: the app stopping in
// one of them leaves the task Interrupted.
bool isRunningState(TaskState state);
// States no transition leaves.
bool isTerminalState(TaskState state);

// The transition table of ARCHITECTURE.md §4, plus the recoveries it implies: an Interrupted
// or Paused task resumes into the step it stopped in (or back to Queued to re-run), and a
// Failed task can be re-queued.
bool canTransition(TaskState from, TaskState to);

} // namespace agentdesk::tasks
