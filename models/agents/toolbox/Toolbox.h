#pragma once

#include "CommandRunner.h"
#include "FileTools.h"
#include "FinishReport.h"
#include "ToolResult.h"
#include "ToolSchema.h"
#include "WorktreePaths.h"

#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QString>

#include <optional>

namespace agentdesk::agents {

struct ToolboxConfig
{
    QString worktree;
    int commandTimeoutMs = 10 * 60 * 1000; // the most a command may run; the model may ask less
    qsizetype commandOutputCapBytes = 64 * 1024;
    // Run commands under bubblewrap when it works here (see BubblewrapSandbox).
    bool sandboxCommands = true;
    QString bwrapProgram; // empty: the one on PATH
    FileToolLimits limits;
    // Set for every command, on top of the scrubbed environment (the task's ports, the
    // recipe's [env]).
    QMap<QString, QString> environment;
};

// The implementer's tools over one task worktree. Lives on the task's worker thread; nothing
// here blocks on a process (run_command is asynchronous through CommandRunner), and the file
// tools are bounded by FileToolLimits.
//
// One call at a time, as a tool loop makes them: invoke() answers through toolFinished(),
// always after invoke() has returned (queued even for tools that complete at once), so a loop
// that invokes the next tool from its slot never re-enters itself.
class Toolbox : public QObject
{
    Q_OBJECT

public:
    explicit Toolbox(ToolboxConfig config, QObject *parent = nullptr);

    static QList<ToolSchema> schemas() { return ToolSchema::implementerTools(); }

    void invoke(const QString &callId, const QString &toolName, const QJsonObject &input);
    // Every tool but run_command, answered at once (for tests and for callers that hold no
    // event loop).
    ToolResult invokeImmediate(const QString &toolName, const QJsonObject &input);
    bool isBusy() const { return m_commandRunning; }
    // Kills a running command (its toolFinished() still follows, as an error).
    void cancel();

    const WorktreePaths &paths() const { return m_paths; }
    // Set once the model has called finish with a valid report.
    const std::optional<FinishReport> &finishReport() const { return m_finishReport; }
    // Whether the last run_command ran sandboxed, and the note the task records
    // ("sandboxed (...)" or "not sandboxed: <reason>"). Empty before any command.
    std::optional<bool> lastCommandSandboxed() const { return m_lastSandboxed; }
    QString lastSandboxNote() const { return m_lastSandboxNote; }

    static QString formatCommandResult(const CommandOutcome &outcome, int timeoutMs);

Q_SIGNALS:
    void toolFinished(const QString &callId, const agentdesk::agents::ToolResult &result);
    // Every run_command's full outcome, for the task's timeline.
    void commandFinished(const QString &callId, const agentdesk::agents::CommandOutcome &outcome);

private:
    void startCommand(const QString &callId, const QJsonObject &input);
    void answerLater(const QString &callId, const ToolResult &result);
    ToolResult finish(const QJsonObject &input);

    ToolboxConfig m_config;
    WorktreePaths m_paths;
    FileTools m_files;
    CommandRunner m_runner;
    bool m_commandRunning = false;
    QString m_commandCallId;
    int m_commandTimeoutMs = 0;
    std::optional<FinishReport> m_finishReport;
    std::optional<bool> m_lastSandboxed;
    QString m_lastSandboxNote;
};

} // namespace agentdesk::agents
