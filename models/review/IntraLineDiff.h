#pragma once

#include "review/DiffFile.h"

#include <QStringView>

#include <vector>

namespace agentdesk::review {

// The changed stretches of a modified line pair: a word-level longest common subsequence
// between the lines' tokens (identifier runs, whitespace runs, single punctuation). The LCS
// table is bounded (`maxCells`); beyond it, and for lines past `maxLineLength`, only the
// common prefix and suffix are trimmed, so one 100 KB line cannot cost O(n²).
class IntraLineDiff
{
public:
    struct Ranges
    {
        std::vector<IntraRange> oldRanges;
        std::vector<IntraRange> newRanges;
    };

    static Ranges compute(QStringView oldLine, QStringView newLine, int maxLineLength = 4000,
                          int maxCells = 250000);
};

} // namespace agentdesk::review
