#include "git/MergeEngine.h"

#include "git/CheckoutRepair.h"
#include "git/GitError.h"
#include "git/MergeJournal.h"
#include "git/RepositoryAccess.h"
#include "git/WorkingState.h"

#include <QSet>

#include <vector>

namespace agentdesk::git {

using namespace detail;

namespace {

Result<QStringList> conflictPaths(git_index *index)
{
    git_index_conflict_iterator *rawIterator = nullptr;
    int rc = git_index_conflict_iterator_new(&rawIterator, index);
    if (rc < 0)
        return gitError(rc, QStringLiteral("merge-failed"),
                        QStringLiteral("Cannot read conflicts"));
    std::unique_ptr<git_index_conflict_iterator,
                    HandleDeleter<git_index_conflict_iterator, git_index_conflict_iterator_free>>
        iterator(rawIterator);
    QStringList paths;
    const git_index_entry *ancestor = nullptr, *ours = nullptr, *theirs = nullptr;
    while ((rc = git_index_conflict_next(&ancestor, &ours, &theirs, iterator.get())) == 0) {
        const git_index_entry *entry = ours ? ours : (theirs ? theirs : ancestor);
        const QString path = QString::fromUtf8(entry->path);
        if (!paths.contains(path))
            paths.append(path);
    }
    paths.sort();
    return paths;
}

// Merges two commits in memory; the resulting index holds the merged tree or the conflicts.
Result<IndexHandle> mergeInMemory(git_repository *repo, git_commit *ours, git_commit *theirs)
{
    git_merge_options options;
    git_merge_options_init(&options, GIT_MERGE_OPTIONS_VERSION);
    options.flags = GIT_MERGE_FIND_RENAMES;
    git_index *raw = nullptr;
    const int rc = git_merge_commits(&raw, repo, ours, theirs, &options);
    IndexHandle index(raw);
    if (rc < 0)
        return gitError(rc, QStringLiteral("merge-failed"), QStringLiteral("Cannot merge"));
    return index;
}

struct PlannedMerge
{
    MergeOutcome::Kind kind = MergeOutcome::Kind::UpToDate;
    git_oid newId{};
};

Result<PlannedMerge> planMerge(git_repository *repo, git_commit *base, git_commit *source,
                               const MergeRequest &request)
{
    PlannedMerge plan;
    const git_oid *baseId = git_commit_id(base);
    const git_oid *sourceId = git_commit_id(source);
    if (git_oid_equal(baseId, sourceId) || git_graph_descendant_of(repo, baseId, sourceId) == 1)
        return plan;
    // A squash always lands as one new commit with the given message, even when the source
    // descends from the base: fast-forwarding would bring every task commit onto the base.
    if (request.mode == MergeMode::MergeCommit && request.allowFastForward &&
        git_graph_descendant_of(repo, sourceId, baseId) == 1) {
        plan.kind = MergeOutcome::Kind::FastForward;
        git_oid_cpy(&plan.newId, sourceId);
        return plan;
    }
    Result<IndexHandle> index = mergeInMemory(repo, base, source);
    if (!index)
        return index.error();
    if (git_index_has_conflicts(index->get())) {
        Result<QStringList> paths = conflictPaths(index->get());
        return makeError(QStringLiteral("merge-conflict"),
                         QStringLiteral("Merging %1 into %2 conflicts in: %3")
                             .arg(request.source, request.baseBranch,
                                  paths ? paths->join(QStringLiteral(", ")) : QString()));
    }
    git_oid treeId;
    int rc = git_index_write_tree_to(&treeId, index->get(), repo);
    git_tree *rawTree = nullptr;
    if (rc == 0)
        rc = git_tree_lookup(&rawTree, repo, &treeId);
    TreeHandle tree(rawTree);
    Result<SignatureHandle> signature = makeSignature(request.identity);
    if (!signature)
        return signature.error();
    plan.kind = request.mode == MergeMode::Squash ? MergeOutcome::Kind::Squash
                                                  : MergeOutcome::Kind::MergeCommit;
    const git_commit *parents[] = {base, source};
    if (rc == 0)
        rc = git_commit_create(&plan.newId, repo, nullptr, signature->get(), signature->get(),
                               nullptr, request.message.toUtf8().constData(), tree.get(),
                               plan.kind == MergeOutcome::Kind::Squash ? 1 : 2, parents);
    if (rc < 0)
        return gitError(rc, QStringLiteral("merge-failed"),
                        QStringLiteral("Cannot write the merge commit"));
    return plan;
}

// The base's checkout must not lose anything to the merge: no uncommitted change and no
// ignored file (a local .env) at a path the merge writes. Checked before the ref moves, so a
// refusal leaves everything as it was and names the paths.
Result<void> refuseUnsafeCheckout(git_repository *repo, git_repository *checkout, git_tree *oldTree,
                                  git_tree *newTree)
{
    Result<QSet<QString>> dirty = dirtyPaths(checkout, QStringLiteral("merge-failed"));
    if (!dirty)
        return dirty.error();
    const QSet<QString> touched = changedPaths(repo, oldTree, newTree);
    QStringList blocking = QSet<QString>(touched).intersect(*dirty).values();
    const QString workdir = workdirOf(checkout);
    if (!blocking.isEmpty()) {
        blocking.sort();
        return makeError(QStringLiteral("checkout-dirty"),
                         QStringLiteral("The checkout at %1 has uncommitted changes in files this "
                                        "merge changes: %2. Commit or stash them, then merge "
                                        "again.")
                             .arg(workdir, blocking.join(QStringLiteral(", "))));
    }
    const QStringList ignored = ignoredFilesInTheWay(checkout, touched);
    if (!ignored.isEmpty())
        return makeError(QStringLiteral("ignored-file-clash"),
                         QStringLiteral("The checkout at %1 has ignored files where this merge "
                                        "writes files: %2. AgentDesk never overwrites ignored "
                                        "files: move them out of the way, then merge again.")
                             .arg(workdir, ignored.join(QStringLiteral(", "))));
    return {};
}

Result<void> moveRef(git_repository *repo, const QString &refName, const git_oid &to,
                     const git_oid &expected, const QString &why)
{
    return detail::compareAndSwapRef(
        repo, refName, to, expected, why, QStringLiteral("base-moved"),
        QStringLiteral("%1 changed while merging; nothing was changed. Review "
                       "the new base and merge again.")
            .arg(refName));
}

// The checkouts of the base that follow its ref, once each is known to lose nothing to the
// merge (refuseUnsafeCheckout).
Result<std::vector<RepositoryHandle>> safeCheckouts(git_repository *repo, const QString &refName,
                                                    const git_oid &oldId, const git_oid &newId)
{
    Result<TreeHandle> oldTree = detail::treeOfCommit(repo, oldId);
    Result<TreeHandle> newTree = detail::treeOfCommit(repo, newId);
    if (!oldTree || !newTree)
        return oldTree ? newTree.error() : oldTree.error();
    std::vector<RepositoryHandle> checkouts = checkoutsOfBranch(repo, refName);
    for (RepositoryHandle &checkout : checkouts) {
        Result<void> clean =
            refuseUnsafeCheckout(repo, checkout.get(), oldTree->get(), newTree->get());
        if (!clean)
            return clean.error();
    }
    return checkouts;
}

// The intent of a base update, durably, before its ref moves: from then until the checkouts
// follow, a kill would leave HEAD, index and files disagreeing; the next start finishes the
// update from this record (recoverInterruptedCheckout).
VoidResult recordIntent(const QString &commonDir, const QString &refName,
                        const MergeOutcome &outcome, const std::vector<RepositoryHandle> &checkouts)
{
    MergeIntent intent;
    intent.refName = refName;
    intent.oldId = outcome.oldBaseId;
    intent.newId = outcome.newBaseId;
    for (const RepositoryHandle &checkout : checkouts)
        intent.checkouts.append(workdirOf(checkout.get()));
    intent.owner = ProcessIdentity::current();
    if (VoidResult recorded = writeMergeIntent(commonDir, intent); !recorded)
        return makeError(recorded.errorCode() == QLatin1String("disk-full")
                             ? recorded.errorCode()
                             : QStringLiteral("merge-failed"),
                         QStringLiteral("The merge was not started: ") + recorded.errorMessage());
    return {};
}

// Brings one checkout of the base from the old tree to the new one. Baseline = the old tree,
// so only files the merge changed are written, and SAFE refuses (before writing anything) to
// overwrite a file changed since the check before the ref moved. libgit2 objects belong to the
// handle that loaded them: the trees are loaded again here.
int updateCheckout(git_repository *checkout, const git_oid &oldId, const git_oid &newId,
                   const std::function<void(int)> &progress)
{
    Result<TreeHandle> baseline = detail::treeOfCommit(checkout, oldId);
    Result<TreeHandle> target = detail::treeOfCommit(checkout, newId);
    if (!baseline || !target)
        return GIT_ERROR;
    git_checkout_options options;
    git_checkout_options_init(&options, GIT_CHECKOUT_OPTIONS_VERSION);
    // Ignored files (a local .env, build output) are the user's: never overwrite them with
    // files the merge brings in.
    options.checkout_strategy = GIT_CHECKOUT_SAFE | GIT_CHECKOUT_DONT_OVERWRITE_IGNORED;
    options.baseline = baseline->get();
    options.progress_cb = [](const char *, size_t completed, size_t, void *payload) {
        (*static_cast<const std::function<void(int)> *>(payload))(int(completed));
    };
    options.progress_payload = const_cast<std::function<void(int)> *>(&progress);
    return git_checkout_tree(checkout, reinterpret_cast<const git_object *>(target->get()),
                             &options);
}

} // namespace

Result<MergePrediction> MergeEngine::predict(const Repository &repository, const QString &ours,
                                             const QString &theirs)
{
    git_repository *repo = RepositoryAccess::native(repository);
    Result<CommitHandle> ourCommit = lookupCommit(repo, ours);
    if (!ourCommit)
        return ourCommit.error();
    Result<CommitHandle> theirCommit = lookupCommit(repo, theirs);
    if (!theirCommit)
        return theirCommit.error();
    Result<QString> base = repository.mergeBase(ours, theirs);
    if (!base)
        return base.error();
    MergePrediction prediction;
    prediction.baseId = *base;
    prediction.oursId = oidToHex(*git_commit_id(ourCommit->get()));
    prediction.theirsId = oidToHex(*git_commit_id(theirCommit->get()));
    prediction.upToDate = prediction.baseId == prediction.theirsId;
    prediction.fastForward = !prediction.upToDate && prediction.baseId == prediction.oursId;
    if (prediction.upToDate || prediction.fastForward)
        return prediction;
    Result<IndexHandle> index = mergeInMemory(repo, ourCommit->get(), theirCommit->get());
    if (!index)
        return index.error();
    prediction.conflicts = git_index_has_conflicts(index->get()) == 1;
    if (prediction.conflicts) {
        Result<QStringList> paths = conflictPaths(index->get());
        if (!paths)
            return paths.error();
        prediction.conflictingPaths = *paths;
        return prediction;
    }
    git_oid tree;
    const int rc = git_index_write_tree_to(&tree, index->get(), repo);
    if (rc < 0)
        return gitError(rc, QStringLiteral("merge-failed"),
                        QStringLiteral("Cannot write the merged tree"));
    prediction.mergedTreeId = oidToHex(tree);
    return prediction;
}

Result<MergeOutcome> MergeEngine::mergeIntoBase(const Repository &repository,
                                                const MergeRequest &request)
{
    git_repository *repo = RepositoryAccess::native(repository);
    const QString refName = QStringLiteral("refs/heads/") + request.baseBranch;
    git_reference *rawRef = nullptr;
    if (git_reference_lookup(&rawRef, repo, refName.toUtf8().constData()) < 0)
        return makeError(
            QStringLiteral("base-missing"),
            QStringLiteral("The base branch %1 no longer exists.").arg(request.baseBranch));
    ReferenceHandle baseRef(rawRef);
    const git_oid oldId = *git_reference_target(baseRef.get());
    MergeOutcome outcome;
    outcome.oldBaseId = outcome.newBaseId = oidToHex(oldId);
    if (!request.expectedBaseId.isEmpty() && request.expectedBaseId != outcome.oldBaseId)
        return makeError(QStringLiteral("base-moved"),
                         QStringLiteral("%1 moved from %2 to %3 since it was checked; nothing was "
                                        "changed.")
                             .arg(request.baseBranch, request.expectedBaseId, outcome.oldBaseId));
    Result<CommitHandle> base = lookupCommit(repo, outcome.oldBaseId);
    if (!base)
        return base.error();
    Result<CommitHandle> source = lookupCommit(repo, request.source);
    if (!source)
        return source.error();

    Result<PlannedMerge> plan = planMerge(repo, base->get(), source->get(), request);
    if (!plan)
        return plan.error();
    outcome.kind = plan->kind;
    if (plan->kind == MergeOutcome::Kind::UpToDate)
        return outcome;
    outcome.newBaseId = oidToHex(plan->newId);

    Result<std::vector<RepositoryHandle>> safe = safeCheckouts(repo, refName, oldId, plan->newId);
    if (!safe)
        return safe.error();
    std::vector<RepositoryHandle> checkouts = std::move(*safe);

    if (request.beforeRefUpdate)
        request.beforeRefUpdate();
    const auto step = [&request](MergeStep at, int files = 0) {
        if (request.onStep)
            request.onStep(at, files);
    };
    const QString commonDir = QString::fromUtf8(git_repository_commondir(repo));
    if (!checkouts.empty()) {
        if (VoidResult recorded = recordIntent(commonDir, refName, outcome, checkouts); !recorded)
            return recorded.error();
        step(MergeStep::IntentRecorded);
    }
    const QString why = QStringLiteral("agentdesk: merge %1").arg(request.source);
    Result<void> moved = moveRef(repo, refName, plan->newId, oldId, why);
    if (!moved) {
        removeMergeIntent(commonDir);
        return moved.error();
    }
    step(MergeStep::RefMoved);

    const std::function<void(int)> progress = [&step](int files) {
        step(MergeStep::FileWritten, files);
    };
    for (RepositoryHandle &checkout : checkouts) {
        if (const int rc = updateCheckout(checkout.get(), oldId, plan->newId, progress); rc < 0) {
            const Error error =
                gitError(rc, QStringLiteral("checkout-failed"),
                         QStringLiteral("Cannot update the files of the base checkout; the "
                                        "merge was undone"));
            // Undo: the ref goes back only if nobody moved it after us, and the checkout with
            // it (a write may have failed half-way, a full disk); the journal goes last.
            (void)moveRef(repo, refName, oldId, plan->newId, QStringLiteral("agentdesk: undo"));
            (void)recoverInterruptedCheckout(repository);
            return error;
        }
        outcome.updatedCheckout = workdirOf(checkout.get());
    }
    step(MergeStep::CheckoutUpdated);
    if (!checkouts.empty())
        removeMergeIntent(commonDir);
    step(MergeStep::Finished);
    return outcome;
}

Result<CheckoutRecovery> MergeEngine::recoverInterruptedCheckout(const Repository &repository)
{
    git_repository *repo = RepositoryAccess::native(repository);
    const QString commonDir = QString::fromUtf8(git_repository_commondir(repo));
    CheckoutRecovery recovery;
    const std::optional<MergeIntent> intent = readMergeIntent(commonDir);
    if (!intent)
        return recovery;
    // A merge still running in another live process is not ours to finish.
    if (!intent->owner.isNull() && !intent->owner.isCurrentProcess() && intent->owner.isAlive())
        return recovery;
    recovery.found = true;
    recovery.refName = intent->refName;
    git_oid oldId, newId;
    git_reference *rawRef = nullptr;
    if (!parseOid(intent->oldId, &oldId) || !parseOid(intent->newId, &newId) ||
        git_reference_lookup(&rawRef, repo, intent->refName.toUtf8().constData()) < 0) {
        removeMergeIntent(commonDir);
        recovery.note = QStringLiteral("A merge into %1 was cut short, but the branch is gone; "
                                       "nothing to repair.")
                            .arg(intent->refName);
        return recovery;
    }
    ReferenceHandle ref(rawRef);
    const git_oid *now = git_reference_target(ref.get());
    const bool atNew = now && git_oid_equal(now, &newId);
    const bool atOld = now && git_oid_equal(now, &oldId);
    if (!atNew && !atOld) {
        // Someone moved it since: their checkout is theirs. Nothing of ours to finish.
        removeMergeIntent(commonDir);
        recovery.note = QStringLiteral("A merge into %1 was cut short and the branch has moved "
                                       "since; its checkout was left as it is.")
                            .arg(intent->refName);
        return recovery;
    }
    recovery.headId = oidToHex(atNew ? newId : oldId);
    for (RepositoryHandle &checkout : checkoutsOfBranch(repo, intent->refName)) {
        Result<TreeHandle> to = detail::treeOfCommit(checkout.get(), atNew ? newId : oldId);
        Result<TreeHandle> from = detail::treeOfCommit(checkout.get(), atNew ? oldId : newId);
        if (!to || !from)
            return to ? from.error() : to.error();
        Result<CheckoutRepair> repaired = bringCheckoutTo(checkout.get(), to->get(), from->get());
        if (!repaired)
            return repaired.error(); // the journal stays: the next start tries again
        recovery.repairedCheckouts.append(workdirOf(checkout.get()));
        recovery.leftAlone += repaired->leftAlone;
    }
    removeMergeIntent(commonDir);
    recovery.note =
        atNew ? QStringLiteral("A merge into %1 was cut short after the branch moved to %2: its "
                               "checkout now matches it.")
                    .arg(intent->refName, recovery.headId.left(10))
              : QStringLiteral("A merge into %1 was cut short before the branch moved: its "
                               "checkout is as it was.")
                    .arg(intent->refName);
    if (!recovery.leftAlone.isEmpty())
        recovery.note += QStringLiteral(" Files edited since were kept as uncommitted changes: %1.")
                             .arg(recovery.leftAlone.join(QStringLiteral(", ")));
    return recovery;
}

} // namespace agentdesk::git
