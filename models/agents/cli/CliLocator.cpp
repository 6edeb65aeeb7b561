#include "agents/cli/CliLocator.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace agentdesk::agents {

QStringList systemSearchPath()
{
    return QString::fromLocal8Bit(qgetenv("PATH")).split(QDir::listSeparator(), Qt::SkipEmptyParts);
}

Result<QString> locateCli(const QString &executable, const QStringList &searchPath,
                          const QString &displayName)
{
    if (executable.trimmed().isEmpty())
        return makeError(QStringLiteral("cli-not-configured"),
                         QStringLiteral("No command is configured for %1.").arg(displayName));
    if (QDir::isAbsolutePath(executable)) {
        const QFileInfo info(executable);
        if (info.isFile() && info.isExecutable())
            return info.absoluteFilePath();
        return makeError(QStringLiteral("cli-not-installed"),
                         QStringLiteral("%1 was not found at %2, or it is not executable. Fix the "
                                        "path in Settings.")
                             .arg(displayName, executable));
    }
    const QString found = QStandardPaths::findExecutable(
        executable, searchPath.isEmpty() ? systemSearchPath() : searchPath);
    if (found.isEmpty())
        return makeError(QStringLiteral("cli-not-installed"),
                         QStringLiteral("%1 is not installed: `%2` is not on the PATH. Install it, "
                                        "or set its full path in Settings.")
                             .arg(displayName, executable));
    return found;
}

} // namespace agentdesk::agents
