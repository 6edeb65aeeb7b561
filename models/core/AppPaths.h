#pragma once

#include <QString>

namespace agentdesk {

// Where AgentDesk keeps its files. Follows the XDG base directories so that a test isolates
// everything by pointing XDG_CONFIG_HOME and XDG_DATA_HOME at a temporary directory.
class AppPaths
{
public:
    // $XDG_CONFIG_HOME/agentdesk (settings).
    static QString configDir();
    // $XDG_DATA_HOME/agentdesk (database, task worktrees, logs).
    static QString dataDir();
    // <dataDir>/worktrees: task worktrees live outside the user's checkout.
    static QString worktreesDir();
    // <dataDir>/environment-cache: what task setups made, for the next checkout with its key.
    static QString environmentCacheDir();
    // <configDir>/agentdesk.conf
    static QString settingsFile();
    // <dataDir>/agentdesk.sqlite
    static QString databaseFile();

    // Creates the directories above; false if one cannot be created.
    static bool ensureCreated();
};

} // namespace agentdesk
