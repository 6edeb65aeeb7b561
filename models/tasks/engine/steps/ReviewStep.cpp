#include "tasks/engine/steps/ReviewStep.h"

#include "agents/cli/CliAgents.h"
#include "store/StoreReader.h"
#include "store/StoreWriter.h"
#include "tasks/engine/FindingCarry.h"
#include "tasks/engine/steps/IterationContext.h"
#include "tasks/engine/steps/RunnerJournal.h"
#include "tasks/engine/steps/RunnerRecords.h"
#include "tasks/engine/steps/RunnerText.h"
#include "tasks/engine/steps/TaskCheckouts.h"
#include "tasks/report/TaskReport.h"

#include <QSet>

namespace agentdesk::tasks {

void ReviewStep::start()
{
    const TaskSpec &spec = m_context.spec();
    journal().setActivity(QStringLiteral("Reviewing with %1").arg(spec.reviewer.toString()));
    if (VoidResult diffed = m_context.computeDiff(); !diffed) {
        fail(diffed.errorMessage());
        return;
    }
    if (VoidResult made = makeReviewer(); !made) {
        fail(made.errorMessage());
        return;
    }
    // The committed head only: never the agent's worktree, where untracked files (an agent's
    // own chat history, for one) could show the reviewer the implementer's transcript.
    if (!m_context.headCheckout.isEmpty()) {
        startReviewer();
        return;
    }
    m_context.checkouts->add(m_context.headCommit, QStringLiteral("head"),
                             [this](const Result<QString> &head) {
                                 if (head)
                                     m_context.headCheckout = *head;
                                 if (!goesOn())
                                     return;
                                 if (!head) {
                                     fail(QStringLiteral("The committed work could not be checked "
                                                         "out for review: %1")
                                              .arg(head.errorMessage()));
                                     return;
                                 }
                                 startReviewer();
                             });
}

void ReviewStep::startReviewer()
{
    agents::ReviewRequest request = this->request();
    if (request.remainingBudget && request.remainingBudget->nanodollars() <= 0) {
        endRun(TaskState::Paused,
               QStringLiteral("Budget reached before the review: %1 of %2 spent. The work is "
                              "committed at %3; give it more budget to continue.")
                   .arg(journal().spentTotal().format(2), m_context.spec().budget.format(2),
                        shortId(m_context.headCommit)));
        return;
    }
    if (VoidResult started = m_reviewer->start(std::move(request)); !started)
        fail(QStringLiteral("The reviewer could not start: %1").arg(started.errorMessage()));
}

bool ReviewStep::cancel()
{
    if (!m_reviewer || !m_reviewer->isRunning())
        return false;
    m_reviewer->cancel();
    return true;
}

void ReviewStep::abandon()
{
    if (m_reviewer && m_reviewer->isRunning())
        m_reviewer->cancel();
}

VoidResult ReviewStep::makeReviewer()
{
    const TaskSpec &spec = m_context.spec();
    const EngineConfig &config = m_context.config();
    if (agents::isCliBackendId(spec.reviewer.provider))
        return makeError(QStringLiteral("cli-reviewer"),
                         QStringLiteral("Reviewing with a CLI agent (%1) is not supported; choose "
                                        "an API model as the reviewer.")
                             .arg(spec.reviewer.provider));
    auto provider =
        config.providers
            ? config.providers(spec.reviewer.provider)
            : Result<agents::ProviderSettings>(makeError(
                  QStringLiteral("no-providers"), QStringLiteral("No providers are configured.")));
    if (!provider)
        return makeError(
            provider.errorCode(),
            QStringLiteral("The reviewer could not start: %1").arg(provider.errorMessage()));
    const agents::ApiAgentConfig agentConfig = m_context.apiAgentConfig(*provider);
    m_reviewer = new agents::ReviewerAgent(agentConfig, this);
    connect(m_reviewer, &agents::ReviewerAgent::ledgerEntryRecorded, this,
            [this](const cost::LedgerEntry &entry) {
                journal().recordLedger(
                    records::ledgerEntry(entry, m_context.taskId(), m_context.iteration()),
                    entry.stored);
            });
    connect(m_reviewer, &agents::ReviewerAgent::eventOccurred, this,
            [this](const agents::AgentEvent &agentEvent) {
                journal().event(records::timelineKind(agentEvent.kind),
                                records::timelinePayload(agentEvent, QStringLiteral("reviewer")));
            });
    connect(m_reviewer, &agents::ReviewerAgent::finished, this, &ReviewStep::onFinished);
    return {};
}

agents::ReviewRequest ReviewStep::request() const
{
    const TaskSpec &spec = m_context.spec();
    agents::ReviewRequest request;
    request.title = spec.title;
    request.prompt =
        m_context.iteration() > 1
            ? spec.prompt + QStringLiteral("\n\nRevision request: ") + m_context.params.requestText
            : spec.prompt;
    request.headWorktree = m_context.headCheckout;
    request.diff = m_context.diffFiles();
    const std::optional<ValidationResult> &validation = m_context.headValidation;
    request.validationSummary =
        validation ? (validation->error.isEmpty() ? validation->summary() : validation->error)
                   : QStringLiteral("No validation ran.");
    if (m_context.comparison && !m_context.comparison->newlyFailing.isEmpty())
        request.validationSummary += QStringLiteral("\nNewly failing compared with the base: ") +
                                     m_context.comparison->newlyFailing.join(QStringLiteral(", "));
    request.model = spec.reviewer.model;
    request.remainingBudget = journal().remainingBudget();
    return request;
}

void ReviewStep::onFinished(const agents::ReviewOutcome &outcome)
{
    m_context.review = outcome;
    if (m_context.stop.requested) {
        endStopped();
        return;
    }
    if (outcome.kind == agents::OutcomeKind::BudgetExceeded) {
        endRun(TaskState::Paused,
               budgetStopReason(
                   QStringLiteral("Budget reached during the review: %1 of %2 "
                                  "spent; give it more budget to continue.")
                       .arg(journal().spentTotal().format(2), m_context.spec().budget.format(2))));
        return;
    }
    if (!outcome.succeeded()) {
        fail(QStringLiteral("The review failed (%1): %2")
                 .arg(outcome.errorCode.isEmpty() ? agents::outcomeKindName(outcome.kind)
                                                  : outcome.errorCode,
                      outcome.reason));
        return;
    }
    m_context.findings.clear();
    for (const review::Finding &finding : outcome.findings)
        m_context.findings.append(records::findingRecord(finding));
    // The engine's own: the agent's reverted git configuration changes and every symbolic
    // link leaving the repository, priority 0 (blocking until acknowledged).
    m_context.findings.append(m_context.engineFindings);
    m_context.findings.append(linkFindings(m_context.diffFiles()));
    carryPreviousFindings();
    auto ids = m_context.params.writer->saveFindings(m_context.taskId(), m_context.iteration(),
                                                     m_context.findings);
    if (!ids) {
        fail(ids.errorMessage());
        return;
    }
    for (int i = 0; i < m_context.findings.size() && i < ids->size(); ++i)
        m_context.findings[i].id = ids->at(i);
    const store::ReviewVerdictRecord verdict =
        records::verdictRecord(outcome, m_context.taskId(), m_context.iteration());
    journal().noteIfFailed(m_context.params.writer->saveReviewVerdict(verdict));
    journal().event(TaskEventKind::Note, {{QStringLiteral("role"), QStringLiteral("reviewer")},
                                          {QStringLiteral("text"),
                                           QStringLiteral("Review: %1, %2 finding(s)")
                                               .arg(verdict.correct ? QStringLiteral("correct")
                                                                    : QStringLiteral("incorrect"))
                                               .arg(m_context.findings.size())}});
    proceed();
}

void ReviewStep::carryPreviousFindings()
{
    // Findings of the previous iteration: carried forward as resolved, still open or outdated.
    if (m_context.iteration() <= 1)
        return;
    auto previous = m_context.reader->findings(m_context.taskId(), m_context.iteration() - 1);
    if (!previous)
        return;
    QSet<QString> changedPaths;
    for (const git::FileDelta &file : m_context.diffFiles())
        changedPaths.insert(file.displayPath());
    const FindingCarry carry = carryFindingsForward(*previous, m_context.findings, changedPaths);
    m_context.findings = carry.current;
    for (const auto &[id, status] : carry.previousStatus)
        journal().noteIfFailed(m_context.params.writer->setFindingStatus(id, status));
}

} // namespace agentdesk::tasks
