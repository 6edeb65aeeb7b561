#pragma once

#include <QDateTime>
#include <QString>

namespace agentdesk::tasks {

// One run of the implementer → validation → review pipeline: the first (number 1), then one
// per revision request. Each keeps its own commits, so its diff is reproducible later.
struct Iteration
{
    int number = 1;
    QString baseCommit;  // what this iteration's diff is against
    QString headCommit;  // the branch head it produced; empty while running
    QString requestText; // the revision request; empty for the first iteration
    QString reportMarkdown;
    QDateTime startedAt;
    QDateTime finishedAt; // invalid while running

    bool isFinished() const { return finishedAt.isValid(); }
    friend bool operator==(const Iteration &, const Iteration &) = default;
};

} // namespace agentdesk::tasks
