#pragma once

#include "app/HeadlessCommand.h"

namespace agentdesk::app {

// `env check --repo PATH [--base BRANCH] [--json]`: Settings' "Test the environment", headless.
// Prepares a scratch checkout of the base as a task's would be (.worktreeinclude copies, the
// recipe's or the detected setup, the recipe's ports and [env]), runs the validation command
// there as a task's validation does, prints what was chosen and why, the setup's outcome and
// the test counts, and removes the checkout. Exit 0 when setup and tests pass, 1 when either
// fails (or the recipe is malformed: its line is named), 2 for wrong arguments.
HeadlessCommand envCommand();

} // namespace agentdesk::app
