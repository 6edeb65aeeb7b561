#pragma once

#include "tasks/TaskId.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace agentdesk::store {

// A question a CLI agent is waiting on (issue 19, migration 7), as stored: the running engine
// records it when the agent asks, a decision is written by whoever answers (the window, or
// `agentdesk permit` in another process), and the engine that runs the task polls for it,
// answers the agent and settles the row. The store sits below the agents layer, so the
// question is kept as agents::PermissionRequest::toJson() and the answer by its stable name
// ("allow", "allow_always", "deny").
struct PermissionQuestionRecord
{
    qint64 id = 0;
    tasks::TaskId taskId = 0;
    int iteration = 0;
    QString requestId; // the agent's own id for the question
    QString toolName;
    QString summary; // "Bash: npm test"
    QString reason;  // why the agent asks
    QJsonObject request;
    QDateTime askedAt;
    QString answer; // empty until answered
    QString answeredBy;
    QDateTime answeredAt;
    // Set once the engine has delivered the answer, or the question is gone (withdrawn, run
    // ended): "delivered", "withdrawn", "run-ended".
    QString settled;

    bool answered() const { return !answer.isEmpty(); }
};

} // namespace agentdesk::store
