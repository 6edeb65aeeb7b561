#pragma once

#include <QByteArray>
#include <QObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTimer>

#include <functional>

namespace agentdesk::forge {

// The environment every git (and gh/glab) child of the forge layer gets: the user's own, so
// credential helpers, the SSH agent and config apply, minus the forge token variables
// (GH_TOKEN, GITLAB_TOKEN, ...: a token AgentDesk uses reaches git only through the
// credential exchange, never its environment, so hooks never see one), with prompts off
// (GIT_TERMINAL_PROMPT=0, no askpass programs, Git Credential Manager non-interactive): a
// background push fails instead of waiting for a person.
QProcessEnvironment forgeChildEnvironment(const QProcessEnvironment &base);

struct ProcessRequest
{
    QString program = QStringLiteral("git");
    QStringList arguments;
    QString workingDirectory;
    QProcessEnvironment environment =
        forgeChildEnvironment(QProcessEnvironment::systemEnvironment());
    int timeoutMs = 60000;
    // Bytes handed to the child on an inherited pipe (its number is `secretFd` below once
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
// (ssh, git-remote-https, credential helpers), SIGTERM then SIGKILL two seconds later.
class ProcessJob : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(const ProcessResult &result)>;

    explicit ProcessJob(QObject *parent = nullptr);
    ~ProcessJob() override; // kills a running child's group; `done` is not called

    // The descriptor number the child reads `secret` from; decided by start() (-1 without).
    int secretFd() const { return m_secretReadFd; }
    // Allocates the secret pipe, so a caller can put its number in the arguments.
    bool prepareSecret(const QByteArray &secret);

    void start(const ProcessRequest &request, Done done);
    void cancel();
    bool isRunning() const { return m_running; }

private:
    void finish(ProcessResult result);
    void killGroup(int signal);
    void closeSecret();

    QProcess *m_process = nullptr;
    QTimer m_timeout;
    QTimer m_killTimer;
    Done m_done;
    ProcessResult m_result;
    qint64 m_groupId = 0;
    int m_secretReadFd = -1;
    bool m_running = false;
};

// `git -C repo ARGS` as a request with the forge environment.
ProcessRequest gitRequest(const QString &gitProgram, const QString &repository,
                          const QStringList &arguments, int timeoutMs = 60000);

} // namespace agentdesk::forge
