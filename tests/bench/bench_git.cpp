// Worktree creation in a 10,000-file repository and a 1,000-file, 100,000-changed-line diff,
// each next to the same work done by the git command line in the same run.
//
// With --repo PATH --range FROM..TO it measures that repository's diff instead: the diff
// (DiffEngine::diffCommits) and its document (DiffDocumentStream, built while git prints the
// diff, as the app builds it), next to `git diff --stat` and the full `git diff` patch on the same
// range with the same rename and copy detection, timed in the same run.

#include "../git/tst_difforacle.h"
#include "BenchUtil.h"
#include "TempRepository.h"
#include "git/DiffEngine.h"
#include "git/GitLibrary.h"
#include "git/Repository.h"
#include "git/TaskWorktrees.h"
#include "review/DiffDocument.h"
#include "review/DiffDocumentStream.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonObject>
#include <QProcess>
#include <QTextStream>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

using namespace agentdesk;
using agentdesk::test::TempRepository;

namespace {

constexpr int kRuns = 3;

bool writeTree(TempRepository &repo, int files, int linesPerFile, int changeEvery, int salt)
{
    for (int f = 0; f < files; ++f) {
        QByteArray text;
        text.reserve(linesPerFile * 40);
        for (int l = 0; l < linesPerFile; ++l) {
            const bool changed = changeEvery > 0 && l % changeEvery == 0;
            text += "file " + QByteArray::number(f) + " line " + QByteArray::number(l) +
                    (changed ? " changed " + QByteArray::number(salt) : QByteArray()) + '\n';
        }
        const QString path = QStringLiteral("d%1/f%2.txt").arg(f / 100).arg(f);
        if (!repo.writeFile(path, text))
            return false;
    }
    return true;
}

double median(QList<double> samples)
{
    return bench::percentile(std::move(samples), 50);
}

// CPU time (user + system) used so far by this process's threads and by its waited-for
// children, in ms: on a shared 2-core machine wall time swings with other work, CPU time much
// less, so a figure read next to the load says which of the two moved.
struct CpuTimes
{
    double self = 0;
    double children = 0;
};

double toMs(const timeval &tv)
{
    return double(tv.tv_sec) * 1e3 + double(tv.tv_usec) / 1e3;
}

CpuTimes cpuNow()
{
    rusage self{}, children{};
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &children);
    return {toMs(self.ru_utime) + toMs(self.ru_stime),
            toMs(children.ru_utime) + toMs(children.ru_stime)};
}

double cpuSince(const CpuTimes &start)
{
    const CpuTimes now = cpuNow();
    return (now.self - start.self) + (now.children - start.children);
}

double timeGitCli(const QString &workdir, const QStringList &arguments)
{
    QElapsedTimer timer;
    timer.start();
    QProcess git;
    git.setWorkingDirectory(workdir);
    git.setStandardOutputFile(QProcess::nullDevice());
    git.start(QStringLiteral("git"), arguments);
    git.waitForFinished(-1);
    if (git.exitCode() != 0)
        qFatal("git %s failed", qPrintable(arguments.join(QLatin1Char(' '))));
    return double(timer.nsecsElapsed()) / 1e6;
}

QJsonObject benchWorktrees(QTextStream &log)
{
    TempRepository repo;
    if (!repo.isValid() || !writeTree(repo, 10000, 3, 0, 0) ||
        repo.commitAll(QStringLiteral("10,000 files")).isEmpty())
        qFatal("cannot build the 10,000-file repository");
    Result<git::Repository> opened = git::Repository::open(repo.path());
    if (!opened)
        qFatal("%s", qPrintable(opened.errorMessage()));
    git::TaskWorktrees worktrees(*opened);
    const QString root = repo.scratchPath(QStringLiteral("worktrees"));
    QList<double> ours, libgit2, cli;
    for (int run = 0; run < kRuns; ++run) {
        for (const auto method : {git::TaskWorktrees::CreateMethod::GitCommandLine,
                                  git::TaskWorktrees::CreateMethod::Libgit2}) {
            const bool viaCli = method == git::TaskWorktrees::CreateMethod::GitCommandLine;
            QElapsedTimer timer;
            timer.start();
            Result<git::TaskWorktree> created =
                worktrees.create({QStringLiteral("%1%2").arg(viaCli ? 1 : 2).arg(run),
                                  QStringLiteral("bench"),
                                  QStringLiteral("main"),
                                  root,
                                  {}},
                                 method);
            if (!created)
                qFatal("%s", qPrintable(created.errorMessage()));
            (viaCli ? ours : libgit2) << double(timer.nsecsElapsed()) / 1e6;
        }
        cli << timeGitCli(repo.path(),
                          {QStringLiteral("worktree"), QStringLiteral("add"), QStringLiteral("-q"),
                           QStringLiteral("-b"), QStringLiteral("cli-%1").arg(run),
                           root + QStringLiteral("/cli-%1").arg(run), QStringLiteral("main")});
    }
    log << "worktree add, 10,000 files (median of " << kRuns << "): ours " << median(ours)
        << " ms, libgit2 " << median(libgit2) << " ms, git CLI " << median(cli) << " ms\n";
    return {{QStringLiteral("worktree_add_ms"), median(ours)},
            {QStringLiteral("libgit2_worktree_add_ms"), median(libgit2)},
            {QStringLiteral("git_cli_worktree_add_ms"), median(cli)}};
}

QJsonObject benchDiff(QTextStream &log)
{
    TempRepository repo;
    // 1,000 files of 100 lines; every other line changed: 50,000 removed + 50,000 added.
    if (!repo.isValid() || !writeTree(repo, 1000, 100, 0, 0) ||
        repo.commitAll(QStringLiteral("base")).isEmpty() ||
        !repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"),
                   QStringLiteral("topic")})
             .ok() ||
        !writeTree(repo, 1000, 100, 2, 1) || repo.commitAll(QStringLiteral("change")).isEmpty())
        qFatal("cannot build the diff repository");
    Result<git::Repository> opened = git::Repository::open(repo.path());
    if (!opened)
        qFatal("%s", qPrintable(opened.errorMessage()));
    QList<double> diffMs, documentMs, cliMs;
    int changedLines = 0;
    int rows = 0;
    for (int run = 0; run < kRuns; ++run) {
        QElapsedTimer timer;
        timer.start();
        Result<git::CommitDiff> diff =
            git::DiffEngine::diffCommits(*opened, QStringLiteral("main"), QStringLiteral("topic"));
        if (!diff)
            qFatal("%s", qPrintable(diff.errorMessage()));
        diffMs << double(timer.nsecsElapsed()) / 1e6;
        Result<review::DiffDocumentPtr> document = review::DiffDocument::build(diff->files);
        if (!document)
            qFatal("%s", qPrintable(document.errorMessage()));
        documentMs << double(timer.nsecsElapsed()) / 1e6;
        const git::DiffTotals totals = git::DiffEngine::totals(diff->files);
        changedLines = totals.added + totals.removed;
        rows = (*document)->totalRows();
        cliMs << timeGitCli(repo.path(), {QStringLiteral("diff"), QStringLiteral("main...topic")});
    }
    log << "diff of 1,000 files, " << changedLines << " changed lines (median of " << kRuns
        << "): ours " << median(diffMs) << " ms, with document (" << rows << " rows) "
        << median(documentMs) << " ms, git CLI " << median(cliMs) << " ms\n";
    return {{QStringLiteral("diff_ms"), median(diffMs)},
            {QStringLiteral("diff_document_ms"), median(documentMs)},
            {QStringLiteral("git_cli_diff_ms"), median(cliMs)},
            {QStringLiteral("diff_changed_lines"), changedLines},
            {QStringLiteral("diff_document_rows"), rows}};
}

// A repository or range the user gave that does not work: say why, no core dump.
[[noreturn]] void fail(const QString &message)
{
    std::fprintf(stderr, "%s\n", qPrintable(message));
    std::exit(1);
}

// `git diff` as DiffEngine::diffCommits computes it: from the merge base (FROM...TO), renames
// and copies (-M -C) with git's default rename limit spelled out, the Myers algorithm
// libgit2 uses, and nothing the user's configuration could add (external diff, textconv).
QStringList gitDiffArguments(const bench::RepositoryRange &range, const QString &format)
{
    QStringList arguments{QStringLiteral("-c"),
                          QStringLiteral("diff.renameLimit=1000"),
                          QStringLiteral("diff"),
                          QStringLiteral("-M"),
                          QStringLiteral("-C"),
                          QStringLiteral("--diff-algorithm=myers"),
                          QStringLiteral("--no-ext-diff"),
                          QStringLiteral("--no-textconv"),
                          QStringLiteral("--no-color")};
    if (!format.isEmpty())
        arguments << format;
    arguments << range.from + QStringLiteral("...") + range.to;
    return arguments;
}

// git's own counts (`--numstat`; a binary file counts no lines), to set beside ours.
QJsonObject gitNumstat(const bench::RepositoryRange &range)
{
    const test::ProcessOutput output =
        test::runGit(range.repository, gitDiffArguments(range, QStringLiteral("--numstat")));
    if (!output.ok())
        fail(QStringLiteral("git diff --numstat failed: ") + QString::fromUtf8(output.err));
    int files = 0, added = 0, removed = 0;
    for (const QByteArray &line : output.out.split('\n')) {
        const QList<QByteArray> fields = line.split('\t');
        if (fields.size() < 3)
            continue;
        ++files;
        added += fields.at(0).toInt();
        removed += fields.at(1).toInt();
    }
    return {{QStringLiteral("git_files"), files},
            {QStringLiteral("git_added"), added},
            {QStringLiteral("git_removed"), removed}};
}

// How a diff's files compare with git's own listing (tst_difforacle.h), by path: "agree"
// (same status, similarity, old path and counts), "differ", "git_only", "ours_only", and
// whether the whole listing is "identical" to git's, order included.
QJsonObject agreement(const std::vector<git::FileDelta> &files,
                      const std::vector<test::GitDiffEntry> &git)
{
    const std::vector<test::GitDiffEntry> ours = test::entriesOf(files);
    const auto key = [](const test::GitDiffEntry &entry) {
        return entry.newPath.isEmpty() ? entry.oldPath : entry.newPath;
    };
    QHash<QString, test::GitDiffEntry> theirs;
    for (const test::GitDiffEntry &entry : git)
        theirs.insert(key(entry), entry);
    int agree = 0, differ = 0, oursOnly = 0;
    for (const test::GitDiffEntry &entry : ours) {
        const auto it = theirs.constFind(key(entry));
        if (it == theirs.constEnd())
            ++oursOnly;
        else if (*it == entry)
            ++agree;
        else
            ++differ;
    }
    return {{QStringLiteral("identical"), ours == git},
            {QStringLiteral("agree"), agree},
            {QStringLiteral("differ"), differ},
            {QStringLiteral("git_only"), int(git.size()) - agree - differ},
            {QStringLiteral("ours_only"), oursOnly}};
}

struct MethodFigures
{
    QList<double> diffMs, documentMs, totalMs, cpuMs;
    QJsonObject shape;
    QJsonObject agreement;
    QString baseId, toId;
};

// One run of DiffEngine::diffCommits with `method` and its document, built as the app builds
// it (ReviewLoader): file by file while git still prints the diff, then finished. CPU time
// includes the git children's.
void runMethod(const git::Repository &repository, const bench::RepositoryRange &range,
               git::DiffMethod method, const std::vector<test::GitDiffEntry> &git,
               MethodFigures &figures)
{
    review::DiffDocumentStream stream;
    git::DiffOptions options;
    options.method = method;
    options.fileParsed = [&stream](size_t index, const git::FileDelta &file) {
        stream.add(index, file);
    };
    const CpuTimes cpu = cpuNow();
    QElapsedTimer timer;
    timer.start();
    Result<git::CommitDiff> diff =
        git::DiffEngine::diffCommits(repository, range.from, range.to, options);
    if (!diff)
        fail(diff.errorMessage());
    const double diffDone = double(timer.nsecsElapsed()) / 1e6;
    Result<review::DiffDocumentPtr> document = stream.finish(diff->files);
    if (!document)
        fail(QStringLiteral("cannot build the document: ") + document.errorMessage());
    const double documentDone = double(timer.nsecsElapsed()) / 1e6;
    figures.cpuMs << cpuSince(cpu);
    figures.baseId = diff->baseId;
    figures.toId = diff->toId;
    figures.agreement = agreement(diff->files, git);
    figures.diffMs << diffDone;
    figures.documentMs << documentDone - diffDone;
    figures.totalMs << documentDone;
    figures.shape = bench::documentShape(**document);
}

int benchRepository(const bench::RepositoryRange &range, int runs)
{
    // Taken before our own work loads the machine.
    const QJsonObject machine = bench::machine();
    QTextStream log(stdout);
    Result<git::Repository> opened = git::Repository::open(range.repository);
    if (!opened)
        fail(opened.errorMessage());
    QString error;
    const std::vector<test::GitDiffEntry> git =
        test::gitDiffEntries(range.repository, {QStringLiteral("-M"), QStringLiteral("-C")},
                             range.from + QStringLiteral("...") + range.to, &error);
    if (git.empty())
        fail(QStringLiteral("git diff --name-status/--numstat: ") + error);
    MethodFigures ours, libgit2;
    QList<double> cliPatchMs, cliStatMs, cliPatchCpuMs;
    for (int run = 0; run < runs; ++run) {
        runMethod(*opened, range, git::DiffMethod::Automatic, git, ours);
        runMethod(*opened, range, git::DiffMethod::Libgit2, git, libgit2);
        cliStatMs << timeGitCli(range.repository,
                                gitDiffArguments(range, QStringLiteral("--stat")));
        const CpuTimes cpu = cpuNow();
        cliPatchMs << timeGitCli(range.repository, gitDiffArguments(range, QString()));
        cliPatchCpuMs << cpuSince(cpu);
    }
    const QJsonObject &shape = ours.shape;
    log << "diff " << range.text() << " in " << range.repository << " (median of " << runs
        << "): " << shape.value(QStringLiteral("files")).toInt() << " files, +"
        << shape.value(QStringLiteral("added")).toInt() << " -"
        << shape.value(QStringLiteral("removed")).toInt() << "; ours " << median(ours.diffMs)
        << " ms, with document (" << shape.value(QStringLiteral("rows")).toInt() << " rows) "
        << median(ours.totalMs) << " ms (CPU " << median(ours.cpuMs) << " ms); libgit2 "
        << median(libgit2.diffMs) << " ms, with document " << median(libgit2.totalMs) << " ms (CPU "
        << median(libgit2.cpuMs) << " ms); git diff --stat " << median(cliStatMs)
        << " ms, git diff " << median(cliPatchMs) << " ms (CPU " << median(cliPatchCpuMs)
        << " ms)\n";
    log.flush();

    QJsonObject figures = shape;
    figures[QStringLiteral("repo")] = range.repository;
    figures[QStringLiteral("range")] = range.text();
    figures[QStringLiteral("base")] = ours.baseId;
    figures[QStringLiteral("to")] = ours.toId;
    figures[QStringLiteral("runs")] = runs;
    figures[QStringLiteral("diff_ms")] = median(ours.diffMs);
    figures[QStringLiteral("document_ms")] = median(ours.documentMs);
    figures[QStringLiteral("diff_document_ms")] = median(ours.totalMs);
    figures[QStringLiteral("diff_document_cpu_ms")] = median(ours.cpuMs);
    figures[QStringLiteral("diff_document_max_ms")] =
        *std::max_element(ours.totalMs.begin(), ours.totalMs.end());
    figures[QStringLiteral("git_agreement")] = ours.agreement;
    figures[QStringLiteral("libgit2_diff_ms")] = median(libgit2.diffMs);
    figures[QStringLiteral("libgit2_diff_document_ms")] = median(libgit2.totalMs);
    figures[QStringLiteral("libgit2_diff_document_cpu_ms")] = median(libgit2.cpuMs);
    figures[QStringLiteral("libgit2_git_agreement")] = libgit2.agreement;
    figures[QStringLiteral("git_cli_stat_ms")] = median(cliStatMs);
    figures[QStringLiteral("git_cli_diff_ms")] = median(cliPatchMs);
    figures[QStringLiteral("git_cli_diff_cpu_ms")] = median(cliPatchCpuMs);
    figures[QStringLiteral("ratio_to_git")] = median(ours.totalMs) / median(cliPatchMs);
    figures[QStringLiteral("cpu_ratio_to_git")] = median(ours.cpuMs) / median(cliPatchCpuMs);
    const QJsonObject numstat = gitNumstat(range);
    for (auto it = numstat.begin(); it != numstat.end(); ++it)
        figures.insert(it.key(), it.value());
    figures[QStringLiteral("peak_rss_mb")] = bench::peakRssMb();
    for (auto it = machine.begin(); it != machine.end(); ++it)
        figures.insert(it.key(), it.value());
    bench::printResult(figures);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication application(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Worktree creation and a generated diff, or with --repo/--range a real "
                       "repository's diff, each next to the git command line."));
    parser.addHelpOption();
    bench::addRepositoryOptions(parser);
    parser.addOption({QStringLiteral("runs"),
                      QStringLiteral("With --repo: runs to take the median of."),
                      QStringLiteral("n"), QString::number(kRuns)});
    parser.process(application);
    const bench::RepositoryRange range = bench::repositoryRange(parser);
    git::GitLibrary library;
    if (range.isSet())
        return benchRepository(range, std::max(1, parser.value(QStringLiteral("runs")).toInt()));
    // The repositories are built with the git command line: give it an identity of its own.
    qputenv("GIT_CONFIG_NOSYSTEM", "1");
    QTextStream log(stdout);
    QJsonObject figures = benchWorktrees(log);
    const QJsonObject diff = benchDiff(log);
    for (auto it = diff.begin(); it != diff.end(); ++it)
        figures.insert(it.key(), it.value());
    figures.insert(QStringLiteral("peak_rss_mb"), bench::peakRssMb());
    log.flush();
    bench::printResult(figures);
    return 0;
}
