#pragma once

#include <QtGlobal>

namespace agentdesk::tasks {

// A task's row id in the store: positive once stored, 0 for "none".
using TaskId = qint64;

} // namespace agentdesk::tasks
