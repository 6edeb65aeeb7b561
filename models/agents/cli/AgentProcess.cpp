#include "agents/cli/AgentProcess.h"

#include <csignal>
#include <sys/types.h>
#include <unistd.h>

namespace agentdesk::agents {

namespace {
constexpr qsizetype stderrTailBytes = 8 * 1024;
}

AgentProcess::AgentProcess(QObject *parent)
    : QObject(parent)
{
    m_wallClock.setSingleShot(true);
    m_killTimer.setSingleShot(true);
    connect(&m_wallClock, &QTimer::timeout, this, [this] { stop(StopReason::WallClockLimit); });
    connect(&m_killTimer, &QTimer::timeout, this, [this] { signalGroup(SIGKILL); });
    connect(&m_process, &QProcess::readyReadStandardOutput, this,
            &AgentProcess::readStandardOutput);
    connect(&m_process, &QProcess::readyReadStandardError, this, &AgentProcess::readStandardError);
    connect(&m_process, &QProcess::finished, this, &AgentProcess::onFinished);
    connect(&m_process, &QProcess::errorOccurred, this, &AgentProcess::onErrorOccurred);
    // A new session makes the CLI the leader of its own process group (pgid == pid), which is
    // what lets stop() reach its grandchildren. setsid() is async-signal-safe, as the
    // modifier must be: it runs between fork and exec.
    m_process.setChildProcessModifier([] { ::setsid(); });
}

AgentProcess::~AgentProcess()
{
    m_process.disconnect(this);
    if (m_running)
        signalGroup(SIGKILL);
    // QProcess's own destructor reaps the (now killed) leader.
}

void AgentProcess::start(const AgentProcessSpec &spec)
{
    Q_ASSERT(!m_running);
    m_spec = spec;
    m_stopReason = StopReason::None;
    m_outputBytes = 0;
    m_groupId = 0;
    m_stderrTail.clear();
    m_stdout = LineBuffer();
    m_stderr = LineBuffer();
    m_wallClockLeftMs = -1;
    m_running = true;
    m_process.setProgram(spec.program);
    m_process.setArguments(spec.arguments);
    m_process.setWorkingDirectory(spec.workingDirectory);
    m_process.setProcessEnvironment(spec.environment);
    m_process.start(QIODevice::ReadWrite);
    if (!m_running)
        return; // errorOccurred(FailedToStart) already finished the run
    m_groupId = m_process.processId();
    m_inputOpen = true;
    if (!spec.input.isEmpty())
        m_process.write(spec.input);
    // Agents must never wait for input they will not get: claude -p reads a piped stdin before
    // it starts, codex exec appends one to its prompt.
    if (!spec.keepInputOpen)
        closeInput();
    if (spec.wallClockLimitMs > 0)
        m_wallClock.start(spec.wallClockLimitMs);
    Q_EMIT started(m_groupId);
}

void AgentProcess::stop(StopReason reason)
{
    if (!m_running || m_stopReason != StopReason::None)
        return;
    m_stopReason = reason;
    signalGroup(SIGTERM);
    m_killTimer.start(m_spec.killGraceMs);
}

bool AgentProcess::writeInput(const QByteArray &bytes)
{
    if (!m_running || !m_inputOpen)
        return false;
    return m_process.write(bytes) == bytes.size();
}

void AgentProcess::closeInput()
{
    if (!m_inputOpen)
        return;
    m_inputOpen = false;
    // Qt writes what is still buffered before it closes the pipe.
    m_process.closeWriteChannel();
}

void AgentProcess::pauseWallClock()
{
    if (!m_running || !m_wallClock.isActive())
        return;
    m_wallClockLeftMs = qMax(0, m_wallClock.remainingTime());
    m_wallClock.stop();
}

void AgentProcess::resumeWallClock()
{
    if (!m_running || m_wallClockLeftMs < 0)
        return;
    m_wallClock.start(int(m_wallClockLeftMs));
    m_wallClockLeftMs = -1;
}

void AgentProcess::signalGroup(int signal) const
{
    if (m_groupId > 0)
        ::kill(-pid_t(m_groupId), signal);
}

void AgentProcess::readStandardOutput()
{
    const QByteArray chunk = m_process.readAllStandardOutput();
    countOutput(chunk.size());
    const QList<QByteArray> lines = m_stdout.append(chunk);
    for (const QByteArray &line : lines) {
        if (!m_running)
            return;
        Q_EMIT lineReceived(line);
    }
}

void AgentProcess::readStandardError()
{
    const QByteArray chunk = m_process.readAllStandardError();
    countOutput(chunk.size());
    m_stderrTail.append(chunk);
    if (m_stderrTail.size() > stderrTailBytes)
        m_stderrTail.remove(0, m_stderrTail.size() - stderrTailBytes);
    const QList<QByteArray> lines = m_stderr.append(chunk);
    for (const QByteArray &line : lines)
        Q_EMIT stderrLineReceived(line);
}

void AgentProcess::countOutput(qsizetype bytes)
{
    m_outputBytes += bytes;
    if (m_spec.outputCapBytes > 0 && m_outputBytes > m_spec.outputCapBytes)
        stop(StopReason::OutputCap);
}

void AgentProcess::onFinished(int exitCode, QProcess::ExitStatus status)
{
    if (!m_running)
        return;
    readStandardOutput();
    readStandardError();
    if (!m_running)
        return;
    const QByteArray lastLine = m_stdout.takeRemainder();
    if (!lastLine.isEmpty())
        Q_EMIT lineReceived(lastLine);
    const QByteArray lastErrLine = m_stderr.takeRemainder();
    if (!lastErrLine.isEmpty())
        Q_EMIT stderrLineReceived(lastErrLine);

    ProcessEnd end;
    end.exitCode = exitCode;
    if (m_stopReason != StopReason::None) {
        end.how = ProcessEnd::How::Stopped;
        end.stopReason = m_stopReason;
    } else if (status == QProcess::CrashExit) {
        end.how = ProcessEnd::How::Crashed;
        end.error = QStringLiteral("killed by signal %1").arg(exitCode);
    }
    // Whatever the leader left behind in its group (a background server, a sleeping child)
    // dies with it.
    signalGroup(SIGKILL);
    finish(std::move(end));
}

void AgentProcess::onErrorOccurred(QProcess::ProcessError error)
{
    if (error != QProcess::FailedToStart || !m_running)
        return;
    ProcessEnd end;
    end.how = ProcessEnd::How::FailedToStart;
    end.error =
        QStringLiteral("could not start %1: %2").arg(m_spec.program, m_process.errorString());
    finish(std::move(end));
}

void AgentProcess::finish(ProcessEnd end)
{
    m_running = false;
    m_inputOpen = false;
    m_wallClock.stop();
    m_killTimer.stop();
    end.stderrTail = m_stderrTail;
    end.outputBytes = m_outputBytes;
    Q_EMIT finished(end);
}

} // namespace agentdesk::agents
