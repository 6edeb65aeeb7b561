#include "tasks/engine/steps/RunnerRecords.h"

#include "agents/api/StoreSpendJournal.h"
#include "agents/cli/CliSpend.h"
#include "cost/PriceTable.h"

#include <QJsonArray>

namespace agentdesk::tasks::records {

store::LedgerEntry ledgerEntry(const cost::LedgerEntry &entry, TaskId id, int iteration)
{
    // The spend journal's conversion, so the two paths into the ledger keep the same fields
    // (its note among them); the runner's task and iteration are the authority here.
    store::LedgerEntry out = agents::StoreSpendJournal::toStoreEntry(entry);
    out.taskId = id;
    out.iteration = iteration;
    out.at = out.at.toUTC();
    return out;
}

llm::Usage llmUsage(const agents::TokenUsage &usage)
{
    llm::Usage out;
    out.inputTokens = usage.inputTokens;
    out.outputTokens = usage.outputTokens;
    out.cacheWrite5mTokens = usage.cacheWrite5mTokens;
    out.cacheWrite1hTokens = usage.cacheWrite1hTokens;
    out.cacheReadTokens = usage.cacheReadTokens;
    return out;
}

QList<store::LedgerEntry> cliLedgerEntries(const agents::AgentOutcome &outcome,
                                           const QString &provider, const cost::PriceTable *prices,
                                           TaskId id, int iteration)
{
    agents::UsagePricer pricer;
    if (prices) {
        pricer = [prices](const QString &model,
                          const agents::TokenUsage &usage) -> std::optional<Money> {
            if (auto cost = prices->cost(model, llmUsage(usage)))
                return *cost;
            return std::nullopt;
        };
    }
    cost::LedgerEntry base;
    base.role = QStringLiteral("implementer");
    base.provider = provider;
    QList<store::LedgerEntry> entries;
    for (const cost::LedgerEntry &entry : agents::cliLedgerEntries(outcome, pricer, base))
        entries.append(ledgerEntry(entry, id, iteration));
    return entries;
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

QJsonObject timelinePayload(const agents::AgentEvent &event, const QString &role)
{
    QJsonObject payload = event.payload;
    payload.insert(QStringLiteral("agent_event"), agents::eventKindName(event.kind));
    if (!role.isEmpty())
        payload.insert(QStringLiteral("role"), role);
    if (!event.text.isEmpty())
        payload.insert(QStringLiteral("text"), event.text);
    return payload;
}

store::FindingRecord findingRecord(const review::Finding &finding)
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

store::ReviewVerdictRecord verdictRecord(const agents::ReviewOutcome &outcome, TaskId id,
                                         int iteration)
{
    store::ReviewVerdictRecord verdict;
    verdict.taskId = id;
    verdict.iteration = iteration;
    verdict.correct = outcome.verdict.verdict == review::Verdict::Correct;
    verdict.explanation = outcome.verdict.explanation;
    verdict.confidence = outcome.verdict.confidence;
    verdict.decisionsToReview = outcome.verdict.decisionsToReview;
    return verdict;
}

store::ValidationRecord validationRecord(const ValidationResult &head, const QString &command,
                                         const std::optional<ValidationResult> &base,
                                         const std::optional<BaseComparison> &comparison, TaskId id,
                                         int iteration)
{
    store::ValidationRecord record;
    record.taskId = id;
    record.iteration = iteration;
    record.commit = head.commit;
    record.command = head.command.isEmpty() ? command : head.command;
    record.exitCode = head.exitCode;
    record.timedOut = head.timedOut;
    record.passed = head.passed();
    record.failed = head.failed();
    record.skipped = head.skipped();
    for (const TestCase &test : head.report.tests)
        record.tests.append(QJsonObject{{QStringLiteral("name"), test.name},
                                        {QStringLiteral("status"), testStatusName(test.status)}});
    record.outputExcerpt = head.error.isEmpty()
                               ? head.outputExcerpt
                               : head.error + QLatin1Char('\n') + head.outputExcerpt;
    record.durationMs = head.durationMs;
    if (base) {
        record.baseCommit = base->commit;
        record.basePassed = base->passed();
        record.baseFailed = base->failed();
        record.baseSkipped = base->skipped();
    }
    if (comparison) {
        record.newlyFailing = comparison->newlyFailing;
        record.preexistingFailing = comparison->preexistingFailing;
    }
    record.at = QDateTime::currentDateTimeUtc();
    return record;
}

store::UsageWindowRecord usageWindowRecord(const agents::UsageWindow &window, TaskId reportedBy)
{
    store::UsageWindowRecord record;
    record.agent = window.agent;
    record.vendor = window.vendor;
    record.status = agents::usageWindowStatusName(window.status);
    record.windowType = window.windowType;
    record.resetsAt = window.resetsAt;
    record.utilization = window.utilization;
    record.usingOverage = window.usingOverage;
    record.reportedBy = reportedBy;
    record.reportedAt = QDateTime::currentDateTimeUtc();
    return record;
}

agents::UsageWindow usageWindow(const store::UsageWindowRecord &record)
{
    agents::UsageWindow window;
    window.agent = record.agent;
    window.vendor = record.vendor;
    window.status =
        agents::usageWindowStatusFromName(record.status).value_or(agents::UsageWindow::Status::Allowed);
    window.windowType = record.windowType;
    window.resetsAt = record.resetsAt;
    window.utilization = record.utilization;
    window.usingOverage = record.usingOverage;
    return window;
}

} // namespace agentdesk::tasks::records
