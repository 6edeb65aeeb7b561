#pragma once

// What git itself says a diff is, file by file, to compare DiffEngine's result with: the
// status with its score (`--name-status`: "R087", "C100", "M"), the paths, and the counts
// (`--numstat`: "12 3", "- -" for a binary file), in git's order. Header-only: the diff suites
// and bench_git share it.

#include "TestProcess.h"
#include "git/DiffTypes.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <vector>

namespace agentdesk::test {

struct GitDiffEntry
{
    QString status; // name-status letter, with the similarity for R and C ("R087")
    QString oldPath;
    QString newPath;
    QString counts; // "added removed", "- -" for binary

    bool operator==(const GitDiffEntry &) const = default;
    QString text() const
    {
        return QStringLiteral("%1 %2 -> %3 (%4)").arg(status, oldPath, newPath, counts);
    }
};

inline QString gitStatusLetters(const git::FileDelta &delta)
{
    switch (delta.status) {
    case git::DeltaStatus::Added:
        return QStringLiteral("A");
    case git::DeltaStatus::Deleted:
        return QStringLiteral("D");
    case git::DeltaStatus::Renamed:
        return QStringLiteral("R%1").arg(delta.similarity, 3, 10, QLatin1Char('0'));
    case git::DeltaStatus::Copied:
        return QStringLiteral("C%1").arg(delta.similarity, 3, 10, QLatin1Char('0'));
    case git::DeltaStatus::TypeChanged:
        return QStringLiteral("T");
    default:
        return QStringLiteral("M");
    }
}

inline std::vector<GitDiffEntry> entriesOf(const std::vector<git::FileDelta> &files)
{
    std::vector<GitDiffEntry> entries;
    for (const git::FileDelta &file : files)
        entries.push_back({gitStatusLetters(file), file.oldPath, file.newPath,
                           file.binary
                               ? QStringLiteral("- -")
                               : QStringLiteral("%1 %2").arg(file.added).arg(file.removed)});
    return entries;
}

// `git diff <options> --name-status -z` and `--numstat -z` for `range` ("A...B" or two ids as
// "A B"), merged. Empty with `error` set when git fails or the two listings disagree.
inline std::vector<GitDiffEntry> gitDiffEntries(const QString &repository,
                                                const QStringList &options, const QString &range,
                                                QString *error = nullptr)
{
    const QStringList revisions = range.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    const QStringList base = QStringList{QStringLiteral("diff"), QStringLiteral("-z")} + options;
    const ProcessOutput names =
        runGit(repository, base + QStringList{QStringLiteral("--name-status")} + revisions);
    const ProcessOutput counts =
        runGit(repository, base + QStringList{QStringLiteral("--numstat")} + revisions);
    std::vector<GitDiffEntry> entries;
    if (!names.ok() || !counts.ok()) {
        if (error)
            *error = QString::fromUtf8(names.err + counts.err);
        return entries;
    }
    const QList<QByteArray> fields = names.out.split('\0');
    for (int i = 0; i + 1 < fields.size(); i += 2) {
        GitDiffEntry entry;
        entry.status = QString::fromUtf8(fields[i]);
        const QString first = QString::fromUtf8(fields[i + 1]);
        const QChar letter = entry.status.isEmpty() ? QChar() : entry.status.front();
        if (letter == QLatin1Char('R') || letter == QLatin1Char('C')) {
            if (i + 2 >= fields.size())
                break;
            entry.oldPath = first;
            entry.newPath = QString::fromUtf8(fields[i + 2]);
            ++i;
        } else {
            entry.oldPath = letter == QLatin1Char('A') ? QString() : first;
            entry.newPath = letter == QLatin1Char('D') ? QString() : first;
        }
        entries.push_back(entry);
    }
    // numstat -z: "a\tr\tpath\0", or "a\tr\t\0old\0new\0" for a rename or copy.
    const QList<QByteArray> stats = counts.out.split('\0');
    size_t next = 0;
    for (int i = 0; i < stats.size(); ++i) {
        const QList<QByteArray> parts = stats[i].split('\t');
        if (parts.size() != 3)
            continue;
        if (parts[2].isEmpty())
            i += 2;
        if (next < entries.size())
            entries[next].counts = QString::fromUtf8(parts[0] + ' ' + parts[1]);
        ++next;
    }
    if (next != entries.size()) {
        if (error)
            *error = QStringLiteral("name-status lists %1 files, numstat %2")
                         .arg(entries.size())
                         .arg(next);
        entries.clear();
    }
    return entries;
}

// The entries of `ours` and `theirs` that differ, as text, for a failure message.
inline QStringList entryDifferences(const std::vector<GitDiffEntry> &ours,
                                    const std::vector<GitDiffEntry> &theirs)
{
    QStringList lines;
    const size_t count = std::max(ours.size(), theirs.size());
    for (size_t i = 0; i < count && lines.size() < 20; ++i) {
        const QString mine = i < ours.size() ? ours[i].text() : QStringLiteral("(none)");
        const QString git = i < theirs.size() ? theirs[i].text() : QStringLiteral("(none)");
        if (mine != git)
            lines << QStringLiteral("#%1 ours %2 | git %3").arg(i).arg(mine, git);
    }
    return lines;
}

} // namespace agentdesk::test
