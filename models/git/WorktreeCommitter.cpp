#include "git/WorktreeCommitter.h"

#include "git/GitError.h"
#include "git/RepositoryAccess.h"
#include "git/WorkingState.h"

namespace agentdesk::git {

using namespace detail;

Result<QString> WorktreeCommitter::commitAll(const QString &worktreePath, const QString &message,
                                             const Identity &identity)
{
    Result<RepositoryHandle> opened = openWorktree(worktreePath);
    if (!opened)
        return opened.error();
    git_repository *repo = opened->get();
    if (git_repository_head_detached(repo) == 1)
        return makeError(QStringLiteral("detached-head"),
                         QStringLiteral("The worktree %1 is not on a branch (detached HEAD), so "
                                        "there is no branch to commit to.")
                             .arg(worktreePath));
    Result<CommitHandle> head = lookupCommit(repo, QStringLiteral("HEAD"));
    if (!head)
        return head.error();

    git_index *rawIndex = nullptr;
    int rc = git_repository_index(&rawIndex, repo);
    IndexHandle index(rawIndex);
    if (rc < 0)
        return gitError(rc, QStringLiteral("commit-failed"),
                        QStringLiteral("Cannot read the index of %1").arg(worktreePath));
    Result<git_oid> treeId = stageWorkingTree(repo, index.get());
    if (!treeId)
        return treeId.error();
    if (git_oid_equal(&*treeId, git_commit_tree_id(head->get())))
        return makeError(
            QStringLiteral("nothing-to-commit"),
            QStringLiteral("The worktree %1 has no changes to commit.").arg(worktreePath));
    rc = git_index_write(index.get());
    if (rc < 0)
        return gitError(rc, QStringLiteral("commit-failed"),
                        QStringLiteral("Cannot write the index of %1").arg(worktreePath));

    git_tree *rawTree = nullptr;
    rc = git_tree_lookup(&rawTree, repo, &*treeId);
    TreeHandle tree(rawTree);
    if (rc < 0)
        return gitError(rc, QStringLiteral("commit-failed"), QStringLiteral("Cannot read tree"));
    Result<SignatureHandle> signature = makeSignature(identity);
    if (!signature)
        return signature.error();
    git_oid commitId;
    const git_commit *parents[] = {head->get()};
    rc = git_commit_create(&commitId, repo, "HEAD", signature->get(), signature->get(), nullptr,
                           message.toUtf8().constData(), tree.get(), 1, parents);
    if (rc < 0)
        return gitError(rc, QStringLiteral("commit-failed"),
                        QStringLiteral("Cannot commit in %1").arg(worktreePath));
    return oidToHex(commitId);
}

} // namespace agentdesk::git
