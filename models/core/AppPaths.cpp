#include "core/AppPaths.h"

#include <QDir>

namespace agentdesk {

namespace {

QString xdgBase(const char *variable, const char *fallbackUnderHome)
{
    // An unset or relative value is ignored, as the XDG base directory specification says.
    const QString value = qEnvironmentVariable(variable);
    if (!value.isEmpty() && QDir::isAbsolutePath(value))
        return QDir::cleanPath(value);
    return QDir::homePath() + QLatin1Char('/') + QLatin1String(fallbackUnderHome);
}

} // namespace

QString AppPaths::configDir()
{
    return xdgBase("XDG_CONFIG_HOME", ".config") + QStringLiteral("/agentdesk");
}

QString AppPaths::dataDir()
{
    return xdgBase("XDG_DATA_HOME", ".local/share") + QStringLiteral("/agentdesk");
}

QString AppPaths::environmentCacheDir()
{
    return dataDir() + QStringLiteral("/environment-cache");
}

QString AppPaths::worktreesDir()
{
    return dataDir() + QStringLiteral("/worktrees");
}

QString AppPaths::settingsFile()
{
    return configDir() + QStringLiteral("/agentdesk.conf");
}

QString AppPaths::databaseFile()
{
    return dataDir() + QStringLiteral("/agentdesk.sqlite");
}

bool AppPaths::ensureCreated()
{
    QDir dir;
    return dir.mkpath(configDir()) && dir.mkpath(dataDir()) && dir.mkpath(worktreesDir());
}

} // namespace agentdesk
