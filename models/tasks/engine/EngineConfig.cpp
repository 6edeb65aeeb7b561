#include "tasks/engine/EngineConfig.h"

#include "core/LaunchEnvironment.h"
#include "core/Secrets.h"
#include "llm/ApiKeyStore.h"
#include "llm/ProviderRegistry.h"

#include <QHash>
#include <QSettings>

namespace agentdesk::tasks {

QString mergeStrategyName(MergeStrategy strategy)
{
    switch (strategy) {
    case MergeStrategy::Squash:
        return QStringLiteral("squash");
    case MergeStrategy::MergeCommit:
        return QStringLiteral("merge");
    case MergeStrategy::FastForwardOnly:
        return QStringLiteral("fast-forward");
    }
    return QStringLiteral("squash");
}

std::optional<MergeStrategy> mergeStrategyFromName(const QString &name)
{
    for (MergeStrategy s :
         {MergeStrategy::Squash, MergeStrategy::MergeCommit, MergeStrategy::FastForwardOnly}) {
        if (mergeStrategyName(s) == name)
            return s;
    }
    return std::nullopt;
}

EngineSettings EngineSettings::load(QSettings &settings)
{
    // The keys the settings dialog writes (itemmodels/queue/SettingsKeys.h spells them too).
    EngineSettings result;
    result.concurrency =
        qBound(1, settings.value(QStringLiteral("engine/concurrency"), 2).toInt(), 64);
    const QString daily =
        settings.value(QStringLiteral("engine/dailyBudgetUsd"), QStringLiteral("20.00")).toString();
    if (daily.trimmed().isEmpty())
        result.dailyBudget.reset();
    else if (std::optional<Money> parsed = Money::parseDollars(daily))
        result.dailyBudget = parsed->nanodollars() > 0 ? parsed : std::nullopt; // 0: no limit
    result.validationTimeoutSeconds =
        qMax(10, settings.value(QStringLiteral("engine/validationTimeoutSeconds"), 1200).toInt());
    result.sandbox = settings.value(QStringLiteral("engine/sandbox"), true).toBool();
    result.mergeStrategy =
        mergeStrategyFromName(settings.value(QStringLiteral("engine/mergeStrategy")).toString())
            .value_or(MergeStrategy::Squash);
    result.worktreeRoot = settings.value(QStringLiteral("engine/worktreeRoot")).toString();
    return result;
}

void KeyCache::set(const QString &providerId, const QString &key)
{
    Secrets::add(key); // issue 16: scrubbed from everything that leaves from now on
    QMutexLocker locker(&m_mutex);
    m_keys.insert(providerId, key);
}

void KeyCache::remove(const QString &providerId)
{
    QMutexLocker locker(&m_mutex);
    m_keys.remove(providerId);
}

QString KeyCache::key(const QString &providerId) const
{
    QMutexLocker locker(&m_mutex);
    return m_keys.value(providerId);
}

ProviderResolver EngineConfig::environmentProviders(QSettings &settings,
                                                    const QProcessEnvironment &environment,
                                                    std::shared_ptr<const KeyCache> keys)
{
    // Resolved once, here, into values (the resolver runs on worker threads and must not touch
    // the QSettings object); only the key is looked up per call, from the cache.
    llm::ProviderRegistry registry(settings, environment);
    struct Entry
    {
        llm::ProviderConfig provider;
        agents::ProviderSettings settings; // without the key
        QString environmentKey;            // the built-ins' variable's value, if set
        QString variable;
    };
    QHash<QString, Entry> resolved;
    for (const llm::ProviderConfig &provider : registry.providers()) {
        Entry entry;
        entry.provider = provider;
        const bool builtin =
            provider.id == QLatin1String("anthropic") || provider.id == QLatin1String("openai");
        entry.variable = llm::ApiKeyStore::keyVariable(provider.kind);
        if (builtin && provider.requiresKey) {
            entry.environmentKey = environment.value(entry.variable);
            // issue 16: main() took the credentials out of the process environment; a system
            // environment read since has lost them, the launch environment has not.
            if (entry.environmentKey.isEmpty() && LaunchEnvironment::wasTaken(entry.variable))
                entry.environmentKey = LaunchEnvironment::value(entry.variable);
            Secrets::add(entry.environmentKey);
        }
        entry.settings.id = provider.id;
        entry.settings.protocol = provider.kind == llm::ProviderKind::Anthropic
                                      ? agents::ProviderSettings::Protocol::AnthropicMessages
                                      : agents::ProviderSettings::Protocol::OpenAiChatCompletions;
        entry.settings.client = registry.clientOptions(provider, QString());
        entry.settings.isLocal = provider.isLocal;
        resolved.insert(provider.id, entry);
    }
    return [resolved, keys](const QString &id) -> Result<agents::ProviderSettings> {
        auto found = resolved.constFind(id);
        if (found == resolved.constEnd())
            return makeError(QStringLiteral("unknown-provider"),
                             QStringLiteral("No provider named \"%1\" is configured.").arg(id));
        agents::ProviderSettings settings = found->settings;
        const QString stored = keys ? keys->key(id) : QString();
        settings.client.apiKey = stored.isEmpty() ? found->environmentKey : stored;
        if (found->provider.requiresKey && settings.client.apiKey.isEmpty()) {
            const bool builtin = !found->variable.isEmpty() && (id == QLatin1String("anthropic") ||
                                                                id == QLatin1String("openai"));
            return makeError(QStringLiteral("no-api-key"),
                             builtin ? QStringLiteral("No API key for %1: store one in Settings → "
                                                      "Providers, or set %2.")
                                           .arg(id, found->variable)
                                     : QStringLiteral("No API key for %1: store one in Settings → "
                                                      "Providers.")
                                           .arg(id));
        }
        return settings;
    };
}

} // namespace agentdesk::tasks
