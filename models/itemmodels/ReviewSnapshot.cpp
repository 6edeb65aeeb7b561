#include "itemmodels/ReviewSnapshot.h"

namespace agentdesk::itemmodels {

const tasks::Iteration *ReviewSnapshot::shownIteration() const
{
    for (const tasks::Iteration &candidate : iterations) {
        if (candidate.number == iteration)
            return &candidate;
    }
    return nullptr;
}

const store::ValidationRecord *ReviewSnapshot::latestValidation() const
{
    const store::ValidationRecord *latest = nullptr;
    for (const store::ValidationRecord &record : validations) {
        if (record.iteration != iteration)
            continue;
        // Recorded order is the store's id order; a time tie (same millisecond) falls to it.
        if (!latest || record.at > latest->at ||
            (record.at == latest->at && record.id > latest->id))
            latest = &record;
    }
    return latest;
}

review::Finding toReviewFinding(const store::FindingRecord &record)
{
    review::Finding finding;
    finding.title = record.title;
    finding.body = record.body;
    finding.category =
        review::categoryFromId(record.category).value_or(review::FindingCategory::Other);
    finding.priority = record.priority;
    finding.confidence = record.confidence;
    finding.file = record.file;
    finding.side = record.side == QLatin1String("old") ? review::Side::Old : review::Side::New;
    finding.startLine = record.startLine;
    finding.endLine = record.endLine;
    finding.suggestedFix = record.suggestedFix;
    finding.anchored = false;
    finding.acknowledged = record.acknowledged;
    return finding;
}

} // namespace agentdesk::itemmodels
