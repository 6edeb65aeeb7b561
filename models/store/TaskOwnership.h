#pragma once

#include "store/StoreTypes.h"

#include <QString>

namespace agentdesk::store {

// Whether a task the store shows in a running state has nobody running it: its owner process
// is gone, or it was never claimed and no engine holds the data folder (`engineRunning`,
// StoreReader::engineRunning()). Such a task is Interrupted in all but name until the next
// engine start marks it so; `list` and `show` say so without writing anything.
bool isOrphaned(const TaskRecord &task, bool engineRunning);

// The state as `list` and `show` print it: the state's name, or "Interrupted (no AgentDesk
// is running it)" for an orphaned task.
QString stateDescription(const TaskRecord &task, bool engineRunning);

} // namespace agentdesk::store
