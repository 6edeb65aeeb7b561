// DiffMethod::GitCommandLine: the system git computes the diff, so the pairing, statuses,
// similarity, counts and hunks are git's own (see DiffEngineDetail.h).

#include "git/DiffEngineDetail.h"

#include "git/GitError.h"
#include "git/RepositoryAccess.h"

#include "git/GitCommand.h"
#include <QFileInfo>

#include <QProcessEnvironment>
#include <QStandardPaths>

#include <algorithm>
#include <cstring>
#include <thread>

namespace agentdesk::git::detail {

namespace {

bool isCancelled(const DiffOptions &options)
{
    return options.cancelled != nullptr && options.cancelled->load(std::memory_order_relaxed);
}

Error cancelledError()
{
    return makeError(QStringLiteral("cancelled"), QStringLiteral("The diff was cancelled."));
}

// The environment of every git child (GitCommand: no user-level or system config, a private
// HOME, no credential), and none inherited can point it at another repository (GIT_DIR,
// GIT_INDEX_FILE), run a program (GIT_EXTERNAL_DIFF, GIT_PAGER, GIT_ASKPASS) or change the
// output (GIT_DIFF_OPTS, GIT_CONFIG_PARAMETERS).
QProcessEnvironment minimalEnvironment(const QString &workdir)
{
    QProcessEnvironment environment = GitCommand::environment();
    // libgit2 resolved the commits without replace refs: git must read the same objects.
    environment.insert(QStringLiteral("GIT_NO_REPLACE_OBJECTS"), QStringLiteral("1"));
    // Never search above the work tree for another repository.
    environment.insert(QStringLiteral("GIT_CEILING_DIRECTORIES"),
                       QFileInfo(workdir).absolutePath());
    return environment;
}

} // namespace

QString gitExecutable()
{
    static const QString path = QStandardPaths::findExecutable(QStringLiteral("git"));
    return path;
}

QStringList gitDiffArguments(const QString &baseId, const QString &toId, const DiffOptions &options)
{
    QStringList arguments{
        // Nothing from the configuration that runs a program or changes the patch's form.
        QStringLiteral("-c"), QStringLiteral("core.fsmonitor=false"), QStringLiteral("-c"),
        QStringLiteral("diff.suppressBlankEmpty=false"), QStringLiteral("--no-pager"),
        QStringLiteral("diff"), QStringLiteral("--raw"), QStringLiteral("-p"), QStringLiteral("-z"),
        QStringLiteral("--no-abbrev"), QStringLiteral("--no-color"),
        QStringLiteral("--no-ext-diff"), QStringLiteral("--no-textconv"),
        QStringLiteral("--no-relative"), QStringLiteral("--src-prefix=a/"),
        QStringLiteral("--dst-prefix=b/"), QStringLiteral("--submodule=short"),
        QStringLiteral("--ignore-submodules=none"), QStringLiteral("-O/dev/null"),
        QStringLiteral("--inter-hunk-context=0"),
        // git's defaults, spelled out so a repository's diff.* settings cannot change them.
        QStringLiteral("--diff-algorithm=myers"), QStringLiteral("--indent-heuristic"),
        QStringLiteral("-U%1").arg(options.contextLines)};
    if (options.detectRenames || options.detectCopies) {
        arguments << QStringLiteral("-M") << QStringLiteral("-l1000");
        if (options.detectCopies)
            arguments << QStringLiteral("-C");
    } else {
        arguments << QStringLiteral("--no-renames");
    }
    arguments << baseId << toId << QStringLiteral("--");
    return arguments;
}

namespace {

// One git child through ProcessJob, like every git child: its own process group, killed as a
// whole; its standard output goes to `consume` as it comes.
ProcessResult runChild(const QString &program, const QString &workdir, const QStringList &arguments,
                       const DiffOptions &options, const ProcessJob::Consumer &consume)
{
    ProcessRequest request;
    request.program = program;
    // Issue 16: no hook, fsmonitor or driver a task could have planted in the config runs.
    request.arguments = GitCommand::safetyArguments(workdir) + arguments;
    request.workingDirectory = workdir;
    request.environment = minimalEnvironment(workdir);
    request.timeoutMs = 0; // as long as the diff takes; a cancel stops it
    return ProcessJob::run(request, consume, options.cancelled);
}

Error gitNotFound()
{
    return makeError(QStringLiteral("git-not-found"),
                     QStringLiteral("git is not on PATH; it is needed to compute the diff"));
}

} // namespace

Result<void> runGit(const QString &workdir, const QStringList &arguments,
                    const DiffOptions &options, const OutputConsumer &consume)
{
    const QString program = gitExecutable();
    if (program.isEmpty())
        return gitNotFound();
    if (isCancelled(options))
        return cancelledError();
    // The output is parsed as it comes, while git is still working.
    Result<void> consumed;
    const ProcessResult run =
        runChild(program, workdir, arguments, options, [&](const QByteArray &chunk) {
            consumed = consume(chunk);
            return consumed.ok();
        });
    if (!run.started)
        return makeError(QStringLiteral("diff-failed"),
                         QStringLiteral("Cannot start git: %1").arg(run.startError));
    if (!consumed)
        return consumed;
    if (run.cancelled)
        return cancelledError();
    if (run.crashed || run.exitCode != 0) {
        QString reason = QString::fromUtf8(run.err).trimmed();
        if (reason.isEmpty())
            reason = run.crashed ? QStringLiteral("it crashed")
                                 : QStringLiteral("exit code %1").arg(run.exitCode);
        return makeError(QStringLiteral("diff-failed"),
                         QStringLiteral("git diff failed: %1").arg(reason.left(500)));
    }
    return {};
}

Result<QString> gitMergeBase(const QString &workdir, const QString &firstId,
                             const QString &secondId, const DiffOptions &options)
{
    const QString program = gitExecutable();
    if (program.isEmpty())
        return gitNotFound();
    QByteArray out;
    const ProcessResult run =
        runChild(program, workdir, {QStringLiteral("merge-base"), firstId, secondId}, options,
                 [&out](const QByteArray &chunk) {
                     out += chunk;
                     return true;
                 });
    if (run.cancelled)
        return cancelledError();
    const QString base = QString::fromLatin1(out).trimmed();
    // Exit code 1 and no output: the two have no common ancestor.
    if (run.started && !run.crashed && run.exitCode == 1 && base.isEmpty())
        return makeError(
            QStringLiteral("no-merge-base"),
            QStringLiteral("%1 and %2 have no common history.").arg(firstId, secondId));
    git_oid oid;
    if (!run.ok() || !parseOid(base, &oid))
        return makeError(QStringLiteral("merge-base-failed"),
                         QStringLiteral("Cannot find the merge base of %1 and %2: %3")
                             .arg(firstId, secondId,
                                  run.started ? QString::fromUtf8(run.err).trimmed().left(500)
                                              : run.startError));
    return base;
}

namespace {

// What the prober needs of one file (copied: the parser keeps filling in the deltas).
struct ProbeInput
{
    QString oldId;
    QString newId;
    QString newPath;
    quint32 oldMode = 0;
    quint32 newMode = 0;
};

struct ProbeResult
{
    qint64 oldSize = 0;
    qint64 newSize = 0;
    bool unchangedBinary = false;
};

bool isBlobMode(quint32 mode)
{
    return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE ||
           mode == GIT_FILEMODE_LINK;
}

qint64 blobSize(git_odb *odb, const QString &hex, quint32 mode)
{
    git_oid oid;
    if (hex.isEmpty() || mode == GIT_FILEMODE_COMMIT || !parseOid(hex, &oid))
        return 0;
    size_t length = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    return git_odb_read_header(&length, &type, odb, &oid) == 0 ? qint64(length) : 0;
}

// An unchanged blob (an exact rename or copy, a mode change) gets no patch, so no "Binary
// files" line; git's numstat still calls it binary by its attributes, else by a NUL byte in the
// first 8,000 bytes (buffer_is_binary), and so do we.
bool unchangedBlobIsBinary(git_repository *repo, const ProbeInput &delta)
{
    git_oid oid;
    if (delta.oldId.isEmpty() || delta.oldId != delta.newId || !isBlobMode(delta.newMode) ||
        !parseOid(delta.newId, &oid))
        return false;
    const char *value = nullptr;
    const QByteArray path = delta.newPath.toUtf8();
    if (git_attr_get(&value, repo, GIT_ATTR_CHECK_FILE_THEN_INDEX, path.constData(), "diff") == 0) {
        if (GIT_ATTR_IS_FALSE(value))
            return true;
        if (GIT_ATTR_IS_TRUE(value))
            return false;
    }
    git_blob *raw = nullptr;
    if (git_blob_lookup(&raw, repo, &oid) < 0)
        return false;
    BlobHandle blob(raw);
    const auto size = size_t(std::min<git_object_size_t>(git_blob_rawsize(blob.get()), 8000));
    return std::memchr(git_blob_rawcontent(blob.get()), 0, size) != nullptr;
}

// Reads every file's sizes, and whether an unchanged blob is binary, on a thread of its own
// with a Repository of its own (a libgit2 handle is never shared between threads), while this
// thread goes on reading git's patches.
class Prober
{
public:
    explicit Prober(const DiffOptions &options)
        : m_options(options)
    {}
    ~Prober() { join(); }
    Prober(const Prober &) = delete;
    Prober &operator=(const Prober &) = delete;

    bool started() const { return m_thread.joinable() || m_done; }
    void start(const QString &path, const std::vector<FileDelta> &files)
    {
        m_inputs.reserve(files.size());
        for (const FileDelta &file : files)
            m_inputs.push_back({file.oldId, file.newId, file.newPath, file.oldMode, file.newMode});
        m_thread = std::thread([this, path] { run(path); });
    }
    Result<std::vector<ProbeResult>> results()
    {
        join();
        if (!m_error.code.isEmpty())
            return m_error;
        return std::move(m_results);
    }

private:
    void join()
    {
        if (m_thread.joinable()) {
            m_thread.join();
            m_done = true;
        }
    }
    void run(const QString &path)
    {
        Result<Repository> repository = Repository::open(path);
        if (!repository) {
            m_error = repository.error();
            return;
        }
        git_repository *repo = RepositoryAccess::native(*repository);
        git_odb *rawOdb = nullptr;
        const int rc = git_repository_odb(&rawOdb, repo);
        OdbHandle odb(rawOdb);
        if (rc < 0) {
            m_error =
                gitError(rc, QStringLiteral("diff-failed"), QStringLiteral("Cannot open objects"));
            return;
        }
        m_results.resize(m_inputs.size());
        for (size_t i = 0; i < m_inputs.size(); ++i) {
            if (isCancelled(m_options))
                return;
            const ProbeInput &in = m_inputs[i];
            m_results[i] = {blobSize(odb.get(), in.oldId, in.oldMode),
                            blobSize(odb.get(), in.newId, in.newMode),
                            unchangedBlobIsBinary(repo, in)};
        }
    }

    const DiffOptions &m_options;
    std::vector<ProbeInput> m_inputs;
    std::vector<ProbeResult> m_results;
    Error m_error;
    std::thread m_thread;
    bool m_done = false;
};

} // namespace

Result<std::vector<FileDelta>> diffWithGit(const Repository &repository, const QString &baseId,
                                           const QString &toId, const DiffOptions &options)
{
    GitDiffParser parser(options.fileParsed);
    Prober prober(options);
    const QString path = repository.workdir();
    const OutputConsumer consume = [&](const QByteArray &bytes) -> Result<void> {
        Result<void> fed = parser.feed(bytes);
        if (fed && !prober.started() && parser.recordsDone())
            prober.start(path, parser.records());
        return fed;
    };
    if (Result<void> ran = runGit(path, gitDiffArguments(baseId, toId, options), options, consume);
        !ran)
        return ran.error();
    Result<std::vector<FileDelta>> files = parser.finish();
    if (!files)
        return files.error();
    if (!prober.started())
        prober.start(path, *files);
    Result<std::vector<ProbeResult>> probed = prober.results();
    if (!probed)
        return probed.error();
    if (isCancelled(options) || probed->size() != files->size())
        return cancelledError();
    for (size_t i = 0; i < files->size(); ++i) {
        FileDelta &delta = (*files)[i];
        const ProbeResult &probe = (*probed)[i];
        delta.oldSize = probe.oldSize;
        delta.newSize = probe.newSize;
        delta.binary = delta.binary || probe.unchangedBinary;
        // Over the size guard: git's counts stay, the lines go.
        delta.tooLarge = !delta.binary && (delta.oldSize > options.maxFileBytes ||
                                           delta.newSize > options.maxFileBytes);
        if (delta.tooLarge) {
            delta.text = QByteArray();
            delta.lines = {};
            delta.hunks = {};
        }
    }
    return files;
}

} // namespace agentdesk::git::detail
