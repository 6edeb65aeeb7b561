#include "git/TemporaryCheckouts.h"

#include "git/GitCommand.h"
#include "git/GitHandles.h"
#include "git/Repository.h"
#include "git/RepositoryAccess.h"
#include "git/TaskWorktrees.h"
#include "git/WorktreeQueue.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

#include <git2.h>

namespace agentdesk::git {

using namespace detail;

namespace {

const QString kReasonPrefix = QStringLiteral("agentdesk checkout ");

// The checkouts versions before the lock reason made: "<temp>/agentdesk-task-XXXXXX/head-12".
bool isLegacyCheckoutPath(const QString &path)
{
    static const QRegularExpression pattern(
        QStringLiteral("/agentdesk-task-[A-Za-z0-9]{6}/(head|base)-[0-9]+$"));
    return pattern.match(QDir::cleanPath(path)).hasMatch();
}

// git's record of one worktree goes (and its folder, when it is still there): libgit2's prune,
// which needs no hook-free command line and works for a folder already gone.
VoidResult pruneOne(const Repository &repository, const QString &name, bool removeFolder)
{
    git_repository *repo = detail::RepositoryAccess::native(repository);
    git_worktree *raw = nullptr;
    if (git_worktree_lookup(&raw, repo, name.toUtf8().constData()) < 0)
        return {}; // already gone
    WorktreeHandle worktree(raw);
    if (git_worktree_is_locked(nullptr, worktree.get()) > 0)
        git_worktree_unlock(worktree.get());
    git_worktree_prune_options options;
    git_worktree_prune_options_init(&options, GIT_WORKTREE_PRUNE_OPTIONS_VERSION);
    options.flags = GIT_WORKTREE_PRUNE_VALID | GIT_WORKTREE_PRUNE_LOCKED;
    if (removeFolder)
        options.flags |= GIT_WORKTREE_PRUNE_WORKING_TREE;
    if (git_worktree_prune(worktree.get(), &options) < 0) {
        const git_error *error = git_error_last();
        return makeError(QStringLiteral("checkout-remove-failed"),
                         QStringLiteral("Cannot remove the checkout %1: %2")
                             .arg(name, error ? QString::fromUtf8(error->message) : QString()));
    }
    return {};
}

} // namespace

QString TemporaryCheckouts::lockReason(const ProcessIdentity &owner)
{
    return kReasonPrefix + QString::number(owner.pid) + QLatin1Char(':') + owner.token;
}

std::optional<ProcessIdentity> TemporaryCheckouts::ownerOf(const QString &reason)
{
    if (!reason.startsWith(kReasonPrefix))
        return std::nullopt;
    const QString rest = reason.mid(kReasonPrefix.size()).trimmed();
    const qsizetype colon = rest.indexOf(QLatin1Char(':'));
    bool ok = false;
    ProcessIdentity owner;
    owner.pid = (colon < 0 ? rest : rest.left(colon)).toLongLong(&ok);
    owner.token = colon < 0 ? QString() : rest.mid(colon + 1);
    if (!ok || owner.pid <= 0)
        return std::nullopt;
    return owner;
}

ProcessRequest TemporaryCheckouts::addRequest(const QString &repositoryPath, const QString &commit,
                                              const QString &path, int timeoutMs)
{
    return GitCommand::request(repositoryPath,
                               {QStringLiteral("worktree"), QStringLiteral("add"),
                                QStringLiteral("--detach"), QStringLiteral("--quiet"),
                                QStringLiteral("--lock"), QStringLiteral("--reason"), lockReason(),
                                path, commit},
                               timeoutMs);
}

VoidResult TemporaryCheckouts::finishAdd(const QString &repositoryPath, const QString &path,
                                         const Result<GitRun> &run)
{
    if (run && run->succeeded())
        return {};
    // Whatever git left behind goes like a finished checkout.
    if (Result<Repository> repository = Repository::open(repositoryPath))
        (void)pruneOne(*repository, QFileInfo(path).fileName(), true);
    QDir(path).removeRecursively();
    if (!run)
        return run.error();
    return makeError(
        QStringLiteral("checkout-failed"),
        run->timedOut ? QStringLiteral("git worktree add did not finish in time")
                      : QString::fromUtf8(run->output).trimmed().section(QLatin1Char('\n'), 0, 0));
}

VoidResult TemporaryCheckouts::add(const QString &repositoryPath, const QString &commit,
                                   const QString &path, int timeoutMs)
{
    Result<Repository> repository = Repository::open(repositoryPath);
    if (!repository)
        return repository.error();
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return makeError(QStringLiteral("checkout-failed"),
                         QStringLiteral("Cannot create the folder for %1.").arg(path));
    const WorktreeTurn turn = WorktreeQueue::wait(repository->commonDir());
    return finishAdd(repositoryPath, path,
                     GitCommand::run(addRequest(repositoryPath, commit, path, timeoutMs)));
}

VoidResult TemporaryCheckouts::remove(const QString &repositoryPath, const QString &path)
{
    Result<Repository> repository = Repository::open(repositoryPath);
    if (!repository)
        return repository.error();
    const WorktreeTurn turn = WorktreeQueue::wait(repository->commonDir());
    const QString clean = QDir::cleanPath(path);
    TaskWorktrees worktrees(*repository);
    const Result<QList<TaskWorktree>> all = worktrees.list();
    if (!all)
        return all.error();
    for (const TaskWorktree &worktree : *all) {
        if (QDir::cleanPath(worktree.path) == clean)
            return pruneOne(*repository, worktree.name, !worktree.missing);
    }
    QDir(path).removeRecursively(); // not registered (any more): only the folder is left
    return {};
}

Result<QStringList> TemporaryCheckouts::removeLeftovers(const QString &repositoryPath)
{
    Result<Repository> repository = Repository::open(repositoryPath);
    if (!repository)
        return repository.error();
    const WorktreeTurn turn = WorktreeQueue::wait(repository->commonDir());
    TaskWorktrees worktrees(*repository);
    const Result<QList<TaskWorktree>> all = worktrees.list();
    if (!all)
        return all.error();
    QStringList removed;
    for (const TaskWorktree &worktree : *all) {
        bool ours = false;
        if (const std::optional<ProcessIdentity> owner = ownerOf(worktree.lockReason))
            ours = !owner->isCurrentProcess() && !owner->isAlive();
        else if (!worktree.locked && worktree.branch.isEmpty())
            ours = isLegacyCheckoutPath(worktree.path);
        if (!ours)
            continue;
        if (VoidResult pruned = pruneOne(*repository, worktree.name, !worktree.missing); !pruned)
            return pruned.error();
        removed.append(worktree.path);
    }
    return removed;
}

} // namespace agentdesk::git
