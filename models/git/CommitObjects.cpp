#include "git/CommitObjects.h"

#include "git/GitError.h"
#include "git/RepositoryAccess.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <optional>

namespace agentdesk::git {

using namespace detail;

namespace {

using TreeEntryHandle = Handle<git_tree_entry, git_tree_entry_free>;

CommitInfo infoOf(const git_commit *commit)
{
    CommitInfo info;
    info.id = oidToHex(*git_commit_id(commit));
    const unsigned int parents = git_commit_parentcount(commit);
    for (unsigned int i = 0; i < parents; ++i)
        info.parents.append(oidToHex(*git_commit_parent_id(commit, i)));
    const char *message = git_commit_message(commit);
    info.message = QString::fromUtf8(message ? message : "");
    info.summary = info.message.section(QLatin1Char('\n'), 0, 0).trimmed();
    if (const git_signature *author = git_commit_author(commit)) {
        info.authorName = QString::fromUtf8(author->name);
        info.authorTime = QDateTime::fromSecsSinceEpoch(
            qint64(author->when.time), Qt::OffsetFromUTC, author->when.offset * 60);
    }
    return info;
}

Result<TreeHandle> treeOf(const git_commit *commit)
{
    git_tree *raw = nullptr;
    const int rc = git_commit_tree(&raw, commit);
    if (rc < 0)
        return gitError(
            rc, QStringLiteral("git-failed"),
            QStringLiteral("Cannot read the tree of %1").arg(oidToHex(*git_commit_id(commit))));
    return TreeHandle(raw);
}

Result<TreeEntryHandle> entryAt(const git_tree *tree, const QString &commit, const QString &path)
{
    git_tree_entry *raw = nullptr;
    const int rc = git_tree_entry_bypath(&raw, tree, path.toUtf8().constData());
    if (rc == GIT_ENOTFOUND)
        return makeError(QStringLiteral("path-not-in-commit"),
                         QStringLiteral("%1 has no file %2.").arg(commit.left(10), path));
    if (rc < 0)
        return gitError(rc, QStringLiteral("git-failed"),
                        QStringLiteral("Cannot look %1 up in %2").arg(path, commit.left(10)));
    return TreeEntryHandle(raw);
}

// A tree entry's name is one path component; anything that could leave the export folder or
// land in a .git folder is refused (git itself rejects such trees on checkout).
bool isSafeComponent(const QByteArray &name)
{
    if (name.isEmpty() || name == "." || name == ".." || name.contains('/') || name.contains('\\'))
        return false;
    return name.toLower() != ".git";
}

struct ExportState
{
    git_repository *repo = nullptr;
    QString directory;
    const std::atomic_bool *cancelled = nullptr;
    std::optional<Error> error;
};

int exportEntry(ExportState &state, const char *root, const git_tree_entry *entry)
{
    if (state.cancelled && state.cancelled->load()) {
        state.error = makeError(QStringLiteral("cancelled"), QStringLiteral("Cancelled."));
        return -1;
    }
    const QByteArray name(git_tree_entry_name(entry));
    const QString relative = QString::fromUtf8(root) + QString::fromUtf8(name);
    if (!isSafeComponent(name)) {
        state.error = makeError(QStringLiteral("export-failed"),
                                QStringLiteral("The tree holds an unsafe path: %1").arg(relative));
        return -1;
    }
    const QString target = state.directory + QLatin1Char('/') + relative;
    const git_filemode_t mode = git_tree_entry_filemode(entry);
    if (mode == GIT_FILEMODE_TREE || mode == GIT_FILEMODE_COMMIT) {
        if (!QDir().mkpath(target)) {
            state.error = makeError(QStringLiteral("export-failed"),
                                    QStringLiteral("Cannot create the folder %1").arg(target));
            return -1;
        }
        return mode == GIT_FILEMODE_COMMIT ? 1 : 0;
    }
    git_blob *raw = nullptr;
    const int rc = git_blob_lookup(&raw, state.repo, git_tree_entry_id(entry));
    BlobHandle blob(raw);
    if (rc < 0) {
        state.error = gitError(rc, QStringLiteral("git-failed"),
                               QStringLiteral("Cannot read %1").arg(relative));
        return -1;
    }
    const QByteArray content(static_cast<const char *>(git_blob_rawcontent(blob.get())),
                             qsizetype(git_blob_rawsize(blob.get())));
    bool written = false;
    if (mode == GIT_FILEMODE_LINK) {
        written = QFile::link(QString::fromUtf8(content), target);
    } else {
        QFile file(target);
        written = file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
        file.close();
        if (written && mode == GIT_FILEMODE_BLOB_EXECUTABLE)
            written = file.setPermissions(file.permissions() | QFile::ExeOwner | QFile::ExeGroup |
                                          QFile::ExeOther);
    }
    if (!written) {
        state.error = makeError(QStringLiteral("export-failed"),
                                QStringLiteral("Cannot write %1").arg(target));
        return -1;
    }
    return 0;
}

} // namespace

Result<CommitInfo> CommitObjects::commit(const Repository &repository, const QString &revision)
{
    Result<CommitHandle> commit = lookupCommit(RepositoryAccess::native(repository), revision);
    if (!commit)
        return commit.error();
    return infoOf(commit->get());
}

Result<QList<CommitInfo>> CommitObjects::firstParentHistory(const Repository &repository,
                                                            const QString &revision, int limit)
{
    git_repository *repo = RepositoryAccess::native(repository);
    Result<CommitHandle> start = lookupCommit(repo, revision);
    if (!start)
        return start.error();
    git_revwalk *rawWalk = nullptr;
    int rc = git_revwalk_new(&rawWalk, repo);
    RevwalkHandle walk(rawWalk);
    if (rc == 0)
        rc = git_revwalk_simplify_first_parent(walk.get());
    if (rc == 0)
        rc = git_revwalk_push(walk.get(), git_commit_id(start->get()));
    if (rc < 0)
        return gitError(rc, QStringLiteral("git-failed"),
                        QStringLiteral("Cannot walk the history of %1").arg(revision));
    QList<CommitInfo> commits;
    git_oid id;
    while (commits.size() < limit && (rc = git_revwalk_next(&id, walk.get())) == 0) {
        git_commit *raw = nullptr;
        if (int lookup = git_commit_lookup(&raw, repo, &id); lookup < 0)
            return gitError(lookup, QStringLiteral("git-failed"),
                            QStringLiteral("Cannot read commit %1").arg(oidToHex(id)));
        CommitHandle commit(raw);
        commits.append(infoOf(commit.get()));
    }
    if (rc < 0 && rc != GIT_ITEROVER)
        return gitError(rc, QStringLiteral("git-failed"),
                        QStringLiteral("Cannot walk the history of %1").arg(revision));
    return commits;
}

Result<QByteArray> CommitObjects::readFile(const Repository &repository, const QString &commitId,
                                           const QString &path)
{
    git_repository *repo = RepositoryAccess::native(repository);
    Result<CommitHandle> commit = lookupCommit(repo, commitId);
    if (!commit)
        return commit.error();
    Result<TreeHandle> tree = treeOf(commit->get());
    if (!tree)
        return tree.error();
    Result<TreeEntryHandle> entry = entryAt(tree->get(), commitId, path);
    if (!entry)
        return entry.error();
    if (git_tree_entry_type(entry->get()) != GIT_OBJECT_BLOB)
        return makeError(QStringLiteral("not-a-file"),
                         QStringLiteral("%1 is not a file in %2.").arg(path, commitId.left(10)));
    git_blob *raw = nullptr;
    const int rc = git_blob_lookup(&raw, repo, git_tree_entry_id(entry->get()));
    BlobHandle blob(raw);
    if (rc < 0)
        return gitError(rc, QStringLiteral("git-failed"),
                        QStringLiteral("Cannot read %1").arg(path));
    return QByteArray(static_cast<const char *>(git_blob_rawcontent(blob.get())),
                      qsizetype(git_blob_rawsize(blob.get())));
}

Result<QString> CommitObjects::writeWithFileReplaced(const Repository &repository,
                                                     const QString &commitId,
                                                     const QString &parentId, const QString &path,
                                                     const QByteArray &content)
{
    git_repository *repo = RepositoryAccess::native(repository);
    Result<CommitHandle> commit = lookupCommit(repo, commitId);
    if (!commit)
        return commit.error();
    Result<CommitHandle> parent = lookupCommit(repo, parentId);
    if (!parent)
        return parent.error();
    Result<TreeHandle> tree = treeOf(commit->get());
    if (!tree)
        return tree.error();
    Result<TreeEntryHandle> entry = entryAt(tree->get(), commitId, path);
    if (!entry)
        return entry.error();
    const git_filemode_t mode = git_tree_entry_filemode(entry->get());
    if (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE)
        return makeError(
            QStringLiteral("not-a-file"),
            QStringLiteral("%1 is not a regular file in %2.").arg(path, commitId.left(10)));
    const QByteArray pathBytes = path.toUtf8();
    git_tree_update update{};
    update.action = GIT_TREE_UPDATE_UPSERT;
    update.filemode = mode;
    update.path = pathBytes.constData();
    int rc =
        git_blob_create_from_buffer(&update.id, repo, content.constData(), size_t(content.size()));
    git_oid treeId;
    if (rc == 0)
        rc = git_tree_create_updated(&treeId, repo, tree->get(), 1, &update);
    git_tree *rawTree = nullptr;
    if (rc == 0)
        rc = git_tree_lookup(&rawTree, repo, &treeId);
    TreeHandle newTree(rawTree);
    git_oid newId;
    const git_commit *parents[] = {parent->get()};
    if (rc == 0)
        rc = git_commit_create(&newId, repo, nullptr, git_commit_author(commit->get()),
                               git_commit_committer(commit->get()),
                               git_commit_message_encoding(commit->get()),
                               git_commit_message(commit->get()), newTree.get(), 1, parents);
    if (rc < 0)
        return gitError(rc, QStringLiteral("git-failed"),
                        QStringLiteral("Cannot write a commit changing %1").arg(path));
    return oidToHex(newId);
}

VoidResult CommitObjects::exportTree(const Repository &repository, const QString &commitId,
                                     const QString &directory, const std::atomic_bool *cancelled)
{
    git_repository *repo = RepositoryAccess::native(repository);
    Result<CommitHandle> commit = lookupCommit(repo, commitId);
    if (!commit)
        return commit.error();
    Result<TreeHandle> tree = treeOf(commit->get());
    if (!tree)
        return tree.error();
    if (QFileInfo::exists(directory) || !QDir().mkpath(directory))
        return makeError(QStringLiteral("export-failed"),
                         QStringLiteral("Cannot export into %1: it exists or cannot be created.")
                             .arg(directory));
    ExportState state;
    state.repo = repo;
    state.directory = QFileInfo(directory).absoluteFilePath();
    state.cancelled = cancelled;
    const int rc = git_tree_walk(
        tree->get(), GIT_TREEWALK_PRE,
        [](const char *root, const git_tree_entry *entry, void *payload) {
            return exportEntry(*static_cast<ExportState *>(payload), root, entry);
        },
        &state);
    if (state.error)
        return *state.error;
    if (rc < 0)
        return gitError(rc, QStringLiteral("export-failed"),
                        QStringLiteral("Cannot export %1").arg(commitId.left(10)));
    return {};
}

} // namespace agentdesk::git
