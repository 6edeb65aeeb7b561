#include "forge/GitProcess.h"

#include <QMetaObject>

#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace agentdesk::forge {

namespace {

// Output beyond this is dropped: git's answers here are a few lines.
constexpr qsizetype kOutputCap = 8 * 1024 * 1024;
constexpr int kKillGraceMs = 2000;

const QStringList &tokenVariables()
{
    static const QStringList names{
        QStringLiteral("GH_TOKEN"),
        QStringLiteral("GITHUB_TOKEN"),
        QStringLiteral("GH_ENTERPRISE_TOKEN"),
        QStringLiteral("GITHUB_ENTERPRISE_TOKEN"),
        QStringLiteral("GITLAB_TOKEN"),
        QStringLiteral("GITLAB_PRIVATE_TOKEN"),
        QStringLiteral("GITEA_TOKEN"),
        QStringLiteral("FORGEJO_TOKEN"),
        QStringLiteral("CI_JOB_TOKEN"),
    };
    return names;
}

void appendCapped(QByteArray &into, const QByteArray &more)
{
    if (into.size() < kOutputCap)
        into += more.left(kOutputCap - into.size());
}

} // namespace

QProcessEnvironment forgeChildEnvironment(const QProcessEnvironment &base)
{
    QProcessEnvironment env = base;
    for (const QString &name : tokenVariables())
        env.remove(name);
    // A prompt nobody sees would hold the push until its timeout.
    env.insert(QStringLiteral("GIT_TERMINAL_PROMPT"), QStringLiteral("0"));
    env.insert(QStringLiteral("GCM_INTERACTIVE"), QStringLiteral("never"));
    env.insert(QStringLiteral("GH_PROMPT_DISABLED"), QStringLiteral("1"));
    env.insert(QStringLiteral("SSH_ASKPASS_REQUIRE"), QStringLiteral("never"));
    env.remove(QStringLiteral("GIT_ASKPASS"));
    env.remove(QStringLiteral("SSH_ASKPASS"));
    // Messages are matched in English ("rejected", "Authentication failed").
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    env.remove(QStringLiteral("LANGUAGE"));
    return env;
}

ProcessRequest gitRequest(const QString &gitProgram, const QString &repository,
                          const QStringList &arguments, int timeoutMs)
{
    ProcessRequest request;
    request.program = gitProgram.isEmpty() ? QStringLiteral("git") : gitProgram;
    request.arguments = QStringList{QStringLiteral("-C"), repository} + arguments;
    request.workingDirectory = repository;
    request.timeoutMs = timeoutMs;
    return request;
}

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
    m_done = nullptr;
    if (m_running)
        killGroup(SIGKILL);
    closeSecret();
    // QProcess's destructor reaps the killed leader.
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
    m_running = true;
    if (!request.secret.isEmpty() && m_secretReadFd < 0 && !prepareSecret(request.secret)) {
        m_result.startError = QStringLiteral("could not hand the credential to git");
        QMetaObject::invokeMethod(
            this, [this] { finish(m_result); }, Qt::QueuedConnection);
        return;
    }
    delete m_process;
    m_process = new QProcess(this);
    m_process->setProgram(request.program);
    m_process->setArguments(request.arguments);
    if (!request.workingDirectory.isEmpty())
        m_process->setWorkingDirectory(request.workingDirectory);
    m_process->setProcessEnvironment(request.environment);
    m_process->setStandardInputFile(QProcess::nullDevice());
    const int secretFd = m_secretReadFd;
    // Only async-signal-safe calls between fork and exec. The secret's pipe is close-on-exec
    // everywhere else, so no other child (started by any thread) inherits it.
    m_process->setChildProcessModifier([secretFd] {
        ::setsid();
        if (secretFd >= 0)
            ::fcntl(secretFd, F_SETFD, 0);
    });
    connect(m_process, &QProcess::readyReadStandardOutput, this,
            [this] { appendCapped(m_result.out, m_process->readAllStandardOutput()); });
    connect(m_process, &QProcess::readyReadStandardError, this,
            [this] { appendCapped(m_result.err, m_process->readAllStandardError()); });
    connect(m_process, &QProcess::started, this, [this] {
        m_result.started = true;
        m_groupId = m_process->processId();
        closeSecret(); // the child has its copy
    });
    connect(m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        appendCapped(m_result.out, m_process->readAllStandardOutput());
        appendCapped(m_result.err, m_process->readAllStandardError());
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
    if (m_groupId > 0)
        ::kill(-pid_t(m_groupId), signal);
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

} // namespace agentdesk::forge
