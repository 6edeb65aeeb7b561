#pragma once

#include "core/Money.h"
#include "tasks/TaskId.h"
#include "tasks/TaskState.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

namespace agentdesk::tasks {

// What a running task is doing right now, for the queue and the cost meter. The engine sends
// these to the GUI thread coalesced (at most about 30 per second for all tasks together, the
// latest value per task), never one per streamed token. A value: it owns everything it says.
struct TaskProgress
{
    TaskId taskId = 0;
    int iteration = 1;
    TaskState state = TaskState::Queued;
    // Spent on this task so far, all iterations and roles, including the estimate of a call
    // still streaming; exact once the call has finished.
    Money spent;
    Money budget;
    qint64 inputTokens = 0;  // this iteration
    qint64 outputTokens = 0; // this iteration
    // One line: "Editing src/parser.cpp", "Running the tests", the model's latest sentence.
    QString activity;
    QDateTime startedAt; // when the current iteration started (UTC)
    QDateTime at;        // when this snapshot was taken (UTC)
    friend bool operator==(const TaskProgress &, const TaskProgress &) = default;
};

using TaskProgressList = QList<TaskProgress>;

} // namespace agentdesk::tasks

Q_DECLARE_METATYPE(agentdesk::tasks::TaskProgress)
