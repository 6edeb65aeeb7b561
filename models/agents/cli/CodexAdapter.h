#pragma once

#include "agents/cli/CliAdapter.h"

namespace agentdesk::agents {

struct CodexSettings
{
    CliSettings cli{QStringLiteral("codex"), {}, {}, {}};
    // AgentDesk's own OpenAI endpoint and key (Settings, else OPENAI_BASE_URL / OPENAI_API_KEY,
    // as for the built-in agents). Both empty: Codex runs with the user's own login and
    // config.toml, untouched.
    QString apiKey;
    QString baseUrl; // with or without the trailing "/v1"
    QString sandbox = QStringLiteral("workspace-write");
    // An unreachable endpoint makes Codex print "Reconnecting... waiting for network" for ever.
    // The run ends with "cannot reach …" after this many such lines in a row, or after this
    // long without any line while it reconnects.
    int maxReconnects = 4;
    int reconnectInactivityMs = 90'000;
};

// The model name that means "whatever the user's Codex configuration uses" (no --model).
inline constexpr const char kCodexDefaultModel[] = "default";

// `codex exec --json --sandbox workspace-write [-c model_providers.agentdesk={…}
// -c model_provider=agentdesk] [--model M] -`, in the worktree, with the prompt on standard
// input (a prompt argument makes Codex 0.171 also read standard input, "Reading additional
// input from stdin…"). Codex 0.171 ignores OPENAI_BASE_URL and never sends OPENAI_API_KEY: a
// base URL goes in as a per-run provider table (wire_api "responses", the only one it accepts;
// no WebSocket attempts), the key in the environment only (AGENTDESK_CODEX_API_KEY, the table's
// env_key; CODEX_API_KEY for the built-in provider), never on the command line. TMPDIR is a
// private folder: Codex refuses to create its sandbox helper in a temporary folder that contains
// CODEX_HOME, and then every command fails.
class CodexAdapter : public CliAdapter
{
public:
    explicit CodexAdapter(CodexSettings settings = {});

    QString backendId() const override { return QStringLiteral("codex"); }
    QString displayName() const override { return QStringLiteral("Codex"); }
    Result<CliInvocation> invocation(const AgentRequest &request,
                                     const CliRunContext &context) const override;
    std::unique_ptr<CliStreamParser> createParser(const AgentRequest &request) const override;
    // Tokens only, at turn.completed: a budget is checked between turns.
    CliMetering metering() const override
    {
        return {CliMetering::Cost::UsageOnly, CliMetering::Timing::EndOfTurn};
    }
    QString effectiveModel(const QString &requested,
                           const QProcessEnvironment &environment) const override;

    // The Responses API base Codex is given: `baseUrl` with "/v1" added unless it ends so
    // (AgentDesk's own clients accept both forms).
    static QString responsesBaseUrl(const QString &baseUrl);
    // The name of the variable a per-run provider reads its key from.
    static QString keyVariable() { return QStringLiteral("AGENTDESK_CODEX_API_KEY"); }

private:
    CodexSettings m_codex;
};

} // namespace agentdesk::agents
