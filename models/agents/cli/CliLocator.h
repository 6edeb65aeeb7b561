#pragma once

#include "core/Result.h"

#include <QString>
#include <QStringList>

namespace agentdesk::agents {

// Finds an agent CLI's executable: an absolute path is checked as is, a bare name is looked up
// in `searchPath` (or our PATH when empty). Cheap (a few stat calls), so it is safe at dispatch
// time on any thread; the error says what to install or configure.
Result<QString> locateCli(const QString &executable, const QStringList &searchPath,
                          const QString &displayName);

// The directories of our own PATH.
QStringList systemSearchPath();

} // namespace agentdesk::agents
