#pragma once

#include "agents/cli/CliAdapter.h"

namespace agentdesk::agents {

struct ClaudeCodeSettings
{
    CliSettings cli{QStringLiteral("claude"), {}, {}, {}};
    QString baseUrl; // ANTHROPIC_BASE_URL, from the provider settings; empty: Claude's default
    QString apiKey;  // ANTHROPIC_API_KEY; empty: Claude Code's own login
    QString permissionMode = QStringLiteral("acceptEdits");
    QStringList allowedTools; // from settings, e.g. "Bash(npm test:*)"
};

// `claude -p --input-format stream-json --output-format stream-json --verbose
// --permission-prompt-tool stdio [--model M] [--max-budget-usd REMAINING] --permission-mode
// acceptEdits [--allowedTools ...] [--max-turns N]`, in the worktree. The prompt goes to
// standard input as a stream-json `user` message (never on the command line), and standard
// input stays open for the answers to its permission requests until its `result` line.
class ClaudeCodeAdapter : public CliAdapter
{
public:
    explicit ClaudeCodeAdapter(ClaudeCodeSettings settings = {});

    QString backendId() const override { return QStringLiteral("claude-code"); }
    QString displayName() const override { return QStringLiteral("Claude Code"); }
    Result<CliInvocation> invocation(const AgentRequest &request,
                                     const CliRunContext &context) const override;
    std::unique_ptr<CliStreamParser> createParser(const AgentRequest &request) const override;
    // Claude Code prints total_cost_usd and stops itself at --max-budget-usd; streamed usage
    // arrives per call.
    CliMetering metering() const override
    {
        return {CliMetering::Cost::Reported, CliMetering::Timing::PerCall};
    }
    bool canAskPermissions() const override { return true; }
    QByteArray encodePermissionAnswer(const PermissionRequest &request,
                                      const PermissionDecision &decision) const override;

private:
    ClaudeCodeSettings m_claude;
};

} // namespace agentdesk::agents
