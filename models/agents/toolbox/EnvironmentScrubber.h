#pragma once

#include <QProcessEnvironment>
#include <QString>

namespace agentdesk::agents {

// The environment handed to every command an agent runs or a validation executes: the
// parent's, minus anything that looks like a credential. A model-written command can print or
// exfiltrate whatever it sees, so the rule is "drop when in doubt": a variable whose name
// contains KEY, TOKEN, SECRET, PASSWORD, PASSWD or CREDENTIAL, every provider's
// variables (ANTHROPIC_*, OPENAI_*, ...), AgentDesk's own (AGENTDESK_*) and agent sockets
// (SSH_AUTH_SOCK, GPG_AGENT_INFO) that would let a command use the user's keys — and, by
// value, any variable holding a secret the process knows (every configured provider's key,
// core/Secrets.h), whatever its name.
class EnvironmentScrubber
{
public:
    static bool isSecretVariable(const QString &name);
    static QProcessEnvironment scrub(const QProcessEnvironment &environment);
    // scrub(QProcessEnvironment::systemEnvironment()).
    static QProcessEnvironment scrubbedSystemEnvironment();
};

} // namespace agentdesk::agents
