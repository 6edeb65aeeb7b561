#pragma once

#include "agents/api/ApiAgentConfig.h"
#include "tasks/engine/EngineConfig.h"

#include <QMutex>
#include <QUrl>

#include <memory>

namespace agentdesk::demo {

// Where the demo's provider listens now, shared between the demo (which sets it when it
// starts) and the engine's provider resolver (which reads it from the scheduler's thread).
// The engine's configuration is fixed when the engine is built, so the composition root
// installs withDemoProvider() once at start-up and the demo fills this in later.
class DemoEndpoint
{
public:
    void setBaseUrl(const QUrl &url);
    void clear() { setBaseUrl(QUrl()); }
    QUrl baseUrl() const;
    bool isRunning() const { return !baseUrl().isEmpty(); }

private:
    mutable QMutex m_mutex;
    QUrl m_url;
};

// What the built-in agents need to reach the demo's provider: the Anthropic wire format at
// `baseUrl`, a placeholder key (it never leaves the machine), and prices from the table by
// model, so the demo's costs are what the same calls would cost.
agents::ProviderSettings demoProviderSettings(const QUrl &baseUrl);

// `inner` with the provider "demo" added, answered from `endpoint` (an error naming the demo
// while it is not running). Thread-safe as the engine requires. `inner` may be empty.
tasks::ProviderResolver withDemoProvider(tasks::ProviderResolver inner,
                                         std::shared_ptr<const DemoEndpoint> endpoint);

} // namespace agentdesk::demo
