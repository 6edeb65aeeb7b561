#pragma once

#include "agents/cli/AiderAdapter.h"
#include "agents/cli/ClaudeCodeAdapter.h"
#include "agents/cli/CodexAdapter.h"
#include "agents/cli/CustomCommandAdapter.h"

#include <QStringList>

#include <memory>

namespace agentdesk::agents {

// The settings of every CLI agent, as the settings dialog and the headless command line fill
// them in.
struct CliAgentSettings
{
    ClaudeCodeSettings claudeCode;
    CodexSettings codex;
    AiderSettings aider;
    CustomCommandSettings custom;
};

// The backend ids a task's implementer may name: "claude-code", "codex", "aider", "custom".
QStringList cliBackendIds();
bool isCliBackendId(const QString &backendId);

// The adapter for `--implementer claude-code:MODEL` and friends; an unknown id is an error
// listing the known ones. Pair it with CliBackend to run it, and locateCli() (or
// CliBackend::start's result) to report a missing CLI at dispatch.
Result<std::shared_ptr<const CliAdapter>> cliAdapterFor(const QString &backendId,
                                                        const CliAgentSettings &settings);

} // namespace agentdesk::agents
