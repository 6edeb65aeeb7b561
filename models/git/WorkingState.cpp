#include "git/WorkingState.h"

#include "git/GitError.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <sys/stat.h>

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

QString workdirOf(git_repository *checkout)
{
    const char *workdir = git_repository_workdir(checkout);
    QString path = workdir ? QFile::decodeName(workdir) : QString();
    while (path.size() > 1 && path.endsWith(QLatin1Char('/')))
        path.chop(1);
    return path;
}

std::vector<RepositoryHandle> checkoutsOfBranch(git_repository *repo, const QString &refName)
{
    std::vector<RepositoryHandle> candidates;
    git_repository *raw = nullptr;
    if (git_repository_open(&raw, git_repository_commondir(repo)) == 0)
        candidates.emplace_back(raw);
    StrArray names;
    if (git_worktree_list(&names.array, repo) == 0) {
        for (size_t i = 0; i < names.array.count; ++i) {
            git_worktree *rawWorktree = nullptr;
            if (git_worktree_lookup(&rawWorktree, repo, names.array.strings[i]) < 0)
                continue;
            WorktreeHandle worktree(rawWorktree);
            raw = nullptr;
            if (git_worktree_validate(worktree.get()) == 0 &&
                git_repository_open_from_worktree(&raw, worktree.get()) == 0)
                candidates.emplace_back(raw);
        }
    }
    std::vector<RepositoryHandle> result;
    for (RepositoryHandle &candidate : candidates) {
        if (git_repository_is_bare(candidate.get()))
            continue;
        git_reference *rawHead = nullptr;
        if (git_reference_lookup(&rawHead, candidate.get(), "HEAD") < 0)
            continue;
        ReferenceHandle head(rawHead);
        const char *target = git_reference_symbolic_target(head.get());
        if (target && refName == QString::fromUtf8(target))
            result.push_back(std::move(candidate));
    }
    return result;
}

QSet<QString> changedPaths(git_repository *repo, git_tree *oldTree, git_tree *newTree)
{
    QSet<QString> paths;
    git_diff *raw = nullptr;
    if (git_diff_tree_to_tree(&raw, repo, oldTree, newTree, nullptr) < 0)
        return paths;
    DiffHandle diff(raw);
    for (size_t i = 0; i < git_diff_num_deltas(diff.get()); ++i) {
        const git_diff_delta *delta = git_diff_get_delta(diff.get(), i);
        paths.insert(QString::fromUtf8(delta->old_file.path));
        paths.insert(QString::fromUtf8(delta->new_file.path));
    }
    return paths;
}

Result<QSet<QString>> dirtyPaths(git_repository *checkout, const QString &errorCode)
{
    git_status_options options;
    git_status_options_init(&options, GIT_STATUS_OPTIONS_VERSION);
    options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
    options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS;
    git_status_list *raw = nullptr;
    const int rc = git_status_list_new(&raw, checkout, &options);
    StatusListHandle list(raw);
    if (rc < 0)
        return gitError(rc, errorCode,
                        QStringLiteral("Cannot read the status of %1").arg(workdirOf(checkout)));
    QSet<QString> paths;
    for (size_t i = 0; i < git_status_list_entrycount(list.get()); ++i) {
        const git_status_entry *entry = git_status_byindex(list.get(), i);
        for (const git_diff_delta *delta : {entry->head_to_index, entry->index_to_workdir}) {
            if (!delta)
                continue;
            paths.insert(QString::fromUtf8(delta->old_file.path));
            paths.insert(QString::fromUtf8(delta->new_file.path));
        }
    }
    return paths;
}

namespace {

// An untracked, ignored file system entry at `path` (relative), or false.
bool isIgnoredEntry(git_repository *checkout, git_index *index, const QString &workdir,
                    const QString &path)
{
    struct stat info;
    const QByteArray full = QFile::encodeName(workdir + QLatin1Char('/') + path);
    if (::lstat(full.constData(), &info) != 0)
        return false;
    const QByteArray relative = path.toUtf8();
    if (index && git_index_get_bypath(index, relative.constData(), 0))
        return false; // tracked: the dirty-path check is the one that guards it
    // Ignore rules like "build/" only match a folder when the path says it is one.
    const QByteArray probe = S_ISDIR(info.st_mode) ? relative + '/' : relative;
    int ignored = 0;
    return git_status_should_ignore(&ignored, checkout, probe.constData()) == 0 && ignored == 1;
}

} // namespace

QStringList ignoredFilesInTheWay(git_repository *checkout, const QSet<QString> &paths)
{
    const QString workdir = workdirOf(checkout);
    if (workdir.isEmpty())
        return {};
    git_index *rawIndex = nullptr;
    (void)git_repository_index(&rawIndex, checkout);
    IndexHandle index(rawIndex);
    QSet<QString> found;
    for (const QString &path : paths) {
        if (isIgnoredEntry(checkout, index.get(), workdir, path)) {
            found.insert(path);
            continue;
        }
        // An ignored file where the checkout needs a folder ("out" ignored, "out/x" written).
        for (int slash = path.indexOf(QLatin1Char('/')); slash > 0;
             slash = path.indexOf(QLatin1Char('/'), slash + 1)) {
            const QString prefix = path.left(slash);
            struct stat info;
            const QByteArray full = QFile::encodeName(workdir + QLatin1Char('/') + prefix);
            if (::lstat(full.constData(), &info) == 0 && !S_ISDIR(info.st_mode) &&
                isIgnoredEntry(checkout, index.get(), workdir, prefix)) {
                found.insert(prefix);
                break;
            }
        }
    }
    QStringList sorted = found.values();
    sorted.sort();
    return sorted;
}

Result<TreeHandle> treeOfCommit(git_repository *repo, const git_oid &id)
{
    git_commit *rawCommit = nullptr;
    int rc = git_commit_lookup(&rawCommit, repo, &id);
    CommitHandle commit(rawCommit);
    git_tree *rawTree = nullptr;
    if (rc == 0)
        rc = git_commit_tree(&rawTree, commit.get());
    if (rc < 0)
        return gitError(rc, QStringLiteral("merge-failed"), QStringLiteral("Cannot read a tree"));
    return TreeHandle(rawTree);
}

Result<void> compareAndSwapRef(git_repository *repo, const QString &refName, const git_oid &to,
                               const git_oid &expected, const QString &why,
                               const QString &movedCode, const QString &movedMessage)
{
    git_reference *raw = nullptr;
    const int rc = git_reference_create_matching(&raw, repo, refName.toUtf8().constData(), &to, 1,
                                                 &expected, why.toUtf8().constData());
    ReferenceHandle ref(raw);
    if (rc == GIT_EMODIFIED || rc == GIT_ENOTFOUND)
        return makeError(movedCode, movedMessage);
    if (rc < 0)
        return gitError(rc, QStringLiteral("merge-failed"),
                        QStringLiteral("Cannot update %1").arg(refName));
    return {};
}

} // namespace agentdesk::git::detail
