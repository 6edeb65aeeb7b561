#include "git/BranchSync.h"

#include "git/GitError.h"
#include "git/MergeEngine.h"
#include "git/RepositoryAccess.h"
#include "git/WorkingState.h"

#include <QSet>

namespace agentdesk::git {

using namespace detail;

namespace {

constexpr int kPathsNamed = 20; // in an error message; the rest are counted

QString namePaths(QStringList paths)
{
    paths.sort();
    if (paths.size() <= kPathsNamed)
        return paths.join(QStringLiteral(", "));
    return QStringList(paths.mid(0, kPathsNamed)).join(QStringLiteral(", ")) +
           QStringLiteral(" and %1 more").arg(paths.size() - kPathsNamed);
}

Result<void> casBranch(git_repository *repo, const QString &refName, const git_oid &to,
                       const git_oid &expected, const QString &why)
{
    return detail::compareAndSwapRef(
        repo, refName, to, expected, why, QStringLiteral("branch-moved"),
        QStringLiteral("%1 changed while its base was merged into it; nothing "
                       "was changed.")
            .arg(refName));
}

Result<void> checkWorktree(git_repository *worktree, const QString &refName, const QString &path)
{
    git_reference *rawHead = nullptr;
    const int rc = git_reference_lookup(&rawHead, worktree, "HEAD");
    ReferenceHandle head(rawHead);
    const char *target = rc == 0 ? git_reference_symbolic_target(head.get()) : nullptr;
    if (!target || refName != QString::fromUtf8(target))
        return makeError(
            QStringLiteral("worktree-not-on-branch"),
            QStringLiteral("The worktree %1 does not have %2 checked out.").arg(path, refName));
    Result<QSet<QString>> dirty = dirtyPaths(worktree, QStringLiteral("merge-failed"));
    if (!dirty)
        return dirty.error();
    if (!dirty->isEmpty())
        return makeError(QStringLiteral("worktree-dirty"),
                         QStringLiteral("The worktree %1 has uncommitted changes (%2): the "
                                        "merged commit must be validated exactly as committed. "
                                        "Commit or discard them first.")
                             .arg(path, namePaths(dirty->values())));
    return {};
}

} // namespace

Result<BaseIntoBranchOutcome> BranchSync::mergeBaseIntoBranch(const Repository &repository,
                                                              const BaseIntoBranchRequest &request)
{
    git_repository *repo = RepositoryAccess::native(repository);
    const QString refName = QStringLiteral("refs/heads/") + request.branch;
    git_oid oldId, baseId;
    if (!parseOid(request.expectedHead, &oldId))
        return makeError(QStringLiteral("unknown-revision"),
                         QStringLiteral("%1 is not a commit id.").arg(request.expectedHead));
    Result<CommitHandle> base = lookupCommit(repo, request.baseCommit);
    if (!base)
        return base.error();
    git_oid_cpy(&baseId, git_commit_id(base->get()));

    Result<RepositoryHandle> worktree = openWorktree(request.worktreePath);
    if (!worktree)
        return worktree.error();
    Result<void> usable = checkWorktree(worktree->get(), refName, request.worktreePath);
    if (!usable)
        return usable.error();

    BaseIntoBranchOutcome outcome;
    outcome.oldHead = outcome.newHead = request.expectedHead;
    git_reference *rawRef = nullptr;
    if (git_reference_lookup(&rawRef, repo, refName.toUtf8().constData()) < 0)
        return makeError(QStringLiteral("branch-moved"),
                         QStringLiteral("The branch %1 no longer exists.").arg(request.branch));
    ReferenceHandle branchRef(rawRef);
    const git_oid *current = git_reference_target(branchRef.get());
    if (!current || !git_oid_equal(current, &oldId))
        return makeError(QStringLiteral("branch-moved"),
                         QStringLiteral("%1 moved from %2 to %3; nothing was changed.")
                             .arg(request.branch, request.expectedHead,
                                  current ? oidToHex(*current) : QString()));

    Result<MergePrediction> prediction =
        MergeEngine::predict(repository, request.expectedHead, oidToHex(baseId));
    if (!prediction)
        return prediction.error();
    if (prediction->upToDate)
        return outcome;
    if (prediction->conflicts) {
        outcome.kind = BaseIntoBranchOutcome::Kind::Conflicts;
        outcome.conflictingPaths = prediction->conflictingPaths;
        return outcome;
    }

    git_oid newId;
    if (prediction->fastForward) {
        // The branch has no commit of its own: it simply moves to the base.
        git_oid_cpy(&newId, &baseId);
    } else {
        git_oid treeId;
        parseOid(prediction->mergedTreeId, &treeId);
        git_tree *rawTree = nullptr;
        int rc = git_tree_lookup(&rawTree, repo, &treeId);
        TreeHandle tree(rawTree);
        Result<CommitHandle> head = lookupCommit(repo, request.expectedHead);
        if (!head)
            return head.error();
        Result<SignatureHandle> signature = makeSignature(request.identity);
        if (!signature)
            return signature.error();
        const git_commit *parents[] = {head->get(), base->get()};
        if (rc == 0)
            rc = git_commit_create(&newId, repo, nullptr, signature->get(), signature->get(),
                                   nullptr, request.message.toUtf8().constData(), tree.get(), 2,
                                   parents);
        if (rc < 0)
            return gitError(rc, QStringLiteral("merge-failed"),
                            QStringLiteral("Cannot write the merge commit"));
    }

    // libgit2 objects belong to the handle that loaded them: the worktree's own handle loads
    // the trees it checks out.
    Result<TreeHandle> oldTree = detail::treeOfCommit(worktree->get(), oldId);
    Result<TreeHandle> newTree = detail::treeOfCommit(worktree->get(), newId);
    if (!oldTree || !newTree)
        return oldTree ? newTree.error() : oldTree.error();
    const QStringList ignored = ignoredFilesInTheWay(
        worktree->get(), changedPaths(worktree->get(), oldTree->get(), newTree->get()));
    if (!ignored.isEmpty())
        return makeError(QStringLiteral("ignored-file-clash"),
                         QStringLiteral("The worktree %1 has ignored files where merging %2 "
                                        "writes files: %3. Move them out of the way first.")
                             .arg(request.worktreePath, request.baseCommit, namePaths(ignored)));

    if (request.beforeRefUpdate)
        request.beforeRefUpdate();
    const QString why =
        QStringLiteral("agentdesk: merge %1 into %2").arg(oidToHex(baseId), request.branch);
    Result<void> moved = casBranch(repo, refName, newId, oldId, why);
    if (!moved)
        return moved.error();

    git_checkout_options options;
    git_checkout_options_init(&options, GIT_CHECKOUT_OPTIONS_VERSION);
    options.checkout_strategy = GIT_CHECKOUT_SAFE | GIT_CHECKOUT_DONT_OVERWRITE_IGNORED;
    options.baseline = oldTree->get();
    const int rc = git_checkout_tree(
        worktree->get(), reinterpret_cast<const git_object *>(newTree->get()), &options);
    if (rc < 0) {
        const Error error = gitError(rc, QStringLiteral("checkout-failed"),
                                     QStringLiteral("Cannot update the files of %1; the merge "
                                                    "was undone")
                                         .arg(request.worktreePath));
        (void)casBranch(repo, refName, oldId, newId, QStringLiteral("agentdesk: undo"));
        return error;
    }
    outcome.kind = prediction->fastForward ? BaseIntoBranchOutcome::Kind::FastForwarded
                                           : BaseIntoBranchOutcome::Kind::Merged;
    outcome.newHead = oidToHex(newId);
    return outcome;
}

} // namespace agentdesk::git
