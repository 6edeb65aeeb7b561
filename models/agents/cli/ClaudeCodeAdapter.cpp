#include "agents/cli/ClaudeCodeAdapter.h"

#include "agents/cli/ClaudeCodeParser.h"
#include "agents/cli/ClaudeControlProtocol.h"

namespace agentdesk::agents {

ClaudeCodeAdapter::ClaudeCodeAdapter(ClaudeCodeSettings settings)
    : CliAdapter(settings.cli)
    , m_claude(std::move(settings))
{}

Result<CliInvocation> ClaudeCodeAdapter::invocation(const AgentRequest &request,
                                                    const CliRunContext &) const
{
    if (VoidResult budget = checkBudget(request); !budget)
        return budget.error();
    CliInvocation invocation;
    // --verbose is required with stream-json in print mode (without it the CLI exits 1).
    // --permission-prompt-tool stdio turns the questions it cannot answer from its rules into
    // control requests on standard output instead of silent denials.
    invocation.arguments = {QStringLiteral("-p"),
                            QStringLiteral("--input-format"),
                            QStringLiteral("stream-json"),
                            QStringLiteral("--output-format"),
                            QStringLiteral("stream-json"),
                            QStringLiteral("--verbose"),
                            QStringLiteral("--permission-prompt-tool"),
                            QStringLiteral("stdio")};
    if (!request.model.isEmpty())
        invocation.arguments << QStringLiteral("--model") << request.model;
    if (request.remainingBudget)
        invocation.arguments << QStringLiteral("--max-budget-usd")
                             << request.remainingBudget->toDecimalString();
    invocation.arguments << QStringLiteral("--permission-mode") << m_claude.permissionMode;
    QStringList allowed = m_claude.allowedTools;
    for (const PermissionRule &rule : request.alwaysAllowed) {
        if (!allowed.contains(rule.toString()))
            allowed.append(rule.toString());
    }
    if (!allowed.isEmpty())
        invocation.arguments << QStringLiteral("--allowedTools") << allowed.join(QLatin1Char(','));
    if (request.maxTurns > 0)
        invocation.arguments << QStringLiteral("--max-turns") << QString::number(request.maxTurns);
    if (!m_claude.baseUrl.isEmpty())
        invocation.environment.insert(QStringLiteral("ANTHROPIC_BASE_URL"), m_claude.baseUrl);
    if (!m_claude.apiKey.isEmpty())
        invocation.environment.insert(QStringLiteral("ANTHROPIC_API_KEY"), m_claude.apiKey);
    invocation.input = claude::userMessage(request.prompt);
    invocation.keepInputOpen = true;
    return invocation;
}

std::unique_ptr<CliStreamParser> ClaudeCodeAdapter::createParser(const AgentRequest &request) const
{
    return std::make_unique<ClaudeCodeParser>(request.pricer);
}

QByteArray ClaudeCodeAdapter::encodePermissionAnswer(const PermissionRequest &request,
                                                     const PermissionDecision &decision) const
{
    return claude::encodeAnswer(request, decision);
}

} // namespace agentdesk::agents
