#pragma once

#include "tasks/TaskId.h"

#include <QString>

namespace agentdesk::tasks {

// A task's branch: `agentdesk/<id>-<slug>`. The slug is ASCII lowercase letters, digits and
// single hyphens, at most `maxSlugLength` characters, never empty ("task" when the title has
// nothing usable), so the name is always a valid git ref whatever the title holds.
class BranchName
{
public:
    static constexpr int maxSlugLength = 40;

    static QString slug(const QString &title);
    static QString forTask(TaskId id, const QString &title);
};

} // namespace agentdesk::tasks
