#pragma once

#include "core/Result.h"
#include "llm/ChatClient.h"

#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

#include <memory>
#include <optional>

class QNetworkAccessManager;
class QSettings;

namespace agentdesk::llm {

enum class ProviderKind
{
    Anthropic,
    OpenAi,
    OpenAiCompatible
};

struct ProviderConfig
{
    QString id; // "anthropic", "openai", "ollama", or a user's id
    ProviderKind kind = ProviderKind::Anthropic;
    QString displayName;
    QUrl baseUrl; // empty: the environment's or the kind's default
    QString defaultModel;
    bool isLocal = false; // local servers: free, no key, longer first-byte allowance
    bool requiresKey = true;
};

// Where a value came from, so the UI can say so ("from ANTHROPIC_BASE_URL").
enum class ValueSource
{
    Settings,
    Environment,
    Default
};

struct ResolvedUrl
{
    QUrl url;
    ValueSource source = ValueSource::Default;
};

// The configured providers: Anthropic and OpenAI built in, OpenAI-compatible servers (Ollama,
// llama.cpp, vLLM, LM Studio, gateways) added by the user. Persisted in the QSettings it is
// given (never a global); API keys are not here (see ApiKeyStore).
class ProviderRegistry
{
public:
    explicit ProviderRegistry(QSettings &settings, QProcessEnvironment environment =
                                                       QProcessEnvironment::systemEnvironment());

    static QList<ProviderConfig> builtins();

    QList<ProviderConfig> providers() const;
    std::optional<ProviderConfig> provider(const QString &id) const;
    VoidResult save(const ProviderConfig &provider);
    bool remove(const QString &id); // built-ins cannot be removed, only reconfigured

    // Settings win, then ANTHROPIC_BASE_URL / OPENAI_BASE_URL, then the kind's default.
    ResolvedUrl baseUrl(const ProviderConfig &provider) const;
    ClientOptions clientOptions(const ProviderConfig &provider, const QString &apiKey) const;
    // A client for the provider, on the caller's thread with the caller's network manager.
    std::unique_ptr<ChatClient> createClient(const ProviderConfig &provider, const QString &apiKey,
                                             QNetworkAccessManager *network,
                                             QObject *parent = nullptr) const;

    static QUrl defaultBaseUrl(ProviderKind kind);
    static QString baseUrlVariable(ProviderKind kind); // ANTHROPIC_BASE_URL, OPENAI_BASE_URL

private:
    QSettings &m_settings;
    QProcessEnvironment m_environment;
};

} // namespace agentdesk::llm
