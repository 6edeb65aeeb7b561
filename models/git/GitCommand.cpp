#include "git/GitCommand.h"

#include "git/GitHandles.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <git2.h>

namespace agentdesk::git {

using namespace detail;

namespace {

struct ConfigIteratorFree
{
    void operator()(git_config_iterator *iterator) const { git_config_iterator_free(iterator); }
};

// Driver names from every config level git could read (local, worktree, user-level and system
// files, includes followed): more than the child will see with its private HOME, which only
// disables more.
// Returns whether libgit2 opened the repository (so the user trusts it: it is theirs, or named
// in their safe.directory).
bool collectDriverNames(const QString &repositoryPath, QSet<QString> *filters, QSet<QString> *diffs,
                        QSet<QString> *merges)
{
    git_repository *raw = nullptr;
    if (git_repository_open_ext(&raw, QFile::encodeName(repositoryPath).constData(),
                                GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) < 0)
        return false;
    RepositoryHandle repository(raw);
    git_config *rawConfig = nullptr;
    if (git_repository_config_snapshot(&rawConfig, repository.get()) < 0)
        return true;
    ConfigHandle config(rawConfig);
    git_config_iterator *rawIterator = nullptr;
    if (git_config_iterator_glob_new(&rawIterator, config.get(), "^(filter|diff|merge)\\..+\\.") <
        0)
        return true;
    std::unique_ptr<git_config_iterator, ConfigIteratorFree> iterator(rawIterator);
    git_config_entry *entry = nullptr;
    static const QRegularExpression pattern(
        QStringLiteral("^(filter|diff|merge)\\.(.+)\\.([^.]+)$"));
    while (git_config_next(&entry, iterator.get()) == 0) {
        const QRegularExpressionMatch match = pattern.match(QString::fromUtf8(entry->name));
        if (!match.hasMatch())
            continue;
        const QString kind = match.captured(1);
        const QString name = match.captured(2);
        if (kind == QLatin1String("filter"))
            filters->insert(name);
        else if (kind == QLatin1String("diff"))
            diffs->insert(name);
        else
            merges->insert(name);
    }
    return true;
}

} // namespace

QString GitCommand::privateHome()
{
    // Empty and private (0700, a random name): git children read no user-level config,
    // attributes or credentials from it.
    static QTemporaryDir home(QDir::tempPath() + QStringLiteral("/agentdesk-git-home-XXXXXX"));
    static const bool made =
        home.isValid() && QDir().mkpath(home.filePath(QStringLiteral("config")));
    return made ? home.path() : QDir::tempPath();
}

QStringList GitCommand::safetyArguments(const QString &repositoryPath)
{
    QStringList arguments = {
        QStringLiteral("-c"), QStringLiteral("core.fsmonitor=false"),
        QStringLiteral("-c"), QStringLiteral("core.hooksPath=/dev/null"),
        QStringLiteral("-c"), QStringLiteral("submodule.recurse=false"),
        QStringLiteral("-c"), QStringLiteral("gc.auto=0"),
        QStringLiteral("-c"), QStringLiteral("maintenance.auto=false"),
        QStringLiteral("-c"), QStringLiteral("core.attributesFile=/dev/null"),
    };
    QSet<QString> filters, diffs, merges;
    // git checks ownership against the user's safe.directory, which the private HOME hides: a
    // repository libgit2 opened (under the user's own rules) is one the user trusts.
    if (collectDriverNames(repositoryPath, &filters, &diffs, &merges))
        arguments << QStringLiteral("-c")
                  << QStringLiteral("safe.directory=") + QDir(repositoryPath).absolutePath();
    const auto add = [&](const QString &setting) { arguments << QStringLiteral("-c") << setting; };
    // Sorted, so the command line is the same from run to run (and readable in a log).
    QStringList names = filters.values();
    names.sort();
    for (const QString &name : std::as_const(names)) {
        add(QStringLiteral("filter.%1.smudge=").arg(name));
        add(QStringLiteral("filter.%1.clean=").arg(name));
        add(QStringLiteral("filter.%1.process=").arg(name));
        add(QStringLiteral("filter.%1.required=false").arg(name));
    }
    names = diffs.values();
    names.sort();
    for (const QString &name : std::as_const(names)) {
        add(QStringLiteral("diff.%1.textconv=").arg(name));
        add(QStringLiteral("diff.%1.command=").arg(name));
    }
    names = merges.values();
    names.sort();
    for (const QString &name : std::as_const(names))
        add(QStringLiteral("merge.%1.driver=false").arg(name));
    return arguments;
}

QProcessEnvironment GitCommand::environment(const std::optional<Identity> &identity)
{
    const QProcessEnvironment parent = QProcessEnvironment::systemEnvironment();
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("PATH"),
                       parent.value(QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin")));
    if (parent.contains(QStringLiteral("TMPDIR")))
        environment.insert(QStringLiteral("TMPDIR"), parent.value(QStringLiteral("TMPDIR")));
    const QString home = privateHome();
    environment.insert(QStringLiteral("HOME"), home);
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
    environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    environment.insert(QStringLiteral("GIT_CONFIG_NOSYSTEM"), QStringLiteral("1"));
    environment.insert(QStringLiteral("GIT_CONFIG_GLOBAL"), QStringLiteral("/dev/null"));
    environment.insert(QStringLiteral("GIT_ATTR_NOSYSTEM"), QStringLiteral("1"));
    environment.insert(QStringLiteral("GIT_TERMINAL_PROMPT"), QStringLiteral("0"));
    environment.insert(QStringLiteral("GIT_OPTIONAL_LOCKS"), QStringLiteral("0"));
    if (identity) {
        environment.insert(QStringLiteral("GIT_AUTHOR_NAME"), identity->name);
        environment.insert(QStringLiteral("GIT_AUTHOR_EMAIL"), identity->email);
        environment.insert(QStringLiteral("GIT_COMMITTER_NAME"), identity->name);
        environment.insert(QStringLiteral("GIT_COMMITTER_EMAIL"), identity->email);
    }
    return environment;
}

ProcessRequest GitCommand::request(const QString &repositoryPath, const QStringList &arguments,
                                   int timeoutMs, const std::optional<Identity> &identity)
{
    ProcessRequest request;
    request.program = QStringLiteral("git");
    request.arguments = QStringList{QStringLiteral("-C"), repositoryPath} +
                        safetyArguments(repositoryPath) + arguments;
    request.workingDirectory = repositoryPath;
    request.environment = environment(identity);
    request.timeoutMs = timeoutMs;
    request.mergeChannels = true;
    return request;
}

Result<GitRun> GitCommand::toRun(const ProcessResult &result)
{
    if (!result.started)
        return makeError(QStringLiteral("git-not-found"),
                         QStringLiteral("Cannot run the git command line: %1. Install git.")
                             .arg(result.startError));
    GitRun run;
    run.timedOut = result.timedOut;
    run.cancelled = result.cancelled;
    run.output = result.out + result.err;
    if (!result.timedOut && !result.cancelled && !result.crashed)
        run.exitCode = result.exitCode;
    return run;
}

void GitCommand::start(ProcessJob &job, const ProcessRequest &request,
                       std::function<void(const Result<GitRun> &run)> done)
{
    job.start(request, [done = std::move(done)](const ProcessResult &result) {
        if (done)
            done(toRun(result));
    });
}

Result<GitRun> GitCommand::run(const QString &repositoryPath, const QStringList &arguments,
                               int timeoutMs, const std::optional<Identity> &identity)
{
    return run(request(repositoryPath, arguments, timeoutMs, identity));
}

Result<GitRun> GitCommand::run(const ProcessRequest &request)
{
    return toRun(ProcessJob::run(request));
}

} // namespace agentdesk::git
