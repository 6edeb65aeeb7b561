#include "EnvironmentScrubber.h"

#include "core/Secrets.h"

#include <array>

namespace agentdesk::agents {

namespace {

constexpr std::array kSecretWords = {"KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL"};

// Providers and services whose every variable is configuration for an account.
constexpr std::array kDeniedPrefixes = {"ANTHROPIC_",  "OPENAI_", "AGENTDESK_", "AZURE_OPENAI_",
                                        "OPENROUTER_", "GEMINI_", "AWS_",       "GITHUB_",
                                        "GH_",         "GITLAB_"};

constexpr std::array kDeniedNames = {"SSH_AUTH_SOCK", "GPG_AGENT_INFO", "NETRC",
                                     "GOOGLE_APPLICATION_CREDENTIALS"};

// AgentDesk's own variables that are a task's environment, never an account's: its ports.
constexpr std::array kTaskNames = {"AGENTDESK_PORT", "AGENTDESK_PORTS", "AGENTDESK_TASK_ID"};

} // namespace

bool EnvironmentScrubber::isSecretVariable(const QString &name)
{
    const QString upper = name.toUpper();
    for (const char *taskName : kTaskNames) {
        if (name == QLatin1String(taskName))
            return false;
    }
    for (const char *word : kSecretWords) {
        if (upper.contains(QLatin1String(word)))
            return true;
    }
    for (const char *prefix : kDeniedPrefixes) {
        if (upper.startsWith(QLatin1String(prefix)))
            return true;
    }
    for (const char *denied : kDeniedNames) {
        if (upper == QLatin1String(denied))
            return true;
    }
    return false;
}

QProcessEnvironment EnvironmentScrubber::scrub(const QProcessEnvironment &environment)
{
    QProcessEnvironment clean;
    const QStringList names = environment.keys();
    for (const QString &name : names) {
        const QString value = environment.value(name);
        // By name, and by value: a provider's key copied into MY_SETTING is still its key.
        if (!isSecretVariable(name) && !Secrets::containsSecret(value))
            clean.insert(name, value);
    }
    return clean;
}

QProcessEnvironment EnvironmentScrubber::scrubbedSystemEnvironment()
{
    QProcessEnvironment clean = scrub(QProcessEnvironment::systemEnvironment());
    // A task's own names come only from its own block, never from whoever started AgentDesk
    // (a shell inside another task's worktree has them).
    for (const char *taskName : kTaskNames)
        clean.remove(QLatin1String(taskName));
    return clean;
}

} // namespace agentdesk::agents
