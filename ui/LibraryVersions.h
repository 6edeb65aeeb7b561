#pragma once

#include <QList>
#include <QString>

namespace agentdesk::ui {

struct LibraryVersion
{
    QString name;
    QString version;
};

// AgentDesk and the libraries it runs with, as the About dialog and `agentdesk --version` show
// them: the versions loaded at run time where the library can say (Qt, libgit2), the build's
// otherwise (KSyntaxHighlighting has no run-time version call).
QList<LibraryVersion> libraryVersions();

// One line per library, "AgentDesk 0.1.0", "Qt 6.4.2", ...
QString libraryVersionsText();

} // namespace agentdesk::ui
