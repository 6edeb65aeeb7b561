#include "Toolbox.h"

#include "EnvironmentScrubber.h"

#include <QTimer>

#include <algorithm>

namespace agentdesk::agents {

Toolbox::Toolbox(ToolboxConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_paths(m_config.worktree)
    , m_files(m_paths, m_config.limits)
{
    qRegisterMetaType<ToolResult>();
    connect(&m_runner, &CommandRunner::finished, this, [this](const CommandOutcome &outcome) {
        m_commandRunning = false;
        m_lastSandboxed = outcome.sandboxed;
        m_lastSandboxNote = outcome.sandboxNote;
        const QString callId = m_commandCallId;
        Q_EMIT commandFinished(callId, outcome);
        const QString text = formatCommandResult(outcome, m_commandTimeoutMs);
        Q_EMIT toolFinished(callId, outcome.succeeded() ? ToolResult::success(text)
                                                        : ToolResult::failure(text));
    });
}

void Toolbox::answerLater(const QString &callId, const ToolResult &result)
{
    QTimer::singleShot(0, this, [this, callId, result] { Q_EMIT toolFinished(callId, result); });
}

void Toolbox::invoke(const QString &callId, const QString &toolName, const QJsonObject &input)
{
    if (m_commandRunning) {
        answerLater(callId, ToolResult::failure(QStringLiteral("Another command is still "
                                                               "running; call one tool at a "
                                                               "time.")));
        return;
    }
    if (toolName == QLatin1String(toolnames::kRunCommand)) {
        startCommand(callId, input);
        return;
    }
    answerLater(callId, invokeImmediate(toolName, input));
}

ToolResult Toolbox::invokeImmediate(const QString &toolName, const QJsonObject &input)
{
    if (!m_paths.isValid()) {
        return ToolResult::failure(
            QStringLiteral("The worktree '%1' does not exist.").arg(m_config.worktree));
    }
    if (toolName == QLatin1String(toolnames::kListDirectory))
        return m_files.listDirectory(input);
    if (toolName == QLatin1String(toolnames::kReadFile))
        return m_files.readFile(input);
    if (toolName == QLatin1String(toolnames::kSearchText))
        return m_files.searchText(input);
    if (toolName == QLatin1String(toolnames::kWriteFile))
        return m_files.writeFile(input);
    if (toolName == QLatin1String(toolnames::kEditFile))
        return m_files.editFile(input);
    if (toolName == QLatin1String(toolnames::kFinish))
        return finish(input);
    if (toolName == QLatin1String(toolnames::kRunCommand)) {
        return ToolResult::failure(
            QStringLiteral("run_command is asynchronous; use invoke() for it."));
    }
    QStringList names;
    for (const ToolSchema &schema : ToolSchema::implementerTools())
        names << schema.name;
    return ToolResult::failure(QStringLiteral("There is no tool '%1'. The tools are: %2.")
                                   .arg(toolName, names.join(QStringLiteral(", "))));
}

ToolResult Toolbox::finish(const QJsonObject &input)
{
    auto report = FinishReport::fromToolInput(input);
    if (!report)
        return ToolResult::failure(report.errorMessage());
    for (const ReviewDecision &decision : report->decisions) {
        if (decision.file.isEmpty())
            continue;
        if (const auto path = m_paths.resolve(decision.file); !path) {
            return ToolResult::failure(QStringLiteral("A decision names the file '%1': %2")
                                           .arg(decision.file, path.errorMessage()));
        }
    }
    m_finishReport = *report;
    return ToolResult::success(QStringLiteral("Report recorded. The task is finished."));
}

void Toolbox::startCommand(const QString &callId, const QJsonObject &input)
{
    const QString command = input.value(QStringLiteral("command")).toString();
    if (command.trimmed().isEmpty()) {
        answerLater(callId, ToolResult::failure(QStringLiteral("run_command needs a non-empty "
                                                               "\"command\".")));
        return;
    }
    if (!m_paths.isValid()) {
        answerLater(callId, invokeImmediate(QString(), input)); // the worktree error
        return;
    }
    const int askedSeconds = input.value(QStringLiteral("timeout_seconds")).toInt(0);
    m_commandTimeoutMs = askedSeconds > 0 ? std::min(m_config.commandTimeoutMs, askedSeconds * 1000)
                                          : m_config.commandTimeoutMs;
    CommandRequest request;
    request.program = QStringLiteral("/bin/sh");
    request.arguments = {QStringLiteral("-c"), command};
    request.workingDirectory = m_paths.root();
    request.timeoutMs = m_commandTimeoutMs;
    request.outputCapBytes = m_config.commandOutputCapBytes;
    request.environment = EnvironmentScrubber::scrubbedSystemEnvironment();
    for (auto it = m_config.environment.cbegin(); it != m_config.environment.cend(); ++it)
        request.environment->insert(it.key(), it.value());
    if (m_config.sandboxCommands) {
        request.sandbox =
            SandboxSpec{{m_paths.root()}, WorktreePaths::gitControlPaths(m_paths.root())};
        request.bwrapProgram = m_config.bwrapProgram;
        // Unsandboxed only by the user's choice (the sandbox off in Settings), never as a
        // fallback: unsandboxed, a command reads everything the user can.
        request.requireSandbox = true;
    }
    m_commandRunning = true;
    m_commandCallId = callId;
    m_runner.start(request);
}

void Toolbox::cancel()
{
    m_runner.cancel();
}

QString Toolbox::formatCommandResult(const CommandOutcome &outcome, int timeoutMs)
{
    QString status;
    if (!outcome.started)
        status = outcome.startError;
    else if (outcome.timedOut)
        status = QStringLiteral("timed out after %1 s; the command and everything it started "
                                "were killed")
                     .arg(timeoutMs / 1000.0);
    else if (outcome.cancelled)
        status = QStringLiteral("cancelled");
    else if (outcome.crashed)
        status = QStringLiteral("killed by a signal");
    else
        status = QStringLiteral("exit code %1").arg(outcome.exitCode);
    QString text = status + QLatin1Char('\n') + outcome.sandboxNote + QLatin1Char('\n');
    if (outcome.outputTruncated) {
        text += QStringLiteral("output: %1 bytes, only the head and tail are shown\n")
                    .arg(outcome.totalOutputBytes);
    }
    text += QString::fromUtf8(outcome.output);
    return text;
}

} // namespace agentdesk::agents
