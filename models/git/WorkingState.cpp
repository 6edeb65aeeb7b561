#include "git/WorkingState.h"

#include "git/GitError.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace agentdesk::git::detail {

Result<git_oid> stageWorkingTree(git_repository *repo, git_index *index)
{
    // add_all picks up new and modified files (skipping ignored ones); update_all then
    // drops entries whose files were deleted. Together they match `git add -A`.
    int rc = git_index_add_all(index, nullptr, GIT_INDEX_ADD_DEFAULT, nullptr, nullptr);
    if (rc == 0)
        rc = git_index_update_all(index, nullptr, nullptr, nullptr);
    if (rc < 0)
        return gitError(rc, QStringLiteral("stage-failed"),
                        QStringLiteral("Cannot read the changed files"));
    git_oid tree;
    rc = git_index_write_tree_to(&tree, index, repo);
    if (rc < 0)
        return gitError(rc, QStringLiteral("stage-failed"),
                        QStringLiteral("Cannot write the tree of the changed files"));
    return tree;
}

Result<SignatureHandle> makeSignature(const Identity &identity)
{
    git_signature *raw = nullptr;
    const int rc = git_signature_now(&raw, identity.name.toUtf8().constData(),
                                     identity.email.toUtf8().constData());
    if (rc < 0)
        return gitError(rc, QStringLiteral("bad-identity"),
                        QStringLiteral("The identity \"%1 <%2>\" is not valid")
                            .arg(identity.name, identity.email));
    return SignatureHandle(raw);
}

Result<RepositoryHandle> openWorktree(const QString &path)
{
    if (path.isEmpty() || !QFileInfo::exists(path + QStringLiteral("/.git")))
        return makeError(QStringLiteral("worktree-missing"),
                         QStringLiteral("The worktree %1 is missing: its folder was deleted or "
                                        "moved.")
                             .arg(path));
    git_repository *raw = nullptr;
    const int rc =
        git_repository_open_ext(&raw, QFile::encodeName(QDir::cleanPath(path)).constData(),
                                GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
    RepositoryHandle repo(raw);
    if (rc < 0)
        return gitError(rc, QStringLiteral("worktree-missing"),
                        QStringLiteral("Cannot open the worktree %1").arg(path));
    return repo;
}

} // namespace agentdesk::git::detail
