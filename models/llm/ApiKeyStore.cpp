#include "llm/ApiKeyStore.h"

#include "core/LaunchEnvironment.h"
#include "core/Secrets.h"

#include <qt6keychain/keychain.h>

namespace agentdesk::llm {

ApiKeyStore::ApiKeyStore(QProcessEnvironment environment, QObject *parent)
    : QObject(parent)
    , m_environment(std::move(environment))
{}

QString ApiKeyStore::keyVariable(ProviderKind kind)
{
    return kind == ProviderKind::Anthropic ? QStringLiteral("ANTHROPIC_API_KEY")
                                           : QStringLiteral("OPENAI_API_KEY");
}

KeyLookup ApiKeyStore::fromEnvironment(const ProviderConfig &provider, const QString &why) const
{
    KeyLookup lookup;
    lookup.providerId = provider.id;
    if (!provider.requiresKey && provider.kind == ProviderKind::OpenAiCompatible) {
        lookup.note = QStringLiteral("%1 needs no API key").arg(provider.displayName);
        return lookup;
    }
    const QString variable = keyVariable(provider.kind);
    lookup.key = m_environment.value(variable);
    // main() takes credentials out of the process environment at start (core/LaunchEnvironment):
    // a system environment read since then no longer has them, the launch environment does.
    if (lookup.key.isEmpty() && LaunchEnvironment::wasTaken(variable))
        lookup.key = LaunchEnvironment::value(variable);
    Secrets::add(lookup.key);
    if (lookup.key.isEmpty()) {
        lookup.note = QStringLiteral("%1; %2 is not set either: add a key in Settings → Providers")
                          .arg(why, variable);
        return lookup;
    }
    lookup.source = KeySource::Environment;
    lookup.note = QStringLiteral("%1: using %2 from the environment").arg(why, variable);
    return lookup;
}

void ApiKeyStore::readKey(const ProviderConfig &provider)
{
    if (!m_useSecretStore) {
        Q_EMIT keyRead(fromEnvironment(provider, QStringLiteral("the secret store is not used")));
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setInsecureFallback(false);
    job->setKey(provider.id);
    connect(job, &QKeychain::Job::finished, this, [this, provider](QKeychain::Job *finished) {
        auto *read = static_cast<QKeychain::ReadPasswordJob *>(finished);
        if (read->error() == QKeychain::NoError && !read->textData().isEmpty()) {
            KeyLookup lookup;
            lookup.providerId = provider.id;
            lookup.key = read->textData();
            Secrets::add(lookup.key);
            lookup.source = KeySource::SecretStore;
            lookup.note = QStringLiteral("from the desktop's secret store");
            Q_EMIT keyRead(lookup);
            return;
        }
        // The keychain's own error text never contains the secret, but it is not needed.
        const QString why =
            read->error() == QKeychain::EntryNotFound
                ? QStringLiteral("no key for %1 in the secret store").arg(provider.displayName)
                : QStringLiteral("no secret store is available");
        Q_EMIT keyRead(fromEnvironment(provider, why));
    });
    job->start();
}

void ApiKeyStore::writeKey(const QString &providerId, const QString &key)
{
    if (!m_useSecretStore) {
        Q_EMIT keyWritten(providerId, false,
                          QStringLiteral("no secret store is available: set the key in the "
                                         "environment instead (it is never written to a file)"));
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setInsecureFallback(false);
    job->setKey(providerId);
    job->setTextData(key);
    connect(job, &QKeychain::Job::finished, this, [this, providerId](QKeychain::Job *finished) {
        const bool ok = finished->error() == QKeychain::NoError;
        Q_EMIT keyWritten(
            providerId, ok,
            ok ? QStringLiteral("saved in the desktop's secret store")
               : QStringLiteral("the secret store refused the key (%1): set it in the "
                                "environment instead")
                     .arg(finished->errorString()));
    });
    job->start();
}

void ApiKeyStore::deleteKey(const QString &providerId)
{
    if (!m_useSecretStore)
        return;
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setInsecureFallback(false);
    job->setKey(providerId);
    job->start();
}

} // namespace agentdesk::llm
