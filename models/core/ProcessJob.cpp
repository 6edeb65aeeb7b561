#include "core/ProcessJob.h"

#include <QDeadlineTimer>
#include <QMetaObject>

#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace agentdesk {

namespace {

constexpr int kKillGraceMs = 2000;
// How often run() looks at a cancel flag and the deadline while the child is quiet.
constexpr int kPollMs = 20;

void appendCapped(QByteArray &into, const QByteArray &more, qsizetype cap)
{
    if (into.size() < cap)
        into += more.left(cap - into.size());
}

// The child leads its own session and process group; `secretFd` (when there is one) is the
// one descriptor it inherits on purpose.
void configure(QProcess &process, const ProcessRequest &request, int secretFd)
{
    process.setProgram(request.program);
    process.setArguments(request.arguments);
    if (!request.workingDirectory.isEmpty())
        process.setWorkingDirectory(request.workingDirectory);
    process.setProcessEnvironment(request.environment);
    process.setStandardInputFile(QProcess::nullDevice());
    if (request.mergeChannels)
        process.setProcessChannelMode(QProcess::MergedChannels);
    // Only async-signal-safe calls between fork and exec. The secret's pipe is close-on-exec
    // everywhere else, so no other child (started by any thread) inherits it.
    process.setChildProcessModifier([secretFd] {
        ::setsid();
        if (secretFd >= 0)
            ::fcntl(secretFd, F_SETFD, 0);
    });
}

void signalGroup(qint64 group, int signal)
{
    if (group > 0)
        ::kill(-pid_t(group), signal);
}

// SIGTERM to the whole group, SIGKILL after the grace period; returns once the leader is reaped.
void stopGroup(QProcess &process, qint64 group)
{
    signalGroup(group, SIGTERM);
    if (!process.waitForFinished(kKillGraceMs)) {
        signalGroup(group, SIGKILL);
        process.waitForFinished(-1);
    }
}

} // namespace

ProcessJob::ProcessJob(QObject *parent)
    : QObject(parent)
{
    m_timeout.setSingleShot(true);
    m_killTimer.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        m_result.timedOut = true;
        killGroup(SIGTERM);
        m_killTimer.start(kKillGraceMs);
    });
    connect(&m_killTimer, &QTimer::timeout, this, [this] { killGroup(SIGKILL); });
}

ProcessJob::~ProcessJob()
{
    if (m_running) {
        // The child dies before its callback (and what it holds, such as a worktree turn) is
        // dropped, so whoever comes next never runs beside it. Disconnected first: the
        // callback is not called from a destructor.
        killGroup(SIGKILL);
        if (m_process) {
            m_process->disconnect(this);
            m_process->waitForFinished(kKillGraceMs);
        }
    }
    m_done = nullptr;
    closeSecret();
}

bool ProcessJob::prepareSecret(const QByteArray &secret)
{
    closeSecret();
    // A pipe holds 64 KiB without a reader; a credential is far below that, so the write
    // cannot block and the child reads it whenever git asks.
    if (secret.size() > 4096)
        return false;
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return false;
    const ssize_t written = ::write(fds[1], secret.constData(), size_t(secret.size()));
    ::close(fds[1]);
    if (written != secret.size()) {
        ::close(fds[0]);
        return false;
    }
    m_secretReadFd = fds[0];
    return true;
}

void ProcessJob::closeSecret()
{
    if (m_secretReadFd >= 0)
        ::close(m_secretReadFd);
    m_secretReadFd = -1;
}

void ProcessJob::start(const ProcessRequest &request, Done done)
{
    m_done = std::move(done);
    m_result = ProcessResult();
    m_outputCap = request.outputCap;
    m_running = true;
    if (!request.secret.isEmpty() && m_secretReadFd < 0 && !prepareSecret(request.secret)) {
        m_result.startError = QStringLiteral("could not hand the credential to git");
        QMetaObject::invokeMethod(
            this, [this] { finish(m_result); }, Qt::QueuedConnection);
        return;
    }
    delete m_process;
    m_process = new QProcess(this);
    configure(*m_process, request, m_secretReadFd);
    connect(m_process, &QProcess::readyReadStandardOutput, this, [this] {
        appendCapped(m_result.out, m_process->readAllStandardOutput(), m_outputCap);
    });
    connect(m_process, &QProcess::readyReadStandardError, this,
            [this] { appendCapped(m_result.err, m_process->readAllStandardError(), m_outputCap); });
    connect(m_process, &QProcess::started, this, [this] {
        m_result.started = true;
        m_groupId = m_process->processId();
        closeSecret(); // the child has its copy
    });
    connect(m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        appendCapped(m_result.out, m_process->readAllStandardOutput(), m_outputCap);
        if (m_process->processChannelMode() != QProcess::MergedChannels)
            appendCapped(m_result.err, m_process->readAllStandardError(), m_outputCap);
        m_result.exitCode = code;
        m_result.crashed = status == QProcess::CrashExit;
        // A normal end leaves the group alone: a credential helper's cache daemon may live on.
        finish(m_result);
    });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return; // crashes and timeouts end in finished()
        m_result.startError = m_process->errorString();
        // Qt can report this from inside start(): never call back from there.
        QMetaObject::invokeMethod(
            this, [this] { finish(m_result); }, Qt::QueuedConnection);
    });
    m_process->start();
    if (request.timeoutMs > 0)
        m_timeout.start(request.timeoutMs);
}

void ProcessJob::cancel()
{
    if (!m_running)
        return;
    m_result.cancelled = true;
    killGroup(SIGTERM);
    m_killTimer.start(kKillGraceMs);
}

void ProcessJob::killGroup(int signal)
{
    signalGroup(m_groupId, signal);
}

void ProcessJob::finish(ProcessResult result)
{
    if (!m_running)
        return;
    m_running = false;
    m_timeout.stop();
    m_killTimer.stop();
    m_groupId = 0;
    closeSecret();
    Done done = std::move(m_done);
    m_done = nullptr;
    if (done)
        done(result);
}

ProcessResult ProcessJob::run(const ProcessRequest &request, const Consumer &consume,
                              const std::atomic_bool *cancelled)
{
    ProcessResult result;
    QProcess process;
    configure(process, request, -1);
    process.start();
    if (!process.waitForStarted(-1)) {
        result.startError = process.errorString();
        return result;
    }
    result.started = true;
    const qint64 group = process.processId();
    const QDeadlineTimer deadline = request.timeoutMs > 0 ? QDeadlineTimer(request.timeoutMs)
                                                          : QDeadlineTimer(QDeadlineTimer::Forever);
    // stdout to the consumer (false: stop the child) or into `out`; stderr into `err`.
    const auto take = [&]() -> bool {
        if (!request.mergeChannels)
            appendCapped(result.err, process.readAllStandardError(), request.outputCap);
        const QByteArray chunk = process.readAllStandardOutput();
        if (chunk.isEmpty())
            return true;
        if (consume)
            return consume(chunk);
        appendCapped(result.out, chunk, request.outputCap);
        return true;
    };
    // Short waits, so a cancel or the deadline is seen within a few milliseconds, and a
    // consumer parses the output as it comes, while the child is still working.
    for (;;) {
        const bool more = process.waitForReadyRead(kPollMs);
        const bool wanted = take();
        result.cancelled = !wanted || (cancelled && cancelled->load(std::memory_order_relaxed));
        // A child that ended (and said all it had) as the deadline passed has not timed out;
        // one whose output still flows, from it or a child it left, has.
        const bool ended = !more && process.state() == QProcess::NotRunning;
        result.timedOut = !result.cancelled && !ended && deadline.hasExpired();
        if (result.cancelled || result.timedOut) {
            stopGroup(process, group);
            return result;
        }
        if (!more && process.state() == QProcess::NotRunning)
            break;
    }
    process.waitForFinished(-1);
    if (!take())
        result.cancelled = true;
    result.exitCode = process.exitCode();
    result.crashed = process.exitStatus() == QProcess::CrashExit;
    return result;
}

} // namespace agentdesk
