#pragma once

#include <QProcessEnvironment>
#include <QString>

namespace agentdesk::agents {

// What AgentDesk needs to know of the user's own Codex configuration
// (`$CODEX_HOME/config.toml`, by default `~/.codex/config.toml`): the model Codex picks when
// the task names none (so a budget can be priced), and the variable the user's provider takes
// its key from (so that variable survives the environment scrub when AgentDesk passes no key of
// its own). A selected `profile` overrides the top-level keys, as in Codex.
struct CodexUserConfig
{
    QString home;     // the CODEX_HOME folder, whether or not it exists
    QString model;    // empty: not set (Codex's built-in default, which its output never names)
    QString provider; // `model_provider`; empty: Codex's built-in "openai"
    QString providerEnvKey; // `model_providers.<provider>.env_key`
    QString providerBaseUrl;
    QString error; // why config.toml could not be read; empty when fine or absent

    static CodexUserConfig load(const QProcessEnvironment &environment);
    // From the text of a config.toml (for tests and load()).
    static CodexUserConfig parse(const QByteArray &toml, const QString &home);
    static QString codexHome(const QProcessEnvironment &environment);
};

} // namespace agentdesk::agents
