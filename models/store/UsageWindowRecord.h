#pragma once

#include "tasks/TaskId.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace agentdesk::store {

// A CLI agent's subscription usage window as last reported (issue 19, migration 8): one row
// per agent ("claude-code", "codex"). The store sits below the agents layer, so the status is
// kept by its stable name ("allowed", "allowed_warning", "rejected"), as
// agents::UsageWindow spells it.
struct UsageWindowRecord
{
    QString agent;
    QString vendor;
    QString status;
    QString windowType;
    QDateTime resetsAt; // UTC; invalid when the agent did not say
    std::optional<double> utilization;
    bool usingOverage = false;
    tasks::TaskId reportedBy = 0; // the task whose run reported it
    QDateTime reportedAt;
};

// A paused task that continues on its own at `at` (a usage window's reset): the engine arms a
// timer for the earliest one and resumes it then, this process or the next one to open the
// data folder. A resume of any kind removes it.
struct ScheduledResume
{
    tasks::TaskId taskId = 0;
    QDateTime at; // UTC
    QString cause; // "usage-window:claude-code"
};

} // namespace agentdesk::store
