#pragma once

#include "core/LaunchEnvironment.h"
#include "core/Result.h"
#include "tasks/engine/EngineConfig.h"

#include <QProcessEnvironment>

#include <memory>

namespace agentdesk::app {

// The engine's configuration from the user's settings file, the bundled price table (with the
// user's overrides), and the environment: provider keys and base URLs from the conventional
// variables (ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL, OPENAI_API_KEY, OPENAI_BASE_URL), so a
// script can point AgentDesk at any compatible server.
// `keys`: keys from the secret store (the GUI fills it), preferred over the environment.
// The environment is the one AgentDesk started with: main() takes the keys out of the
// process's own (issue 16), LaunchEnvironment keeps them in memory.
Result<std::shared_ptr<tasks::EngineConfig>>
engineConfigFromSettings(const QProcessEnvironment &environment = LaunchEnvironment::environment(),
                         std::shared_ptr<const tasks::KeyCache> keys = nullptr);

} // namespace agentdesk::app
