#include "agents/cli/ClaudeCodeAdapter.h"

#include "agents/cli/ClaudeCodeParser.h"

namespace agentdesk::agents {

ClaudeCodeAdapter::ClaudeCodeAdapter(ClaudeCodeSettings settings)
    : CliAdapter(settings.cli)
    , m_claude(std::move(settings))
{}

Result<CliInvocation> ClaudeCodeAdapter::invocation(const AgentRequest &request,
                                                    const QString &) const
{
    if (VoidResult budget = checkBudget(request); !budget)
        return budget.error();
    CliInvocation invocation;
    // The CLI's option parser would take a prompt starting with "-" for an unknown option;
    // a leading space changes nothing for the model.
    const QString prompt = request.prompt.startsWith(QLatin1Char('-'))
                               ? QLatin1Char(' ') + request.prompt
                               : request.prompt;
    // --verbose is required with stream-json in print mode (without it the CLI exits 1).
    invocation.arguments = {QStringLiteral("-p"), prompt, QStringLiteral("--output-format"),
                            QStringLiteral("stream-json"), QStringLiteral("--verbose")};
    if (!request.model.isEmpty())
        invocation.arguments << QStringLiteral("--model") << request.model;
    if (request.remainingBudget)
        invocation.arguments << QStringLiteral("--max-budget-usd")
                             << request.remainingBudget->toDecimalString();
    invocation.arguments << QStringLiteral("--permission-mode") << m_claude.permissionMode;
    if (!m_claude.allowedTools.isEmpty())
        invocation.arguments << QStringLiteral("--allowedTools")
                             << m_claude.allowedTools.join(QLatin1Char(','));
    if (request.maxTurns > 0)
        invocation.arguments << QStringLiteral("--max-turns") << QString::number(request.maxTurns);
    if (!m_claude.baseUrl.isEmpty())
        invocation.environment.insert(QStringLiteral("ANTHROPIC_BASE_URL"), m_claude.baseUrl);
    if (!m_claude.apiKey.isEmpty())
        invocation.environment.insert(QStringLiteral("ANTHROPIC_API_KEY"), m_claude.apiKey);
    return invocation;
}

std::unique_ptr<CliStreamParser> ClaudeCodeAdapter::createParser(const AgentRequest &request) const
{
    return std::make_unique<ClaudeCodeParser>(request.pricer);
}

} // namespace agentdesk::agents
