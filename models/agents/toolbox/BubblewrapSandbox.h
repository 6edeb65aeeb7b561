#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace agentdesk::agents {

// What a sandboxed command may touch. Everything else is mounted read-only; /tmp is a private
// scratch tmpfs (compilers need one) that vanishes with the command; the network is off.
struct SandboxSpec
{
    QStringList writablePaths;
    // Mounted read-only even when inside a writable path: the repository's shared git
    // directory and a worktree's `.git` file, so a command cannot plant hooks or config that
    // AgentDesk's own git operations would later run.
    QStringList readOnlyPaths;
};

struct SandboxAvailability
{
    bool available = false;
    QString reason; // why not, in words for the task's record
};

// Bubblewrap (`bwrap`), when installed and when the kernel lets it create namespaces: it may
// be installed yet unusable (user namespaces disabled, a container without CAP_SYS_ADMIN), so
// availability is established by running it once, and cached per program for the process.
class BubblewrapSandbox
{
public:
    // The bwrap on PATH, or empty.
    static QString findProgram();
    // The arguments a probe runs (`bwrap <isolation> -- true`): the same isolation flags as a
    // real command, so a probe that passes means commands can run.
    static QStringList probeArguments();
    static QStringList wrapArguments(const SandboxSpec &spec, const QString &workingDirectory,
                                     const QString &program, const QStringList &arguments);

    // Thread-safe cache of probe results, keyed by the bwrap program's path.
    static std::optional<SandboxAvailability> cachedAvailability(const QString &program);
    static void storeAvailability(const QString &program, const SandboxAvailability &availability);

private:
    static QStringList isolationArguments();
};

} // namespace agentdesk::agents
