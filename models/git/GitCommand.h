#pragma once

#include "core/ProcessJob.h"
#include "core/Result.h"
#include "git/Identity.h"

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace agentdesk::git {

// How a git child ended.
struct GitRun
{
    int exitCode = -1;
    bool timedOut = false;
    bool cancelled = false;
    QByteArray output; // stdout and stderr together
    bool succeeded() const { return exitCode == 0 && !timedOut && !cancelled; }
};

// Every `git` child AgentDesk runs goes through here (issue 16, break 2). An agent that ran
// unsandboxed may have written the repository's .git/config or $HOME/.gitconfig: filters that
// run on checkout, an fsmonitor that runs on every status, a hooks path. So a git child gets
//   - a minimal environment: PATH, a C locale, the temporary folder, GIT_CONFIG_NOSYSTEM=1,
//     GIT_CONFIG_GLOBAL=/dev/null, GIT_ATTR_NOSYSTEM=1, a private HOME and XDG_CONFIG_HOME
//     (empty folders of this process, so no user-level config, attributes or credentials),
//     no terminal prompt, and only the identity it is given;
//   - `-c core.fsmonitor=false -c core.hooksPath=/dev/null -c submodule.recurse=false
//     -c gc.auto=0 -c maintenance.auto=false -c core.attributesFile=/dev/null`, and for every
//     filter, diff or merge driver named in any config it could read, the driver disabled
//     (filter.X.smudge/clean/process empty and required false, diff.X.textconv/command empty,
//     merge.X.driver "false"). A command that prints a diff must also pass --no-ext-diff.
//
// The child itself is a ProcessJob (core/ProcessJob.h), AgentDesk's one wrapper around child
// processes: its own process group, a timeout, and a kill of the whole group (git's own
// children too) on timeout or cancel. start() runs it asynchronously; run() waits for it, for
// callers that are synchronous by contract on a worker thread (never the GUI thread).
class GitCommand
{
public:
    static constexpr int kDefaultTimeoutMs = 120000;

    // The `-c` arguments above for the repository at `repositoryPath` (its config is read now,
    // includes followed, so a driver planted a moment ago is disabled too).
    static QStringList safetyArguments(const QString &repositoryPath);
    static QProcessEnvironment environment(const std::optional<Identity> &identity = {});

    // `git -C repositoryPath <safety> <arguments>` with the minimal environment, stderr merged
    // into the output; `timeoutMs` 0 or less: none.
    static ProcessRequest request(const QString &repositoryPath, const QStringList &arguments,
                                  int timeoutMs = kDefaultTimeoutMs,
                                  const std::optional<Identity> &identity = {});
    // How a finished child ended: "git-not-found" when git could not be started; otherwise the
    // run, also when git failed (check succeeded()).
    static Result<GitRun> toRun(const ProcessResult &result);

    // Starts the request on `job` (on the job's thread); `done` is called once, later, there.
    static void start(ProcessJob &job, const ProcessRequest &request,
                      std::function<void(const Result<GitRun> &run)> done);
    // Runs it to its end on this thread. A child running past `timeoutMs` is killed.
    static Result<GitRun> run(const QString &repositoryPath, const QStringList &arguments,
                              int timeoutMs = kDefaultTimeoutMs,
                              const std::optional<Identity> &identity = {});
    static Result<GitRun> run(const ProcessRequest &request);

    // The private home folder git children get (created once per process).
    static QString privateHome();
};

} // namespace agentdesk::git
