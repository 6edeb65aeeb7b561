#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>

#include <functional>

namespace agentdesk::app {

// One verb of the headless command line (`agentdesk diff ...`). `run` gets the arguments after
// the verb and returns the process exit status: 0 success, 1 the operation failed, 2 the
// arguments were wrong. Output for scripts goes to `out`, diagnostics to `err`.
struct HeadlessCommand
{
    QString name;
    QString usage;   // e.g. "diff --repo PATH FROM..TO [--json]"
    QString summary; // one line for `agentdesk --help`
    std::function<int(const QStringList &arguments, QTextStream &out, QTextStream &err)> run;
};

} // namespace agentdesk::app
