#pragma once

#include "llm/ProviderRegistry.h"

#include <QObject>
#include <QProcessEnvironment>

namespace agentdesk::llm {

enum class KeySource
{
    None,
    SecretStore,
    Environment
};

struct KeyLookup
{
    QString providerId;
    QString key; // never log or persist this
    KeySource source = KeySource::None;
    QString note; // for the UI: where the key came from, or why there is none
};

// API keys in the desktop's secret store (QtKeychain: Secret Service, KWallet, Keychain,
// Credential Manager). Where no store answers, keys come from ANTHROPIC_API_KEY /
// OPENAI_API_KEY and the note says so. Never a plain-text file: the insecure fallback is off.
// Asynchronous; lives on the GUI thread.
class ApiKeyStore : public QObject
{
    Q_OBJECT
public:
    explicit ApiKeyStore(QProcessEnvironment environment = QProcessEnvironment::systemEnvironment(),
                         QObject *parent = nullptr);

    // Tests and headless runs without a session bus turn the store off: environment only.
    void setUseSecretStore(bool use) { m_useSecretStore = use; }
    void setServiceName(const QString &service) { m_service = service; }

    void readKey(const ProviderConfig &provider);
    void writeKey(const QString &providerId, const QString &key);
    void deleteKey(const QString &providerId);

    static QString keyVariable(ProviderKind kind); // ANTHROPIC_API_KEY, OPENAI_API_KEY

Q_SIGNALS:
    void keyRead(const agentdesk::llm::KeyLookup &lookup);
    void keyWritten(const QString &providerId, bool ok, const QString &message);

private:
    KeyLookup fromEnvironment(const ProviderConfig &provider, const QString &why) const;

    QProcessEnvironment m_environment;
    QString m_service = QStringLiteral("AgentDesk");
    bool m_useSecretStore = true;
};

} // namespace agentdesk::llm

Q_DECLARE_METATYPE(agentdesk::llm::KeyLookup)
