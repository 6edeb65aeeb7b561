#include "calibration/CalibrationRun.h"

#include "agents/cli/CliAgents.h"
#include "cost/PriceTable.h"

#include <QSet>

namespace agentdesk::calibration {

namespace {

struct ReviewerPrice
{
    std::optional<cost::ModelPrice> price;
};

Result<QList<ReviewerPrice>> pricesOf(const RunRequest &request,
                                      const CalibrationServices &services)
{
    QList<ReviewerPrice> prices;
    for (const tasks::ModelRef &reviewer : request.reviewers) {
        if (agents::isCliBackendId(reviewer.provider))
            return makeError(QStringLiteral("cli-reviewer"),
                             QStringLiteral("%1 is a CLI agent; the reviewer must be an API model, "
                                            "as it is for tasks.")
                                 .arg(reviewer.toString()));
        if (!services.providers)
            return makeError(QStringLiteral("no-providers"),
                             QStringLiteral("No providers are configured."));
        Result<agents::ProviderSettings> provider = services.providers(reviewer.provider);
        if (!provider)
            return provider.error();
        ReviewerPrice entry;
        if (services.prices) {
            if (auto price = services.prices->lookup(reviewer.model, provider->isLocal); price)
                entry.price = *price;
            else if (request.budget)
                return makeError(QStringLiteral("unpriced-model"), price.errorMessage());
        } else if (request.budget) {
            return makeError(QStringLiteral("unpriced-model"),
                             QStringLiteral("No price table: a budget cannot be kept."));
        }
        prices.append(entry);
    }
    return prices;
}

} // namespace

Result<RunEstimate> estimateRun(const RunRequest &request, const CalibrationServices &services)
{
    if (request.reviewers.isEmpty())
        return makeError(QStringLiteral("no-reviewer"),
                         QStringLiteral("Choose at least one reviewer model."));
    Result<QList<ReviewerPrice>> prices = pricesOf(request, services);
    if (!prices)
        return prices.error();
    RunEstimate estimate;
    const auto add = [&](int change, int variant, qint64 bytes) {
        for (int reviewer = 0; reviewer < request.reviewers.size(); ++reviewer) {
            ReviewSlot slot;
            slot.reviewer = reviewer;
            slot.change = change;
            slot.variant = variant;
            if (const std::optional<cost::ModelPrice> &price = prices->at(reviewer).price)
                slot.cost = CalibrationBudget::reviewCost(*price, bytes);
            else
                estimate.priced = false;
            estimate.expected += slot.cost.expected;
            estimate.worstCase += slot.cost.allowance;
            estimate.slots.append(slot);
        }
    };
    QSet<int> changesSeen;
    for (int v = 0; v < request.plan.variants.size(); ++v) {
        const Variant &variant = request.plan.variants.at(v);
        if (!changesSeen.contains(variant.change)) {
            changesSeen.insert(variant.change);
            add(variant.change, -1, request.plan.changes.at(variant.change).reviewBytes);
        }
        add(variant.change, v, variant.reviewBytes);
    }
    if (request.budget && !estimate.slots.isEmpty() &&
        estimate.slots.first().cost.allowance > *request.budget)
        return makeError(
            QStringLiteral("budget-too-small"),
            QStringLiteral("The budget %1 does not cover even one review: the first "
                           "review may cost up to %2.")
                .arg(request.budget->format(), estimate.slots.first().cost.allowance.format()));
    return estimate;
}

store::CalibrationReviewRecord reviewRecord(const CalibrationReport &report,
                                            const ReviewResult &result)
{
    const CalibrationPlan &plan = report.request.plan;
    store::CalibrationReviewRecord r;
    r.runId = report.runId;
    const tasks::ModelRef &reviewer = report.request.reviewers.at(result.review.reviewer);
    r.provider = reviewer.provider;
    r.model = reviewer.model;
    const Change &change = plan.changes.at(result.review.change);
    r.parentCommit = change.parent;
    r.changeCommit = change.commit;
    if (result.review.variant >= 0) {
        const Variant &variant = plan.variants.at(result.review.variant);
        r.variantCommit = variant.variantCommit;
        r.bugClass = bugClassId(variant.bugClass);
        r.language = languageId(variant.language);
        r.file = variant.file;
        r.line = variant.line;
        r.description = variant.description;
        r.originalText = variant.originalText;
        r.seededText = variant.seededText;
    }
    r.outcome = result.outcome;
    r.caughtHighPriority = result.score.caughtHighPriority;
    r.findings = result.score.findings;
    r.otherFindings = result.score.otherFindings;
    r.findingsJson = result.score.findingsJson;
    r.calls = result.calls;
    r.inputTokens = result.inputTokens;
    r.outputTokens = result.outputTokens;
    r.cost = result.cost;
    r.error = result.error;
    r.at = result.at;
    return r;
}

QList<store::CalibrationReviewRecord> reviewRecords(const CalibrationReport &report)
{
    QList<store::CalibrationReviewRecord> records;
    for (const ReviewResult &result : report.results)
        records.append(reviewRecord(report, result));
    return records;
}

} // namespace agentdesk::calibration
