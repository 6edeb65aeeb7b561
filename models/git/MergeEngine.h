#pragma once

#include "core/Result.h"
#include "git/Identity.h"
#include "git/Repository.h"

#include <QString>
#include <QStringList>

#include <functional>

namespace agentdesk::git {

struct MergePrediction
{
    QString baseId;           // merge base of the two commits
    QString oursId;           // the branch merged into
    QString theirsId;         // the branch merged
    bool upToDate = false;    // theirs is already contained in ours
    bool fastForward = false; // ours is an ancestor of theirs
    bool conflicts = false;
    QStringList conflictingPaths; // sorted
    QString mergedTreeId; // the tree a clean three-way merge would produce (empty otherwise)
};

enum class MergeMode
{
    MergeCommit, // two parents: base and source
    Squash,      // one parent (base), the source's changes in one commit
};

// The points of a base update, in order, for tests that stop a merge at each of them.
enum class MergeStep
{
    IntentRecorded,  // the journal says which ref moves where; nothing else changed yet
    RefMoved,        // the base ref points at the new commit; the checkout not yet updated
    FileWritten,     // one more file of the base's checkout was written (count given)
    CheckoutUpdated, // the checkout's files and index follow the new commit
    Finished,        // the journal is gone
};

struct MergeRequest
{
    QString baseBranch;     // short name of the branch to update, e.g. "main"
    QString expectedBaseId; // the base commit the caller validated; empty: take it as it is now
    QString source;         // revision to merge, e.g. "agentdesk/12-fix-typo"
    MergeMode mode = MergeMode::MergeCommit;
    bool allowFastForward = true; // MergeCommit mode only: a squash always makes one commit
    QString message;              // used for merge and squash commits
    Identity identity;
    // Called after the new commit is written and just before the base ref is swapped: tests
    // use it to move the base behind our back and check the compare-and-swap catches it.
    std::function<void()> beforeRefUpdate;
    // Called at each MergeStep (with the files written so far for FileWritten): tests kill
    // the process there and check recoverInterruptedCheckout() leaves the checkout whole.
    std::function<void(MergeStep step, int filesWritten)> onStep;
};

// What recoverInterruptedCheckout() found and did.
struct CheckoutRecovery
{
    bool found = false; // a base update had been cut short
    QString refName;
    QString headId;                // where the ref points now, which the checkouts now follow
    QStringList repairedCheckouts; // work trees whose files and index were brought to it
    QStringList leftAlone;         // touched files edited since: only their index entry moved
    QString note;                  // one sentence for the log or the timeline
};

struct MergeOutcome
{
    enum class Kind
    {
        UpToDate,
        FastForward,
        MergeCommit,
        Squash,
    };
    Kind kind = Kind::UpToDate;
    QString oldBaseId;
    QString newBaseId;
    QString updatedCheckout; // work tree whose index and files followed the base, or empty
};

// Merges computed in memory: no working tree is touched by predict(), and mergeIntoBase()
// touches only the checkout of the base branch, and only when that is safe. Runs on the
// caller's (worker) thread.
//
// Error codes: "unknown-revision", "no-merge-base", "base-missing", "base-moved",
// "merge-conflict", "checkout-dirty", "ignored-file-clash", "checkout-failed", "merge-failed".
class MergeEngine
{
public:
    // Would merging `theirs` into `ours` conflict, and where? Works for any two commits, so
    // the conflict radar can compare two task branches too.
    static Result<MergePrediction> predict(const Repository &repository, const QString &ours,
                                           const QString &theirs);

    // Fast-forwards the base when possible (and allowed), else writes a merge or squash commit,
    // then moves the base ref with a compare-and-swap on its old value: if the base moved
    // since `expectedBaseId` (or while we worked), nothing is changed and "base-moved" is
    // returned. If the base is checked out in a work tree, a merge touching any path that is
    // modified there is refused ("checkout-dirty", naming the paths), and so is one that would
    // write over an ignored file there ("ignored-file-clash", naming them: a local .env is
    // never overwritten); otherwise that work tree's index and files are updated with the ref.
    // On any error the base is left as it was.
    static Result<MergeOutcome> mergeIntoBase(const Repository &repository,
                                              const MergeRequest &request);

    // A base update is recorded (a journal in the common git directory) before its ref
    // moves, and forgotten once the checkout of the base follows. A process killed in between
    // leaves the journal, and HEAD, index and files may disagree (the ref moved, the index is
    // the old one, only some files were written). Called first thing at start, for every
    // repository, with the data folder's lock held: each checkout of the base is brought
    // whole to wherever the ref now points (the merge, or the old base when it never moved or
    // was undone), touching only the paths the merge changes and never a file edited since;
    // then the journal goes. Nothing to do: found is false.
    static Result<CheckoutRecovery> recoverInterruptedCheckout(const Repository &repository);
};

} // namespace agentdesk::git
