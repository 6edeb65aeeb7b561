#pragma once

#include "agents/cli/CliAdapter.h"

namespace agentdesk::agents {

struct AiderSettings
{
    // Aider reads the key for its model's provider (ANTHROPIC_API_KEY, OPENAI_API_KEY, ...):
    // put it in cli.environment.
    CliSettings cli{QStringLiteral("aider"), {}, {}, {}};
};

// `aider --message PROMPT --yes-always --no-auto-commits --no-pretty [--model M]`, in the
// worktree. AgentDesk commits the result itself, hence --no-auto-commits.
class AiderAdapter : public CliAdapter
{
public:
    explicit AiderAdapter(AiderSettings settings = {});

    QString backendId() const override { return QStringLiteral("aider"); }
    QString displayName() const override { return QStringLiteral("Aider"); }
    Result<CliInvocation> invocation(const AgentRequest &request,
                                     const CliRunContext &context) const override;
    std::unique_ptr<CliStreamParser> createParser(const AgentRequest &request) const override;
    // Aider prints "Cost: $… message, $… session" after each reply.
    CliMetering metering() const override
    {
        return {CliMetering::Cost::Reported, CliMetering::Timing::PerCall};
    }
};

} // namespace agentdesk::agents
