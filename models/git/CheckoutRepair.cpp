#include "git/CheckoutRepair.h"

#include "git/GitError.h"
#include "git/WorkingState.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cstring>
#include <vector>

#include <unistd.h>

namespace agentdesk::git::detail {

namespace {

// The blob id the file at `path` would have, as git would hash it (filters applied); nullopt
// when there is no file there.
std::optional<git_oid> hashOnDisk(git_repository *repo, const QString &workdir, const QString &path)
{
    const QString full = workdir + QLatin1Char('/') + path;
    const QFileInfo info(full);
    git_oid id;
    if (info.isSymLink()) {
        // The link's own text, as git stores it: read it, not where it leads.
        QByteArray raw(4096, '\0');
        const ssize_t n = ::readlink(QFile::encodeName(full).constData(), raw.data(), raw.size());
        if (n < 0)
            return std::nullopt;
        raw.truncate(n);
        if (git_odb_hash(&id, raw.constData(), size_t(raw.size()), GIT_OBJECT_BLOB) < 0)
            return std::nullopt;
        return id;
    }
    if (!info.exists() || info.isDir())
        return std::nullopt;
    if (git_repository_hashfile(&id, repo, QFile::encodeName(full).constData(), GIT_OBJECT_BLOB,
                                path.toUtf8().constData()) < 0)
        return std::nullopt;
    return id;
}

std::optional<git_oid> blobAt(git_tree *tree, const QString &path)
{
    git_tree_entry *raw = nullptr;
    if (git_tree_entry_bypath(&raw, tree, path.toUtf8().constData()) < 0)
        return std::nullopt;
    std::unique_ptr<git_tree_entry, void (*)(git_tree_entry *)> entry(raw, git_tree_entry_free);
    if (git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB)
        return std::nullopt;
    return *git_tree_entry_id(entry.get());
}

// Whether the file on disk is a strict beginning of what `tree` has there, as a checkout would
// write it: a write cut short by the kill, not an edit.
bool isCutShortWriteOf(git_repository *repo, git_tree *tree, const QString &workdir,
                       const QString &path)
{
    const std::optional<git_oid> id = blobAt(tree, path);
    const QString full = workdir + QLatin1Char('/') + path;
    const QFileInfo info(full);
    if (!id || info.isSymLink() || !info.isFile())
        return false;
    git_blob *rawBlob = nullptr;
    if (git_blob_lookup(&rawBlob, repo, &*id) < 0)
        return false;
    BlobHandle blob(rawBlob);
    git_blob_filter_options options;
    git_blob_filter_options_init(&options, GIT_BLOB_FILTER_OPTIONS_VERSION);
    git_buf filtered = GIT_BUF_INIT;
    if (git_blob_filter(&filtered, blob.get(), path.toUtf8().constData(), &options) < 0)
        return false;
    const QByteArray expected(filtered.ptr, qsizetype(filtered.size));
    git_buf_dispose(&filtered);
    QFile file(full);
    if (info.size() >= expected.size() || !file.open(QIODevice::ReadOnly))
        return false;
    return expected.startsWith(file.readAll());
}

bool sameOid(const std::optional<git_oid> &a, const std::optional<git_oid> &b)
{
    if (!a || !b)
        return !a && !b;
    return git_oid_equal(&*a, &*b);
}

void checkoutProgress(const char *, size_t completed, size_t, void *payload)
{
    auto *progress = static_cast<const std::function<void(int)> *>(payload);
    if (progress && *progress)
        (*progress)(int(completed));
}

// The index entry of `path` follows `tree` (removed when the tree has none).
int setIndexEntry(git_index *index, git_tree *tree, const QString &path)
{
    git_tree_entry *raw = nullptr;
    const QByteArray utf8 = path.toUtf8();
    if (git_tree_entry_bypath(&raw, tree, utf8.constData()) < 0)
        return git_index_remove_bypath(index, utf8.constData());
    std::unique_ptr<git_tree_entry, void (*)(git_tree_entry *)> entry(raw, git_tree_entry_free);
    git_index_entry ie;
    std::memset(&ie, 0, sizeof ie);
    ie.path = utf8.constData();
    ie.mode = git_tree_entry_filemode(entry.get());
    git_oid_cpy(&ie.id, git_tree_entry_id(entry.get()));
    return git_index_add(index, &ie); // zeroed stat data: git re-reads the file on status
}

} // namespace

Result<CheckoutRepair> bringCheckoutTo(git_repository *checkout, git_tree *toTree,
                                       git_tree *fromTree,
                                       const std::function<void(int written)> &progress)
{
    const QString workdir = workdirOf(checkout);
    QStringList safe;
    CheckoutRepair repair;
    for (const QString &path : changedPaths(checkout, fromTree, toTree)) {
        const std::optional<git_oid> onDisk = hashOnDisk(checkout, workdir, path);
        if (sameOid(onDisk, blobAt(toTree, path)) || sameOid(onDisk, blobAt(fromTree, path)) ||
            isCutShortWriteOf(checkout, toTree, workdir, path) ||
            isCutShortWriteOf(checkout, fromTree, workdir, path))
            safe.append(path);
        else
            repair.leftAlone.append(path);
    }
    safe.sort();
    repair.leftAlone.sort();
    std::vector<QByteArray> utf8;
    std::vector<char *> pointers;
    utf8.reserve(size_t(safe.size()));
    for (const QString &path : std::as_const(safe)) {
        utf8.push_back(path.toUtf8());
        pointers.push_back(utf8.back().data());
    }
    git_checkout_options options;
    git_checkout_options_init(&options, GIT_CHECKOUT_OPTIONS_VERSION);
    // Only the touched paths whose files are either side's: forcing those loses nothing.
    options.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH;
    options.baseline = fromTree;
    options.paths.strings = pointers.data();
    options.paths.count = pointers.size();
    options.progress_cb = checkoutProgress;
    options.progress_payload = const_cast<std::function<void(int)> *>(&progress);
    int rc = 0;
    if (!pointers.empty())
        rc = git_checkout_tree(checkout, reinterpret_cast<const git_object *>(toTree), &options);
    if (rc < 0)
        return gitError(rc, QStringLiteral("checkout-failed"),
                        QStringLiteral("Cannot bring the files of %1 to the base").arg(workdir));
    repair.pathsWritten = int(safe.size());
    if (!repair.leftAlone.isEmpty()) {
        git_index *rawIndex = nullptr;
        rc = git_repository_index(&rawIndex, checkout);
        IndexHandle index(rawIndex);
        for (const QString &path : std::as_const(repair.leftAlone)) {
            if (rc == 0)
                rc = setIndexEntry(index.get(), toTree, path);
        }
        if (rc == 0)
            rc = git_index_write(index.get());
        if (rc < 0)
            return gitError(rc, QStringLiteral("checkout-failed"),
                            QStringLiteral("Cannot update the index of %1").arg(workdir));
    }
    return repair;
}

} // namespace agentdesk::git::detail
