#pragma once

#include "core/Result.h"
#include "tasks/TaskId.h"

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

namespace agentdesk::app {

// Options of the form `--name VALUE` (or `--name=VALUE`) and flags `--name`; the rest are
// positional. `error` says what was wrong, for the command's usage message.
struct ParsedArguments
{
    QHash<QString, QString> values;
    QSet<QString> flags;
    QStringList positional;
    QString error;
};

ParsedArguments parseArguments(const QStringList &arguments, const QSet<QString> &valueOptions,
                               const QSet<QString> &flagOptions);
// A task number as the commands take it ("bad-task" otherwise).
Result<tasks::TaskId> parseTaskId(const QString &text);

} // namespace agentdesk::app
