#include "tasks/engine/steps/ImplementStep.h"

#include "agents/api/ImplementerAgent.h"
#include "agents/cli/CliAgents.h"
#include "agents/cli/CliBackend.h"
#include "cost/DailyAllowance.h"
#include "cost/PriceTable.h"
#include "git/Repository.h"
#include "git/WorktreeCommitter.h"
#include "store/StoreReader.h"
#include "store/StoreWriter.h"
#include "tasks/engine/steps/IterationContext.h"
#include "tasks/engine/steps/RunnerJournal.h"
#include "tasks/engine/steps/RunnerRecords.h"
#include "tasks/engine/steps/RunnerText.h"

#include <QSet>

namespace agentdesk::tasks {

void ImplementStep::start()
{
    const TaskSpec &spec = m_context.spec();
    journal().setActivity(QStringLiteral("Implementing with %1").arg(spec.implementer.toString()));
    if (VoidResult started = recordIterationStart(); !started) {
        fail(started.errorMessage());
        return;
    }
    auto backend = makeBackend();
    if (!backend) {
        fail(backend.errorMessage());
        return;
    }
    m_implementer = *backend;
    if (!agents::isCliBackendId(spec.implementer.provider)) {
        // The mode the agent's commands run in, known before any runs: sandboxed, or refused
        // where no sandbox can be made; unsandboxed only when the user turned it off.
        m_sandboxed = m_context.config().settings.sandbox;
        journal().noteIfFailed(
            m_context.params.writer->setSandboxed(m_context.taskId(), m_sandboxed));
    }
    auto guard = git::GitConfigGuard::snapshot(m_context.worktree);
    if (!guard) {
        fail(QStringLiteral("Git's configuration could not be read before the agent's turn: %1")
                 .arg(guard.errorMessage()));
        return;
    }
    m_guard = std::move(*guard);
    connect(m_implementer, &agents::AgentBackend::eventOccurred, this,
            &ImplementStep::onAgentEvent);
    connect(m_implementer, &agents::AgentBackend::finished, this, &ImplementStep::onFinished);
    connect(m_implementer, &agents::AgentBackend::waitingForInputChanged, this,
            &ImplementStep::onWaitingChanged);
    m_answerPoll.setInterval(500);
    connect(&m_answerPoll, &QTimer::timeout, this, &ImplementStep::pollAnswers,
            Qt::UniqueConnection);
    // Questions an earlier run of this task left open can no longer be answered.
    journal().noteIfFailed(m_context.params.writer->settleOpenPermissionQuestions(
        m_context.taskId(), QStringLiteral("run-ended")));
    if (VoidResult started = m_implementer->start(request()); !started) {
        restoreGitConfig();
        if (started.errorCode() == QLatin1String("budget-reached")) {
            endRun(TaskState::Paused,
                   budgetStopReason(
                       QStringLiteral("The budget of %1 is used up (%2 spent): give "
                                      "it more budget to continue.")
                           .arg(spec.budget.format(2), journal().spentTotal().format(2))));
            return;
        }
        fail(started.errorMessage());
    }
}

bool ImplementStep::cancel()
{
    if (!m_implementer || !m_implementer->isRunning())
        return false;
    m_implementer->cancel(); // finished() follows with Cancelled
    return true;
}

void ImplementStep::abandon()
{
    if (m_implementer && m_implementer->isRunning())
        m_implementer->cancel();
    m_answerPoll.stop();
    if (!m_questionIds.isEmpty())
        settleQuestions(QStringLiteral("run-ended"));
    restoreGitConfig();
}

void ImplementStep::syncQuestions()
{
    if (!m_implementer || m_context.ended)
        return;
    const QList<agents::PermissionRequest> pending = m_implementer->pendingPermissions();
    for (const agents::PermissionRequest &question : pending) {
        if (m_questionIds.contains(question.requestId))
            continue;
        store::PermissionQuestionRecord record;
        record.taskId = m_context.taskId();
        record.iteration = m_context.iteration();
        record.requestId = question.requestId;
        record.toolName = question.toolName;
        record.summary = question.summary();
        record.reason = question.reason.isEmpty() ? question.blockedPath : question.reason;
        record.request = question.toJson();
        auto recorded = m_context.params.writer->recordPermissionQuestion(record);
        if (!recorded) {
            journal().note(QStringLiteral("The agent's question could not be recorded: %1")
                               .arg(recorded.errorMessage()));
            continue;
        }
        m_questionIds.insert(question.requestId, *recorded);
    }
    if (pending.isEmpty() || m_needsInput)
        return;
    const agents::PermissionRequest &first = pending.first();
    QString reason = QStringLiteral("Asks to use %1").arg(first.summary());
    if (!first.reason.isEmpty())
        reason += QStringLiteral(" — ") + first.reason;
    if (!m_context.transition || !m_context.transition(TaskState::NeedsInput, reason))
        return;
    m_needsInput = true;
    journal().setActivity(QStringLiteral("Waiting for your answer: %1").arg(first.summary()));
    m_answerPoll.start();
}

void ImplementStep::onWaitingChanged(bool waiting)
{
    if (waiting) {
        syncQuestions();
        return;
    }
    m_answerPoll.stop();
    if (!m_questionIds.isEmpty())
        settleQuestions(QStringLiteral("withdrawn"));
    if (m_needsInput && !m_context.ended) {
        m_needsInput = false;
        if (m_context.transition &&
            m_context.transition(TaskState::Implementing, QStringLiteral("Answered")))
            journal().setActivity(QStringLiteral("Implementing"));
    }
}

void ImplementStep::pollAnswers()
{
    if (!m_implementer || m_context.ended || !m_context.reader)
        return;
    auto open = m_context.reader->openPermissionQuestions(m_context.taskId());
    if (!open)
        return; // a busy or failing read: the next poll tries again
    for (const store::PermissionQuestionRecord &question : *open) {
        if (!question.answered())
            continue;
        const std::optional<agents::PermissionAnswer> answer =
            agents::permissionAnswerFromName(question.answer);
        agents::PermissionDecision decision =
            answer ? agents::PermissionDecision{*answer, {}, QStringLiteral("user")}
                   : agents::PermissionDecision::deny();
        decision.by = QStringLiteral("user");
        const QString how = m_implementer->answerPermission(question.requestId, decision)
                                ? QStringLiteral("delivered")
                                : QStringLiteral("withdrawn");
        journal().noteIfFailed(m_context.params.writer->settlePermissionQuestion(question.id, how));
        m_questionIds.remove(question.requestId);
    }
    // An "always" answer may have answered others; what is still open stays recorded.
    syncQuestions();
}

void ImplementStep::settleQuestions(const QString &how)
{
    // Only the questions the agent no longer waits on.
    QSet<QString> waiting;
    if (m_implementer && m_implementer->isRunning()) {
        for (const agents::PermissionRequest &q : m_implementer->pendingPermissions())
            waiting.insert(q.requestId);
    }
    for (auto it = m_questionIds.begin(); it != m_questionIds.end();) {
        if (waiting.contains(it.key())) {
            ++it;
            continue;
        }
        journal().noteIfFailed(m_context.params.writer->settlePermissionQuestion(it.value(), how));
        it = m_questionIds.erase(it);
    }
}

void ImplementStep::restoreGitConfig()
{
    if (!m_guard)
        return;
    const QList<git::GitConfigChange> changes = m_guard->restore();
    m_guard.reset();
    if (changes.isEmpty())
        return;
    QStringList lines;
    for (const git::GitConfigChange &change : changes)
        lines.append(QStringLiteral("- ") + change.describe());
    store::FindingRecord finding;
    finding.title =
        QStringLiteral("The agent changed git's configuration (%1 file(s))").arg(changes.size());
    finding.body =
        QStringLiteral("During its turn the agent changed files that git (AgentDesk's own git "
                       "commands, and your next `git status`) reads and runs: filters, hooks, "
                       "fsmonitor. AgentDesk put them back as they were:\n%1\nAcknowledge this "
                       "finding only once you have checked the change was harmless.")
            .arg(lines.join(QLatin1Char('\n')));
    finding.category = QStringLiteral("security");
    finding.priority = 0;
    finding.confidence = 1.0;
    m_context.engineFindings.append(finding);
    journal().note(QStringLiteral("The agent changed git's configuration; reverted: %1")
                       .arg(lines.join(QStringLiteral("; "))));
}

VoidResult ImplementStep::recordIterationStart()
{
    Iteration iteration;
    iteration.number = m_context.iteration();
    iteration.baseCommit = m_context.spec().baseCommit;
    iteration.requestText = m_context.params.requestText;
    iteration.startedAt = QDateTime::currentDateTimeUtc();
    auto detail = m_context.reader->loadTask(m_context.taskId());
    bool exists = false;
    if (detail) {
        for (const Iteration &it : detail->iterations)
            exists = exists || it.number == iteration.number;
    }
    if (exists)
        return {};
    return m_context.params.writer->startIteration(m_context.taskId(), iteration);
}

QString ImplementStep::prompt() const
{
    const TaskSpec &spec = m_context.spec();
    const RunnerParams &params = m_context.params;
    QString prompt;
    if (params.iteration > 1 && !params.requestText.isEmpty()) {
        prompt += QStringLiteral("# Revision request\n\n%1\n\n").arg(params.requestText);
        prompt += QStringLiteral("Make exactly this change, on top of the work already on this "
                                 "branch; do not redo or undo anything else.\n\n");
        prompt += QStringLiteral("# The original task: %1\n\n%2\n").arg(spec.title, spec.prompt);
        auto detail = m_context.reader->loadTask(params.task.id);
        if (detail) {
            for (const Iteration &it : detail->iterations) {
                if (it.number == params.iteration - 1 && !it.reportMarkdown.isEmpty())
                    prompt += QStringLiteral("\n# The previous iteration's report\n\n%1\n")
                                  .arg(it.reportMarkdown);
            }
        }
        return prompt;
    }
    prompt = QStringLiteral("# Task: %1\n\n%2\n").arg(spec.title, spec.prompt);
    if (params.resuming)
        prompt += QStringLiteral(
            "\nNote: an earlier run of this task was stopped. Its work is already in this "
            "worktree (committed on the branch); check what is there and continue from it.\n");
    return prompt;
}

agents::AgentRequest ImplementStep::request() const
{
    const TaskSpec &spec = m_context.spec();
    const RunnerParams &params = m_context.params;
    agents::AgentRequest request;
    request.worktree = m_context.worktree;
    request.prompt = prompt();
    request.model = spec.implementer.model;
    request.remainingBudget = journal().remainingBudget();
    // A CLI agent's own cap (--max-budget-usd) is the smaller of the run's and today's.
    if (const std::optional<Money> today =
            params.daily ? params.daily->available() : params.dailyRemaining;
        today && (!request.remainingBudget || *today < *request.remainingBudget))
        request.remainingBudget = today;
    request.wallClockLimitMs = spec.timeouts.implementSeconds * 1000;
    for (const auto &[name, value] : m_context.environmentVariables)
        request.environment.insert(name, value);
    // A question about a tool waits for the user (Needs input) instead of a "no" nobody chose.
    request.permissions = agents::PermissionPolicy::AskUser;
    std::shared_ptr<const cost::PriceTable> prices = m_context.config().prices;
    request.pricer = [prices](const QString &model,
                              const agents::TokenUsage &usage) -> std::optional<Money> {
        if (!prices)
            return std::nullopt;
        auto priced = prices->cost(model, records::llmUsage(usage));
        return priced ? std::optional<Money>(*priced) : std::nullopt;
    };
    return request;
}

Result<agents::AgentBackend *> ImplementStep::makeBackend()
{
    const TaskSpec &spec = m_context.spec();
    const EngineConfig &config = m_context.config();
    if (agents::isCliBackendId(spec.implementer.provider)) {
        auto adapter = agents::cliAdapterFor(spec.implementer.provider, config.cli);
        if (!adapter)
            return adapter.error();
        return static_cast<agents::AgentBackend *>(new agents::CliBackend(*adapter, this));
    }
    auto provider =
        config.providers
            ? config.providers(spec.implementer.provider)
            : Result<agents::ProviderSettings>(makeError(
                  QStringLiteral("no-providers"), QStringLiteral("No providers are configured.")));
    if (!provider)
        return provider.error();
    agents::ApiAgentConfig agentConfig = m_context.apiAgentConfig(*provider);
    agentConfig.toolbox.commandTimeoutMs = spec.timeouts.commandSeconds * 1000;
    agentConfig.toolbox.sandboxCommands = config.settings.sandbox;
    agentConfig.toolbox.bwrapProgram = config.bwrapProgram;
    auto *agent = new agents::ImplementerAgent(agentConfig, this);
    connect(agent, &agents::ImplementerAgent::ledgerEntryRecorded, this,
            [this](const cost::LedgerEntry &entry) {
                journal().recordLedger(
                    records::ledgerEntry(entry, m_context.taskId(), m_context.iteration()),
                    entry.stored);
            });
    return static_cast<agents::AgentBackend *>(agent);
}

void ImplementStep::onAgentEvent(const agents::AgentEvent &agentEvent)
{
    journal().event(records::timelineKind(agentEvent.kind), records::timelinePayload(agentEvent));

    using K = agents::AgentEvent::Kind;
    switch (agentEvent.kind) {
    case K::AssistantText:
        journal().setActivity(firstLine(agentEvent.text));
        break;
    case K::ToolUse: {
        const QJsonObject input = agentEvent.payload.value(QStringLiteral("input")).toObject();
        const QString path = input.value(QStringLiteral("path")).toString();
        const QString command = input.value(QStringLiteral("command")).toString();
        journal().setActivity(command.isEmpty()
                                  ? QStringLiteral("%1 %2").arg(agentEvent.text, path).trimmed()
                                  : QStringLiteral("Running %1").arg(firstLine(command, 100)));
        break;
    }
    case K::Usage: {
        TaskProgress &progress = journal().progress();
        progress.inputTokens +=
            qint64(agentEvent.payload.value(QStringLiteral("input_tokens")).toDouble());
        progress.outputTokens +=
            qint64(agentEvent.payload.value(QStringLiteral("output_tokens")).toDouble());
        journal().scheduleProgress();
        break;
    }
    case K::RateLimit:
        if (const std::optional<agents::UsageWindow> window =
                agents::UsageWindow::fromJson(agentEvent.payload))
            journal().reportUsageWindow(*window);
        break;
    case K::PermissionRequest:
        // The backend decides (an "always" rule, or waiting) after this event: look then.
        QTimer::singleShot(0, this, &ImplementStep::syncQuestions);
        break;
    case K::Note:
        if (agentEvent.payload.contains(QStringLiteral("sandboxed"))) {
            const bool sandboxed = agentEvent.payload.value(QStringLiteral("sandboxed")).toBool();
            if (sandboxed != m_sandboxed || !m_sandboxed) {
                m_sandboxed = sandboxed;
                journal().noteIfFailed(
                    m_context.params.writer->setSandboxed(m_context.taskId(), sandboxed));
            }
        }
        break;
    default:
        break;
    }
}

void ImplementStep::recordCliCost(const agents::AgentOutcome &outcome)
{
    const QList<store::LedgerEntry> entries = records::cliLedgerEntries(
        outcome, m_context.spec().implementer.provider, m_context.config().prices.get(),
        m_context.taskId(), m_context.iteration());
    for (const store::LedgerEntry &entry : entries) {
        if (m_context.params.daily)
            m_context.params.daily->addSpent(entry.cost);
        journal().recordLedger(entry);
    }
}

void ImplementStep::onFinished(const agents::AgentOutcome &outcome)
{
    m_answerPoll.stop();
    if (m_needsInput)
        onWaitingChanged(false);
    settleQuestions(QStringLiteral("run-ended"));
    restoreGitConfig();
    auto *builtIn = qobject_cast<agents::ImplementerAgent *>(m_implementer);
    if (builtIn)
        m_context.finishReport = builtIn->finishReport();
    m_context.implementerText = outcome.finalText;
    // The built-in agent records each call as it goes; a CLI agent's cost comes now.
    if (!builtIn && !outcome.usage.isEmpty())
        recordCliCost(outcome);

    const QString why =
        outcome.succeeded()
            ? QStringLiteral("implemented")
            : QStringLiteral("stopped (%1)").arg(agents::outcomeKindName(outcome.kind));
    const std::optional<QString> head = commitWork(why);
    const QString spent = journal().spentTotal().format(2);
    const QString budget = m_context.spec().budget.format(2);

    if (m_context.stop.requested) {
        endStopped(head ? QStringLiteral(" Work committed at %1.").arg(shortId(*head)) : QString());
        return;
    }
    switch (outcome.kind) {
    case agents::OutcomeKind::Succeeded:
        break;
    case agents::OutcomeKind::BudgetExceeded:
        endRun(TaskState::Paused,
               budgetStopReason(
                   QStringLiteral("Budget reached: %1 of %2 spent. The work so far is "
                                  "committed%3; give it more budget to continue.")
                       .arg(spent, budget,
                            head ? QStringLiteral(" at %1").arg(shortId(*head)) : QString())));
        return;
    case agents::OutcomeKind::UsageLimited:
        endUsageLimited(outcome, head);
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
    m_context.headCommit = *head;
    proceed();
}

// Issue 19: the subscription's window is spent. The task pauses, never fails, with the time
// the window resets; the scheduler continues it then on its own (and holds the agent's queued
// tasks until then). A window with no reset time pauses it for the user to resume.
void ImplementStep::endUsageLimited(const agents::AgentOutcome &outcome,
                                    const std::optional<QString> &head)
{
    agents::UsageWindow window;
    if (outcome.usageWindow)
        window = *outcome.usageWindow;
    if (window.agent.isEmpty())
        window.agent = m_context.spec().implementer.provider;
    if (window.vendor.isEmpty())
        window.vendor = window.agent == QLatin1String("codex") ? QStringLiteral("openai")
                                                               : QStringLiteral("anthropic");
    window.status = agents::UsageWindow::Status::Rejected;
    journal().reportUsageWindow(window);
    const QString committed =
        head ? QStringLiteral(" The work so far is committed at %1.").arg(shortId(*head))
             : QString();
    if (window.resetsAt.isValid()) {
        // A reset time already past (a clock apart, or a CLI that lies) is tried again a minute
        // later: never at once in a loop, never a silent stall.
        const QDateTime soonest = QDateTime::currentDateTimeUtc().addSecs(60);
        const QDateTime at =
            window.resetsAt > QDateTime::currentDateTimeUtc() ? window.resetsAt.toUTC() : soonest;
        journal().noteIfFailed(m_context.params.writer->scheduleResume(
            {m_context.taskId(), at, QStringLiteral("usage-window:%1").arg(window.agent)}));
        endRun(TaskState::Paused, window.describe() + QLatin1Char('.') + committed);
        return;
    }
    endRun(TaskState::Paused,
           QStringLiteral("%1 usage limit reached, and it did not say when it resets: resume the "
                          "task once your plan allows it again.%2")
               .arg(window.vendorLabel(), committed));
}

std::optional<QString> ImplementStep::commitWork(const QString &why)
{
    const QString message = QStringLiteral("%1\n\nAgentDesk task %2, iteration %3: %4\n")
                                .arg(m_context.spec().title)
                                .arg(m_context.taskId())
                                .arg(m_context.iteration())
                                .arg(why);
    auto committed = git::WorktreeCommitter::commitAll(m_context.worktree, message,
                                                       m_context.config().settings.identity);
    if (committed) {
        journal().event(
            TaskEventKind::Note,
            {{QStringLiteral("text"), QStringLiteral("Committed %1").arg(shortId(*committed))},
             {QStringLiteral("commit"), *committed}});
        return *committed;
    }
    if (committed.errorCode() == QLatin1String("nothing-to-commit")) {
        auto repository = git::Repository::open(m_context.worktree);
        if (repository) {
            if (auto head = repository->resolveCommit(QStringLiteral("HEAD")))
                return *head;
        }
    }
    journal().note(QStringLiteral("Could not commit: %1").arg(committed.errorMessage()));
    return std::nullopt;
}

} // namespace agentdesk::tasks
