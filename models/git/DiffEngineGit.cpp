// DiffMethod::GitCommandLine: the system git computes the diff, so the pairing, statuses,
// similarity, counts and hunks are git's own (see DiffEngineDetail.h).

#include "git/DiffEngineDetail.h"

#include "git/GitError.h"

#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>

namespace agentdesk::git::detail {

namespace {

bool isCancelled(const DiffOptions &options)
{
    return options.cancelled != nullptr && options.cancelled->load(std::memory_order_relaxed);
}

// Only what git needs to run and find the user's own configuration (safe.directory lives
// there); nothing inherited can point it at another repository (GIT_DIR, GIT_INDEX_FILE),
// run a program (GIT_EXTERNAL_DIFF, GIT_PAGER, GIT_ASKPASS) or change the output
// (GIT_DIFF_OPTS, GIT_CONFIG_PARAMETERS).
QProcessEnvironment minimalEnvironment(const QString &workdir)
{
    const QProcessEnvironment inherited = QProcessEnvironment::systemEnvironment();
    QProcessEnvironment environment;
    for (const char *name : {"PATH", "HOME", "XDG_CONFIG_HOME", "TMPDIR"}) {
        const QString key = QLatin1String(name);
        if (inherited.contains(key))
            environment.insert(key, inherited.value(key));
    }
    environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    environment.insert(QStringLiteral("GIT_TERMINAL_PROMPT"), QStringLiteral("0"));
    environment.insert(QStringLiteral("GIT_OPTIONAL_LOCKS"), QStringLiteral("0"));
    // libgit2 resolved the commits without replace refs: git must read the same objects.
    environment.insert(QStringLiteral("GIT_NO_REPLACE_OBJECTS"), QStringLiteral("1"));
    // Never search above the work tree for another repository.
    environment.insert(QStringLiteral("GIT_CEILING_DIRECTORIES"),
                       QFileInfo(workdir).absolutePath());
    return environment;
}

} // namespace

QString gitExecutable()
{
    static const QString path = QStandardPaths::findExecutable(QStringLiteral("git"));
    return path;
}

QStringList gitDiffArguments(const QString &baseId, const QString &toId, const DiffOptions &options)
{
    QStringList arguments{
        // Nothing from the configuration that runs a program or changes the patch's form.
        QStringLiteral("-c"), QStringLiteral("core.fsmonitor=false"), QStringLiteral("-c"),
        QStringLiteral("diff.suppressBlankEmpty=false"), QStringLiteral("--no-pager"),
        QStringLiteral("diff"), QStringLiteral("--raw"), QStringLiteral("-p"), QStringLiteral("-z"),
        QStringLiteral("--no-abbrev"), QStringLiteral("--no-color"),
        QStringLiteral("--no-ext-diff"), QStringLiteral("--no-textconv"),
        QStringLiteral("--no-relative"), QStringLiteral("--src-prefix=a/"),
        QStringLiteral("--dst-prefix=b/"), QStringLiteral("--submodule=short"),
        QStringLiteral("--ignore-submodules=none"), QStringLiteral("-O/dev/null"),
        QStringLiteral("--inter-hunk-context=0"),
        // git's defaults, spelled out so a repository's diff.* settings cannot change them.
        QStringLiteral("--diff-algorithm=myers"), QStringLiteral("--indent-heuristic"),
        QStringLiteral("-U%1").arg(options.contextLines)};
    if (options.detectRenames || options.detectCopies) {
        arguments << QStringLiteral("-M") << QStringLiteral("-l1000");
        if (options.detectCopies)
            arguments << QStringLiteral("-C");
    } else {
        arguments << QStringLiteral("--no-renames");
    }
    arguments << baseId << toId << QStringLiteral("--");
    return arguments;
}

Result<QByteArray> runGit(const QString &workdir, const QStringList &arguments,
                          const DiffOptions &options)
{
    const QString program = gitExecutable();
    if (program.isEmpty())
        return makeError(QStringLiteral("git-not-found"),
                         QStringLiteral("git is not on PATH; it is needed to compute the diff"));
    if (isCancelled(options))
        return makeError(QStringLiteral("cancelled"), QStringLiteral("The diff was cancelled."));
    QProcess git;
    git.setProgram(program);
    git.setArguments(arguments);
    git.setWorkingDirectory(workdir);
    git.setProcessEnvironment(minimalEnvironment(workdir));
    git.setStandardInputFile(QProcess::nullDevice());
    git.start();
    if (!git.waitForStarted(-1))
        return makeError(QStringLiteral("diff-failed"),
                         QStringLiteral("Cannot start git: %1").arg(git.errorString()));
    // Short waits, so a cancel is seen within a few milliseconds; QProcess reads the pipes
    // while it waits, so git never stalls on a full pipe.
    while (!git.waitForFinished(20)) {
        if (git.state() == QProcess::NotRunning)
            break;
        if (isCancelled(options)) {
            git.kill();
            git.waitForFinished(-1);
            return makeError(QStringLiteral("cancelled"),
                             QStringLiteral("The diff was cancelled."));
        }
    }
    if (git.exitStatus() != QProcess::NormalExit || git.exitCode() != 0) {
        QString reason = QString::fromUtf8(git.readAllStandardError()).trimmed();
        if (reason.isEmpty())
            reason = git.exitStatus() == QProcess::NormalExit
                         ? QStringLiteral("exit code %1").arg(git.exitCode())
                         : QStringLiteral("it crashed");
        return makeError(QStringLiteral("diff-failed"),
                         QStringLiteral("git diff failed: %1").arg(reason.left(500)));
    }
    return git.readAllStandardOutput();
}

} // namespace agentdesk::git::detail
