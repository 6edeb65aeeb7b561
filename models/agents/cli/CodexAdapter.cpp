#include "agents/cli/CodexAdapter.h"

#include "agents/cli/CodexParser.h"

namespace agentdesk::agents {

CodexAdapter::CodexAdapter(CodexSettings settings)
    : CliAdapter(settings.cli)
    , m_codex(std::move(settings))
{}

Result<CliInvocation> CodexAdapter::invocation(const AgentRequest &request, const QString &) const
{
    if (VoidResult budget = checkBudget(request); !budget)
        return budget.error();
    CliInvocation invocation;
    invocation.arguments = {QStringLiteral("exec"), QStringLiteral("--json"),
                            QStringLiteral("--sandbox"), m_codex.sandbox};
    if (!request.model.isEmpty())
        invocation.arguments << QStringLiteral("--model") << request.model;
    // "--" so a prompt that starts with a dash is not read as an option.
    invocation.arguments << QStringLiteral("--") << request.prompt;
    if (!m_codex.apiKey.isEmpty())
        invocation.environment.insert(QStringLiteral("OPENAI_API_KEY"), m_codex.apiKey);
    if (!m_codex.baseUrl.isEmpty())
        invocation.environment.insert(QStringLiteral("OPENAI_BASE_URL"), m_codex.baseUrl);
    return invocation;
}

std::unique_ptr<CliStreamParser> CodexAdapter::createParser(const AgentRequest &request) const
{
    return std::make_unique<CodexParser>(request.model, request.pricer);
}

} // namespace agentdesk::agents
