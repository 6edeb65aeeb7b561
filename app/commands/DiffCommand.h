#pragma once

#include "app/HeadlessCommand.h"

namespace agentdesk::app {

// `agentdesk diff --repo PATH FROM..TO [--json]`: per file the old and new path, status,
// added/removed counts and the number of rows of the side-by-side document, then totals. Like
// the review screen, the diff runs from merge-base(FROM, TO) to TO. The JSON form (one object)
// is a stable interface for scripts: fields are only ever added.
HeadlessCommand diffCommand();

int runDiffCommand(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace agentdesk::app
