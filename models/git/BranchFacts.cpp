#include "git/BranchFacts.h"

#include "git/GitError.h"
#include "git/RepositoryAccess.h"
#include "git/WorkingState.h"

#include <QSet>

#include <algorithm>

namespace agentdesk::git {

using namespace detail;

namespace {

QString branchRefName(const QString &branch)
{
    return QStringLiteral("refs/heads/") + branch;
}

Result<TreeHandle> treeOf(git_repository *repo, const QString &commitId)
{
    Result<CommitHandle> commit = lookupCommit(repo, commitId);
    if (!commit)
        return commit.error();
    git_tree *raw = nullptr;
    const int rc = git_commit_tree(&raw, commit->get());
    if (rc < 0)
        return gitError(rc, QStringLiteral("git-failed"),
                        QStringLiteral("Cannot read the tree of %1").arg(commitId));
    return TreeHandle(raw);
}

} // namespace

Result<QString> BranchFacts::branchHead(const Repository &repository, const QString &branch)
{
    git_repository *repo = RepositoryAccess::native(repository);
    git_reference *raw = nullptr;
    const QByteArray name = branchRefName(branch).toUtf8();
    int rc = branch.isEmpty() ? GIT_ENOTFOUND : git_reference_lookup(&raw, repo, name.constData());
    ReferenceHandle ref(raw);
    if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC)
        return makeError(QStringLiteral("branch-missing"),
                         QStringLiteral("The branch %1 does not exist.")
                             .arg(branch.isEmpty() ? QStringLiteral("(none)") : branch));
    git_object *peeled = nullptr;
    if (rc == 0)
        rc = git_reference_peel(&peeled, ref.get(), GIT_OBJECT_COMMIT);
    ObjectHandle commit(peeled);
    if (rc < 0)
        return gitError(rc, QStringLiteral("git-failed"),
                        QStringLiteral("Cannot read the branch %1").arg(branch));
    return oidToHex(*git_object_id(commit.get()));
}

bool BranchFacts::branchExists(const Repository &repository, const QString &branch)
{
    return branchHead(repository, branch).ok();
}

Result<BranchStanding> BranchFacts::standing(const Repository &repository, const QString &branch,
                                             const QString &base)
{
    BranchStanding standing;
    Result<QString> branchHeadId = branchHead(repository, branch);
    if (!branchHeadId)
        return branchHeadId.error();
    Result<QString> baseHeadId = branchHead(repository, base);
    if (!baseHeadId)
        return baseHeadId.error();
    standing.branchHead = *branchHeadId;
    standing.baseHead = *baseHeadId;
    Result<QString> mergeBase = repository.mergeBase(standing.branchHead, standing.baseHead);
    if (!mergeBase)
        return mergeBase.error();
    standing.mergeBase = *mergeBase;
    Result<AheadBehind> counts = repository.aheadBehind(standing.branchHead, standing.baseHead);
    if (!counts)
        return counts.error();
    standing.ahead = counts->ahead;
    standing.behind = counts->behind;
    return standing;
}

Result<QStringList> BranchFacts::touchedPaths(const Repository &repository, const QString &branch,
                                              const QString &base)
{
    Result<BranchStanding> where = standing(repository, branch, base);
    if (!where)
        return where.error();
    git_repository *repo = RepositoryAccess::native(repository);
    Result<TreeHandle> from = treeOf(repo, where->mergeBase);
    if (!from)
        return from.error();
    Result<TreeHandle> to = treeOf(repo, where->branchHead);
    if (!to)
        return to.error();
    git_diff_options options;
    git_diff_options_init(&options, GIT_DIFF_OPTIONS_VERSION);
    git_diff *raw = nullptr;
    int rc = git_diff_tree_to_tree(&raw, repo, from->get(), to->get(), &options);
    DiffHandle diff(raw);
    if (rc == 0) {
        // Renames count on both sides: the old path disappears from the checkout too.
        git_diff_find_options find;
        git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
        find.flags = GIT_DIFF_FIND_RENAMES;
        rc = git_diff_find_similar(diff.get(), &find);
    }
    if (rc < 0)
        return gitError(rc, QStringLiteral("git-failed"),
                        QStringLiteral("Cannot list the files %1 changed").arg(branch));
    QSet<QString> paths;
    for (size_t i = 0; i < git_diff_num_deltas(diff.get()); ++i) {
        const git_diff_delta *delta = git_diff_get_delta(diff.get(), i);
        paths.insert(QString::fromUtf8(delta->old_file.path));
        paths.insert(QString::fromUtf8(delta->new_file.path));
    }
    QStringList sorted = paths.values();
    sorted.sort();
    return sorted;
}

Result<QList<SymbolicLink>> BranchFacts::changedLinks(const Repository &repository,
                                                      const QString &branch, const QString &base)
{
    git_repository *repo = RepositoryAccess::native(repository);
    Result<BranchStanding> where = standing(repository, branch, base);
    if (!where)
        return where.error();
    Result<TreeHandle> from = treeOf(repo, where->mergeBase);
    Result<TreeHandle> to = treeOf(repo, where->branchHead);
    if (!from || !to)
        return from ? to.error() : from.error();
    git_diff *rawDiff = nullptr;
    git_diff_options options;
    git_diff_options_init(&options, GIT_DIFF_OPTIONS_VERSION);
    int rc = git_diff_tree_to_tree(&rawDiff, repo, from->get(), to->get(), &options);
    DiffHandle diff(rawDiff);
    if (rc < 0)
        return gitError(rc, QStringLiteral("git-failed"), QStringLiteral("Cannot compare trees"));
    QList<SymbolicLink> links;
    const size_t count = git_diff_num_deltas(diff.get());
    for (size_t i = 0; i < count; ++i) {
        const git_diff_delta *delta = git_diff_get_delta(diff.get(), i);
        if (delta->status == GIT_DELTA_DELETED || delta->new_file.mode != GIT_FILEMODE_LINK)
            continue;
        git_blob *rawBlob = nullptr;
        if (git_blob_lookup(&rawBlob, repo, &delta->new_file.id) < 0)
            continue;
        BlobHandle blob(rawBlob);
        const auto size = qsizetype(qMin<git_object_size_t>(git_blob_rawsize(blob.get()), 4096));
        links.append(
            {QString::fromUtf8(delta->new_file.path),
             QString::fromUtf8(static_cast<const char *>(git_blob_rawcontent(blob.get())), size)});
    }
    std::sort(links.begin(), links.end(),
              [](const SymbolicLink &a, const SymbolicLink &b) { return a.path < b.path; });
    return links;
}

Result<QList<BranchCheckout>> BranchFacts::checkoutsOf(const Repository &repository,
                                                       const QString &branch,
                                                       const QStringList &paths)
{
    git_repository *repo = RepositoryAccess::native(repository);
    const QSet<QString> asked(paths.cbegin(), paths.cend());
    QList<BranchCheckout> result;
    for (RepositoryHandle &checkout : checkoutsOfBranch(repo, branchRefName(branch))) {
        Result<QSet<QString>> dirty = dirtyPaths(checkout.get(), QStringLiteral("status-failed"));
        if (!dirty)
            return dirty.error();
        BranchCheckout entry;
        entry.workdir = workdirOf(checkout.get());
        entry.dirtyPaths = QSet<QString>(asked).intersect(*dirty).values();
        entry.dirtyPaths.sort();
        entry.ignoredPaths = ignoredFilesInTheWay(checkout.get(), asked);
        result.append(entry);
    }
    return result;
}

} // namespace agentdesk::git
