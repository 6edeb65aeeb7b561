#pragma once

#include "agents/cli/CliAdapter.h"

namespace agentdesk::agents {

struct CodexSettings
{
    CliSettings cli{QStringLiteral("codex"), {}, {}, {}};
    QString apiKey;  // OPENAI_API_KEY; empty: Codex's own login
    QString baseUrl; // OPENAI_BASE_URL; empty: Codex's default
    QString sandbox = QStringLiteral("workspace-write");
};

// `codex exec --json --sandbox workspace-write [--model M] -- PROMPT`, in the worktree.
class CodexAdapter : public CliAdapter
{
public:
    explicit CodexAdapter(CodexSettings settings = {});

    QString backendId() const override { return QStringLiteral("codex"); }
    QString displayName() const override { return QStringLiteral("Codex"); }
    Result<CliInvocation> invocation(const AgentRequest &request,
                                     const QString &promptFile) const override;
    std::unique_ptr<CliStreamParser> createParser(const AgentRequest &request) const override;

private:
    CodexSettings m_codex;
};

} // namespace agentdesk::agents
