#include "agents/cli/CliAgents.h"

namespace agentdesk::agents {

QStringList cliBackendIds()
{
    return {QStringLiteral("claude-code"), QStringLiteral("codex"), QStringLiteral("aider"),
            QStringLiteral("custom")};
}

bool isCliBackendId(const QString &backendId)
{
    return cliBackendIds().contains(backendId);
}

Result<std::shared_ptr<const CliAdapter>> cliAdapterFor(const QString &backendId,
                                                        const CliAgentSettings &settings)
{
    std::shared_ptr<const CliAdapter> adapter;
    if (backendId == QLatin1String("claude-code"))
        adapter = std::make_shared<ClaudeCodeAdapter>(settings.claudeCode);
    else if (backendId == QLatin1String("codex"))
        adapter = std::make_shared<CodexAdapter>(settings.codex);
    else if (backendId == QLatin1String("aider"))
        adapter = std::make_shared<AiderAdapter>(settings.aider);
    else if (backendId == QLatin1String("custom"))
        adapter = std::make_shared<CustomCommandAdapter>(settings.custom);
    else
        return makeError(QStringLiteral("unknown-agent"),
                         QStringLiteral("Unknown CLI agent \"%1\"; use one of: %2.")
                             .arg(backendId, cliBackendIds().join(QStringLiteral(", "))));
    return adapter;
}

} // namespace agentdesk::agents
