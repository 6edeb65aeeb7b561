#include "tasks/TaskEvent.h"

#include <array>

namespace agentdesk::tasks {

namespace {

constexpr std::array<std::pair<TaskEventKind, const char *>, 7> kindNames{{
    {TaskEventKind::ModelText, "model-text"},
    {TaskEventKind::ToolCall, "tool-call"},
    {TaskEventKind::ToolResult, "tool-result"},
    {TaskEventKind::Usage, "usage"},
    {TaskEventKind::ValidationOutput, "validation-output"},
    {TaskEventKind::StateChange, "state-change"},
    {TaskEventKind::Note, "note"},
}};

} // namespace

QString taskEventKindStorageName(TaskEventKind kind)
{
    for (const auto &[value, name] : kindNames) {
        if (value == kind)
            return QString::fromLatin1(name);
    }
    return QStringLiteral("note");
}

std::optional<TaskEventKind> taskEventKindFromStorageName(const QString &name)
{
    for (const auto &[value, storage] : kindNames) {
        if (name == QLatin1String(storage))
            return value;
    }
    return std::nullopt;
}

TaskEvent TaskEvent::make(TaskId taskId, int iteration, TaskEventKind kind, QJsonObject payload)
{
    return TaskEvent{taskId, iteration, kind, QDateTime::currentDateTimeUtc(), std::move(payload)};
}

} // namespace agentdesk::tasks
