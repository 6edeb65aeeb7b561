#pragma once

// Private to models/git: bringing a checkout whose update was cut short (a kill between the
// base ref moving and its files and index following) to exactly one tree.

#include "core/Result.h"
#include "git/GitHandles.h"

#include <QStringList>

#include <functional>

namespace agentdesk::git::detail {

struct CheckoutRepair
{
    int pathsWritten = 0;  // touched paths brought to the target
    QStringList leftAlone; // touched paths whose file is neither side's: the user's edit since
};

// For every path that differs between `fromTree` and `toTree`: when the file on disk is either
// side's version, absent where that side has none, or a strict beginning of either (a write
// the kill cut short), it is written as `toTree` has it — file and index entry; otherwise (someone
// edited it since) only its index entry follows `toTree`, so the edit shows as an unstaged change
// rather than a staged revert of the merge. Paths the merge did not touch, and their uncommitted
// changes, are left as they are. `progress` is called after each file written (may be empty).
Result<CheckoutRepair> bringCheckoutTo(git_repository *checkout, git_tree *toTree,
                                       git_tree *fromTree,
                                       const std::function<void(int written)> &progress = {});

} // namespace agentdesk::git::detail
