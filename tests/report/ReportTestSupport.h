#pragma once

#include "TempRepository.h"
#include "git/DiffEngine.h"
#include "git/Repository.h"
#include "tasks/report/TaskReport.h"

#include <QStringList>
#include <QVariantMap>

#include <vector>

// Shared by the report suites: a real repository with a base and a head commit, diffed by the
// git layer, so detection sees exactly what the engine will hand it.

namespace agentdesk::test {

struct CommittedChange
{
    QString baseCommit;
    QString headCommit;
    std::vector<git::FileDelta> files;
    // `git diff --numstat -M -C base head` totals, to check the report against git itself.
    int gitFiles = 0;
    int gitAdded = 0;
    int gitRemoved = 0;
    QString error; // non-empty when the repository could not be built or diffed
};

// `base`: path -> content (QByteArray or QString). `head`: the same, with an invalid
// QVariant() deleting the path. An untouched file is always in the base, so an empty base is
// a valid commit.
inline CommittedChange commitAndDiff(const QVariantMap &base, const QVariantMap &head)
{
    CommittedChange change;
    TempRepository repo;
    bool ok = repo.isValid() && repo.writeFile(QStringLiteral("untouched.txt"), "same\n");
    for (auto it = base.cbegin(); ok && it != base.cend(); ++it)
        ok = repo.writeFile(it.key(), it.value().toByteArray());
    change.baseCommit = ok ? repo.commitAll(QStringLiteral("base")) : QString();
    for (auto it = head.cbegin(); ok && it != head.cend(); ++it) {
        ok = it.value().isValid() ? repo.writeFile(it.key(), it.value().toByteArray())
                                  : repo.removeFile(it.key());
    }
    change.headCommit = ok ? repo.commitAll(QStringLiteral("head")) : QString();
    if (change.baseCommit.isEmpty() || change.headCommit.isEmpty()) {
        change.error = QStringLiteral("could not build the repository");
        return change;
    }
    const ProcessOutput numstat =
        repo.git({QStringLiteral("diff"), QStringLiteral("--numstat"), QStringLiteral("-M"),
                  QStringLiteral("-C"), change.baseCommit, change.headCommit});
    for (const QByteArray &line : numstat.out.split('\n')) {
        const QList<QByteArray> fields = line.split('\t');
        if (fields.size() < 3)
            continue;
        ++change.gitFiles;
        change.gitAdded += fields.at(0).toInt(); // "-" for a binary file counts 0
        change.gitRemoved += fields.at(1).toInt();
    }
    const Result<git::Repository> opened = git::Repository::open(repo.path());
    if (!opened) {
        change.error = opened.errorMessage();
        return change;
    }
    Result<git::CommitDiff> diff =
        git::DiffEngine::diffCommits(*opened, change.baseCommit, change.headCommit);
    if (!diff) {
        change.error = diff.errorMessage();
        return change;
    }
    change.files = std::move(diff->files);
    return change;
}

// "kind file:line", with "(old)" after a base-side line: compact and readable in a failure.
inline QStringList describe(const QList<tasks::ReportDecision> &decisions)
{
    QStringList lines;
    for (const tasks::ReportDecision &decision : decisions) {
        lines << QStringLiteral("%1 %2:%3%4")
                     .arg(decision.kind, decision.file)
                     .arg(decision.line)
                     .arg(decision.oldSide ? QStringLiteral("(old)") : QString());
    }
    return lines;
}

} // namespace agentdesk::test
