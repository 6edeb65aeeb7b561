#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>

namespace agentdesk::app {

// The task verbs that need the engine: `resume TASK [--wait]`, `revise TASK --request TEXT
// [--wait]`, `budget TASK --add USD [--wait]`, `merge TASK` (always to its end), `reject TASK`
// and `restore TASK`.
int engineTaskCommand(const QString &verb, const QStringList &arguments, QTextStream &out,
                      QTextStream &err);

} // namespace agentdesk::app
