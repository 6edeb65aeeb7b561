#include "agents/cli/CliDetector.h"

#include "agents/cli/CliLocator.h"
#include "agents/cli/ProcessEnvironment.h"

#include <QProcess>
#include <QTimer>

namespace agentdesk::agents {

CliDetector::CliDetector(QObject *parent)
    : QObject(parent)
{}

CliDetector::~CliDetector()
{
    for (QProcess *process : std::as_const(m_processes)) {
        process->disconnect(this);
        process->kill();
    }
    // The processes are children of this object; QProcess's destructor reaps them.
}

QList<CliProbe> CliDetector::standardProbes()
{
    return {
        {QStringLiteral("claude-code"), QStringLiteral("Claude Code"), QStringLiteral("claude")},
        {QStringLiteral("codex"), QStringLiteral("Codex"), QStringLiteral("codex")},
        {QStringLiteral("aider"), QStringLiteral("Aider"), QStringLiteral("aider")}};
}

void CliDetector::detect(const QList<CliProbe> &probes)
{
    for (QProcess *process : std::as_const(m_processes)) {
        process->disconnect(this);
        process->kill();
        process->deleteLater();
    }
    m_processes.clear();
    m_results.clear();
    m_pending = 0;
    const quint64 generation = ++m_generation;
    for (const CliProbe &probe : probes) {
        CliInfo info;
        info.backendId = probe.backendId;
        info.displayName = probe.displayName;
        const Result<QString> path = locateCli(probe.executable, m_searchPath, probe.displayName);
        if (!path) {
            info.error = path.errorMessage();
            m_results.append(info);
            continue;
        }
        info.path = *path;
        m_results.append(info);
        const int index = int(m_results.size() - 1);
        auto *process = new QProcess(this);
        m_processes.append(process);
        ++m_pending;
        process->setProcessEnvironment(
            scrubbedEnvironment(QProcessEnvironment::systemEnvironment(), {}));
        connect(process, &QProcess::finished, this,
                [this, index, process] { versionFinished(index, process, false); });
        connect(process, &QProcess::errorOccurred, this,
                [this, index, process](QProcess::ProcessError error) {
                    if (error == QProcess::FailedToStart)
                        versionFinished(index, process, false);
                });
        QTimer::singleShot(m_timeoutMs, process, [this, index, process, generation] {
            if (generation == m_generation && process->state() != QProcess::NotRunning)
                versionFinished(index, process, true);
        });
        process->start(*path, {QStringLiteral("--version")});
        process->closeWriteChannel();
    }
    if (m_pending == 0)
        QTimer::singleShot(0, this, [this, generation] {
            if (generation == m_generation)
                Q_EMIT detected(m_results);
        });
}

void CliDetector::versionFinished(int index, QProcess *process, bool timedOut)
{
    if (!m_processes.contains(process))
        return; // already handled (a timeout followed by the kill's finished)
    m_processes.removeOne(process);
    process->disconnect(this);
    CliInfo &info = m_results[index];
    const QString firstLine = QString::fromUtf8(process->readAllStandardOutput())
                                  .trimmed()
                                  .section(QLatin1Char('\n'), 0, 0);
    if (timedOut) {
        process->kill();
        info.error = QStringLiteral("%1 did not answer `--version` in time.").arg(info.displayName);
    } else if (process->error() == QProcess::FailedToStart) {
        info.error = QStringLiteral("%1 could not be started: %2")
                         .arg(info.displayName, process->errorString());
    } else if (process->exitStatus() != QProcess::NormalExit || process->exitCode() != 0 ||
               firstLine.isEmpty()) {
        info.error = QStringLiteral("%1 is installed at %2 but `--version` failed.")
                         .arg(info.displayName, info.path);
    } else {
        info.installed = true;
        info.version = firstLine;
    }
    process->deleteLater();
    --m_pending;
    finishIfDone();
}

void CliDetector::finishIfDone()
{
    if (m_pending == 0)
        Q_EMIT detected(m_results);
}

} // namespace agentdesk::agents
