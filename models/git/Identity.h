#pragma once

#include <QString>

namespace agentdesk::git {

// Author and committer of the commits AgentDesk writes (configurable per task).
struct Identity
{
    QString name = QStringLiteral("AgentDesk");
    QString email = QStringLiteral("agentdesk@localhost");
};

} // namespace agentdesk::git
