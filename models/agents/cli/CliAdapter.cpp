#include "agents/cli/CliAdapter.h"

namespace agentdesk::agents {

CliAdapter::CliAdapter(CliSettings settings)
    : m_settings(std::move(settings))
{}

CliAdapter::~CliAdapter() = default;

QString CliAdapter::effectiveModel(const QString &requested, const QProcessEnvironment &) const
{
    return requested;
}

QByteArray CliAdapter::encodePermissionAnswer(const PermissionRequest &,
                                              const PermissionDecision &) const
{
    return {};
}

VoidResult CliAdapter::checkBudget(const AgentRequest &request)
{
    if (request.remainingBudget && request.remainingBudget->nanodollars() <= 0)
        return makeError(QStringLiteral("budget-reached"),
                         QStringLiteral("The task's budget is spent; raise it to continue."));
    return {};
}

} // namespace agentdesk::agents
