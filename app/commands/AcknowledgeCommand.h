#pragma once

#include <QStringList>
#include <QTextStream>

namespace agentdesk::app {

// `acknowledge TASK [FINDING…|--all] [--undo]`: the window's acknowledge, headless. Marks the
// named findings of the task (or, with --all, every one of its latest iteration that blocks the
// merge) as judged harmless by the user, so the gate no longer counts them; --undo takes the
// acknowledgement back. A finding number that is not the task's is refused and nothing changes.
int acknowledgeCommand(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace agentdesk::app
