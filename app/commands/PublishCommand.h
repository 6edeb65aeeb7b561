#pragma once

#include "app/HeadlessCommand.h"

namespace agentdesk::app {

// `agentdesk publish TASK [--draft] [--title TEXT] [--base BRANCH] [--json]`: pushes the
// task's branch and opens (or, after a revision, updates) its pull request.
HeadlessCommand publishCommand();

} // namespace agentdesk::app
