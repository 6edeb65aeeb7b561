#include "tasks/engine/TaskRunner.h"

#include "agents/api/DiffRenderer.h"
#include "agents/api/ImplementerAgent.h"
#include "agents/cli/CliAgents.h"
#include "agents/cli/CliBackend.h"
#include "cost/DailyAllowance.h"
#include "cost/Ledger.h"
#include "cost/PriceTable.h"
#include "git/DiffEngine.h"
#include "git/Repository.h"
#include "git/TaskWorktrees.h"
#include "git/WorktreeCommitter.h"
#include "git/WorktreeLock.h"
#include "review/Finding.h"
#include "store/StoreReader.h"
#include "store/StoreWriter.h"
#include "tasks/engine/FindingCarry.h"
#include "tasks/report/TaskReport.h"
#include "tasks/validation/ValidationCommand.h"
#include "tasks/validation/ValidationRunner.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace agentdesk::tasks {

namespace {

constexpr int kProgressIntervalMs = 33; // about 30 Hz

store::LedgerRole roleFromName(const QString &role)
{
    return role == QLatin1String("reviewer") ? store::LedgerRole::Reviewer
                                             : store::LedgerRole::Implementer;
}

store::LedgerEntry toStoreEntry(const cost::LedgerEntry &entry, TaskId id, int iteration)
{
    store::LedgerEntry out;
    out.taskId = id;
    out.iteration = iteration;
    out.role = roleFromName(entry.role);
    out.provider = entry.provider;
    out.model = entry.model;
    out.inputTokens = entry.usage.inputTokens;
    out.outputTokens = entry.usage.outputTokens;
    out.cacheWrite5mTokens = entry.usage.cacheWrite5mTokens;
    out.cacheWrite1hTokens = entry.usage.cacheWrite1hTokens;
    out.cacheReadTokens = entry.usage.cacheReadTokens;
    out.cost = entry.cost;
    out.requestId = entry.requestId;
    out.at = entry.time.isValid() ? entry.time.toUTC() : QDateTime::currentDateTimeUtc();
    return out;
}

llm::Usage toLlmUsage(const agents::TokenUsage &usage)
{
    llm::Usage out;
    out.inputTokens = usage.inputTokens;
    out.outputTokens = usage.outputTokens;
    out.cacheWrite5mTokens = usage.cacheWrite5mTokens;
    out.cacheWrite1hTokens = usage.cacheWrite1hTokens;
    out.cacheReadTokens = usage.cacheReadTokens;
    return out;
}

TaskEventKind timelineKind(agents::AgentEvent::Kind kind)
{
    using K = agents::AgentEvent::Kind;
    switch (kind) {
    case K::AssistantText:
        return TaskEventKind::ModelText;
    case K::ToolUse:
        return TaskEventKind::ToolCall;
    case K::ToolResult:
        return TaskEventKind::ToolResult;
    case K::Usage:
    case K::Cost:
        return TaskEventKind::Usage;
    default:
        return TaskEventKind::Note;
    }
}

store::FindingRecord toRecord(const review::Finding &finding)
{
    store::FindingRecord record;
    record.title = finding.title;
    record.body = finding.body;
    record.category = review::categoryId(finding.category);
    record.priority = finding.priority;
    record.confidence = finding.confidence;
    record.file = finding.file;
    record.side = finding.side == review::Side::Old ? QStringLiteral("old") : QStringLiteral("new");
    record.startLine = finding.startLine;
    record.endLine = finding.endLine;
    record.suggestedFix = finding.suggestedFix;
    record.anchored = finding.anchored;
    return record;
}

QString firstLine(const QString &text, int maxChars = 140)
{
    QString line = text.trimmed().section(QLatin1Char('\n'), 0, 0).trimmed();
    if (line.size() > maxChars)
        line = line.left(maxChars - 1) + QChar(0x2026);
    return line;
}

QString shortId(const QString &id)
{
    return id.left(10);
}

} // namespace

TaskRunner::TaskRunner(RunnerParams params, QObject *parent)
    : QObject(parent)
    , m_params(std::move(params))
    , m_state(m_params.task.state)
{
    // A child, so it moves to the worker's thread with its owner.
    m_progressTimer.setParent(this);
    m_progressTimer.setSingleShot(true);
    m_progressTimer.setInterval(kProgressIntervalMs);
    connect(&m_progressTimer, &QTimer::timeout, this, &TaskRunner::emitProgress);
    m_progress.taskId = m_params.task.id;
    m_progress.iteration = m_params.iteration;
    m_progress.state = m_state;
    m_progress.budget = m_params.task.spec.budget;
}

TaskRunner::~TaskRunner()
{
    for (const QString &path : QStringList(m_checkouts))
        removeCheckout(path);
}

void TaskRunner::start()
{
    // Objects made here live on this (the worker's) thread.
    m_network = new QNetworkAccessManager(this);
    auto reader = store::StoreReader::open(m_params.writer->path());
    if (!reader) {
        fail(QStringLiteral("Could not read the task store: %1").arg(reader.errorMessage()));
        return;
    }
    m_reader = std::move(*reader);
    if (auto ledger = m_reader->ledger(m_params.task.id); ledger) {
        for (const store::LedgerEntry &entry : *ledger)
            m_spentBefore += entry.cost;
    }
    m_progress.spent = m_spentBefore;
    m_progress.startedAt = QDateTime::currentDateTimeUtc();
    m_worktree = m_params.task.worktreePath;

    if (m_state == TaskState::Revising) {
        implement();
        return;
    }
    if (!transition(TaskState::Preparing))
        return;
    prepare();
}

void TaskRunner::stop(bool pause, const QString &reason)
{
    if (m_finished || m_stopping)
        return;
    m_stopping = true;
    m_stopPauses = pause;
    m_stopReason = reason;
    if (m_implementer && m_implementer->isRunning()) {
        m_implementer->cancel(); // finished() follows with Cancelled
        return;
    }
    if (m_reviewer && m_reviewer->isRunning()) {
        m_reviewer->cancel();
        return;
    }
    if (m_validation && m_validation->isRunning())
        m_validation->cancel();
    end(pause ? TaskState::Paused : TaskState::Failed, reason);
}

bool TaskRunner::transition(TaskState to, const QString &reason)
{
    if (m_finished)
        return false;
    VoidResult done = m_params.writer->transitionTask(m_params.task.id, m_state, to, reason);
    if (!done) {
        // The store refused (another writer moved the task, or the disk failed): stop here,
        // never run a step the store does not know about.
        m_finished = true;
        Q_EMIT finished(
            m_params.task.id, m_state,
            QStringLiteral("Could not record the task's state: %1").arg(done.errorMessage()));
        return false;
    }
    m_state = to;
    m_progress.state = to;
    scheduleProgress();
    return true;
}

void TaskRunner::prepare()
{
    setActivity(QStringLiteral("Preparing the worktree"));
    const store::TaskRecord &task = m_params.task;
    if (!m_worktree.isEmpty() && QFileInfo(m_worktree).isDir()) {
        event(TaskEventKind::Note,
              {{QStringLiteral("text"),
                QStringLiteral("Reusing the task's worktree %1").arg(m_worktree)}});
        implement();
        return;
    }
    auto repository = git::Repository::open(task.spec.repositoryPath);
    if (!repository) {
        fail(repository.errorMessage());
        return;
    }
    git::TaskWorktrees worktrees(*repository);
    git::TaskWorktreeSpec spec;
    spec.taskId = QString::number(task.id);
    spec.title = task.spec.title;
    spec.baseCommit = task.spec.baseCommit;
    spec.root = m_params.config->settings.worktreeRoot;
    spec.name = task.branch.section(QLatin1Char('/'), 1);
    QDir().mkpath(spec.root);
    auto created = worktrees.create(spec);
    if (!created) {
        fail(
            QStringLiteral("Could not create the task's worktree: %1").arg(created.errorMessage()));
        return;
    }
    m_worktree = created->path;
    if (VoidResult saved = m_params.writer->setWorktree(task.id, m_worktree); !saved) {
        fail(saved.errorMessage());
        return;
    }
    event(TaskEventKind::Note,
          {{QStringLiteral("text"),
            QStringLiteral("Worktree %1 on branch %2 from %3")
                .arg(m_worktree, created->branch, shortId(task.spec.baseCommit))}});
    implement();
}

QString TaskRunner::implementerPrompt() const
{
    const TaskSpec &spec = m_params.task.spec;
    QString prompt;
    if (m_params.iteration > 1 && !m_params.requestText.isEmpty()) {
        prompt += QStringLiteral("# Revision request\n\n%1\n\n").arg(m_params.requestText);
        prompt += QStringLiteral("Make exactly this change, on top of the work already on this "
                                 "branch; do not redo or undo anything else.\n\n");
        prompt += QStringLiteral("# The original task: %1\n\n%2\n").arg(spec.title, spec.prompt);
        auto detail = m_reader->loadTask(m_params.task.id);
        if (detail) {
            for (const Iteration &it : detail->iterations) {
                if (it.number == m_params.iteration - 1 && !it.reportMarkdown.isEmpty())
                    prompt += QStringLiteral("\n# The previous iteration's report\n\n%1\n")
                                  .arg(it.reportMarkdown);
            }
        }
        return prompt;
    }
    prompt = QStringLiteral("# Task: %1\n\n%2\n").arg(spec.title, spec.prompt);
    if (m_params.resuming)
        prompt += QStringLiteral(
            "\nNote: an earlier run of this task was stopped. Its work is already in this "
            "worktree (committed on the branch); check what is there and continue from it.\n");
    return prompt;
}

void TaskRunner::implement()
{
    if (!transition(TaskState::Implementing))
        return;
    const TaskSpec &spec = m_params.task.spec;
    const EngineConfig &config = *m_params.config;
    setActivity(QStringLiteral("Implementing with %1").arg(spec.implementer.toString()));

    {
        Iteration iteration;
        iteration.number = m_params.iteration;
        iteration.baseCommit = spec.baseCommit;
        iteration.requestText = m_params.requestText;
        iteration.startedAt = QDateTime::currentDateTimeUtc();
        auto detail = m_reader->loadTask(m_params.task.id);
        bool exists = false;
        if (detail) {
            for (const Iteration &it : detail->iterations)
                exists = exists || it.number == iteration.number;
        }
        if (!exists) {
            if (VoidResult started = m_params.writer->startIteration(m_params.task.id, iteration);
                !started) {
                fail(started.errorMessage());
                return;
            }
        }
    }

    agents::AgentRequest request;
    request.worktree = m_worktree;
    request.prompt = implementerPrompt();
    request.model = spec.implementer.model;
    request.remainingBudget = remainingBudget();
    // A CLI agent's own cap (--max-budget-usd) is the smaller of the run's and today's.
    if (const std::optional<Money> today =
            m_params.daily ? m_params.daily->available() : m_params.dailyRemaining;
        today && (!request.remainingBudget || *today < *request.remainingBudget))
        request.remainingBudget = today;
    request.wallClockLimitMs = spec.timeouts.implementSeconds * 1000;
    std::shared_ptr<const cost::PriceTable> prices = config.prices;
    request.pricer = [prices](const QString &model,
                              const agents::TokenUsage &usage) -> std::optional<Money> {
        if (!prices)
            return std::nullopt;
        auto priced = prices->cost(model, toLlmUsage(usage));
        return priced ? std::optional<Money>(*priced) : std::nullopt;
    };

    if (agents::isCliBackendId(spec.implementer.provider)) {
        auto adapter = agents::cliAdapterFor(spec.implementer.provider, config.cli);
        if (!adapter) {
            fail(adapter.errorMessage());
            return;
        }
        m_implementer = new agents::CliBackend(*adapter, this);
    } else {
        auto provider = config.providers ? config.providers(spec.implementer.provider)
                                         : Result<agents::ProviderSettings>(makeError(
                                               QStringLiteral("no-providers"),
                                               QStringLiteral("No providers are configured.")));
        if (!provider) {
            fail(provider.errorMessage());
            return;
        }
        agents::ApiAgentConfig agentConfig;
        agentConfig.provider = *provider;
        agentConfig.prices = config.prices;
        agentConfig.taskId = QString::number(m_params.task.id);
        agentConfig.iteration = m_params.iteration;
        agentConfig.dailyRemaining = m_params.dailyRemaining;
        agentConfig.daily = m_params.daily;
        agentConfig.network = m_network;
        agentConfig.toolbox.commandTimeoutMs = spec.timeouts.commandSeconds * 1000;
        agentConfig.toolbox.sandboxCommands = config.settings.sandbox;
        agentConfig.toolbox.bwrapProgram = config.bwrapProgram;
        auto *agent = new agents::ImplementerAgent(agentConfig, this);
        connect(agent, &agents::ImplementerAgent::ledgerEntryRecorded, this,
                [this](const cost::LedgerEntry &entry) {
                    recordLedger(toStoreEntry(entry, m_params.task.id, m_params.iteration));
                });
        m_implementer = agent;
    }
    connect(m_implementer, &agents::AgentBackend::eventOccurred, this, &TaskRunner::onAgentEvent);
    connect(m_implementer, &agents::AgentBackend::finished, this,
            &TaskRunner::onImplementerFinished);
    if (VoidResult started = m_implementer->start(request); !started) {
        if (started.errorCode() == QLatin1String("budget-reached")) {
            end(TaskState::Paused, QStringLiteral("The budget of %1 is used up (%2 spent): give "
                                                  "it more budget to continue.")
                                       .arg(spec.budget.format(2), spentTotal().format(2)));
            return;
        }
        fail(started.errorMessage());
    }
}

void TaskRunner::onAgentEvent(const agents::AgentEvent &agentEvent)
{
    QJsonObject payload = agentEvent.payload;
    payload.insert(QStringLiteral("agent_event"), agents::eventKindName(agentEvent.kind));
    if (!agentEvent.text.isEmpty())
        payload.insert(QStringLiteral("text"), agentEvent.text);
    event(timelineKind(agentEvent.kind), payload);

    using K = agents::AgentEvent::Kind;
    switch (agentEvent.kind) {
    case K::AssistantText:
        setActivity(firstLine(agentEvent.text));
        break;
    case K::ToolUse: {
        const QJsonObject input = agentEvent.payload.value(QStringLiteral("input")).toObject();
        const QString path = input.value(QStringLiteral("path")).toString();
        const QString command = input.value(QStringLiteral("command")).toString();
        setActivity(command.isEmpty() ? QStringLiteral("%1 %2").arg(agentEvent.text, path).trimmed()
                                      : QStringLiteral("Running %1").arg(firstLine(command, 100)));
        break;
    }
    case K::Usage:
        m_progress.inputTokens +=
            qint64(agentEvent.payload.value(QStringLiteral("input_tokens")).toDouble());
        m_progress.outputTokens +=
            qint64(agentEvent.payload.value(QStringLiteral("output_tokens")).toDouble());
        scheduleProgress();
        break;
    case K::Note:
        if (agentEvent.payload.contains(QStringLiteral("sandboxed"))) {
            const bool sandboxed = agentEvent.payload.value(QStringLiteral("sandboxed")).toBool();
            if (sandboxed != m_sandboxed || !m_sandboxed) {
                m_sandboxed = sandboxed;
                noteIfFailed(m_params.writer->setSandboxed(m_params.task.id, sandboxed));
            }
        }
        break;
    default:
        break;
    }
}

void TaskRunner::recordLedger(store::LedgerEntry entry)
{
    Result<qint64> id = m_params.writer->recordLedger(entry);
    if (id)
        entry.id = *id;
    m_spentNow += entry.cost;
    m_progress.spent = spentTotal();
    scheduleProgress();
    Q_EMIT ledgerRecorded(entry);
}

std::optional<Money> TaskRunner::remainingBudget() const
{
    const Money budget = m_params.task.spec.budget;
    if (budget.nanodollars() <= 0)
        return std::nullopt;
    const qint64 left = budget.nanodollars() - spentTotal().nanodollars();
    return Money::fromNanodollars(qMax<qint64>(0, left));
}

std::optional<QString> TaskRunner::commitWork(const QString &why)
{
    const QString message = QStringLiteral("%1\n\nAgentDesk task %2, iteration %3: %4\n")
                                .arg(m_params.task.spec.title)
                                .arg(m_params.task.id)
                                .arg(m_params.iteration)
                                .arg(why);
    auto committed =
        git::WorktreeCommitter::commitAll(m_worktree, message, m_params.config->settings.identity);
    if (committed) {
        event(TaskEventKind::Note,
              {{QStringLiteral("text"), QStringLiteral("Committed %1").arg(shortId(*committed))},
               {QStringLiteral("commit"), *committed}});
        return *committed;
    }
    if (committed.errorCode() == QLatin1String("nothing-to-commit")) {
        auto repository = git::Repository::open(m_worktree);
        if (repository) {
            if (auto head = repository->resolveCommit(QStringLiteral("HEAD")))
                return *head;
        }
    }
    event(TaskEventKind::Note,
          {{QStringLiteral("text"),
            QStringLiteral("Could not commit: %1").arg(committed.errorMessage())}});
    return std::nullopt;
}

void TaskRunner::onImplementerFinished(const agents::AgentOutcome &outcome)
{
    if (auto *agent = qobject_cast<agents::ImplementerAgent *>(m_implementer))
        m_finishReport = agent->finishReport();
    m_implementerText = outcome.finalText;

    // A CLI agent reports its cost once, at the end: one ledger entry per model, the figures
    // adding up to what it reported (or to our pricing of its usage).
    if (!qobject_cast<agents::ImplementerAgent *>(m_implementer) && !outcome.usage.isEmpty()) {
        const QString provider = m_params.task.spec.implementer.provider;
        Money assigned;
        const QStringList models = outcome.usage.keys();
        for (int i = 0; i < models.size(); ++i) {
            const agents::TokenUsage usage = outcome.usage.value(models.at(i));
            store::LedgerEntry entry;
            entry.taskId = m_params.task.id;
            entry.iteration = m_params.iteration;
            entry.role = store::LedgerRole::Implementer;
            entry.provider = provider;
            entry.model = models.at(i);
            entry.inputTokens = usage.inputTokens;
            entry.outputTokens = usage.outputTokens;
            entry.cacheWrite5mTokens = usage.cacheWrite5mTokens;
            entry.cacheWrite1hTokens = usage.cacheWrite1hTokens;
            entry.cacheReadTokens = usage.cacheReadTokens;
            std::optional<Money> priced;
            if (m_params.config->prices) {
                if (auto cost = m_params.config->prices->cost(models.at(i), toLlmUsage(usage)))
                    priced = *cost;
            }
            if (outcome.cost && i == models.size() - 1)
                entry.cost =
                    Money::fromNanodollars(outcome.cost->nanodollars() - assigned.nanodollars());
            else
                entry.cost = priced.value_or(Money());
            assigned += entry.cost;
            if (m_params.daily)
                m_params.daily->addSpent(entry.cost);
            entry.requestId = outcome.sessionId;
            entry.at = QDateTime::currentDateTimeUtc();
            recordLedger(entry);
        }
    }

    const QString why =
        outcome.succeeded()
            ? QStringLiteral("implemented")
            : QStringLiteral("stopped (%1)").arg(agents::outcomeKindName(outcome.kind));
    const std::optional<QString> head = commitWork(why);

    if (m_stopping) {
        end(m_stopPauses ? TaskState::Paused : TaskState::Failed,
            m_stopReason +
                (head ? QStringLiteral(" Work committed at %1.").arg(shortId(*head)) : QString()));
        return;
    }
    switch (outcome.kind) {
    case agents::OutcomeKind::Succeeded:
        break;
    case agents::OutcomeKind::BudgetExceeded:
        end(TaskState::Paused,
            QStringLiteral("Budget reached: %1 of %2 spent. The work so far is committed%3; give "
                           "it more budget to continue.")
                .arg(spentTotal().format(2), m_params.task.spec.budget.format(2),
                     head ? QStringLiteral(" at %1").arg(shortId(*head)) : QString()));
        return;
    default:
        fail(QStringLiteral("The implementer stopped: %1%2")
                 .arg(outcome.reason.isEmpty() ? agents::outcomeKindName(outcome.kind)
                                               : outcome.reason,
                      head ? QStringLiteral(" (work committed at %1)").arg(shortId(*head))
                           : QString()));
        return;
    }
    if (!head) {
        fail(QStringLiteral("The implementer finished, but its work could not be committed."));
        return;
    }
    m_headCommit = *head;
    validate();
}

void TaskRunner::validate()
{
    if (!transition(TaskState::Validating))
        return;
    const TaskSpec &spec = m_params.task.spec;
    m_validationCommand = spec.validationCommand;
    if (m_validationCommand.isEmpty()) {
        if (auto detected = ValidationCommand::detect(m_worktree))
            m_validationCommand = detected->shellCommand;
    }
    if (m_validationCommand.isEmpty()) {
        ValidationResult none;
        none.commit = m_headCommit;
        none.directory = m_worktree;
        none.error = QStringLiteral("No test command was given and none could be detected "
                                    "(CMake, package.json, pytest, cargo, go, make).");
        m_headValidation = none;
        saveValidation();
        review();
        return;
    }
    setActivity(QStringLiteral("Running the tests: %1").arg(firstLine(m_validationCommand, 80)));
    // On a clean checkout of exactly the committed head: what is validated is what would be
    // merged (nothing uncommitted or ignored from the agent's worktree), what the run leaves
    // behind never lands in the task's next commit, and the reviewer reads the same files.
    auto head = addCheckout(m_headCommit, QStringLiteral("head"));
    if (!head) {
        fail(QStringLiteral("The committed work could not be checked out for validation: %1")
                 .arg(head.errorMessage()));
        return;
    }
    m_headPath = *head;
    m_validation = new ValidationRunner(this);
    connect(m_validation, &ValidationRunner::finished, this, &TaskRunner::onHeadValidated);
    ValidationRequest request;
    request.directory = m_headPath;
    request.commit = m_headCommit;
    request.command = m_validationCommand;
    request.timeoutMs =
        qMin(spec.timeouts.validateSeconds, m_params.config->settings.validationTimeoutSeconds) *
        1000;
    request.sandbox = m_params.config->settings.sandbox;
    request.bwrapProgram = m_params.config->bwrapProgram;
    m_validation->start(request);
}

void TaskRunner::onHeadValidated(const ValidationResult &result)
{
    m_headValidation = result;
    event(TaskEventKind::ValidationOutput, {{QStringLiteral("text"), result.summary()},
                                            {QStringLiteral("commit"), result.commit},
                                            {QStringLiteral("result"), result.toJson()}});
    if (m_stopping) {
        end(m_stopPauses ? TaskState::Paused : TaskState::Failed, m_stopReason);
        return;
    }
    startBaseValidation();
}

Result<QString> TaskRunner::addCheckout(const QString &commit, const QString &label)
{
    // A detached checkout of exactly `commit` in a private temporary folder, hooks off (nothing
    // the agent wrote into the repository runs). git's worktree commands must not overlap on
    // one repository, so this holds the repository's worktree lock; it blocks this worker
    // only, briefly.
    if (!m_scratch) {
        m_scratch = std::make_unique<QTemporaryDir>(QDir::tempPath() +
                                                    QStringLiteral("/agentdesk-task-XXXXXX"));
        auto repository = git::Repository::open(m_params.task.spec.repositoryPath);
        if (!m_scratch->isValid() || !repository)
            return makeError(QStringLiteral("checkout-failed"),
                             QStringLiteral("No temporary folder for a checkout."));
        m_commonDir = repository->commonDir();
    }
    const QString path = m_scratch->path() + QLatin1Char('/') + label + QLatin1Char('-') +
                         QString::number(m_params.task.id);
    QProcess checkout;
    checkout.setProcessChannelMode(QProcess::MergedChannels);
    {
        QMutexLocker locked(&git::worktreeLock(m_commonDir));
        checkout.start(QStringLiteral("git"),
                       {QStringLiteral("-C"), m_params.task.spec.repositoryPath,
                        QStringLiteral("-c"), QStringLiteral("core.hooksPath=/dev/null"),
                        QStringLiteral("worktree"), QStringLiteral("add"),
                        QStringLiteral("--detach"), QStringLiteral("--quiet"), path, commit});
        if (!checkout.waitForFinished(120000))
            checkout.kill();
    }
    m_checkouts.append(path); // whatever git left behind is removed like a finished checkout
    if (checkout.error() != QProcess::UnknownError ||
        checkout.exitStatus() != QProcess::NormalExit || checkout.exitCode() != 0) {
        removeCheckout(path);
        return makeError(QStringLiteral("checkout-failed"),
                         firstLine(QString::fromUtf8(checkout.readAll())));
    }
    return path;
}

void TaskRunner::removeCheckout(const QString &path)
{
    if (!m_checkouts.removeOne(path))
        return;
    QProcess remove;
    QMutexLocker locked(&git::worktreeLock(m_commonDir));
    remove.start(QStringLiteral("git"), {QStringLiteral("-C"), m_params.task.spec.repositoryPath,
                                         QStringLiteral("worktree"), QStringLiteral("remove"),
                                         QStringLiteral("--force"), path});
    const bool removed = remove.waitForFinished(60000) &&
                         remove.exitStatus() == QProcess::NormalExit && remove.exitCode() == 0;
    if (!removed) {
        // The folder goes with the temporary directory; git forgets the entry on prune.
        remove.kill();
        QProcess prune;
        prune.start(QStringLiteral("git"), {QStringLiteral("-C"), m_params.task.spec.repositoryPath,
                                            QStringLiteral("worktree"), QStringLiteral("prune")});
        prune.waitForFinished(60000);
    }
}

void TaskRunner::startBaseValidation()
{
    // The same command on the base commit tells new failures from old ones.
    setActivity(QStringLiteral("Running the tests on the base commit"));
    auto path = addCheckout(m_params.task.spec.baseCommit, QStringLiteral("base"));
    if (!path) {
        event(TaskEventKind::Note,
              {{QStringLiteral("text"),
                QStringLiteral("The base commit could not be checked out for comparison: %1")
                    .arg(path.errorMessage())}});
        saveValidation();
        review();
        return;
    }
    m_basePath = *path;
    disconnect(m_validation, nullptr, this, nullptr);
    connect(m_validation, &ValidationRunner::finished, this, &TaskRunner::onBaseValidated);
    ValidationRequest request;
    request.directory = m_basePath;
    request.commit = m_params.task.spec.baseCommit;
    request.command = m_validationCommand;
    request.timeoutMs = qMin(m_params.task.spec.timeouts.validateSeconds,
                             m_params.config->settings.validationTimeoutSeconds) *
                        1000;
    request.sandbox = m_params.config->settings.sandbox;
    request.bwrapProgram = m_params.config->bwrapProgram;
    m_validation->start(request);
}

void TaskRunner::onBaseValidated(const ValidationResult &result)
{
    m_baseValidation = result;
    if (m_headValidation)
        m_comparison = compareWithBase(*m_headValidation, result);
    removeCheckout(m_basePath);
    m_basePath.clear();
    if (m_stopping) {
        end(m_stopPauses ? TaskState::Paused : TaskState::Failed, m_stopReason);
        return;
    }
    saveValidation();
    review();
}

void TaskRunner::saveValidation()
{
    if (!m_headValidation)
        return;
    const ValidationResult &result = *m_headValidation;
    store::ValidationRecord record;
    record.taskId = m_params.task.id;
    record.iteration = m_params.iteration;
    record.commit = result.commit;
    record.command = result.command.isEmpty() ? m_validationCommand : result.command;
    record.exitCode = result.exitCode;
    record.timedOut = result.timedOut;
    record.passed = result.passed();
    record.failed = result.failed();
    record.skipped = result.skipped();
    for (const TestCase &test : result.report.tests)
        record.tests.append(QJsonObject{{QStringLiteral("name"), test.name},
                                        {QStringLiteral("status"), testStatusName(test.status)}});
    record.outputExcerpt = result.error.isEmpty()
                               ? result.outputExcerpt
                               : result.error + QLatin1Char('\n') + result.outputExcerpt;
    record.durationMs = result.durationMs;
    if (m_baseValidation) {
        record.baseCommit = m_baseValidation->commit;
        record.basePassed = m_baseValidation->passed();
        record.baseFailed = m_baseValidation->failed();
        record.baseSkipped = m_baseValidation->skipped();
    }
    if (m_comparison) {
        record.newlyFailing = m_comparison->newlyFailing;
        record.preexistingFailing = m_comparison->preexistingFailing;
    }
    record.at = QDateTime::currentDateTimeUtc();
    if (Result<qint64> saved = m_params.writer->saveValidation(record); !saved)
        event(TaskEventKind::Note, {{QStringLiteral("text"), saved.errorMessage()}});
}

void TaskRunner::review()
{
    if (!transition(TaskState::Reviewing))
        return;
    const TaskSpec &spec = m_params.task.spec;
    setActivity(QStringLiteral("Reviewing with %1").arg(spec.reviewer.toString()));

    auto repository = git::Repository::open(spec.repositoryPath);
    if (!repository) {
        fail(repository.errorMessage());
        return;
    }
    auto diff = git::DiffEngine::diffCommits(*repository, spec.baseCommit, m_headCommit);
    if (!diff) {
        fail(QStringLiteral("Could not diff the task: %1").arg(diff.errorMessage()));
        return;
    }
    if (agents::isCliBackendId(spec.reviewer.provider)) {
        fail(QStringLiteral("Reviewing with a CLI agent (%1) is not supported; choose an API "
                            "model as the reviewer.")
                 .arg(spec.reviewer.provider));
        return;
    }
    auto provider =
        m_params.config->providers
            ? m_params.config->providers(spec.reviewer.provider)
            : Result<agents::ProviderSettings>(makeError(
                  QStringLiteral("no-providers"), QStringLiteral("No providers are configured.")));
    if (!provider) {
        fail(QStringLiteral("The reviewer could not start: %1").arg(provider.errorMessage()));
        return;
    }
    agents::ApiAgentConfig agentConfig;
    agentConfig.provider = *provider;
    agentConfig.prices = m_params.config->prices;
    agentConfig.taskId = QString::number(m_params.task.id);
    agentConfig.iteration = m_params.iteration;
    agentConfig.dailyRemaining = m_params.dailyRemaining;
    agentConfig.daily = m_params.daily;
    agentConfig.network = m_network;
    m_reviewer = new agents::ReviewerAgent(agentConfig, this);
    connect(m_reviewer, &agents::ReviewerAgent::ledgerEntryRecorded, this,
            [this](const cost::LedgerEntry &entry) {
                recordLedger(toStoreEntry(entry, m_params.task.id, m_params.iteration));
            });
    connect(m_reviewer, &agents::ReviewerAgent::eventOccurred, this,
            [this](const agents::AgentEvent &agentEvent) {
                QJsonObject payload = agentEvent.payload;
                payload.insert(QStringLiteral("agent_event"),
                               agents::eventKindName(agentEvent.kind));
                payload.insert(QStringLiteral("role"), QStringLiteral("reviewer"));
                if (!agentEvent.text.isEmpty())
                    payload.insert(QStringLiteral("text"), agentEvent.text);
                event(timelineKind(agentEvent.kind), payload);
            });
    connect(m_reviewer, &agents::ReviewerAgent::finished, this, &TaskRunner::onReviewFinished);

    agents::ReviewRequest request;
    request.title = spec.title;
    request.prompt =
        m_params.iteration > 1
            ? spec.prompt + QStringLiteral("\n\nRevision request: ") + m_params.requestText
            : spec.prompt;
    // The committed head only: never the agent's worktree, where untracked files (an agent's
    // own chat history, for one) could show the reviewer the implementer's transcript.
    if (m_headPath.isEmpty()) {
        auto head = addCheckout(m_headCommit, QStringLiteral("head"));
        if (!head) {
            fail(QStringLiteral("The committed work could not be checked out for review: %1")
                     .arg(head.errorMessage()));
            return;
        }
        m_headPath = *head;
    }
    request.headWorktree = m_headPath;
    request.diff = std::move(diff->files);
    request.validationSummary =
        m_headValidation ? (m_headValidation->error.isEmpty() ? m_headValidation->summary()
                                                              : m_headValidation->error)
                         : QStringLiteral("No validation ran.");
    if (m_comparison && !m_comparison->newlyFailing.isEmpty())
        request.validationSummary += QStringLiteral("\nNewly failing compared with the base: ") +
                                     m_comparison->newlyFailing.join(QStringLiteral(", "));
    request.model = spec.reviewer.model;
    request.remainingBudget = remainingBudget();
    if (request.remainingBudget && request.remainingBudget->nanodollars() <= 0) {
        end(TaskState::Paused,
            QStringLiteral("Budget reached before the review: %1 of %2 spent. The work is "
                           "committed at %3; give it more budget to continue.")
                .arg(spentTotal().format(2), spec.budget.format(2), shortId(m_headCommit)));
        return;
    }
    if (VoidResult started = m_reviewer->start(std::move(request)); !started)
        fail(QStringLiteral("The reviewer could not start: %1").arg(started.errorMessage()));
}

void TaskRunner::onReviewFinished(const agents::ReviewOutcome &outcome)
{
    m_review = outcome;
    if (m_stopping) {
        end(m_stopPauses ? TaskState::Paused : TaskState::Failed, m_stopReason);
        return;
    }
    if (outcome.kind == agents::OutcomeKind::BudgetExceeded) {
        end(TaskState::Paused,
            QStringLiteral("Budget reached during the review: %1 of %2 "
                           "spent; give it more budget to continue.")
                .arg(spentTotal().format(2), m_params.task.spec.budget.format(2)));
        return;
    }
    if (!outcome.succeeded()) {
        fail(QStringLiteral("The review failed (%1): %2")
                 .arg(outcome.errorCode.isEmpty() ? agents::outcomeKindName(outcome.kind)
                                                  : outcome.errorCode,
                      outcome.reason));
        return;
    }
    m_findings.clear();
    for (const review::Finding &finding : outcome.findings)
        m_findings.append(toRecord(finding));
    // Findings of the previous iteration: carried forward as resolved, still open or outdated.
    if (m_params.iteration > 1) {
        auto previous = m_reader->findings(m_params.task.id, m_params.iteration - 1);
        if (previous) {
            QSet<QString> changedPaths;
            if (auto repository = git::Repository::open(m_params.task.spec.repositoryPath)) {
                if (auto diff = git::DiffEngine::diffCommits(
                        *repository, m_params.task.spec.baseCommit, m_headCommit)) {
                    for (const git::FileDelta &file : diff->files)
                        changedPaths.insert(file.displayPath());
                }
            }
            const FindingCarry carry = carryFindingsForward(*previous, m_findings, changedPaths);
            m_findings = carry.current;
            for (const auto &[id, status] : carry.previousStatus)
                noteIfFailed(m_params.writer->setFindingStatus(id, status));
        }
    }
    auto ids = m_params.writer->saveFindings(m_params.task.id, m_params.iteration, m_findings);
    if (!ids) {
        fail(ids.errorMessage());
        return;
    }
    for (int i = 0; i < m_findings.size() && i < ids->size(); ++i)
        m_findings[i].id = ids->at(i);
    store::ReviewVerdictRecord verdict;
    verdict.taskId = m_params.task.id;
    verdict.iteration = m_params.iteration;
    verdict.correct = outcome.verdict.verdict == review::Verdict::Correct;
    verdict.explanation = outcome.verdict.explanation;
    verdict.confidence = outcome.verdict.confidence;
    verdict.decisionsToReview = outcome.verdict.decisionsToReview;
    noteIfFailed(m_params.writer->saveReviewVerdict(verdict));
    event(TaskEventKind::Note,
          {{QStringLiteral("role"), QStringLiteral("reviewer")},
           {QStringLiteral("text"),
            QStringLiteral("Review: %1, %2 finding(s)")
                .arg(verdict.correct ? QStringLiteral("correct") : QStringLiteral("incorrect"))
                .arg(m_findings.size())}});
    writeReport();
}

void TaskRunner::writeReport()
{
    const TaskSpec &spec = m_params.task.spec;
    ReportInput input;
    input.title = spec.title;
    input.prompt = spec.prompt;
    input.iteration = m_params.iteration;
    input.requestText = m_params.requestText;
    input.baseCommit = spec.baseCommit;
    input.headCommit = m_headCommit;
    if (auto repository = git::Repository::open(spec.repositoryPath)) {
        if (auto diff = git::DiffEngine::diffCommits(*repository, spec.baseCommit, m_headCommit))
            input.files = std::move(diff->files);
    }
    input.implementerReport = m_finishReport;
    input.implementerFinalText = m_implementerText;
    input.validation = m_headValidation;
    input.baseComparison = m_comparison;
    if (m_review) {
        store::ReviewVerdictRecord verdict;
        verdict.taskId = m_params.task.id;
        verdict.iteration = m_params.iteration;
        verdict.correct = m_review->verdict.verdict == review::Verdict::Correct;
        verdict.explanation = m_review->verdict.explanation;
        verdict.confidence = m_review->verdict.confidence;
        verdict.decisionsToReview = m_review->verdict.decisionsToReview;
        input.verdict = verdict;
    }
    input.findings = m_findings;
    const TaskReport report = buildReport(input);
    if (VoidResult saved = m_params.writer->finishIteration(m_params.task.id, m_params.iteration,
                                                            m_headCommit, report.markdown);
        !saved) {
        fail(saved.errorMessage());
        return;
    }
    end(TaskState::ReadyForReview, QString());
}

void TaskRunner::end(TaskState state, const QString &reason)
{
    if (m_finished)
        return;
    if (state != m_state && !transition(state, reason))
        return;
    m_finished = true;
    if (m_implementer && m_implementer->isRunning())
        m_implementer->cancel();
    if (m_reviewer && m_reviewer->isRunning())
        m_reviewer->cancel();
    noteIfFailed(m_params.writer->flush());
    setActivity(reason.isEmpty() ? taskStateDisplayName(state) : firstLine(reason));
    m_progressTimer.stop();
    emitProgress();
    Q_EMIT finished(m_params.task.id, state, reason);
}

void TaskRunner::noteIfFailed(const VoidResult &result)
{
    // A secondary write that failed (the step itself went on): said on the timeline, which
    // is retried until the disk has room again.
    if (!result)
        event(TaskEventKind::Note,
              {{QStringLiteral("text"),
                QStringLiteral("Could not record: %1").arg(result.errorMessage())}});
}

void TaskRunner::event(TaskEventKind kind, QJsonObject payload)
{
    m_params.writer->appendEvent(
        TaskEvent::make(m_params.task.id, m_params.iteration, kind, std::move(payload)));
}

void TaskRunner::setActivity(const QString &activity)
{
    if (m_progress.activity == activity)
        return;
    m_progress.activity = activity;
    scheduleProgress();
}

void TaskRunner::scheduleProgress()
{
    if (!m_progressTimer.isActive())
        m_progressTimer.start();
}

void TaskRunner::emitProgress()
{
    m_progress.at = QDateTime::currentDateTimeUtc();
    Q_EMIT progress(m_progress);
}

} // namespace agentdesk::tasks
