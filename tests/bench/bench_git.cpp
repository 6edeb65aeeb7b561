// Worktree creation in a 10,000-file repository and a 1,000-file, 100,000-changed-line diff,
// each next to the same work done by the git command line in the same run.

#include "BenchUtil.h"
#include "TempRepository.h"
#include "git/DiffEngine.h"
#include "git/GitLibrary.h"
#include "git/Repository.h"
#include "git/TaskWorktrees.h"
#include "review/DiffDocument.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QTextStream>

#include <algorithm>
#include <cstdio>

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

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication application(argc, argv);
    git::GitLibrary library;
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
