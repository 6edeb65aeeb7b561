#include "agents/cli/CliBackend.h"

#include "agents/cli/CliLocator.h"
#include "agents/cli/CliSpend.h"
#include "agents/cli/ProcessEnvironment.h"
#include "core/LaunchEnvironment.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

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
    m_inactivity.setSingleShot(true);
    m_permissionTimer.setSingleShot(true);
    connect(&m_process, &AgentProcess::lineReceived, this, &CliBackend::onLine);
    connect(&m_process, &AgentProcess::stderrLineReceived, this, &CliBackend::onStderrLine);
    connect(&m_process, &AgentProcess::finished, this, &CliBackend::onFinished);
    connect(&m_inactivity, &QTimer::timeout, this, &CliBackend::onInactivity);
    connect(&m_permissionTimer, &QTimer::timeout, this, &CliBackend::onPermissionTimeout);
}

CliBackend::~CliBackend() = default;

void CliBackend::setSpendJournal(std::shared_ptr<cost::SpendJournal> journal,
                                 const cost::SpendReservation &identity)
{
    m_journal = std::move(journal);
    m_identity = identity;
}

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
    // A folder of the run's own: the prompt file, and the CLI's TMPDIR where it wants one.
    m_scratch = std::make_unique<QTemporaryDir>();
    if (!m_scratch->isValid() || !QDir(m_scratch->path()).mkdir(QStringLiteral("tmp")))
        return makeError(QStringLiteral("scratch-folder"),
                         QStringLiteral("Could not create a temporary folder for %1.")
                             .arg(m_adapter->displayName()));
    CliRunContext context;
    context.privateTempDir = m_scratch->filePath(QStringLiteral("tmp"));
    // The environment AgentDesk started with, keys included: main() took them out of the
    // process's own (core/LaunchEnvironment), and the CLI's own login may rely on them.
    context.parentEnvironment = LaunchEnvironment::environment();
    for (auto it = settings.environment.cbegin(); it != settings.environment.cend(); ++it)
        context.parentEnvironment.insert(it.key(), it.value());
    if (m_adapter->needsPromptFile()) {
        context.promptFile = m_scratch->filePath(QStringLiteral("prompt.md"));
        QFile file(context.promptFile);
        if (!file.open(QIODevice::WriteOnly) || file.write(request.prompt.toUtf8()) < 0)
            return makeError(QStringLiteral("prompt-file"),
                             QStringLiteral("Could not write the prompt to a temporary file."));
    }
    Result<CliInvocation> invocation = m_adapter->invocation(request, context);
    if (!invocation)
        return invocation.error();
    QMap<QString, QString> variables = settings.environment;
    variables.insert(request.environment);
    variables.insert(invocation->environment);
    AgentProcessSpec spec;
    spec.program = *program;
    spec.arguments = invocation->arguments + settings.extraArguments;
    spec.workingDirectory = QDir(request.worktree).absolutePath();
    spec.environment = scrubbedEnvironment(LaunchEnvironment::environment(), variables,
                                           invocation->inheritedVariables);
    spec.input = invocation->input;
    spec.keepInputOpen = invocation->keepInputOpen;
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
    if (!spec) {
        m_scratch.reset();
        return spec.error();
    }
    m_pricer = request.pricer;
    m_reservationId = 0;
    if (m_journal && request.remainingBudget && request.remainingBudget->nanodollars() > 0) {
        cost::SpendReservation reservation = m_identity;
        reservation.model = request.model;
        reservation.worstCase = *request.remainingBudget;
        const Result<qint64> reserved = m_journal->reserve(reservation);
        if (!reserved) {
            m_scratch.reset();
            return makeError(reserved.errorCode(),
                             QStringLiteral("%1 was not started: its budget could not be "
                                            "recorded first. %2")
                                 .arg(m_adapter->displayName(), reserved.errorMessage()));
        }
        m_reservationId = *reserved;
        m_reservedCap = reservation.worstCase;
    }
    m_parser = m_adapter->createParser(request);
    m_budget = request.remainingBudget;
    m_stderrLinesShown = 0;
    m_policy =
        m_adapter->canAskPermissions() ? request.permissions : PermissionPolicy::DenyUnlisted;
    m_permissionTimeoutMs = request.permissionTimeoutMs;
    m_pending.clear();
    m_rules = request.alwaysAllowed;
    m_granted.clear();
    m_waitedMs = 0;
    m_waitClock.invalidate();
    m_starting = true;
    m_process.start(*spec);
    m_starting = false;
    return {};
}

void CliBackend::cancel()
{
    m_process.stop(StopReason::Cancelled);
}

qint64 CliBackend::waitedMs() const
{
    return m_waitedMs + (m_waitClock.isValid() ? m_waitClock.elapsed() : 0);
}

void CliBackend::onLine(const QByteArray &line)
{
    // Once the parser has decided how the run ends, what the CLI still prints while it is
    // being stopped changes nothing.
    if (m_parser->stopRequest())
        return;
    const QList<AgentEvent> events = m_parser->parseLine(line);
    for (const AgentEvent &event : events)
        Q_EMIT eventOccurred(event);
    takeControlTraffic();
    // Claude Code waits for more input after its result until standard input closes.
    if (m_parser->inputFinished())
        m_process.closeInput();
    if (m_parser->stopRequest()) {
        m_process.stop(StopReason::AgentVerdict);
        return;
    }
    if (m_budget) {
        const std::optional<Money> spent = m_parser->runningCost();
        if (spent && *spent > *m_budget)
            m_process.stop(StopReason::Budget);
    }
    armInactivity();
}

void CliBackend::onStderrLine(const QByteArray &line)
{
    const QList<AgentEvent> events = m_parser->parseStderrLine(line);
    for (const AgentEvent &event : events)
        Q_EMIT eventOccurred(event);
    if (line.trimmed().isEmpty() || m_stderrLinesShown >= maxStderrEvents)
        return;
    ++m_stderrLinesShown;
    Q_EMIT eventOccurred(AgentEvent::make(AgentEvent::Kind::Stderr, QString::fromUtf8(line)));
}

void CliBackend::armInactivity()
{
    const std::optional<int> limit = m_parser ? m_parser->inactivityLimitMs() : std::nullopt;
    if (limit && m_pending.isEmpty() && m_process.isRunning())
        m_inactivity.start(*limit);
    else
        m_inactivity.stop();
}

void CliBackend::onInactivity()
{
    if (!m_process.isRunning() || !m_pending.isEmpty())
        return;
    m_parser->onInactivity(m_inactivity.interval());
    if (m_parser->stopRequest())
        m_process.stop(StopReason::AgentVerdict);
}

void CliBackend::onFinished(const ProcessEnd &end)
{
    m_inactivity.stop();
    m_permissionTimer.stop();
    const bool wasWaiting = !m_pending.isEmpty();
    if (m_waitClock.isValid()) {
        m_waitedMs += m_waitClock.elapsed();
        m_waitClock.invalidate();
    }
    m_pending.clear();
    AgentOutcome outcome = m_parser->finish(end);
    outcome.waitedMs = m_waitedMs;
    outcome.grantedRules = m_granted;
    m_scratch.reset();
    if (m_reservationId > 0) {
        cost::LedgerEntry base;
        base.taskId = m_identity.taskId;
        base.iteration = m_identity.iteration;
        base.role = m_identity.role;
        base.provider = m_identity.provider;
        const Result<QList<qint64>> settled =
            m_journal->settle(m_reservationId, cliLedgerEntries(outcome, m_pricer, base));
        m_reservationId = 0;
        // Recorded either way: as the reported cost, or (settling failed) as the reserved cap
        // the next start counts.
        outcome.costRecorded = true;
        if (!settled)
            Q_EMIT eventOccurred(AgentEvent::make(
                AgentEvent::Kind::Note,
                QStringLiteral("The run's cost could not be recorded (%1); it counts at its "
                               "budget of %2 until then.")
                    .arg(settled.errorMessage(), m_reservedCap.format(2))));
    }
    if (m_starting) {
        // A start failure is reported during start(); callers expect signals afterwards.
        QTimer::singleShot(0, this, [this, outcome] { Q_EMIT finished(outcome); });
        return;
    }
    if (wasWaiting)
        Q_EMIT waitingForInputChanged(false);
    Q_EMIT finished(outcome);
}

} // namespace agentdesk::agents
