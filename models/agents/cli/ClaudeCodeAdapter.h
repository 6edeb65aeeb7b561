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

// `claude -p PROMPT --output-format stream-json --verbose --model M --max-budget-usd REMAINING
// --permission-mode acceptEdits [--allowedTools ...] [--max-turns N]`, in the worktree.
class ClaudeCodeAdapter : public CliAdapter
{
public:
    explicit ClaudeCodeAdapter(ClaudeCodeSettings settings = {});

    QString backendId() const override { return QStringLiteral("claude-code"); }
    QString displayName() const override { return QStringLiteral("Claude Code"); }
    Result<CliInvocation> invocation(const AgentRequest &request,
                                     const QString &promptFile) const override;
    std::unique_ptr<CliStreamParser> createParser(const AgentRequest &request) const override;

private:
    ClaudeCodeSettings m_claude;
};

} // namespace agentdesk::agents
