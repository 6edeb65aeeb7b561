#pragma once

#include <QByteArray>
#include <QObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTimer>

#include <atomic>
#include <functional>

namespace agentdesk {

// One child process to run: the program, its arguments and environment, and how long it may
// take. Every git child AgentDesk starts is one of these (git::GitCommand builds them with its
// hardening; the forge with the user's credentials), and so are gh and glab.
struct ProcessRequest
{
    QString program;
    QStringList arguments;
    QString workingDirectory;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    int timeoutMs = 60000; // 0 or less: none
    // stderr into `out` as it comes (git's messages interleaved with its output), else apart.
    bool mergeChannels = false;
    // Output beyond this is dropped (a streamed consumer still sees everything).
    qsizetype outputCap = 8 * 1024 * 1024;
    // Bytes handed to the child on an inherited pipe (its number is ProcessJob::secretFd() once
    // started), never through argv or the environment: a credential for git's exchange.
    QByteArray secret;
};

struct ProcessResult
{
    int exitCode = -1;
    bool started = false;
    bool timedOut = false;
    bool cancelled = false;
    bool crashed = false;
    QByteArray out;
    QByteArray err;
    QString startError; // why it did not start

    bool ok() const { return started && !timedOut && !cancelled && !crashed && exitCode == 0; }
};

// One child process, asynchronous: start() returns at once and `done` is called exactly once,
// later, on the owner's thread (never from inside start()). The child leads its own session
// (setsid): it has no terminal to prompt on, and a timeout or cancel() kills its whole group
// (ssh, git-remote-https, credential helpers, git's own children), SIGTERM then SIGKILL two
// seconds later. Its stdin is the null device.
//
// run() is the same child, waited for: for code on a worker thread that is synchronous by
// contract (a libgit2-style API, a diff parsed as it streams); never on the GUI thread.
class ProcessJob : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(const ProcessResult &result)>;
    // Takes stdout as it comes (run()); false stops the child.
    using Consumer = std::function<bool(const QByteArray &chunk)>;

    explicit ProcessJob(QObject *parent = nullptr);
    ~ProcessJob() override; // kills a running child's group; `done` is not called

    // The descriptor number the child reads `secret` from; decided by start() (-1 without).
    int secretFd() const { return m_secretReadFd; }
    // Allocates the secret pipe, so a caller can put its number in the arguments.
    bool prepareSecret(const QByteArray &secret);

    void start(const ProcessRequest &request, Done done);
    void cancel();
    bool isRunning() const { return m_running; }

    // Runs the child to its end on this thread. `consume` (optional) takes stdout as it comes
    // instead of `out`; `cancelled` (optional) is checked every few milliseconds, and kills the
    // child's group when set. No secret.
    static ProcessResult run(const ProcessRequest &request, const Consumer &consume = {},
                             const std::atomic_bool *cancelled = nullptr);

private:
    void finish(ProcessResult result);
    void killGroup(int signal);
    void closeSecret();

    QProcess *m_process = nullptr;
    QTimer m_timeout;
    QTimer m_killTimer;
    Done m_done;
    ProcessResult m_result;
    qsizetype m_outputCap = 0;
    qint64 m_groupId = 0;
    int m_secretReadFd = -1;
    bool m_running = false;
};

} // namespace agentdesk
