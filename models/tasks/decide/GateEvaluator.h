#pragma once

#include "core/Result.h"
#include "git/MergeEngine.h"
#include "git/SymbolicLink.h"
#include "store/StoreTypes.h"
#include "tasks/MergeGate.h"
#include "tasks/TaskState.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace agentdesk::git {
class Repository;
}

namespace agentdesk::tasks {

// Everything the merge gate looks at, gathered beforehand so the rule itself is a pure
// function (evaluateGate) that tests can drive row by row.
struct GateInputs
{
    TaskState state = TaskState::Queued;
    QString branch;     // the task branch, for the texts
    QString branchHead; // its head now
    QString baseBranch;
    bool baseExists = true;
    QString baseHead; // empty when the base is missing
    int ahead = 0;    // branch commits not on the base
    int behind = 0;   // base commits since the merge base
    std::optional<store::ValidationRecord> latestValidation;
    QList<store::FindingRecord> findings; // the latest iteration's
    git::MergePrediction prediction;      // the branch merged into the current base
    // Where the base is checked out with something in the way, and what: uncommitted changes
    // in files the merge writes, and ignored files (a local .env) the merge would overwrite.
    QString baseCheckoutPath;
    QStringList dirtyBasePaths;
    QStringList ignoredBasePaths;
    // The symbolic links the branch adds or repoints, with their targets.
    QList<git::SymbolicLink> changedLinks;
};

// The category of the finding the engine files for a link that leaves the repository
// (tasks/report linkFindings); acknowledging it is how the user accepts the link.
inline QString linkFindingCategory()
{
    return QStringLiteral("security");
}

// A finding blocks the merge when it is priority 0 or 1, still open (not resolved or outdated
// by a later iteration) and not acknowledged by the user.
bool isBlockingFinding(const store::FindingRecord &finding);

// A validation passed when it ran at least one test, none failed, it finished in time and the
// command exited 0.
bool validationPassed(const store::ValidationRecord &validation);

// The merge gate ("not rocket science": what lands on the base is exactly a tree that passed
// validation). Pure: every reason that applies, each with a sentence a user can act on, in a
// fixed order (state, base, validation, findings, links, conflict, base checkout). A symbolic
// link leaving the repository (git::leavesRepository) blocks until its priority-0 security
// finding on that path is acknowledged.
GateAnswer evaluateGate(const GateInputs &inputs);

// Gathers the git facts for `task` (branch and base heads, ahead/behind, the merge predicted in
// memory, the base's checkouts) on the calling (worker) thread. The validation and findings
// come from the store. Codes: "branch-missing" (the task branch is gone), "no-merge-base",
// and the git layer's.
Result<GateInputs> gatherGateInputs(const git::Repository &repository,
                                    const store::TaskRecord &task,
                                    const std::optional<store::ValidationRecord> &latestValidation,
                                    const QList<store::FindingRecord> &findings);

// gatherGateInputs, then evaluateGate. Worker threads only (libgit2).
Result<GateAnswer> probeGate(const git::Repository &repository, const store::TaskRecord &task,
                             const std::optional<store::ValidationRecord> &latestValidation,
                             const QList<store::FindingRecord> &findings);

} // namespace agentdesk::tasks
