#include "tasks/engine/steps/RunnerRecords.h"

#include "cost/PriceTable.h"

#include <QJsonArray>

namespace agentdesk::tasks::records {

store::LedgerRole ledgerRole(const QString &role)
{
    return role == QLatin1String("reviewer") ? store::LedgerRole::Reviewer
                                             : store::LedgerRole::Implementer;
}

store::LedgerEntry ledgerEntry(const cost::LedgerEntry &entry, TaskId id, int iteration)
{
    store::LedgerEntry out;
    out.taskId = id;
    out.iteration = iteration;
    out.role = ledgerRole(entry.role);
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
    QList<store::LedgerEntry> entries;
    Money assigned;
    const QStringList models = outcome.usage.keys();
    for (int i = 0; i < models.size(); ++i) {
        const agents::TokenUsage usage = outcome.usage.value(models.at(i));
        store::LedgerEntry entry;
        entry.taskId = id;
        entry.iteration = iteration;
        entry.role = store::LedgerRole::Implementer;
        entry.provider = provider;
        entry.model = models.at(i);
        entry.inputTokens = usage.inputTokens;
        entry.outputTokens = usage.outputTokens;
        entry.cacheWrite5mTokens = usage.cacheWrite5mTokens;
        entry.cacheWrite1hTokens = usage.cacheWrite1hTokens;
        entry.cacheReadTokens = usage.cacheReadTokens;
        std::optional<Money> priced;
        if (prices) {
            if (auto cost = prices->cost(models.at(i), llmUsage(usage)))
                priced = *cost;
        }
        // The last model takes what is left of the reported total, so the entries add up.
        if (outcome.cost && i == models.size() - 1)
            entry.cost =
                Money::fromNanodollars(outcome.cost->nanodollars() - assigned.nanodollars());
        else
            entry.cost = priced.value_or(Money());
        assigned += entry.cost;
        entry.requestId = outcome.sessionId;
        entry.at = QDateTime::currentDateTimeUtc();
        entries.append(entry);
    }
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

} // namespace agentdesk::tasks::records
