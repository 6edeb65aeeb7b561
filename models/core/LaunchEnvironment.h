#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace agentdesk {

// The environment AgentDesk was started with, with its credentials kept in memory only.
//
// An agent command that runs unsandboxed can read /proc/<our pid>/environ, which shows the
// environment block the process started with whatever setenv/unsetenv did since. So at the
// very start of main(), before any thread exists, takeCredentials() copies the provider keys
// and tokens into memory, registers them as secrets (core/Secrets.h), overwrites their bytes in
// that block and unsets them. Code that needs a key reads environment()/value(), never
// QProcessEnvironment::systemEnvironment() or getenv.
class LaunchEnvironment
{
public:
    // Variables holding credentials: the providers' (ANTHROPIC_API_KEY, OPENAI_API_KEY, ...)
    // and forges' (GITHUB_TOKEN, GH_TOKEN, GITLAB_TOKEN), plus any variable whose name ends in
    // _API_KEY, _AUTH_TOKEN or _ACCESS_TOKEN.
    static bool isCredentialVariable(const QString &name);
    // Takes every credential variable out of the process environment (see above). Returns the
    // names taken. Idempotent; call it before starting any thread.
    static QStringList takeCredentials();
    // The system environment with the taken credentials put back (a copy, in memory).
    static QProcessEnvironment environment();
    static QString value(const QString &name);
    static bool wasTaken(const QString &name);
};

// Marks the process non-dumpable (prctl PR_SET_DUMPABLE 0): no core dump holds its keys, and
// other processes of the same user, an agent's command among them, can neither ptrace it nor
// read its /proc files. Returns false when the kernel refused.
bool makeProcessNonDumpable();

} // namespace agentdesk
