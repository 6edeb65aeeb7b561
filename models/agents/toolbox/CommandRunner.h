#pragma once

#include "BubblewrapSandbox.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

class QProcess;
class QTimer;

namespace agentdesk::agents {

class OutputCapture;

struct CommandRequest
{
    QString program;
    QStringList arguments;
    QString workingDirectory;
    int timeoutMs = 10 * 60 * 1000;
    qsizetype outputCapBytes = 256 * 1024;
    // Defaults to the system environment; whichever it is, every credential is removed from it
    // (EnvironmentScrubber: by name, and by value for the secrets the process knows).
    std::optional<QProcessEnvironment> environment;
    // Run under bubblewrap with this spec when it works here; unsandboxed (and saying why)
    // when it does not. No spec: run unsandboxed, by choice.
    std::optional<SandboxSpec> sandbox;
    // With a spec: never fall back to running unsandboxed; a sandbox that cannot be made here
    // refuses the command (not started, startError saying why and where the choice is made).
    bool requireSandbox = false;
    // Empty: the bwrap found on PATH.
    QString bwrapProgram;
};

struct CommandOutcome
{
    bool started = false;
    QString startError; // when !started
    int exitCode = -1;
    bool crashed = false; // killed by a signal (including our own timeout kill)
    bool timedOut = false;
    bool cancelled = false;
    QByteArray output; // stdout and stderr interleaved, head and tail kept within the cap
    qint64 totalOutputBytes = 0;
    bool outputTruncated = false;
    qint64 durationMs = 0;
    bool sandboxed = false;
    QString sandboxNote; // "sandboxed (bubblewrap)" or "not sandboxed: <reason>"

    bool succeeded() const { return started && !crashed && !timedOut && exitCode == 0; }
};

// Runs one command at a time without blocking the thread it lives on: signals only, no
// waitFor*. The command leads its own process group (setsid in the child), so a timeout or
// cancel kills everything it spawned, grandchildren included, and so does its normal end (a
// background process left behind must not outlive the step that started it).
class CommandRunner : public QObject
{
    Q_OBJECT

public:
    explicit CommandRunner(QObject *parent = nullptr);
    ~CommandRunner() override;

    // Emits finished() exactly once per start(), always asynchronously. Refused (false) while a
    // command is running.
    bool start(const CommandRequest &request);
    bool isRunning() const { return m_running; }
    // Kills the running command's process group; finished() follows with cancelled set.
    void cancel();

Q_SIGNALS:
    void finished(const agentdesk::agents::CommandOutcome &outcome);

private:
    void continueWithSandbox(const SandboxAvailability &availability);
    void launch(const QString &program, const QStringList &arguments);
    void onProbeFinished();
    void onReadyRead();
    void onProcessFinished();
    void onStartFailed();
    void onTimeout();
    void killProcessGroup();
    void complete();

    CommandRequest m_request;
    CommandOutcome m_outcome;
    bool m_running = false;
    QString m_bwrap;
    qint64 m_processGroup = 0;
    QProcess *m_process = nullptr;
    QProcess *m_probe = nullptr;
    QTimer *m_timer = nullptr;
    std::unique_ptr<OutputCapture> m_capture;
    QElapsedTimer m_clock;
};

} // namespace agentdesk::agents

Q_DECLARE_METATYPE(agentdesk::agents::CommandOutcome)
