#pragma once

#include "app/HeadlessCommand.h"

#include <QList>

namespace agentdesk::app {

// The task verbs over the engine: dispatch, run, list, show, resume, budget, revise.
QList<HeadlessCommand> taskCommands();

} // namespace agentdesk::app
