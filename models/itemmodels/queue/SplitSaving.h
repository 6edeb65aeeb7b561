#pragma once

#include "core/Money.h"
#include "store/StoreTypes.h"
#include "tasks/TaskSpec.h"

#include <QHash>
#include <QList>
#include <QSet>

namespace agentdesk::cost {
class PriceTable;
}

namespace agentdesk::itemmodels {

// What the implementer/reviewer split saved: the spend as it was, against the same calls with
// every reviewer call billed at its task's implementer model instead.
struct SplitSaving
{
    Money actual;
    Money ifImplementerModelForBoth;
    // Reviewer calls left at their own cost because the implementer's model has no price
    // (or the task is unknown): the comparison does not claim a saving on them.
    int callsNotRepriced = 0;

    Money saved() const { return ifImplementerModelForBoth - actual; }
};

// Exact, in integer Money: each reviewer entry's token usage is priced at its task's
// implementer model through `prices` (free when that implementer's provider is listed in
// `localProviders`); implementer and other entries count at their recorded cost on both
// sides.
SplitSaving computeSplitSaving(const QList<store::LedgerEntry> &entries,
                               const QHash<tasks::TaskId, tasks::ModelRef> &implementerByTask,
                               const cost::PriceTable &prices,
                               const QSet<QString> &localProviders = {});

} // namespace agentdesk::itemmodels
