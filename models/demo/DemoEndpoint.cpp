#include "demo/DemoEndpoint.h"

#include "demo/DemoLabels.h"

#include <QMutexLocker>

namespace agentdesk::demo {

void DemoEndpoint::setBaseUrl(const QUrl &url)
{
    QMutexLocker lock(&m_mutex);
    m_url = url;
}

QUrl DemoEndpoint::baseUrl() const
{
    QMutexLocker lock(&m_mutex);
    return m_url;
}

agents::ProviderSettings demoProviderSettings(const QUrl &baseUrl)
{
    agents::ProviderSettings settings;
    settings.id = kDemoProviderId;
    settings.protocol = agents::ProviderSettings::Protocol::AnthropicMessages;
    settings.client.providerName = QStringLiteral("AgentDesk demo (scripted)");
    settings.client.baseUrl = baseUrl;
    settings.client.apiKey = QStringLiteral("demo-placeholder-key");
    // Priced like the real models: the demo shows what its calls would cost.
    settings.isLocal = false;
    return settings;
}

tasks::ProviderResolver withDemoProvider(tasks::ProviderResolver inner,
                                         std::shared_ptr<const DemoEndpoint> endpoint)
{
    return [inner = std::move(inner),
            endpoint = std::move(endpoint)](const QString &id) -> Result<agents::ProviderSettings> {
        if (id != kDemoProviderId) {
            if (inner)
                return inner(id);
            return makeError(QStringLiteral("unknown-provider"),
                             QStringLiteral("No provider named \"%1\" is configured.").arg(id));
        }
        const QUrl url = endpoint ? endpoint->baseUrl() : QUrl();
        if (url.isEmpty())
            return makeError(QStringLiteral("demo-not-running"),
                             QStringLiteral("The demo's scripted provider is not running: start "
                                            "the demo again from the welcome page."));
        return demoProviderSettings(url);
    };
}

} // namespace agentdesk::demo
