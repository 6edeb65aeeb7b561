#pragma once

#include <QStringList>
#include <QTextStream>

namespace agentdesk::app {

// `agentdesk dispatch --repo PATH --title T --prompt P [options] [--wait] [--json]`: queues a
// task; with --wait, runs it to its end in this process and prints what it did.
int dispatchCommand(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace agentdesk::app
