#pragma once

#include "core/Result.h"

#include <QString>
#include <QStringList>

namespace agentdesk::git {

// The untracked paths git ignores in a work tree, relative to its root, with '/' separators and
// sorted. An ignored folder is listed once, with a trailing '/' ("node_modules/"), and not
// entered: every file under it is ignored too. A tracked file is never listed, even when an
// ignore rule matches it. Runs on the caller's (worker) thread. Error code: "status-failed".
Result<QStringList> ignoredPaths(const QString &workdir);

} // namespace agentdesk::git
