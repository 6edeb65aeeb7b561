#pragma once

#include "review/Finding.h"

#include <QJsonArray>
#include <QString>

#include <vector>

namespace agentdesk::calibration {

// How one review did against its seeded defect.
struct ReviewScore
{
    bool caught = false;
    bool caughtHighPriority = false; // by a finding of priority 0 or 1
    int findings = 0;
    int otherFindings = 0; // not at the seeded line: on an untouched change, every finding
    // {file, side, start_line, end_line, priority, category, title, at_seed}
    QJsonArray findingsJson;
};

class ReviewScoring
{
public:
    // A finding catches the defect when it names the file, on the new side, and its lines
    // reach within this many lines of the seeded one.
    static constexpr int lineTolerance = 3;
    // A finding spanning more lines than this (a whole function) does not point at anything.
    static constexpr int maxSpan = 12;

    static bool pointsAt(const review::Finding &finding, const QString &file, int line);
    static ReviewScore scoreSeeded(const std::vector<review::Finding> &findings,
                                   const QString &file, int line);
    static ReviewScore scoreUntouched(const std::vector<review::Finding> &findings);
};

} // namespace agentdesk::calibration
