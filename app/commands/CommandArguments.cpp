#include "app/commands/CommandArguments.h"

namespace agentdesk::app {

ParsedArguments parseArguments(const QStringList &arguments, const QSet<QString> &valueOptions,
                               const QSet<QString> &flagOptions)
{
    ParsedArguments parsed;
    for (int i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (!argument.startsWith(QLatin1String("--"))) {
            parsed.positional.append(argument);
            continue;
        }
        QString name = argument;
        QString value;
        bool inlineValue = false;
        if (const qsizetype equals = argument.indexOf(QLatin1Char('=')); equals > 0) {
            name = argument.left(equals);
            value = argument.mid(equals + 1);
            inlineValue = true;
        }
        if (flagOptions.contains(name) && !inlineValue) {
            parsed.flags.insert(name);
        } else if (valueOptions.contains(name)) {
            if (!inlineValue) {
                if (i + 1 >= arguments.size()) {
                    parsed.error = QStringLiteral("%1 needs a value").arg(name);
                    return parsed;
                }
                value = arguments.at(++i);
            }
            parsed.values.insert(name, value);
        } else {
            parsed.error = QStringLiteral("unknown option %1").arg(name);
            return parsed;
        }
    }
    return parsed;
}

Result<tasks::TaskId> parseTaskId(const QString &text)
{
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    if (!ok || id <= 0)
        return makeError(
            QStringLiteral("bad-task"),
            QStringLiteral("'%1' is not a task number (see `agentdesk list`)").arg(text));
    return tasks::TaskId(id);
}

} // namespace agentdesk::app
