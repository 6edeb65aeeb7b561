#include "git/TaskWorktrees.h"
#include "git/WorktreeQueue.h"

#include "git/GitCommand.h"
#include "git/GitError.h"
#include "git/RepositoryAccess.h"
#include "git/WorkingState.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>

namespace agentdesk::git {

using namespace detail;

namespace {

const QString kLockPrefix = QStringLiteral("agentdesk task ");

QString sanitizedTaskId(const QString &taskId)
{
    QString id;
    for (const QChar c : taskId)
        id += (c.isLetterOrNumber() && c.unicode() < 128) || c == QLatin1Char('_')
                  ? c
                  : QLatin1Char('_');
    return id;
}

// The task id is the part of a worktree name before the first dash (ids never hold one).
QString taskIdOfName(const QString &name)
{
    const int dash = name.indexOf(QLatin1Char('-'));
    return dash > 0 ? name.left(dash) : name;
}

QString branchOfHead(git_repository *repo, const QString &name, QString *headId)
{
    git_reference *raw = nullptr;
    if (git_repository_head_for_worktree(&raw, repo, name.toUtf8().constData()) < 0)
        return QString();
    ReferenceHandle head(raw);
    if (const git_oid *target = git_reference_target(head.get()))
        *headId = oidToHex(*target);
    const char *branch = nullptr;
    if (git_branch_name(&branch, head.get()) == 0)
        return QString::fromUtf8(branch);
    return QString();
}

Result<int> nextArchiveNumber(git_repository *repo, const QString &taskId)
{
    StrArray refs;
    const int rc = git_reference_list(&refs.array, repo);
    if (rc < 0)
        return gitError(rc, QStringLiteral("archive-failed"), QStringLiteral("Cannot list refs"));
    const QString prefix = QStringLiteral("refs/agentdesk/archive/%1/").arg(taskId);
    int next = 1;
    for (size_t i = 0; i < refs.array.count; ++i) {
        const QString ref = QString::fromUtf8(refs.array.strings[i]);
        if (!ref.startsWith(prefix))
            continue;
        bool ok = false;
        const int n = ref.mid(prefix.size()).toInt(&ok);
        if (ok && n >= next)
            next = n + 1;
    }
    return next;
}

// Writes refs/agentdesk/archive/<task>/<n>: a commit of `tree` whose only parent is `head`.
Result<RemovedWorktree> writeArchive(git_repository *repo, const QString &name, git_commit *head,
                                     git_tree *tree, const Identity &identity,
                                     const QString &message)
{
    Result<SignatureHandle> signature = makeSignature(identity);
    if (!signature)
        return signature.error();
    const QString taskId = taskIdOfName(name);
    Result<int> number = nextArchiveNumber(repo, taskId);
    if (!number)
        return number.error();
    git_oid commitId;
    const git_commit *parents[] = {head};
    int rc = git_commit_create(&commitId, repo, nullptr, signature->get(), signature->get(),
                               nullptr, message.toUtf8().constData(), tree, 1, parents);
    RemovedWorktree result;
    result.archiveRef = QStringLiteral("refs/agentdesk/archive/%1/%2").arg(taskId).arg(*number);
    git_reference *rawRef = nullptr;
    // force = 0: an archive ref is never overwritten, even by a racing archive of the same task.
    if (rc == 0)
        rc = git_reference_create(&rawRef, repo, result.archiveRef.toUtf8().constData(), &commitId,
                                  0, message.toUtf8().constData());
    ReferenceHandle ref(rawRef);
    if (rc < 0)
        return gitError(rc, QStringLiteral("archive-failed"),
                        QStringLiteral("Cannot save the work of %1").arg(name));
    result.archiveCommit = oidToHex(commitId);
    return result;
}

Result<void> runGitCommandLine(const QString &workdir, const QStringList &arguments)
{
    // No hook, fsmonitor or filter the task could have planted runs here (GitCommand). A
    // checkout of a very large tree takes a while; one that hangs is killed.
    constexpr int kTimeoutMs = 10 * 60 * 1000;
    const Result<GitRun> run = GitCommand::run(workdir, arguments, kTimeoutMs);
    if (!run)
        return run.error();
    if (run->timedOut)
        return makeError(QStringLiteral("worktree-create-failed"),
                         QStringLiteral("git %1 did not finish in %2 minutes and was stopped.")
                             .arg(arguments.first())
                             .arg(kTimeoutMs / 60000));
    if (!run->succeeded())
        return makeError(QStringLiteral("worktree-create-failed"),
                         QStringLiteral("git %1 failed: %2")
                             .arg(arguments.first(), QString::fromUtf8(run->output).trimmed()));
    return {};
}

Result<void> createWithLibgit2(git_repository *repo, const QString &name, const QString &path,
                               const QString &branch, const QString &commitId,
                               const QString &reason)
{
    Result<CommitHandle> commit = lookupCommit(repo, commitId);
    if (!commit)
        return commit.error();
    git_reference *rawBranch = nullptr;
    int rc = git_branch_create(&rawBranch, repo, branch.toUtf8().constData(), commit->get(), 0);
    ReferenceHandle branchRef(rawBranch);
    if (rc < 0)
        return gitError(rc, QStringLiteral("worktree-create-failed"),
                        QStringLiteral("Cannot create branch %1").arg(branch));
    git_worktree_add_options options;
    git_worktree_add_options_init(&options, GIT_WORKTREE_ADD_OPTIONS_VERSION);
    options.ref = branchRef.get();
    git_worktree *rawWorktree = nullptr;
    rc = git_worktree_add(&rawWorktree, repo, name.toUtf8().constData(),
                          QFile::encodeName(path).constData(), &options);
    WorktreeHandle worktree(rawWorktree);
    if (rc == 0)
        rc = git_worktree_lock(worktree.get(), reason.toUtf8().constData());
    if (rc < 0) {
        const Error error = gitError(rc, QStringLiteral("worktree-create-failed"),
                                     QStringLiteral("Cannot create the worktree %1").arg(path));
        git_branch_delete(branchRef.get());
        return error;
    }
    return {};
}

} // namespace

TaskWorktrees::TaskWorktrees(Repository &repository)
    : m_repository(repository)
{}

QString TaskWorktrees::slugify(const QString &title)
{
    QString slug = title.toLower();
    slug.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("-"));
    slug = slug.left(40);
    while (slug.startsWith(QLatin1Char('-')))
        slug.remove(0, 1);
    while (slug.endsWith(QLatin1Char('-')))
        slug.chop(1);
    return slug.isEmpty() ? QStringLiteral("task") : slug;
}

QString TaskWorktrees::lockReason(const QString &taskId)
{
    return kLockPrefix + sanitizedTaskId(taskId);
}

Result<TaskWorktree> TaskWorktrees::create(const TaskWorktreeSpec &spec, CreateMethod method)
{
    const WorktreeTurn turn = WorktreeQueue::wait(m_repository.commonDir());
    git_repository *repo = RepositoryAccess::native(m_repository);
    const QString id = sanitizedTaskId(spec.taskId);
    if (id.isEmpty() || spec.root.isEmpty())
        return makeError(QStringLiteral("worktree-create-failed"),
                         QStringLiteral("A task worktree needs a task id and a root folder."));
    const QString name =
        spec.name.isEmpty() ? id + QLatin1Char('-') + slugify(spec.title) : spec.name;
    if (!spec.name.isEmpty() &&
        !QRegularExpression(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]*$")).match(name).hasMatch())
        return makeError(QStringLiteral("worktree-create-failed"),
                         QStringLiteral("%1 is not a valid worktree name.").arg(name));
    const QString branch = QStringLiteral("agentdesk/") + name;
    const QString path = QDir::cleanPath(QDir(spec.root).absoluteFilePath(name));
    Result<QString> commitId = m_repository.resolveCommit(spec.baseCommit);
    if (!commitId)
        return commitId.error();
    if (find(name).ok() || QFileInfo::exists(path))
        return makeError(
            QStringLiteral("worktree-exists"),
            QStringLiteral("A worktree named %1 already exists (%2).").arg(name, path));
    git_reference *rawExisting = nullptr;
    if (git_branch_lookup(&rawExisting, repo, branch.toUtf8().constData(), GIT_BRANCH_LOCAL) == 0) {
        ReferenceHandle existing(rawExisting);
        return makeError(QStringLiteral("branch-exists"),
                         QStringLiteral("The branch %1 already exists.").arg(branch));
    }
    if (!QDir().mkpath(spec.root))
        return makeError(QStringLiteral("worktree-create-failed"),
                         QStringLiteral("Cannot create the folder %1.").arg(spec.root));

    Result<void> created =
        method == CreateMethod::GitCommandLine
            ? runGitCommandLine(m_repository.workdir(),
                                {QStringLiteral("worktree"), QStringLiteral("add"),
                                 QStringLiteral("--quiet"), QStringLiteral("--lock"),
                                 QStringLiteral("--reason"), lockReason(id), QStringLiteral("-b"),
                                 branch, path, *commitId})
            : createWithLibgit2(repo, name, path, branch, *commitId, lockReason(id));
    if (!created)
        return created.error();
    return find(name);
}

Result<QList<TaskWorktree>> TaskWorktrees::list() const
{
    git_repository *repo = RepositoryAccess::native(m_repository);
    StrArray names;
    const int rc = git_worktree_list(&names.array, repo);
    if (rc < 0)
        return gitError(rc, QStringLiteral("worktree-list-failed"),
                        QStringLiteral("Cannot list worktrees"));
    QList<TaskWorktree> result;
    for (size_t i = 0; i < names.array.count; ++i) {
        Result<TaskWorktree> worktree = find(QString::fromUtf8(names.array.strings[i]));
        if (worktree)
            result.append(*worktree);
    }
    return result;
}

Result<TaskWorktree> TaskWorktrees::find(const QString &name) const
{
    git_repository *repo = RepositoryAccess::native(m_repository);
    git_worktree *raw = nullptr;
    const int rc = git_worktree_lookup(&raw, repo, name.toUtf8().constData());
    WorktreeHandle worktree(raw);
    if (rc < 0)
        return makeError(QStringLiteral("worktree-not-found"),
                         QStringLiteral("There is no worktree named %1.").arg(name));
    TaskWorktree info;
    info.name = name;
    info.path = QDir::cleanPath(QFile::decodeName(git_worktree_path(worktree.get())));
    info.missing = !QFileInfo::exists(info.path + QStringLiteral("/.git"));
    Buffer reason;
    info.locked = git_worktree_is_locked(&reason.buf, worktree.get()) > 0;
    if (info.locked && reason.buf.ptr)
        info.lockReason = QString::fromUtf8(reason.buf.ptr, int(reason.buf.size)).trimmed();
    info.branch = branchOfHead(repo, name, &info.headId);
    return info;
}

Result<RemovedWorktree> TaskWorktrees::archive(const QString &name, const Identity &identity,
                                               ArchiveWhen when)
{
    Result<TaskWorktree> worktree = find(name);
    if (!worktree)
        return worktree.error();
    Result<RepositoryHandle> opened = openWorktree(worktree->path);
    if (!opened)
        return opened.error();
    git_repository *repo = opened->get();
    Result<CommitHandle> head = lookupCommit(repo, QStringLiteral("HEAD"));
    if (!head)
        return head.error();
    git_index *rawIndex = nullptr;
    int rc = git_repository_index(&rawIndex, repo);
    IndexHandle index(rawIndex);
    if (rc < 0)
        return gitError(rc, QStringLiteral("archive-failed"), QStringLiteral("Cannot read index"));
    // The index is changed in memory only and never written: archiving must not alter the
    // worktree the user (or the agent) may still be looking at.
    Result<git_oid> treeId = stageWorkingTree(repo, index.get());
    if (!treeId)
        return treeId.error();
    const bool clean = git_oid_equal(&*treeId, git_commit_tree_id(head->get()));
    if (clean && when == ArchiveWhen::IfDirty)
        return RemovedWorktree{};

    git_tree *rawTree = nullptr;
    rc = git_tree_lookup(&rawTree, repo, &*treeId);
    TreeHandle tree(rawTree);
    if (rc < 0)
        return gitError(rc, QStringLiteral("archive-failed"), QStringLiteral("No tree"));
    const QString message =
        clean ? QStringLiteral("AgentDesk: state of %1 (no uncommitted work), saved before "
                               "removing its worktree\n")
                    .arg(name)
              : QStringLiteral("AgentDesk: uncommitted work of %1, saved before removing its "
                               "worktree\n")
                    .arg(name);
    return writeArchive(repo, name, head->get(), tree.get(), identity, message);
}

Result<RemovedWorktree> TaskWorktrees::remove(const QString &name, const Identity &identity,
                                              ArchiveWhen when)
{
    const WorktreeTurn turn = WorktreeQueue::wait(m_repository.commonDir());
    Result<TaskWorktree> info = find(name);
    if (!info)
        return info.error();
    if (info->locked && !info->lockReason.startsWith(kLockPrefix))
        return makeError(QStringLiteral("worktree-locked"),
                         QStringLiteral("The worktree %1 was locked by someone else (\"%2\"); "
                                        "unlock it with git worktree unlock first.")
                             .arg(info->path, info->lockReason));
    RemovedWorktree removed;
    if (!info->missing) {
        Result<RemovedWorktree> archived = archive(name, identity, when);
        if (!archived)
            return archived.error();
        removed = *archived;
    } else if (when == ArchiveWhen::Always && !info->headId.isEmpty()) {
        // The folder is gone, so only the branch head can be kept: archive it as it is.
        git_repository *repo = RepositoryAccess::native(m_repository);
        Result<CommitHandle> head = lookupCommit(repo, info->headId);
        if (!head)
            return head.error();
        git_tree *rawTree = nullptr;
        const int rc = git_commit_tree(&rawTree, head->get());
        TreeHandle tree(rawTree);
        if (rc < 0)
            return gitError(rc, QStringLiteral("archive-failed"), QStringLiteral("No tree"));
        Result<RemovedWorktree> archived =
            writeArchive(repo, name, head->get(), tree.get(), identity,
                         QStringLiteral("AgentDesk: head of %1, saved before removing its "
                                        "worktree (its folder was already gone)\n")
                             .arg(name));
        if (!archived)
            return archived.error();
        removed = *archived;
    }

    // Only now, with the work saved, is this one worktree pruned; prune is never run on any
    // other worktree, because libgit2 deletes a working tree without looking for changes.
    git_repository *repo = RepositoryAccess::native(m_repository);
    git_worktree *raw = nullptr;
    int rc = git_worktree_lookup(&raw, repo, name.toUtf8().constData());
    WorktreeHandle worktree(raw);
    if (rc == 0 && info->locked)
        rc = git_worktree_unlock(worktree.get()) < 0 ? -1 : 0;
    git_worktree_prune_options options;
    git_worktree_prune_options_init(&options, GIT_WORKTREE_PRUNE_OPTIONS_VERSION);
    options.flags = GIT_WORKTREE_PRUNE_VALID | GIT_WORKTREE_PRUNE_LOCKED;
    if (!info->missing)
        options.flags |= GIT_WORKTREE_PRUNE_WORKING_TREE;
    if (rc == 0)
        rc = git_worktree_prune(worktree.get(), &options);
    if (rc < 0)
        return gitError(rc, QStringLiteral("worktree-remove-failed"),
                        QStringLiteral("Cannot remove the worktree %1").arg(info->path));
    return removed;
}

Result<RestoredWorktree> TaskWorktrees::restore(const QString &archiveRef,
                                                const TaskWorktreeSpec &spec)
{
    const WorktreeTurn turn = WorktreeQueue::wait(m_repository.commonDir());
    git_repository *repo = RepositoryAccess::native(m_repository);
    git_reference *rawRef = nullptr;
    if (!archiveRef.startsWith(QStringLiteral("refs/agentdesk/archive/")) ||
        git_reference_lookup(&rawRef, repo, archiveRef.toUtf8().constData()) < 0)
        return makeError(QStringLiteral("archive-not-found"),
                         QStringLiteral("There is no archive %1.").arg(archiveRef));
    ReferenceHandle ref(rawRef);
    Result<CommitHandle> archived = lookupCommit(repo, archiveRef);
    if (!archived)
        return archived.error();
    git_commit *rawHead = nullptr;
    if (git_commit_parentcount(archived->get()) != 1 ||
        git_commit_parent(&rawHead, archived->get(), 0) < 0)
        return makeError(QStringLiteral("archive-invalid"),
                         QStringLiteral("%1 is not an archive AgentDesk wrote (it should have "
                                        "exactly one parent, the branch head).")
                             .arg(archiveRef));
    CommitHandle head(rawHead);
    RestoredWorktree restored;
    restored.headCommit = oidToHex(*git_commit_id(head.get()));

    const QString id = sanitizedTaskId(spec.taskId);
    const QString name =
        spec.name.isEmpty() ? id + QLatin1Char('-') + slugify(spec.title) : spec.name;
    const QString branch = QStringLiteral("agentdesk/") + name;
    git_reference *rawBranch = nullptr;
    const bool branchExists =
        git_branch_lookup(&rawBranch, repo, branch.toUtf8().constData(), GIT_BRANCH_LOCAL) == 0;
    ReferenceHandle existing(rawBranch);
    // The branch is kept when a worktree is removed, so restoring a task under its own name
    // usually finds it still at the archived head: check it out again.
    const auto checkOutExisting = [&]() -> Result<TaskWorktree> {
        const QString path = QDir::cleanPath(QDir(spec.root).absoluteFilePath(name));
        if (id.isEmpty() || spec.root.isEmpty())
            return makeError(QStringLiteral("worktree-create-failed"),
                             QStringLiteral("A task worktree needs a task id and a root folder."));
        if (find(name).ok() || QFileInfo::exists(path))
            return makeError(
                QStringLiteral("worktree-exists"),
                QStringLiteral("A worktree named %1 already exists (%2).").arg(name, path));
        if (!QDir().mkpath(spec.root))
            return makeError(QStringLiteral("worktree-create-failed"),
                             QStringLiteral("Cannot create the folder %1.").arg(spec.root));
        Result<void> added = runGitCommandLine(
            m_repository.workdir(),
            {QStringLiteral("worktree"), QStringLiteral("add"), QStringLiteral("--quiet"),
             QStringLiteral("--lock"), QStringLiteral("--reason"), lockReason(id), path, branch});
        if (!added)
            return added.error();
        return find(name);
    };
    if (branchExists) {
        const git_oid *target = git_reference_target(existing.get());
        if (!target || !git_oid_equal(target, git_commit_id(head.get())))
            return makeError(QStringLiteral("branch-exists"),
                             QStringLiteral("The branch %1 exists and no longer points at the "
                                            "archived head %2: restore under another name.")
                                 .arg(branch, restored.headCommit));
        restored.reusedBranch = true;
    }
    TaskWorktreeSpec fromHead = spec;
    fromHead.baseCommit = restored.headCommit;
    fromHead.name = name;
    Result<TaskWorktree> created = branchExists ? checkOutExisting() : create(fromHead);
    if (!created)
        return created.error();
    restored.worktree = *created;

    // Write the archived files over the fresh checkout of the head, leaving the index at the
    // head: what was uncommitted comes back uncommitted (untracked files stay untracked).
    Result<RepositoryHandle> worktree = openWorktree(restored.worktree.path);
    if (!worktree)
        return worktree.error();
    git_commit *rawArchived = nullptr;
    git_commit *rawBaseline = nullptr;
    git_tree *rawTarget = nullptr;
    git_tree *rawBaselineTree = nullptr;
    int rc = git_commit_lookup(&rawArchived, worktree->get(), git_commit_id(archived->get()));
    CommitHandle archivedHere(rawArchived);
    if (rc == 0)
        rc = git_commit_lookup(&rawBaseline, worktree->get(), git_commit_id(head.get()));
    CommitHandle baselineHere(rawBaseline);
    if (rc == 0)
        rc = git_commit_tree(&rawTarget, archivedHere.get());
    TreeHandle target(rawTarget);
    if (rc == 0)
        rc = git_commit_tree(&rawBaselineTree, baselineHere.get());
    TreeHandle baseline(rawBaselineTree);
    if (rc == 0) {
        const QSet<QString> changed = changedPaths(worktree->get(), baseline.get(), target.get());
        restored.uncommittedPaths = changed.values();
        restored.uncommittedPaths.sort();
        git_checkout_options options;
        git_checkout_options_init(&options, GIT_CHECKOUT_OPTIONS_VERSION);
        options.checkout_strategy = GIT_CHECKOUT_SAFE | GIT_CHECKOUT_DONT_UPDATE_INDEX;
        options.baseline = baseline.get();
        rc = git_checkout_tree(worktree->get(), reinterpret_cast<const git_object *>(target.get()),
                               &options);
    }
    if (rc < 0)
        return gitError(rc, QStringLiteral("restore-failed"),
                        QStringLiteral("The worktree %1 was created at %2, but the archived "
                                       "uncommitted files could not be written into it")
                            .arg(restored.worktree.path, restored.headCommit));
    return restored;
}

} // namespace agentdesk::git
