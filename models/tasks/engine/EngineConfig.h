#pragma once

#include "agents/api/ApiAgentConfig.h"
#include "agents/cli/CliAgents.h"
#include "core/Money.h"
#include "core/Result.h"
#include "git/Identity.h"

#include <QHash>
#include <QMutex>
#include <QProcessEnvironment>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

class QSettings;

namespace agentdesk::cost {
class PriceTable;
}

namespace agentdesk::tasks {

// How a merge lands on the base (settings: engine/mergeStrategy).
enum class MergeStrategy
{
    Squash,
    MergeCommit,
    FastForwardOnly,
};
QString mergeStrategyName(MergeStrategy strategy); // "squash", "merge", "fast-forward"
std::optional<MergeStrategy> mergeStrategyFromName(const QString &name);

// The settings the scheduler and the task runners follow. Read from QSettings with the keys in
// itemmodels/queue/SettingsKeys.h (the settings dialog writes them).
struct EngineSettings
{
    int concurrency = 2;
    std::optional<Money> dailyBudget = Money::fromNanodollars(20'000'000'000LL);
    int validationTimeoutSeconds = 20 * 60;
    bool sandbox = true;
    MergeStrategy mergeStrategy = MergeStrategy::Squash;
    QString worktreeRoot; // empty: AppPaths::worktreesDir()
    git::Identity identity;

    static EngineSettings load(QSettings &settings);
};

// Resolves a provider id ("anthropic", "openai", "ollama", a user's) to what the built-in
// agents need to reach it, key included. Called on the scheduler's thread at dispatch and when
// a step starts; must be thread-safe.
using ProviderResolver = std::function<Result<agents::ProviderSettings>(const QString &providerId)>;

// Keys the GUI read from the desktop's secret store, by provider id, for the resolver to use
// on any thread. Never logged, never persisted by AgentDesk.
class KeyCache
{
public:
    void set(const QString &providerId, const QString &key);
    void remove(const QString &providerId);
    QString key(const QString &providerId) const;

private:
    mutable QMutex m_mutex;
    QHash<QString, QString> m_keys;
};

// Everything the engine is built from. The composition root (app/) fills it in.
struct EngineConfig
{
    QString databasePath;
    EngineSettings settings;
    std::shared_ptr<const cost::PriceTable> prices;
    ProviderResolver providers;
    agents::CliAgentSettings cli;
    QString bwrapProgram; // empty: the one on PATH
    // Where setups' results are kept for the next checkout with the same key
    // (EnvironmentSetup); empty: never cached.
    QString environmentCacheRoot;

    // Providers from QSettings (llm::ProviderRegistry) and keys from the conventional
    // environment variables (ANTHROPIC_API_KEY, OPENAI_API_KEY, ...): what the headless
    // command line and tests use. The GUI layers keys from the secret store on top.
    // `keys`, when given, are preferred over the environment. The environment's
    // ANTHROPIC_API_KEY and OPENAI_API_KEY go only to the built-in "anthropic" and "openai"
    // providers: a user's own OpenAI-compatible server never receives OpenAI's key.
    static ProviderResolver environmentProviders(
        QSettings &settings,
        const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(),
        std::shared_ptr<const KeyCache> keys = nullptr);
};

} // namespace agentdesk::tasks
