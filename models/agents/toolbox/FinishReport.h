#pragma once

#include "core/Result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace agentdesk::agents {

// A decision the implementer made that the human should look at, anchored where it applies.
struct ReviewDecision
{
    QString description;
    QString file; // relative to the worktree; empty when it applies to the whole change
    int line = 0; // 1-based; 0 when not tied to a line
    friend bool operator==(const ReviewDecision &, const ReviewDecision &) = default;
};

// The implementer's own account of its run, from the `finish` tool.
struct FinishReport
{
    QString summary;
    QList<ReviewDecision> decisions;

    // Validates the `finish` tool's input; the error message tells the model what to fix.
    static Result<FinishReport> fromToolInput(const QJsonObject &input);
    QJsonObject toJson() const;
    friend bool operator==(const FinishReport &, const FinishReport &) = default;
};

} // namespace agentdesk::agents
