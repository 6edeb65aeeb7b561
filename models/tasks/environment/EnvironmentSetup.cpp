#include "tasks/environment/EnvironmentSetup.h"

#include "agents/toolbox/EnvironmentScrubber.h"
#include "core/ProcessJob.h"
#include "tasks/environment/EnvironmentRecipe.h"
#include "tasks/environment/WorktreeInclude.h"

#include <QDateTime>
#include <QTimer>

namespace agentdesk::tasks {

namespace {

constexpr int kTailLines = 15;

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
    QTimer::singleShot(0, this, [this] { runNext(); });
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

void EnvironmentSetup::cancel()
{
    if (m_job)
        m_job->cancel();
}

void EnvironmentSetup::runNext()
{
    if (!m_done)
        return;
    if (m_next >= m_outcome.plan.setup.size()) {
        finish();
        return;
    }
    const QString command = m_outcome.plan.setup.at(m_next++);
    ProcessRequest run;
    run.program = QStringLiteral("/bin/sh");
    run.arguments = {QStringLiteral("-c"), command};
    run.workingDirectory = m_request.directory;
    run.environment = m_request.environment;
    for (const auto &[name, value] : m_outcome.variables)
        run.environment.insert(name, value);
    run.environment.insert(QStringLiteral("CI"), QStringLiteral("true"));
    run.timeoutMs = m_request.timeoutMs;
    run.mergeChannels = true;
    run.outputCap = 1024 * 1024;
    if (m_job)
        m_job->deleteLater(); // we may be inside its finished callback
    m_job = new ProcessJob(this);
    m_job->start(run, [this, command](const ProcessResult &result) {
        if (result.ok()) {
            QTimer::singleShot(0, this, [this] { runNext(); });
            return;
        }
        m_outcome.ok = false;
        m_outcome.failedCommand = command;
        m_outcome.exitCode = result.exitCode;
        m_outcome.outputTail = lastLines(result.out + result.err);
        const QString how =
            !result.started    ? QStringLiteral("did not start: %1").arg(result.startError)
            : result.timedOut  ? QStringLiteral("timed out")
            : result.cancelled ? QStringLiteral("was cancelled")
            : result.crashed   ? QStringLiteral("crashed")
                               : QStringLiteral("exited with code %1").arg(result.exitCode);
        m_outcome.error = QStringLiteral("The environment setup `%1` %2.").arg(command, how);
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
