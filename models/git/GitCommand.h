#pragma once

#include "core/Result.h"
#include "git/Identity.h"

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <optional>

class QProcess;

namespace agentdesk::git {

// How a git child ended.
struct GitRun
{
    int exitCode = -1;
    bool timedOut = false;
    QByteArray output; // stdout and stderr together
    bool succeeded() const { return exitCode == 0 && !timedOut; }
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
// Blocking (waits for the child): worker threads only.
class GitCommand
{
public:
    // The `-c` arguments above for the repository at `repositoryPath` (its config is read now,
    // includes followed, so a driver planted a moment ago is disabled too).
    static QStringList safetyArguments(const QString &repositoryPath);
    static QProcessEnvironment environment(const std::optional<Identity> &identity = {});

    // Sets up `process` to run `git -C repositoryPath <safety> <arguments>` with the minimal
    // environment, for callers that drive the QProcess themselves.
    static void prepare(QProcess &process, const QString &repositoryPath,
                        const QStringList &arguments, const std::optional<Identity> &identity = {});
    // Runs it to its end. "git-not-found" when git cannot be started; otherwise the run, also
    // when git failed (check succeeded()). A child running past `timeoutMs` is killed.
    static Result<GitRun> run(const QString &repositoryPath, const QStringList &arguments,
                              int timeoutMs = 120000, const std::optional<Identity> &identity = {});
    // The private home folder git children get (created once per process).
    static QString privateHome();
};

} // namespace agentdesk::git
