#pragma once

#include <QMap>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace agentdesk::agents {

// The environment an agent CLI runs with: only the variables a CLI needs to work at all (PATH,
// HOME, locale, temp and XDG directories, proxies) are copied from ours, then the ones the
// backend passes on purpose (its provider's base URL and key), and the names an adapter lets
// through for the CLI's own configuration (`alsoInherited`: exact names, or a prefix ending
// in "*", e.g. "OPENAI_*"). Everything else, in particular every other credential in the
// user's shell, stays out.
QProcessEnvironment scrubbedEnvironment(const QProcessEnvironment &from,
                                        const QMap<QString, QString> &explicitVariables,
                                        const QStringList &alsoInherited = {});

// The names copied from the parent environment (exact names; LC_* is matched as a prefix).
QStringList inheritedVariableNames();

} // namespace agentdesk::agents
