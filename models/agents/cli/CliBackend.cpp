#include "agents/cli/CliBackend.h"

#include "agents/cli/CliLocator.h"
#include "agents/cli/ProcessEnvironment.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTimer>

namespace agentdesk::agents {

namespace {
// Standard error is shown in the timeline up to this many lines; the tail is kept regardless
// for failure reasons.
constexpr int maxStderrEvents = 200;
} // namespace

CliBackend::CliBackend(std::shared_ptr<const CliAdapter> adapter, QObject *parent)
    : AgentBackend(parent)
    , m_adapter(std::move(adapter))
{
    connect(&m_process, &AgentProcess::lineReceived, this, &CliBackend::onLine);
    connect(&m_process, &AgentProcess::stderrLineReceived, this, &CliBackend::onStderrLine);
    connect(&m_process, &AgentProcess::finished, this, &CliBackend::onFinished);
}

CliBackend::~CliBackend() = default;

QString CliBackend::backendId() const
{
    return m_adapter->backendId();
}

bool CliBackend::isRunning() const
{
    return m_process.isRunning();
}

Result<AgentProcessSpec> CliBackend::prepare(const AgentRequest &request)
{
    const CliSettings &settings = m_adapter->settings();
    if (!QFileInfo(request.worktree).isDir())
        return makeError(
            QStringLiteral("worktree-missing"),
            QStringLiteral("The task's worktree %1 does not exist.").arg(request.worktree));
    Result<QString> program =
        locateCli(settings.executable, settings.searchPath, m_adapter->displayName());
    if (!program)
        return program.error();
    QString promptFile;
    if (m_adapter->needsPromptFile()) {
        m_scratch = std::make_unique<QTemporaryDir>();
        promptFile = m_scratch->filePath(QStringLiteral("prompt.md"));
        QFile file(promptFile);
        if (!m_scratch->isValid() || !file.open(QIODevice::WriteOnly) ||
            file.write(request.prompt.toUtf8()) < 0)
            return makeError(QStringLiteral("prompt-file"),
                             QStringLiteral("Could not write the prompt to a temporary file."));
    }
    Result<CliInvocation> invocation = m_adapter->invocation(request, promptFile);
    if (!invocation)
        return invocation.error();
    QMap<QString, QString> variables = settings.environment;
    variables.insert(invocation->environment);
    AgentProcessSpec spec;
    spec.program = *program;
    spec.arguments = invocation->arguments + settings.extraArguments;
    spec.workingDirectory = QDir(request.worktree).absolutePath();
    spec.environment = scrubbedEnvironment(QProcessEnvironment::systemEnvironment(), variables);
    spec.wallClockLimitMs = request.wallClockLimitMs;
    spec.outputCapBytes = m_outputCapBytes;
    spec.killGraceMs = m_killGraceMs;
    return spec;
}

VoidResult CliBackend::start(const AgentRequest &request)
{
    if (m_process.isRunning())
        return makeError(QStringLiteral("agent-busy"),
                         QStringLiteral("This agent is already running a step."));
    Result<AgentProcessSpec> spec = prepare(request);
    if (!spec)
        return spec.error();
    m_parser = m_adapter->createParser(request);
    m_budget = request.remainingBudget;
    m_stderrLinesShown = 0;
    m_starting = true;
    m_process.start(*spec);
    m_starting = false;
    return {};
}

void CliBackend::cancel()
{
    m_process.stop(StopReason::Cancelled);
}

void CliBackend::onLine(const QByteArray &line)
{
    const QList<AgentEvent> events = m_parser->parseLine(line);
    for (const AgentEvent &event : events)
        Q_EMIT eventOccurred(event);
    if (m_parser->stopRequest()) {
        m_process.stop(StopReason::AuthFailed);
        return;
    }
    if (m_budget) {
        const std::optional<Money> spent = m_parser->runningCost();
        if (spent && *spent > *m_budget)
            m_process.stop(StopReason::Budget);
    }
}

void CliBackend::onStderrLine(const QByteArray &line)
{
    if (line.trimmed().isEmpty() || m_stderrLinesShown >= maxStderrEvents)
        return;
    ++m_stderrLinesShown;
    Q_EMIT eventOccurred(AgentEvent::make(AgentEvent::Kind::Stderr, QString::fromUtf8(line)));
}

void CliBackend::onFinished(const ProcessEnd &end)
{
    const AgentOutcome outcome = m_parser->finish(end);
    m_scratch.reset();
    if (m_starting) {
        // A start failure is reported during start(); callers expect signals afterwards.
        QTimer::singleShot(0, this, [this, outcome] { Q_EMIT finished(outcome); });
        return;
    }
    Q_EMIT finished(outcome);
}

} // namespace agentdesk::agents
