#include "tasks/environment/EnvironmentSetup.h"

#include "agents/toolbox/EnvironmentScrubber.h"
#include "core/ProcessJob.h"
#include "tasks/environment/EnvironmentRecipe.h"
#include "tasks/environment/WorktreeInclude.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTimer>

namespace agentdesk::tasks {

namespace {

constexpr int kTailLines = 15;

// Whether `relative` can be removed and written under `root` without going through a link:
// every folder above it is a real folder (or absent). An agent's committed `web -> /home/me`
// must never make a cache restore delete or write outside the checkout.
bool reachableWithoutLinks(const QString &root, const QString &relative)
{
    const QStringList parts = relative.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QString path = root;
    for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
        path += QLatin1Char('/') + parts.at(i);
        const QFileInfo info(path);
        if (info.isSymLink())
            return false;
        if (!info.exists())
            return true;
        if (!info.isDir())
            return false;
    }
    return true;
}

QString lastLines(const QByteArray &output)
{
    QStringList lines = QString::fromUtf8(output).trimmed().split(QLatin1Char('\n'));
    if (lines.size() > kTailLines)
        lines = lines.mid(lines.size() - kTailLines);
    return lines.join(QLatin1Char('\n'));
}

} // namespace

EnvironmentSetup::EnvironmentSetup(QObject *parent)
    : QObject(parent)
{}

EnvironmentSetup::~EnvironmentSetup() = default; // the job, a child, kills its process

void EnvironmentSetup::start(const Request &request, Done done)
{
    m_request = request;
    m_done = std::move(done);
    m_outcome = {};
    m_cancelled = false;
    m_next = 0;
    m_startedMs = QDateTime::currentMSecsSinceEpoch();

    Result<std::optional<EnvironmentRecipe>> recipe = EnvironmentRecipe::load(
        request.sourceCheckout.isEmpty() ? request.directory : request.sourceCheckout);
    if (!recipe) {
        m_outcome.error = recipe.errorMessage();
        QTimer::singleShot(0, this, [this] { finish(); });
        return;
    }
    QStringList include;
    m_outcome.variables = request.ports.variables();
    if (recipe->has_value()) {
        include = (*recipe)->include;
        m_outcome.variables += (*recipe)->environment(request.taskId, request.ports.first);
    }
    if (!request.sourceCheckout.isEmpty()) {
        Result<WorktreeInclude::Copied> copied =
            WorktreeInclude::copy(request.sourceCheckout, request.directory, include);
        if (copied) {
            m_outcome.copied = copied->files;
            m_outcome.notes += copied->notes;
        } else {
            m_outcome.notes.append(
                QStringLiteral(".worktreeinclude: %1").arg(copied.errorMessage()));
        }
    }
    if (recipe->has_value() && (*recipe)->setup) {
        m_outcome.plan.kind = QStringLiteral("recipe");
        m_outcome.plan.setup = *(*recipe)->setup;
        m_outcome.plan.cachePaths = (*recipe)->cachePaths;
        m_outcome.plan.cacheKeyFiles = (*recipe)->cacheKey;
        m_outcome.plan.reason = QStringLiteral("setup in %1")
                                    .arg(QString::fromLatin1(EnvironmentRecipe::kRelativePath));
    } else {
        const QString path = request.environment.value(QStringLiteral("PATH"));
        m_outcome.plan = EnvironmentPlan::detect(request.directory, path);
        m_outcome.notes += m_outcome.plan.notes;
    }
    if (!m_outcome.plan.setup.isEmpty()) {
        for (const QString &path : request.changedPaths) {
            if (!isSetupInput(path))
                continue;
            m_outcome.failedCommand = m_outcome.plan.setup.join(QStringLiteral(" && "));
            m_outcome.error =
                QStringLiteral("The task changed %1, which the environment setup (%2) would run "
                               "or install from outside the sandbox, so AgentDesk did not run "
                               "it in this checkout. Review the change to %1, then set the "
                               "environment up yourself or validate without it.")
                    .arg(path, m_outcome.failedCommand);
            QTimer::singleShot(0, this, [this] { finish(); });
            return;
        }
    }
    m_outcome.ok = true;
    QTimer::singleShot(0, this, [this] { beginSetup(); });
}

QString EnvironmentSetup::cacheDirectory(const Request &request, const EnvironmentPlan &plan)
{
    if (request.cacheRoot.isEmpty() || plan.cachePaths.isEmpty() || plan.setup.isEmpty())
        return {};
    const QString repository =
        request.sourceCheckout.isEmpty() ? request.directory : request.sourceCheckout;
    QCryptographicHash key(QCryptographicHash::Sha256);
    key.addData("agentdesk environment cache 1\n");
    key.addData(QByteArray(plan.setup.join(QLatin1Char('\n')).toUtf8() + '\n'));
    key.addData(QByteArray(plan.cachePaths.join(QLatin1Char('\n')).toUtf8() + '\n'));
    for (const QString &name : plan.cacheKeyFiles) {
        key.addData(QByteArray(name.toUtf8() + '\0'));
        QFile file(QDir(request.directory).filePath(name));
        if (file.open(QIODevice::ReadOnly)) {
            while (!file.atEnd())
                key.addData(file.read(1024 * 1024));
        } else {
            key.addData("(missing)");
        }
        key.addData("\n");
    }
    // The tools the setup runs: another Node or Python makes another cache.
    const QStringList dirs = request.environment.value(QStringLiteral("PATH"))
                                 .split(QLatin1Char(':'), Qt::SkipEmptyParts);
    for (const char *tool : {"node", "npm", "pnpm", "yarn", "python3"}) {
        const QString found = QStandardPaths::findExecutable(QString::fromLatin1(tool), dirs);
        if (found.isEmpty())
            continue;
        const QFileInfo info(QFileInfo(found).canonicalFilePath());
        key.addData(QStringLiteral("%1=%2:%3:%4\n")
                        .arg(QString::fromLatin1(tool), info.filePath())
                        .arg(info.size())
                        .arg(info.lastModified().toMSecsSinceEpoch())
                        .toUtf8());
    }
    const QByteArray repositoryName =
        QCryptographicHash::hash(QDir::cleanPath(repository).toUtf8(), QCryptographicHash::Sha256)
            .toHex()
            .left(16);
    return QDir(request.cacheRoot)
        .filePath(QString::fromLatin1(repositoryName) + QLatin1Char('/') +
                  QString::fromLatin1(key.result().toHex().left(32)));
}

void EnvironmentSetup::beginSetup()
{
    if (!m_done)
        return;
    if (m_cancelled) {
        m_outcome.error = QStringLiteral("The environment setup was cancelled.");
        finish();
        return;
    }
    m_cacheDir = cacheDirectory(m_request, m_outcome.plan);
    for (const QString &path : std::as_const(m_outcome.plan.cachePaths)) {
        // The agent changed something there (a vendored file): a restore would validate the
        // base's copy instead of the head's.
        for (const QString &changed : std::as_const(m_request.changedPaths)) {
            if (!m_cacheDir.isEmpty() &&
                (changed == path || changed.startsWith(path + QLatin1Char('/')))) {
                m_outcome.notes.append(
                    QStringLiteral("not taken from the cache: the task changed %1").arg(changed));
                m_cacheDir.clear();
            }
        }
        if (!m_cacheDir.isEmpty() && !reachableWithoutLinks(m_request.directory, path)) {
            m_outcome.notes.append(
                QStringLiteral("not cached: a folder above %1 is a symbolic link").arg(path));
            m_cacheDir.clear();
        }
    }
    if (m_cacheDir.isEmpty()) {
        runNext();
        return;
    }
    if (QFileInfo::exists(m_cacheDir + QStringLiteral("/complete"))) {
        restoreFromCache();
        return;
    }
    m_outcome.cache = QStringLiteral("miss");
    runNext();
}

void EnvironmentSetup::restoreFromCache()
{
    // Copies, never links: two tasks never share a writable file with each other or with the
    // cache (reflinks where the file system has them, so a restore costs next to nothing).
    const QDir directory(m_request.directory);
    for (const QString &path : std::as_const(m_outcome.plan.cachePaths)) {
        const QFileInfo existing(directory.filePath(path));
        if (existing.isDir() && !existing.isSymLink())
            QDir(existing.filePath()).removeRecursively();
        else if (existing.exists() || existing.isSymLink())
            QFile::remove(existing.filePath());
    }
    startChild(
        QStringLiteral("cp"),
        {QStringLiteral("-a"), QStringLiteral("--reflink=auto"), QStringLiteral("--"),
         m_cacheDir + QStringLiteral("/tree/."), m_request.directory},
        m_request.environment, [this](const ProcessResult &result) {
            if (m_cancelled || result.cancelled) {
                m_outcome.error = QStringLiteral("The environment setup was cancelled.");
                QTimer::singleShot(0, this, [this] { finish(); });
                return;
            }
            if (result.ok()) {
                m_outcome.cache = QStringLiteral("hit");
                m_outcome.notes.append(
                    QStringLiteral("%1 taken from the cache (same %2 and tools): setup skipped")
                        .arg(m_outcome.plan.cachePaths.join(QStringLiteral(", ")),
                             m_outcome.plan.cacheKeyFiles.join(QStringLiteral(", "))));
                QTimer::singleShot(0, this, [this] { finish(); });
                return;
            }
            m_outcome.notes.append(QStringLiteral("the cache could not be restored (%1): setup ran")
                                       .arg(lastLines(result.out).left(300)));
            m_outcome.cache = QStringLiteral("miss");
            QTimer::singleShot(0, this, [this] { runNext(); });
        });
}

void EnvironmentSetup::fillCache()
{
    // Into a folder of this run's own, renamed into place when whole: a reader never sees a
    // half-filled cache, and two tasks filling one key at once both succeed (one is kept).
    const QDir directory(m_request.directory);
    // Only a tree the agent never touched fills the cache every later checkout restores: the
    // agent could have committed files into node_modules (git add -f) for them all to run.
    if (!m_request.changedPaths.isEmpty()) {
        finish();
        return;
    }
    QStringList present;
    for (const QString &path : std::as_const(m_outcome.plan.cachePaths)) {
        const QFileInfo info(directory.filePath(path));
        if (info.isSymLink()) {
            m_outcome.notes.append(QStringLiteral("not cached: %1 is a symbolic link").arg(path));
            continue;
        }
        // A virtual environment names its own folder inside (pyvenv.cfg, its scripts): a copy
        // elsewhere would run another checkout's Python.
        if (QFileInfo::exists(info.filePath() + QStringLiteral("/pyvenv.cfg"))) {
            m_outcome.notes.append(
                QStringLiteral("not cached: %1 is a Python virtual environment, which cannot "
                               "move to another checkout")
                    .arg(path));
            continue;
        }
        if (info.exists())
            present.append(path);
    }
    if (present.isEmpty()) {
        m_outcome.notes.append(QStringLiteral("nothing to cache: the setup made none of %1")
                                   .arg(m_outcome.plan.cachePaths.join(QStringLiteral(", "))));
        finish();
        return;
    }
    const QString filling = QStringLiteral("%1.filling-%2-%3")
                                .arg(m_cacheDir)
                                .arg(QCoreApplication::applicationPid())
                                .arg(QDateTime::currentMSecsSinceEpoch());
    if (!QDir().mkpath(filling + QStringLiteral("/tree"))) {
        m_outcome.notes.append(
            QStringLiteral("the cache folder %1 could not be made").arg(filling));
        finish();
        return;
    }
    startChild(QStringLiteral("cp"),
               QStringList{QStringLiteral("-a"), QStringLiteral("--reflink=auto"),
                           QStringLiteral("--parents"), QStringLiteral("--")} +
                   present + QStringList{filling + QStringLiteral("/tree/")},
               m_request.environment, [this, filling](const ProcessResult &result) {
                   QFile marker(filling + QStringLiteral("/complete"));
                   const bool whole = result.ok() && marker.open(QIODevice::WriteOnly) &&
                                      marker.write("complete\n") > 0 && marker.flush();
                   marker.close();
                   if (!whole || !QDir().rename(filling, m_cacheDir)) {
                       QDir(filling).removeRecursively();
                       if (!whole)
                           m_outcome.notes.append(
                               QStringLiteral("the cache could not be filled: %1")
                                   .arg(result.ok() ? QStringLiteral("the disk refused its marker")
                                                    : lastLines(result.out).left(300)));
                   }
                   QTimer::singleShot(0, this, [this] { finish(); });
               });
}

QProcessEnvironment EnvironmentSetup::scrubbedEnvironment()
{
    return agents::EnvironmentScrubber::scrubbedSystemEnvironment();
}

bool EnvironmentSetup::isSetupInput(const QString &path)
{
    static const QStringList names = {
        QStringLiteral("package.json"),
        QStringLiteral("package-lock.json"),
        QStringLiteral("npm-shrinkwrap.json"),
        QStringLiteral("pnpm-lock.yaml"),
        QStringLiteral("pnpm-workspace.yaml"),
        QStringLiteral("yarn.lock"),
        QStringLiteral(".npmrc"),
        QStringLiteral(".yarnrc"),
        QStringLiteral(".yarnrc.yml"),
        QStringLiteral(".pnpmfile.cjs"),
        QStringLiteral("pyproject.toml"),
        QStringLiteral("setup.py"),
        QStringLiteral("setup.cfg"),
        QStringLiteral("pip.conf"),
        QStringLiteral(".worktreeinclude"),
    };
    const QString name = path.section(QLatin1Char('/'), -1);
    if (names.contains(name))
        return true;
    if (name.startsWith(QStringLiteral("requirements")) && name.endsWith(QStringLiteral(".txt")))
        return true;
    return path.startsWith(QStringLiteral(".agentdesk/"));
}

void EnvironmentSetup::startChild(const QString &program, const QStringList &arguments,
                                  const QProcessEnvironment &environment, ProcessJob::Done then)
{
    // In the checkout being prepared, one at a time; the job before may be the one whose
    // callback is running now, so it goes later.
    ProcessRequest run;
    run.program = program;
    run.arguments = arguments;
    run.workingDirectory = m_request.directory;
    run.environment = environment;
    run.timeoutMs = m_request.timeoutMs;
    run.mergeChannels = true;
    run.outputCap = 1024 * 1024;
    if (m_job)
        m_job->deleteLater();
    m_job = new ProcessJob(this);
    m_job->start(run, std::move(then));
}

void EnvironmentSetup::cancel()
{
    m_cancelled = true; // also for a step not started yet (beginSetup, runNext)
    if (m_job)
        m_job->cancel();
}

void EnvironmentSetup::runNext()
{
    if (!m_done)
        return;
    if (m_cancelled) {
        m_outcome.ok = false;
        m_outcome.error = QStringLiteral("The environment setup was cancelled.");
        finish();
        return;
    }
    if (m_next >= m_outcome.plan.setup.size()) {
        if (m_outcome.cache == QLatin1String("miss") && m_outcome.error.isEmpty())
            fillCache();
        else
            finish();
        return;
    }
    const QString command = m_outcome.plan.setup.at(m_next++);
    QProcessEnvironment environment = m_request.environment;
    for (const auto &[name, value] : m_outcome.variables)
        environment.insert(name, value);
    environment.insert(QStringLiteral("CI"), QStringLiteral("true"));
    startChild(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), command}, environment,
               [this, command](const ProcessResult &result) {
                   if (result.ok()) {
                       QTimer::singleShot(0, this, [this] { runNext(); });
                       return;
                   }
                   m_outcome.ok = false;
                   m_outcome.failedCommand = command;
                   m_outcome.exitCode = result.exitCode;
                   m_outcome.outputTail = lastLines(result.out + result.err);
                   const QString how =
                       !result.started ? QStringLiteral("did not start: %1").arg(result.startError)
                       : result.timedOut  ? QStringLiteral("timed out")
                       : result.cancelled ? QStringLiteral("was cancelled")
                       : result.crashed
                           ? QStringLiteral("crashed")
                           : QStringLiteral("exited with code %1").arg(result.exitCode);
                   m_outcome.error =
                       QStringLiteral("The environment setup `%1` %2.").arg(command, how);
                   if (!m_outcome.outputTail.isEmpty())
                       m_outcome.error +=
                           QStringLiteral("\nLast lines of its output:\n") + m_outcome.outputTail;
                   finish();
               });
}

void EnvironmentSetup::finish()
{
    if (!m_done)
        return;
    if (!m_outcome.error.isEmpty())
        m_outcome.ok = false;
    m_outcome.elapsedMs = QDateTime::currentMSecsSinceEpoch() - m_startedMs;
    Done done = std::exchange(m_done, Done());
    done(m_outcome);
}

} // namespace agentdesk::tasks
