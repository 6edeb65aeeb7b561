#include "BubblewrapSandbox.h"

#include <QDir>
#include <QHash>
#include <QMutex>
#include <QStandardPaths>

#include <algorithm>

namespace agentdesk::agents {

namespace {

QMutex s_cacheMutex;
QHash<QString, SandboxAvailability> s_cache;

struct Bind
{
    QString path;
    bool writable = false;
};

} // namespace

QString BubblewrapSandbox::findProgram()
{
    return QStandardPaths::findExecutable(QStringLiteral("bwrap"));
}

QStringList BubblewrapSandbox::isolationArguments()
{
    // --die-with-parent: if AgentDesk dies, nothing it started keeps running unseen.
    // No --new-session: the command stays in the process group AgentDesk kills on timeout.
    return {QStringLiteral("--ro-bind"),
            QStringLiteral("/"),
            QStringLiteral("/"),
            QStringLiteral("--dev"),
            QStringLiteral("/dev"),
            QStringLiteral("--proc"),
            QStringLiteral("/proc"),
            QStringLiteral("--tmpfs"),
            QStringLiteral("/tmp"),
            QStringLiteral("--unshare-net"),
            QStringLiteral("--unshare-pid"),
            QStringLiteral("--unshare-ipc"),
            QStringLiteral("--unshare-uts"),
            QStringLiteral("--die-with-parent")};
}

QStringList BubblewrapSandbox::probeArguments()
{
    return isolationArguments() << QStringLiteral("--") << QStringLiteral("true");
}

QStringList BubblewrapSandbox::wrapArguments(const SandboxSpec &spec,
                                             const QString &workingDirectory,
                                             const QString &program, const QStringList &arguments)
{
    // Mounts apply in order and a later mount hides what is beneath it, so parents go before
    // children: a read-only `.git` inside the writable worktree must come after the worktree,
    // a worktree kept inside a read-only folder after that folder.
    QList<Bind> binds;
    for (const QString &path : spec.writablePaths)
        binds.append({QDir::cleanPath(path), true});
    for (const QString &path : spec.readOnlyPaths)
        binds.append({QDir::cleanPath(path), false});
    std::stable_sort(binds.begin(), binds.end(), [](const Bind &a, const Bind &b) {
        return a.path.count(QLatin1Char('/')) < b.path.count(QLatin1Char('/'));
    });

    QStringList result = isolationArguments();
    for (const Bind &bind : std::as_const(binds)) {
        result << (bind.writable ? QStringLiteral("--bind") : QStringLiteral("--ro-bind"))
               << bind.path << bind.path;
    }
    if (!workingDirectory.isEmpty())
        result << QStringLiteral("--chdir") << workingDirectory;
    result << QStringLiteral("--") << program << arguments;
    return result;
}

std::optional<SandboxAvailability> BubblewrapSandbox::cachedAvailability(const QString &program)
{
    QMutexLocker lock(&s_cacheMutex);
    const auto it = s_cache.constFind(program);
    if (it == s_cache.constEnd())
        return std::nullopt;
    return *it;
}

void BubblewrapSandbox::storeAvailability(const QString &program,
                                          const SandboxAvailability &availability)
{
    QMutexLocker lock(&s_cacheMutex);
    s_cache.insert(program, availability);
}

} // namespace agentdesk::agents
