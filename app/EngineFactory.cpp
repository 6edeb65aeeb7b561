#include "app/EngineFactory.h"

#include "core/AppPaths.h"
#include "cost/PriceTable.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace agentdesk::app {

Result<std::shared_ptr<tasks::EngineConfig>>
engineConfigFromSettings(const QProcessEnvironment &environment,
                         std::shared_ptr<const tasks::KeyCache> keys)
{
    QSettings settings(AppPaths::settingsFile(), QSettings::IniFormat);
    auto config = std::make_shared<tasks::EngineConfig>();
    config->databasePath = AppPaths::databaseFile();
    QDir().mkpath(QFileInfo(config->databasePath).absolutePath());
    config->settings = tasks::EngineSettings::load(settings);
    if (config->settings.worktreeRoot.isEmpty())
        config->settings.worktreeRoot = AppPaths::worktreesDir();
    config->environmentCacheRoot = AppPaths::environmentCacheDir();

    auto prices = cost::PriceTable::loadBundled();
    if (!prices)
        return prices.error();
    if (VoidResult overrides = prices->loadOverrides(settings); !overrides)
        return overrides.error();
    config->prices = std::make_shared<const cost::PriceTable>(*prices);
    config->providers = tasks::EngineConfig::environmentProviders(settings, environment, keys);

    // Claude Code talks to the same Anthropic endpoint and key as the built-in agents.
    if (auto anthropic = config->providers(QStringLiteral("anthropic")); anthropic) {
        if (environment.contains(QStringLiteral("ANTHROPIC_BASE_URL")))
            config->cli.claudeCode.baseUrl = anthropic->client.baseUrl.toString();
        config->cli.claudeCode.apiKey = anthropic->client.apiKey;
    }
    // Codex: the OpenAI endpoint and key of Settings (or OPENAI_BASE_URL / OPENAI_API_KEY).
    // Without a key of AgentDesk's own, nothing is set and Codex runs with the user's login.
    if (auto openai = config->providers(QStringLiteral("openai")); openai) {
        const QString url = openai->client.baseUrl.toString();
        if (environment.contains(QStringLiteral("OPENAI_BASE_URL")) ||
            !url.startsWith(QLatin1String("https://api.openai.com")))
            config->cli.codex.baseUrl = url;
        config->cli.codex.apiKey = openai->client.apiKey;
    }
    return config;
}

} // namespace agentdesk::app
