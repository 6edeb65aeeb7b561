#pragma once

// Private to models/git: the two ways DiffEngine computes a commit diff, and the parser of
// git's output (a pure function, so tests can feed it bytes).

#include "core/Result.h"
#include "git/DiffEngine.h"

#include <QByteArray>
#include <QStringList>

#include <functional>
#include <vector>

namespace agentdesk::git::detail {

// Reads `git diff --raw -p -z --no-abbrev` output as it arrives: the NUL-separated raw
// records, an empty record, then one patch block per record (two for a type change, which git
// prints as a deletion and a creation). The records carry the statuses, scores, modes, ids and
// verbatim paths; the blocks only the hunks and whether git found the file binary, so no
// quoted path is ever parsed. Error code "diff-failed" on anything git would not print.
class GitDiffParser
{
public:
    using FileParsed = std::function<void(size_t index, const FileDelta &file)>;
    explicit GitDiffParser(FileParsed fileParsed = {})
        : m_fileParsed(std::move(fileParsed))
    {}
    // Appends output and parses every record and block that is whole.
    Result<void> feed(const QByteArray &bytes);
    // The output ended: parses the rest and hands the files over.
    Result<std::vector<FileDelta>> finish();
    // True once the raw part is over: records() then lists every file, in git's order.
    bool recordsDone() const { return m_recordsDone; }
    const std::vector<FileDelta> &records() const { return m_files; }

private:
    Result<void> parse(bool final);
    Result<void> parseRecords(bool final);
    // Drops the parsed bytes, keeping the buffer's allocation.
    void compact();

    QByteArray m_buffer;
    qsizetype m_pos = 0;
    qsizetype m_searchFrom = 0;
    bool m_recordsDone = false;
    bool m_secondHalf = false;
    size_t m_nextBlock = 0;
    std::vector<FileDelta> m_files;
    FileParsed m_fileParsed;
};

// The arguments after `git` for a tree-to-tree diff from `baseId` to `toId` (full ids).
QStringList gitDiffArguments(const QString &baseId, const QString &toId,
                             const DiffOptions &options);

// Runs the system git in `workdir` with a minimal environment, handing its standard output
// to `consume` as it arrives; polls `options.cancelled` and kills git when it turns true, or
// when `consume` fails. Error codes: "git-not-found", "cancelled", "diff-failed".
using OutputConsumer = std::function<Result<void>(const QByteArray &)>;
Result<void> runGit(const QString &workdir, const QStringList &arguments,
                    const DiffOptions &options, const OutputConsumer &consume);

// `git merge-base` of two commit ids (full), as the same kind of child: git walks the history
// much faster than libgit2 on a long one, and it is the base git itself would diff from.
// Error codes: "git-not-found", "cancelled", "no-merge-base", "merge-base-failed".
Result<QString> gitMergeBase(const QString &workdir, const QString &firstId,
                             const QString &secondId, const DiffOptions &options);

// DiffMethod::GitCommandLine for diffCommits(): git's pairing, counts and hunks; libgit2 reads
// the sizes (for the size guard) and the binary flag of unchanged blobs on a second thread
// while git still prints patches.
Result<std::vector<FileDelta>> diffWithGit(const Repository &repository, const QString &baseId,
                                           const QString &toId, const DiffOptions &options);

// The path of git on PATH, found once; empty when there is none.
QString gitExecutable();

} // namespace agentdesk::git::detail
