#include "git/Repository.h"

#include "git/GitError.h"
#include "git/RepositoryAccess.h"

#include <QDir>
#include <QFileInfo>

#include <unistd.h>

namespace agentdesk::git {

using namespace detail;

struct Repository::Impl
{
    RepositoryHandle repo;
};

namespace {

QString withoutTrailingSlash(const char *path)
{
    QString text = QString::fromUtf8(path);
    while (text.size() > 1 && text.endsWith(QLatin1Char('/')))
        text.chop(1);
    return text;
}

// libgit2 1.5.1 reports a repository owned by someone else as GIT_EOWNER only when some
// safe.directory entry exists; with none, its ownership check fails with GIT_ENOTFOUND and
// "config value 'safe.directory' was not found". Both mean the same to the user.
bool notOwned(int rc, const QString &path)
{
    if (rc == GIT_EOWNER)
        return true;
    if (rc != GIT_ENOTFOUND)
        return false;
    if (lastGitMessage().contains(QStringLiteral("safe.directory")))
        return true;
    const QFileInfo dotGit(path + QStringLiteral("/.git"));
    return dotGit.exists() && dotGit.ownerId() != uint(-2) && dotGit.ownerId() != ::geteuid();
}

Error openError(int rc, const QString &path)
{
    if (notOwned(rc, path))
        rc = GIT_EOWNER;
    switch (rc) {
    case GIT_ENOTFOUND:
        return makeError(QStringLiteral("not-a-repository"),
                         QStringLiteral("%1 is not a git repository. Choose the top folder of a "
                                        "checkout (the one that contains .git).")
                             .arg(path));
    case GIT_EOWNER:
        return makeError(
            QStringLiteral("repository-not-owned"),
            QStringLiteral("%1 is owned by another user, so git refuses to use it. If you trust "
                           "it, run: git config --global --add safe.directory %1")
                .arg(path));
    default:
        return gitError(rc, QStringLiteral("open-failed"),
                        QStringLiteral("Cannot open the repository at %1").arg(path));
    }
}

} // namespace

Result<Repository> Repository::open(const QString &path)
{
    if (path.isEmpty() || !QFileInfo::exists(path))
        return makeError(QStringLiteral("path-not-found"),
                         QStringLiteral("The folder %1 does not exist.").arg(path));
    git_repository *raw = nullptr;
    const QByteArray native = QFile::encodeName(QDir::cleanPath(path));
    const int rc =
        git_repository_open_ext(&raw, native.constData(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
    RepositoryHandle repo(raw);
    if (rc < 0)
        return openError(rc, path);
    if (git_repository_is_bare(repo.get()))
        return makeError(QStringLiteral("bare-repository"),
                         QStringLiteral("%1 is a bare repository (it has no working files). "
                                        "Open a regular checkout instead.")
                             .arg(path));
    const int unborn = git_repository_head_unborn(repo.get());
    if (unborn == 1)
        return makeError(QStringLiteral("unborn-head"),
                         QStringLiteral("%1 has no commits yet. Make a first commit, then open "
                                        "it again.")
                             .arg(path));
    if (unborn < 0)
        return gitError(unborn, QStringLiteral("open-failed"),
                        QStringLiteral("Cannot read HEAD of %1").arg(path));
    return RepositoryAccess::adopt(std::move(repo));
}

Repository::Repository(std::unique_ptr<Impl> impl)
    : d(std::move(impl))
{}

Repository::Repository(Repository &&other) noexcept = default;
Repository &Repository::operator=(Repository &&other) noexcept = default;
Repository::~Repository() = default;

QString Repository::workdir() const
{
    const char *path = git_repository_workdir(d->repo.get());
    return path ? withoutTrailingSlash(path) : QString();
}

QString Repository::commonDir() const
{
    return withoutTrailingSlash(git_repository_commondir(d->repo.get()));
}

bool Repository::isLinkedWorktree() const
{
    return git_repository_is_worktree(d->repo.get()) == 1;
}

Result<QList<BranchInfo>> Repository::branches() const
{
    git_branch_iterator *rawIterator = nullptr;
    int rc = git_branch_iterator_new(&rawIterator, d->repo.get(), GIT_BRANCH_LOCAL);
    BranchIteratorHandle iterator(rawIterator);
    if (rc < 0)
        return gitError(rc, QStringLiteral("branch-list-failed"),
                        QStringLiteral("Cannot list branches"));
    QList<BranchInfo> result;
    git_reference *rawRef = nullptr;
    git_branch_t type;
    while ((rc = git_branch_next(&rawRef, &type, iterator.get())) == 0) {
        ReferenceHandle ref(rawRef);
        BranchInfo info;
        const char *name = nullptr;
        if (git_branch_name(&name, ref.get()) == 0)
            info.name = QString::fromUtf8(name);
        if (const git_oid *target = git_reference_target(ref.get()))
            info.commitId = oidToHex(*target);
        info.isHead = git_branch_is_head(ref.get()) == 1;
        result.append(info);
    }
    if (rc != GIT_ITEROVER)
        return gitError(rc, QStringLiteral("branch-list-failed"),
                        QStringLiteral("Cannot list branches"));
    return result;
}

Result<QString> Repository::currentBranch() const
{
    if (git_repository_head_detached(d->repo.get()) == 1)
        return makeError(QStringLiteral("detached-head"),
                         QStringLiteral("HEAD of %1 is detached (not on a branch). Check out a "
                                        "branch first.")
                             .arg(workdir()));
    git_reference *raw = nullptr;
    const int rc = git_repository_head(&raw, d->repo.get());
    ReferenceHandle head(raw);
    if (rc < 0)
        return gitError(rc, QStringLiteral("head-unreadable"), QStringLiteral("Cannot read HEAD"));
    const char *name = nullptr;
    if (git_branch_name(&name, head.get()) < 0)
        return gitError(rc, QStringLiteral("head-unreadable"), QStringLiteral("Cannot read HEAD"));
    return QString::fromUtf8(name);
}

Result<QString> Repository::resolveCommit(const QString &revision) const
{
    Result<CommitHandle> commit = lookupCommit(d->repo.get(), revision);
    if (!commit)
        return commit.error();
    return oidToHex(*git_commit_id(commit->get()));
}

Result<AheadBehind> Repository::aheadBehind(const QString &local, const QString &upstream) const
{
    Result<CommitHandle> localCommit = lookupCommit(d->repo.get(), local);
    if (!localCommit)
        return localCommit.error();
    Result<CommitHandle> upstreamCommit = lookupCommit(d->repo.get(), upstream);
    if (!upstreamCommit)
        return upstreamCommit.error();
    size_t ahead = 0;
    size_t behind = 0;
    const int rc =
        git_graph_ahead_behind(&ahead, &behind, d->repo.get(), git_commit_id(localCommit->get()),
                               git_commit_id(upstreamCommit->get()));
    if (rc < 0)
        return gitError(rc, QStringLiteral("ahead-behind-failed"),
                        QStringLiteral("Cannot compare %1 with %2").arg(local, upstream));
    return AheadBehind{int(ahead), int(behind)};
}

Result<QString> Repository::mergeBase(const QString &first, const QString &second) const
{
    Result<CommitHandle> a = lookupCommit(d->repo.get(), first);
    if (!a)
        return a.error();
    Result<CommitHandle> b = lookupCommit(d->repo.get(), second);
    if (!b)
        return b.error();
    git_oid base;
    const int rc =
        git_merge_base(&base, d->repo.get(), git_commit_id(a->get()), git_commit_id(b->get()));
    if (rc == GIT_ENOTFOUND)
        return makeError(QStringLiteral("no-merge-base"),
                         QStringLiteral("%1 and %2 have no common history.").arg(first, second));
    if (rc < 0)
        return gitError(
            rc, QStringLiteral("merge-base-failed"),
            QStringLiteral("Cannot find the merge base of %1 and %2").arg(first, second));
    return oidToHex(base);
}

namespace detail {

git_repository *RepositoryAccess::native(const Repository &repository)
{
    return repository.d->repo.get();
}

Repository RepositoryAccess::adopt(RepositoryHandle handle)
{
    auto impl = std::make_unique<Repository::Impl>();
    impl->repo = std::move(handle);
    return Repository(std::move(impl));
}

bool parseOid(const QString &hex, git_oid *out)
{
    if (hex.size() != GIT_OID_HEXSZ)
        return false;
    return git_oid_fromstr(out, hex.toLatin1().constData()) == 0;
}

QString oidToHex(const git_oid &oid)
{
    char text[GIT_OID_HEXSZ + 1];
    git_oid_tostr(text, sizeof text, &oid);
    return QString::fromLatin1(text);
}

Result<CommitHandle> lookupCommit(git_repository *repo, const QString &revision)
{
    git_object *raw = nullptr;
    const QByteArray spec = revision.toUtf8();
    int rc = revision.isEmpty() ? GIT_ENOTFOUND : git_revparse_single(&raw, repo, spec.constData());
    ObjectHandle object(raw);
    if (rc < 0)
        return makeError(QStringLiteral("unknown-revision"),
                         QStringLiteral("%1 is not a branch, tag or commit in this repository.")
                             .arg(revision.isEmpty() ? QStringLiteral("(empty)") : revision));
    git_object *peeled = nullptr;
    rc = git_object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT);
    if (rc < 0)
        return gitError(rc, QStringLiteral("unknown-revision"),
                        QStringLiteral("%1 does not name a commit").arg(revision));
    return CommitHandle(reinterpret_cast<git_commit *>(peeled));
}

} // namespace detail

} // namespace agentdesk::git
