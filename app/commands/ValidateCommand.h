#pragma once

#include <QStringList>
#include <QTextStream>

namespace agentdesk::app {

// `validate TASK`: runs the repository's tests again on a clean checkout of the task branch's
// head, without an agent or a model call, and records the result as the latest iteration's
// validation, so the merge gate judges that head by it (issue 16: a head no step validated).
// Exit code 0 when it passed, 1 when it failed or could not run, 2 for usage errors. Refused
// for a running task and for one without a branch and worktree.
int validateCommand(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace agentdesk::app
