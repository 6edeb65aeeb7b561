#pragma once

#include "store/StoreTypes.h"

#include <QList>
#include <QSet>
#include <QString>

#include <utility>
#include <vector>

namespace agentdesk::tasks {

// A revision's findings next to the previous iteration's.
struct FindingCarry
{
    // The new iteration's findings, each continuing a previous one marked (carriedFromId).
    QList<store::FindingRecord> current;
    // The previous iteration's findings and what became of them: Open (raised again),
    // Resolved (not raised again, its file still in the change) or Outdated (its file is no
    // longer part of the change).
    std::vector<std::pair<qint64, store::FindingStatus>> previousStatus;
};

// Matches findings across iterations: same file and category, and the same title (ignoring
// case and spacing) or line ranges within a few lines of each other. `changedPaths` are the
// files of the new iteration's whole diff against the base.
FindingCarry carryFindingsForward(const QList<store::FindingRecord> &previous,
                                  QList<store::FindingRecord> current,
                                  const QSet<QString> &changedPaths);

} // namespace agentdesk::tasks
