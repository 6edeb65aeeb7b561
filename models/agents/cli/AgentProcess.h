#pragma once

#include "agents/cli/LineBuffer.h"

#include <QByteArray>
#include <QMetaType>
#include <QObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTimer>

namespace agentdesk::agents {

struct AgentProcessSpec
{
    QString program; // absolute path (resolve it first: the scrubbed PATH may differ from ours)
    QStringList arguments;
    QString workingDirectory;
    QProcessEnvironment environment;            // used as is: build it with scrubbedEnvironment()
    int wallClockLimitMs = 0;                   // 0: none
    qint64 outputCapBytes = 64ll * 1024 * 1024; // stdout + stderr; beyond it the run is stopped
    int killGraceMs = 3000;                     // between SIGTERM and SIGKILL to the process group
    // Written to standard input at start (Codex reads its prompt there, Claude Code the first
    // stream-json `user` message). Then standard input is closed, unless `keepInputOpen`:
    // agents that take answers on it (Claude Code's control protocol) get writeInput() and
    // closeInput(). Either way the agent never waits on a terminal.
    QByteArray input;
    bool keepInputOpen = false;
};

// Why AgentDesk stopped a process itself.
enum class StopReason
{
    None,
    Cancelled,
    WallClockLimit,
    OutputCap,
    Budget,
    AgentVerdict, // the parser decided the run cannot succeed (a refused key, no sandbox)
};

struct ProcessEnd
{
    enum class How
    {
        Exited,        // exited on its own with `exitCode`
        Crashed,       // killed by a signal we did not send
        FailedToStart, // `error` says why
        Stopped,       // we stopped it for `stopReason`
    };
    How how = How::Exited;
    int exitCode = -1;
    StopReason stopReason = StopReason::None;
    QString error;
    QByteArray stderrTail; // the last few KiB of standard error, for failure reasons
    qint64 outputBytes = 0;
};

// Runs one agent CLI in its own session and process group, so that stopping it stops every
// process it started (a test runner, a dev server) and not just the CLI. Reads standard output
// line by line and never blocks the calling thread: start() returns at once and the rest
// arrives as signals. Stops are SIGTERM to the group, then SIGKILL after a grace period; when
// the CLI exits, strays left in its group are killed too.
class AgentProcess : public QObject
{
    Q_OBJECT

public:
    explicit AgentProcess(QObject *parent = nullptr);
    ~AgentProcess() override;

    void start(const AgentProcessSpec &spec);
    // Stops the whole process group; the first reason given wins. No effect when not running.
    void stop(StopReason reason);
    bool isRunning() const { return m_running; }
    qint64 processId() const { return m_groupId; }

    // Writes to the agent's standard input while it is open (keepInputOpen). False when the
    // input is closed or the process has ended.
    bool writeInput(const QByteArray &bytes);
    void closeInput();
    bool inputOpen() const { return m_inputOpen; }
    // Stops and restarts the wall clock (time spent waiting for the user is not the agent's).
    void pauseWallClock();
    void resumeWallClock();

Q_SIGNALS:
    void started(qint64 pid);
    void lineReceived(const QByteArray &line);
    void stderrLineReceived(const QByteArray &line);
    void finished(const agentdesk::agents::ProcessEnd &end);

private:
    void readStandardOutput();
    void readStandardError();
    void countOutput(qsizetype bytes);
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onErrorOccurred(QProcess::ProcessError error);
    void signalGroup(int signal) const;
    void finish(ProcessEnd end);

    QProcess m_process;
    QTimer m_wallClock;
    QTimer m_killTimer;
    LineBuffer m_stdout;
    LineBuffer m_stderr;
    QByteArray m_stderrTail;
    AgentProcessSpec m_spec;
    StopReason m_stopReason = StopReason::None;
    qint64 m_groupId = 0;
    qint64 m_outputBytes = 0;
    qint64 m_wallClockLeftMs = -1; // while paused: what was left; -1 when not paused
    bool m_running = false;
    bool m_inputOpen = false;
};

} // namespace agentdesk::agents

Q_DECLARE_METATYPE(agentdesk::agents::ProcessEnd)
