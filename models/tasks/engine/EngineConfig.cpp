#include "tasks/engine/EngineConfig.h"

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

ProviderResolver EngineConfig::environmentProviders(QSettings &settings,
                                                    const QProcessEnvironment &environment)
{
    // Resolved once, here, into values: the resolver is called from worker threads and must
    // not touch the QSettings object.
    llm::ProviderRegistry registry(settings, environment);
    QHash<QString, agents::ProviderSettings> resolved;
    QHash<QString, QString> missingKey;
    for (const llm::ProviderConfig &provider : registry.providers()) {
        const QString key = provider.requiresKey
                                ? environment.value(llm::ApiKeyStore::keyVariable(provider.kind))
                                : QString();
        agents::ProviderSettings out;
        out.id = provider.id;
        out.protocol = provider.kind == llm::ProviderKind::Anthropic
                           ? agents::ProviderSettings::Protocol::AnthropicMessages
                           : agents::ProviderSettings::Protocol::OpenAiChatCompletions;
        out.client = registry.clientOptions(provider, key);
        out.isLocal = provider.isLocal;
        resolved.insert(provider.id, out);
        if (provider.requiresKey && key.isEmpty())
            missingKey.insert(provider.id, llm::ApiKeyStore::keyVariable(provider.kind));
    }
    return [resolved, missingKey](const QString &id) -> Result<agents::ProviderSettings> {
        auto found = resolved.constFind(id);
        if (found == resolved.constEnd())
            return makeError(QStringLiteral("unknown-provider"),
                             QStringLiteral("No provider named \"%1\" is configured.").arg(id));
        if (missingKey.contains(id))
            return makeError(QStringLiteral("no-api-key"),
                             QStringLiteral("No API key for %1: set %2 or store a key in "
                                            "Settings → Providers.")
                                 .arg(id, missingKey.value(id)));
        return *found;
    };
}

} // namespace agentdesk::tasks
