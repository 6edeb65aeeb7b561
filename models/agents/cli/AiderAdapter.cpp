#include "agents/cli/AiderAdapter.h"

#include "agents/cli/AiderParser.h"

namespace agentdesk::agents {

AiderAdapter::AiderAdapter(AiderSettings settings)
    : CliAdapter(std::move(settings.cli))
{}

Result<CliInvocation> AiderAdapter::invocation(const AgentRequest &request,
                                               const CliRunContext &) const
{
    if (VoidResult budget = checkBudget(request); !budget)
        return budget.error();
    CliInvocation invocation;
    invocation.arguments = {QStringLiteral("--message"), request.prompt,
                            QStringLiteral("--yes-always"), QStringLiteral("--no-auto-commits"),
                            QStringLiteral("--no-pretty")};
    if (!request.model.isEmpty())
        invocation.arguments << QStringLiteral("--model") << request.model;
    return invocation;
}

std::unique_ptr<CliStreamParser> AiderAdapter::createParser(const AgentRequest &request) const
{
    return std::make_unique<AiderParser>(request.model, request.pricer);
}

} // namespace agentdesk::agents
