#include "git/DiffEngine.h"

#include "git/DiffEngineDetail.h"
#include "git/GitError.h"
#include "git/RepositoryAccess.h"

#include <QDir>
#include <QFileInfo>

namespace agentdesk::git {

using namespace detail;

namespace {

bool isCancelled(const DiffOptions &options)
{
    return options.cancelled != nullptr && options.cancelled->load(std::memory_order_relaxed);
}

Error cancelledError()
{
    return makeError(QStringLiteral("cancelled"), QStringLiteral("The diff was cancelled."));
}

int progressCallback(const git_diff *, const char *, const char *, void *payload)
{
    const auto *options = static_cast<const DiffOptions *>(payload);
    return isCancelled(*options) ? GIT_EUSER : 0;
}

git_diff_options libgit2Options(const DiffOptions &options)
{
    git_diff_options result;
    git_diff_options_init(&result, GIT_DIFF_OPTIONS_VERSION);
    result.flags = GIT_DIFF_INCLUDE_TYPECHANGE;
    result.context_lines = quint32(options.contextLines);
    result.progress_cb = progressCallback;
    result.payload = const_cast<DiffOptions *>(&options);
    return result;
}

DeltaStatus statusOf(git_delta_t status)
{
    switch (status) {
    case GIT_DELTA_ADDED:
    case GIT_DELTA_UNTRACKED:
        return DeltaStatus::Added;
    case GIT_DELTA_DELETED:
        return DeltaStatus::Deleted;
    case GIT_DELTA_RENAMED:
        return DeltaStatus::Renamed;
    case GIT_DELTA_COPIED:
        return DeltaStatus::Copied;
    case GIT_DELTA_TYPECHANGE:
        return DeltaStatus::TypeChanged;
    case GIT_DELTA_UNMODIFIED:
        return DeltaStatus::Unmodified;
    default:
        return DeltaStatus::Modified;
    }
}

// The size of one side without loading it: the object header for blobs, the file itself for
// work-tree content that has no id yet.
qint64 sideSize(git_odb *odb, const git_diff_file &file, const QString &workdir)
{
    if (file.mode == GIT_FILEMODE_COMMIT || file.mode == 0)
        return 0;
    if ((file.flags & GIT_DIFF_FLAG_VALID_ID) && !git_oid_is_zero(&file.id)) {
        size_t length = 0;
        git_object_t type = GIT_OBJECT_INVALID;
        if (git_odb_read_header(&length, &type, odb, &file.id) == 0)
            return qint64(length);
    }
    if (!workdir.isEmpty() && file.path)
        return QFileInfo(workdir + QLatin1Char('/') + QString::fromUtf8(file.path)).size();
    return qint64(file.size);
}

void appendLine(FileDelta &delta, const git_diff_line &line)
{
    DiffLine out;
    out.origin = line.origin;
    out.oldLineNo = line.old_lineno;
    out.newLineNo = line.new_lineno;
    qsizetype length = qsizetype(line.content_len);
    out.hasNewline = length > 0 && line.content[length - 1] == '\n';
    if (out.hasNewline) {
        --length;
        if (length > 0 && line.content[length - 1] == '\r') {
            out.crlf = true;
            --length;
        }
    }
    out.offset = int(delta.text.size());
    out.length = int(length);
    delta.text.append(line.content, length);
    delta.lines.push_back(out);
}

// libgit2 gives a type change (file <-> symlink) no lines, while git shows the old content
// removed and the new added; diffing the two blobs directly gives what git shows.
int typeChangePatch(git_patch **out, git_repository *repo, const git_diff_delta &delta,
                    const DiffOptions &options)
{
    git_blob *rawOld = nullptr;
    git_blob *rawNew = nullptr;
    int rc = git_blob_lookup(&rawOld, repo, &delta.old_file.id);
    BlobHandle oldBlob(rawOld);
    if (rc == 0)
        rc = git_blob_lookup(&rawNew, repo, &delta.new_file.id);
    BlobHandle newBlob(rawNew);
    if (rc < 0)
        return rc;
    git_diff_options diffOptions;
    git_diff_options_init(&diffOptions, GIT_DIFF_OPTIONS_VERSION);
    diffOptions.context_lines = quint32(options.contextLines);
    return git_patch_from_blobs(out, oldBlob.get(), delta.old_file.path, newBlob.get(),
                                delta.new_file.path, &diffOptions);
}

bool isBlobMode(quint32 mode)
{
    return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE ||
           mode == GIT_FILEMODE_LINK;
}

Result<void> loadPatch(git_repository *repo, git_diff *diff, size_t index, FileDelta &delta,
                       const DiffOptions &options)
{
    git_patch *raw = nullptr;
    const git_diff_delta *source = git_diff_get_delta(diff, index);
    const bool typeChange =
        source->status == GIT_DELTA_TYPECHANGE && isBlobMode(source->old_file.mode) &&
        isBlobMode(source->new_file.mode) && (source->new_file.flags & GIT_DIFF_FLAG_VALID_ID);
    int rc = typeChange ? typeChangePatch(&raw, repo, *source, options)
                        : git_patch_from_diff(&raw, diff, index);
    PatchHandle patch(raw);
    if (rc < 0)
        return gitError(rc, QStringLiteral("diff-failed"),
                        QStringLiteral("Cannot compute the diff of %1").arg(delta.displayPath()));
    if (!patch)
        return {};
    const git_diff_delta *patchDelta = git_patch_get_delta(patch.get());
    delta.binary = (patchDelta->flags & GIT_DIFF_FLAG_BINARY) != 0;
    if (delta.binary)
        return {};
    size_t context = 0, additions = 0, deletions = 0;
    git_patch_line_stats(&context, &additions, &deletions, patch.get());
    delta.added = int(additions);
    delta.removed = int(deletions);
    const size_t hunkCount = git_patch_num_hunks(patch.get());
    for (size_t h = 0; h < hunkCount; ++h) {
        const git_diff_hunk *hunk = nullptr;
        size_t lineCount = 0;
        if (git_patch_get_hunk(&hunk, &lineCount, patch.get(), h) < 0)
            continue;
        DiffHunk out;
        out.oldStart = hunk->old_start;
        out.oldLines = hunk->old_lines;
        out.newStart = hunk->new_start;
        out.newLines = hunk->new_lines;
        out.header = QString::fromUtf8(hunk->header, int(hunk->header_len)).trimmed();
        out.firstLine = int(delta.lines.size());
        for (size_t l = 0; l < lineCount; ++l) {
            const git_diff_line *line = nullptr;
            if (git_patch_get_line_in_hunk(&line, patch.get(), h, l) < 0)
                continue;
            // '=', '>' and '<' only say "no newline at end of file", which appendLine
            // already recorded on the line itself.
            if (line->origin == GIT_DIFF_LINE_CONTEXT || line->origin == GIT_DIFF_LINE_ADDITION ||
                line->origin == GIT_DIFF_LINE_DELETION)
                appendLine(delta, *line);
        }
        out.lineCount = int(delta.lines.size()) - out.firstLine;
        delta.hunks.push_back(std::move(out));
    }
    return {};
}

FileDelta describeDelta(const git_diff_delta &d)
{
    FileDelta delta;
    delta.status = statusOf(d.status);
    if (delta.status != DeltaStatus::Added && d.old_file.path)
        delta.oldPath = QString::fromUtf8(d.old_file.path);
    if (delta.status != DeltaStatus::Deleted && d.new_file.path)
        delta.newPath = QString::fromUtf8(d.new_file.path);
    delta.similarity = d.similarity;
    delta.oldMode = d.old_file.mode;
    delta.newMode = d.new_file.mode;
    if (!git_oid_is_zero(&d.old_file.id))
        delta.oldId = oidToHex(d.old_file.id);
    if ((d.new_file.flags & GIT_DIFF_FLAG_VALID_ID) && !git_oid_is_zero(&d.new_file.id))
        delta.newId = oidToHex(d.new_file.id);
    return delta;
}

Result<std::vector<FileDelta>> collectDeltas(git_repository *repo, git_diff *diff,
                                             const DiffOptions &options, const QString &workdir)
{
    if (options.detectRenames || options.detectCopies) {
        git_diff_find_options find;
        git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
        find.flags = (options.detectRenames ? GIT_DIFF_FIND_RENAMES : 0) |
                     (options.detectCopies ? GIT_DIFF_FIND_COPIES : 0) |
                     GIT_DIFF_FIND_FOR_UNTRACKED;
        // git's own default diff.renameLimit; libgit2 would give up after 200 files.
        find.rename_limit = 1000;
        const int rc = git_diff_find_similar(diff, &find);
        if (rc < 0)
            return gitError(rc, QStringLiteral("diff-failed"),
                            QStringLiteral("Cannot detect renames"));
    }
    git_odb *rawOdb = nullptr;
    int rc = git_repository_odb(&rawOdb, repo);
    OdbHandle odb(rawOdb);
    if (rc < 0)
        return gitError(rc, QStringLiteral("diff-failed"), QStringLiteral("Cannot open objects"));

    std::vector<FileDelta> files;
    const size_t count = git_diff_num_deltas(diff);
    files.reserve(count);
    for (size_t i = 0; i < count; ++i) {
        if (isCancelled(options))
            return cancelledError();
        const git_diff_delta *d = git_diff_get_delta(diff, i);
        if (d->status == GIT_DELTA_IGNORED || d->status == GIT_DELTA_UNMODIFIED)
            continue;
        FileDelta delta = describeDelta(*d);
        delta.oldSize = d->status == GIT_DELTA_ADDED || d->status == GIT_DELTA_UNTRACKED
                            ? 0
                            : sideSize(odb.get(), d->old_file, QString());
        delta.newSize =
            d->status == GIT_DELTA_DELETED ? 0 : sideSize(odb.get(), d->new_file, workdir);
        delta.tooLarge =
            delta.oldSize > options.maxFileBytes || delta.newSize > options.maxFileBytes;
        if (!delta.tooLarge) {
            Result<void> loaded = loadPatch(repo, diff, i, delta, options);
            if (!loaded)
                return loaded.error();
        }
        files.push_back(std::move(delta));
        if (options.fileParsed)
            options.fileParsed(files.size() - 1, files.back());
    }
    return files;
}

Result<TreeHandle> treeOf(git_commit *commit)
{
    git_tree *raw = nullptr;
    const int rc = git_commit_tree(&raw, commit);
    if (rc < 0)
        return gitError(rc, QStringLiteral("diff-failed"), QStringLiteral("Cannot read a tree"));
    return TreeHandle(raw);
}

Error diffError(int rc)
{
    return rc == GIT_EUSER ? cancelledError()
                           : gitError(rc, QStringLiteral("diff-failed"),
                                      QStringLiteral("Cannot compute the diff"));
}

bool useGit(const DiffOptions &options)
{
    return options.method == DiffMethod::GitCommandLine ||
           (options.method == DiffMethod::Automatic && !gitExecutable().isEmpty());
}

} // namespace

Result<CommitDiff> DiffEngine::diffCommits(const Repository &repository, const QString &from,
                                           const QString &to, const DiffOptions &options)
{
    git_repository *repo = RepositoryAccess::native(repository);
    Result<CommitHandle> fromCommit = lookupCommit(repo, from);
    Result<CommitHandle> toCommit = lookupCommit(repo, to);
    if (!fromCommit || !toCommit)
        return fromCommit ? toCommit.error() : fromCommit.error();
    CommitDiff result;
    result.toId = oidToHex(*git_commit_id(toCommit->get()));
    const QString fromId = oidToHex(*git_commit_id(fromCommit->get()));
    if (useGit(options)) {
        Result<QString> base = gitMergeBase(repository.workdir(), fromId, result.toId, options);
        if (!base)
            return base.error();
        result.baseId = *base;
        Result<std::vector<FileDelta>> files =
            diffWithGit(repository, result.baseId, result.toId, options);
        if (!files)
            return files.error();
        result.files = std::move(*files);
        return result;
    }
    Result<QString> base = repository.mergeBase(fromId, result.toId);
    if (!base)
        return base.error();
    result.baseId = *base;
    Result<CommitHandle> baseCommit = lookupCommit(repo, *base);
    if (!baseCommit)
        return baseCommit.error();

    Result<TreeHandle> oldTree = treeOf(baseCommit->get());
    Result<TreeHandle> newTree = treeOf(toCommit->get());
    if (!oldTree || !newTree)
        return oldTree ? newTree.error() : oldTree.error();
    git_diff_options diffOptions = libgit2Options(options);
    git_diff *raw = nullptr;
    const int rc = git_diff_tree_to_tree(&raw, repo, oldTree->get(), newTree->get(), &diffOptions);
    DiffHandle diff(raw);
    if (rc < 0)
        return diffError(rc);
    Result<std::vector<FileDelta>> files = collectDeltas(repo, diff.get(), options, QString());
    if (!files)
        return files.error();
    result.files = std::move(*files);
    return result;
}

Result<std::vector<FileDelta>> DiffEngine::diffUncommitted(const Repository &worktree,
                                                           const DiffOptions &options)
{
    git_repository *repo = RepositoryAccess::native(worktree);
    Result<CommitHandle> head = lookupCommit(repo, QStringLiteral("HEAD"));
    if (!head)
        return head.error();
    Result<TreeHandle> headTree = treeOf(head->get());
    if (!headTree)
        return headTree.error();
    git_diff_options diffOptions = libgit2Options(options);
    diffOptions.flags |= GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS |
                         GIT_DIFF_SHOW_UNTRACKED_CONTENT;
    git_diff *raw = nullptr;
    const int rc = git_diff_tree_to_workdir_with_index(&raw, repo, headTree->get(), &diffOptions);
    DiffHandle diff(raw);
    if (rc < 0)
        return diffError(rc);
    return collectDeltas(repo, diff.get(), options, worktree.workdir());
}

DiffTotals DiffEngine::totals(const std::vector<FileDelta> &files)
{
    DiffTotals totals;
    for (const FileDelta &file : files) {
        ++totals.files;
        totals.added += file.added;
        totals.removed += file.removed;
    }
    return totals;
}

} // namespace agentdesk::git
