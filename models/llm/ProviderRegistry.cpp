#include "llm/ProviderRegistry.h"

#include "llm/AnthropicClient.h"
#include "llm/OpenAiClient.h"

#include <QSettings>

namespace agentdesk::llm {

namespace {
const QString group = QStringLiteral("providers");

QString kindName(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::Anthropic:
        return QStringLiteral("anthropic");
    case ProviderKind::OpenAi:
        return QStringLiteral("openai");
    case ProviderKind::OpenAiCompatible:
        break;
    }
    return QStringLiteral("openai-compatible");
}

ProviderKind kindFromName(const QString &name)
{
    if (name == QLatin1String("anthropic"))
        return ProviderKind::Anthropic;
    if (name == QLatin1String("openai"))
        return ProviderKind::OpenAi;
    return ProviderKind::OpenAiCompatible;
}

bool isValidId(const QString &id)
{
    if (id.isEmpty() || id.size() > 64)
        return false;
    for (const QChar c : id) {
        if (!(c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('_')) ||
            c.unicode() > 127)
            return false;
    }
    return true;
}
} // namespace

ProviderRegistry::ProviderRegistry(QSettings &settings, QProcessEnvironment environment)
    : m_settings(settings)
    , m_environment(std::move(environment))
{}

QList<ProviderConfig> ProviderRegistry::builtins()
{
    return {
        ProviderConfig{QStringLiteral("anthropic"),
                       ProviderKind::Anthropic,
                       QStringLiteral("Anthropic"),
                       {},
                       QStringLiteral("claude-sonnet-4-5"),
                       false,
                       true},
        ProviderConfig{QStringLiteral("openai"),
                       ProviderKind::OpenAi,
                       QStringLiteral("OpenAI"),
                       {},
                       QStringLiteral("gpt-5-mini"),
                       false,
                       true},
    };
}

QUrl ProviderRegistry::defaultBaseUrl(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::Anthropic:
        return QUrl(QStringLiteral("https://api.anthropic.com"));
    case ProviderKind::OpenAi:
        return QUrl(QStringLiteral("https://api.openai.com/v1"));
    case ProviderKind::OpenAiCompatible:
        break;
    }
    return QUrl(QStringLiteral("http://127.0.0.1:11434/v1"));
}

QString ProviderRegistry::baseUrlVariable(ProviderKind kind)
{
    return kind == ProviderKind::Anthropic ? QStringLiteral("ANTHROPIC_BASE_URL")
                                           : QStringLiteral("OPENAI_BASE_URL");
}

QList<ProviderConfig> ProviderRegistry::providers() const
{
    QList<ProviderConfig> result = builtins();
    m_settings.beginGroup(group);
    const QStringList ids = m_settings.childGroups();
    for (const QString &id : ids) {
        m_settings.beginGroup(id);
        ProviderConfig config;
        config.id = id;
        config.kind = kindFromName(m_settings.value(QStringLiteral("kind")).toString());
        config.displayName = m_settings.value(QStringLiteral("name"), id).toString();
        config.baseUrl = QUrl(m_settings.value(QStringLiteral("baseUrl")).toString());
        config.defaultModel = m_settings.value(QStringLiteral("defaultModel")).toString();
        config.isLocal = m_settings.value(QStringLiteral("local"), false).toBool();
        config.requiresKey =
            m_settings.value(QStringLiteral("requiresKey"), !config.isLocal).toBool();
        m_settings.endGroup();
        bool replaced = false;
        for (ProviderConfig &existing : result) {
            if (existing.id == id) {
                existing = config;
                replaced = true;
            }
        }
        if (!replaced)
            result.append(config);
    }
    m_settings.endGroup();
    return result;
}

std::optional<ProviderConfig> ProviderRegistry::provider(const QString &id) const
{
    for (const ProviderConfig &config : providers()) {
        if (config.id == id)
            return config;
    }
    return std::nullopt;
}

VoidResult ProviderRegistry::save(const ProviderConfig &provider)
{
    if (!isValidId(provider.id))
        return makeError(QStringLiteral("invalid-provider"),
                         QStringLiteral("a provider id uses letters, digits, '-' and '_' only"));
    if (!provider.baseUrl.isEmpty() &&
        (!provider.baseUrl.isValid() || (provider.baseUrl.scheme() != QLatin1String("http") &&
                                         provider.baseUrl.scheme() != QLatin1String("https"))))
        return makeError(QStringLiteral("invalid-provider"),
                         QStringLiteral("the base URL of %1 must start with http:// or https://")
                             .arg(provider.displayName));
    if (!provider.baseUrl.userInfo().isEmpty())
        return makeError(QStringLiteral("invalid-provider"),
                         QStringLiteral("put the API key in the key field, not in the base URL"));
    m_settings.beginGroup(group);
    m_settings.beginGroup(provider.id);
    m_settings.setValue(QStringLiteral("kind"), kindName(provider.kind));
    m_settings.setValue(QStringLiteral("name"), provider.displayName);
    m_settings.setValue(QStringLiteral("baseUrl"), provider.baseUrl.toString());
    m_settings.setValue(QStringLiteral("defaultModel"), provider.defaultModel);
    m_settings.setValue(QStringLiteral("local"), provider.isLocal);
    m_settings.setValue(QStringLiteral("requiresKey"), provider.requiresKey);
    m_settings.endGroup();
    m_settings.endGroup();
    return {};
}

bool ProviderRegistry::remove(const QString &id)
{
    m_settings.beginGroup(group);
    const bool existed = m_settings.childGroups().contains(id);
    m_settings.remove(id);
    m_settings.endGroup();
    for (const ProviderConfig &builtin : builtins()) {
        if (builtin.id == id)
            return false;
    }
    return existed;
}

ResolvedUrl ProviderRegistry::baseUrl(const ProviderConfig &provider) const
{
    if (!provider.baseUrl.isEmpty())
        return {provider.baseUrl, ValueSource::Settings};
    if (provider.kind != ProviderKind::OpenAiCompatible) {
        const QString fromEnvironment = m_environment.value(baseUrlVariable(provider.kind));
        if (!fromEnvironment.isEmpty())
            return {QUrl(fromEnvironment), ValueSource::Environment};
    }
    return {defaultBaseUrl(provider.kind), ValueSource::Default};
}

ClientOptions ProviderRegistry::clientOptions(const ProviderConfig &provider,
                                              const QString &apiKey) const
{
    ClientOptions options;
    options.providerName = provider.displayName.isEmpty() ? provider.id : provider.displayName;
    options.baseUrl = baseUrl(provider).url;
    options.apiKey = apiKey;
    options.useMaxCompletionTokens = provider.kind == ProviderKind::OpenAi;
    if (provider.isLocal)
        options.inactivityTimeoutMs = 300000; // a local server may load the model first
    return options;
}

std::unique_ptr<ChatClient> ProviderRegistry::createClient(const ProviderConfig &provider,
                                                           const QString &apiKey,
                                                           QNetworkAccessManager *network,
                                                           QObject *parent) const
{
    const ClientOptions options = clientOptions(provider, apiKey);
    if (provider.kind == ProviderKind::Anthropic)
        return std::make_unique<AnthropicClient>(network, options, parent);
    return std::make_unique<OpenAiClient>(network, options, parent);
}

} // namespace agentdesk::llm
