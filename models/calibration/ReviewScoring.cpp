#include "calibration/ReviewScoring.h"

#include <QJsonObject>

#include <algorithm>

namespace agentdesk::calibration {

namespace {

QJsonObject findingJson(const review::Finding &finding, bool atSeed)
{
    return {
        {QStringLiteral("file"), finding.file},
        {QStringLiteral("side"),
         finding.side == review::Side::Old ? QStringLiteral("old") : QStringLiteral("new")},
        {QStringLiteral("start_line"), finding.startLine},
        {QStringLiteral("end_line"), std::max(finding.endLine, finding.startLine)},
        {QStringLiteral("priority"), finding.priority},
        {QStringLiteral("category"), review::categoryId(finding.category)},
        {QStringLiteral("title"), finding.title},
        {QStringLiteral("at_seed"), atSeed},
    };
}

} // namespace

bool ReviewScoring::pointsAt(const review::Finding &finding, const QString &file, int line)
{
    if (finding.file != file || finding.side != review::Side::New || finding.startLine <= 0)
        return false;
    const int end = std::max(finding.endLine, finding.startLine);
    if (end - finding.startLine + 1 > maxSpan)
        return false;
    return finding.startLine <= line + lineTolerance && end >= line - lineTolerance;
}

ReviewScore ReviewScoring::scoreSeeded(const std::vector<review::Finding> &findings,
                                       const QString &file, int line)
{
    ReviewScore score;
    for (const review::Finding &finding : findings) {
        const bool atSeed = pointsAt(finding, file, line);
        ++score.findings;
        if (atSeed) {
            score.caught = true;
            score.caughtHighPriority = score.caughtHighPriority || finding.priority <= 1;
        } else {
            ++score.otherFindings;
        }
        score.findingsJson.append(findingJson(finding, atSeed));
    }
    return score;
}

ReviewScore ReviewScoring::scoreUntouched(const std::vector<review::Finding> &findings)
{
    ReviewScore score;
    for (const review::Finding &finding : findings) {
        ++score.findings;
        ++score.otherFindings;
        score.findingsJson.append(findingJson(finding, false));
    }
    return score;
}

} // namespace agentdesk::calibration
