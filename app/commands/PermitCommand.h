#pragma once

#include <QStringList>
#include <QTextStream>

namespace agentdesk::app {

// `permit TASK --allow|--deny [--always]`: the window's Allow once / Allow always / Deny,
// headless. Writes the answer to the oldest question the task's agent waits on (Needs input)
// into the store, without an engine of its own: the engine running the task — `agentdesk
// run`, `dispatch --wait` or the window, in another process — polls the store and hands the
// answer to the agent within about a second. A task waiting on nothing is refused.
int permitCommand(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace agentdesk::app
