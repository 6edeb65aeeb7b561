#pragma once

#include "tasks/TaskId.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace agentdesk::tasks {

enum class TaskEventKind
{
    ModelText,
    ToolCall,
    ToolResult,
    Usage,
    ValidationOutput,
    StateChange,
    Note,
};

QString taskEventKindStorageName(TaskEventKind kind); // "model-text", "tool-call", ...
std::optional<TaskEventKind> taskEventKindFromStorageName(const QString &name);

// One entry of a task's timeline, as a worker reports it and the store keeps it. A value:
// it crosses threads in queued signals and owns everything it says.
struct TaskEvent
{
    TaskId taskId = 0;
    int iteration = 1;
    TaskEventKind kind = TaskEventKind::Note;
    QDateTime at; // UTC
    QJsonObject payload;

    static TaskEvent make(TaskId taskId, int iteration, TaskEventKind kind,
                          QJsonObject payload = {});
    friend bool operator==(const TaskEvent &, const TaskEvent &) = default;
};

} // namespace agentdesk::tasks
