#include "CommandRunner.h"

#include "EnvironmentScrubber.h"
#include "OutputCapture.h"

#include <QFileInfo>
#include <QProcess>
#include <QTimer>

#include <csignal>
#include <sys/types.h>
#include <unistd.h>

namespace agentdesk::agents {

namespace {

constexpr int kProbeTimeoutMs = 10000;

QString describeProbeFailure(const QProcess &probe, const QByteArray &output)
{
    QString detail = QString::fromLocal8Bit(output).trimmed();
    if (detail.isEmpty())
        detail = probe.errorString();
    return QStringLiteral("bubblewrap is installed but cannot create its sandbox here (%1)")
        .arg(detail.left(300));
}

} // namespace

CommandRunner::CommandRunner(QObject *parent)
    : QObject(parent)
    , m_timer(new QTimer(this))
{
    qRegisterMetaType<CommandOutcome>();
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &CommandRunner::onTimeout);
}

CommandRunner::~CommandRunner()
{
    if (m_running)
        killProcessGroup();
    // QProcess's destructor kills and reaps the direct child; the group is already gone.
}

bool CommandRunner::start(const CommandRequest &request)
{
    if (m_running)
        return false;
    m_running = true;
    m_request = request;
    m_outcome = CommandOutcome();
    m_processGroup = 0;
    m_capture = std::make_unique<OutputCapture>(request.outputCapBytes);
    m_clock.start();

    if (!request.sandbox) {
        m_outcome.sandboxNote = QStringLiteral("not sandboxed: sandboxing was not requested");
        QTimer::singleShot(0, this, [this] { launch(m_request.program, m_request.arguments); });
        return true;
    }
    m_bwrap =
        request.bwrapProgram.isEmpty() ? BubblewrapSandbox::findProgram() : request.bwrapProgram;
    if (m_bwrap.isEmpty() || !QFileInfo(m_bwrap).isExecutable()) {
        QTimer::singleShot(0, this, [this] {
            continueWithSandbox({false, QStringLiteral("bubblewrap (bwrap) is not installed")});
        });
        return true;
    }
    if (const auto cached = BubblewrapSandbox::cachedAvailability(m_bwrap)) {
        const SandboxAvailability availability = *cached;
        QTimer::singleShot(0, this, [this, availability] { continueWithSandbox(availability); });
        return true;
    }
    m_probe = new QProcess(this);
    m_probe->setProcessChannelMode(QProcess::MergedChannels);
    connect(m_probe, &QProcess::finished, this, &CommandRunner::onProbeFinished);
    connect(m_probe, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            onProbeFinished();
    });
    QTimer::singleShot(kProbeTimeoutMs, m_probe, [probe = m_probe] { probe->kill(); });
    m_probe->start(m_bwrap, BubblewrapSandbox::probeArguments());
    return true;
}

void CommandRunner::onProbeFinished()
{
    if (!m_probe)
        return;
    QProcess *probe = m_probe;
    m_probe = nullptr;
    probe->deleteLater();
    if (m_outcome.cancelled) {
        complete(); // a killed probe says nothing about the machine: not cached
        return;
    }
    SandboxAvailability availability;
    if (probe->exitStatus() == QProcess::NormalExit && probe->exitCode() == 0 &&
        probe->error() != QProcess::FailedToStart) {
        availability.available = true;
    } else {
        availability.reason = describeProbeFailure(*probe, probe->readAll());
    }
    BubblewrapSandbox::storeAvailability(m_bwrap, availability);
    continueWithSandbox(availability);
}

void CommandRunner::continueWithSandbox(const SandboxAvailability &availability)
{
    if (m_outcome.cancelled) {
        complete();
        return;
    }
    if (!availability.available && m_request.requireSandbox) {
        m_outcome.startError =
            QStringLiteral("not run: the sandbox cannot be made here (%1). AgentDesk runs an "
                           "agent's commands unsandboxed only when you turn the sandbox off in "
                           "File → Settings → Engine.")
                .arg(availability.reason);
        m_outcome.sandboxNote =
            QStringLiteral("refused: not sandboxed (%1)").arg(availability.reason);
        complete();
        return;
    }
    if (!availability.available) {
        m_outcome.sandboxNote = QStringLiteral("not sandboxed: ") + availability.reason;
        launch(m_request.program, m_request.arguments);
        return;
    }
    m_outcome.sandboxed = true;
    m_outcome.sandboxNote = QStringLiteral("sandboxed (bubblewrap: worktree writable, rest "
                                           "read-only, network off)");
    launch(m_bwrap, BubblewrapSandbox::wrapArguments(*m_request.sandbox, m_request.workingDirectory,
                                                     m_request.program, m_request.arguments));
}

void CommandRunner::launch(const QString &program, const QStringList &arguments)
{
    if (m_outcome.cancelled) {
        complete();
        return;
    }
    m_process = new QProcess(this);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setWorkingDirectory(m_request.workingDirectory);
    // Scrubbed in every mode, sandboxed or not, and even when the caller gave its own
    // environment: an agent's command never sees a credential.
    m_process->setProcessEnvironment(m_request.environment
                                         ? EnvironmentScrubber::scrub(*m_request.environment)
                                         : EnvironmentScrubber::scrubbedSystemEnvironment());
    // A new session makes the command the leader of its own process group (pgid == pid), so
    // kill(-pid) reaches every descendant that did not deliberately leave the group.
    m_process->setChildProcessModifier([] { ::setsid(); });
    connect(m_process, &QProcess::readyRead, this, &CommandRunner::onReadyRead);
    connect(m_process, &QProcess::finished, this, &CommandRunner::onProcessFinished);
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            onStartFailed();
    });
    m_process->start(program, arguments, QIODevice::ReadOnly);
    if (!m_process)
        return; // failed to start: already completed
    m_processGroup = m_process->processId();
    if (m_processGroup > 0) {
        m_outcome.started = true;
        m_timer->start(m_request.timeoutMs);
    }
}

void CommandRunner::onReadyRead()
{
    if (m_process)
        m_capture->append(m_process->readAll());
}

void CommandRunner::onStartFailed()
{
    if (!m_process)
        return;
    m_outcome.started = false;
    m_outcome.startError =
        QStringLiteral("could not start %1: %2").arg(m_request.program, m_process->errorString());
    complete();
}

void CommandRunner::onProcessFinished()
{
    if (!m_process)
        return;
    onReadyRead();
    m_outcome.exitCode = m_process->exitCode();
    m_outcome.crashed = m_process->exitStatus() == QProcess::CrashExit;
    // Whatever the command left running in its group ends with it.
    killProcessGroup();
    complete();
}

void CommandRunner::onTimeout()
{
    if (!m_process)
        return;
    m_outcome.timedOut = true;
    killProcessGroup();
}

void CommandRunner::cancel()
{
    if (!m_running || m_outcome.cancelled)
        return;
    m_outcome.cancelled = true;
    if (m_probe) {
        m_probe->kill();
        return; // onProbeFinished -> continueWithSandbox -> complete()
    }
    if (m_process)
        killProcessGroup();
    // Not launched yet: the pending launch() sees `cancelled` and completes.
}

void CommandRunner::killProcessGroup()
{
    if (m_processGroup > 0)
        ::kill(static_cast<pid_t>(-m_processGroup), SIGKILL);
}

void CommandRunner::complete()
{
    m_timer->stop();
    m_outcome.durationMs = m_clock.elapsed();
    m_outcome.output = m_capture ? m_capture->text() : QByteArray();
    m_outcome.totalOutputBytes = m_capture ? m_capture->totalBytes() : 0;
    m_outcome.outputTruncated = m_capture && m_capture->truncated();
    if (m_process) {
        m_process->disconnect(this);
        m_process->deleteLater();
        m_process = nullptr;
    }
    m_processGroup = 0;
    m_running = false;
    const CommandOutcome outcome = m_outcome;
    Q_EMIT finished(outcome);
}

} // namespace agentdesk::agents
