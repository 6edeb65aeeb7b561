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

// Called once per file after git's raw record is read and before its patch is: fills in
// oldSize/newSize and decides `tooLarge` (whose lines are then counted but not kept).
using SizeProbe = std::function<void(FileDelta &)>;

// Parses `git diff --raw -p -z --no-abbrev` output: the NUL-separated raw records, an empty
// record, then one patch block per record (two for a type change, which git prints as a
// deletion and a creation). Error code "diff-failed" on anything git would not print.
Result<std::vector<FileDelta>> parseGitDiff(const QByteArray &output, const SizeProbe &probe);

// The arguments after `git` for a tree-to-tree diff from `baseId` to `toId` (full ids).
QStringList gitDiffArguments(const QString &baseId, const QString &toId,
                             const DiffOptions &options);

// Runs the system git in `workdir` with a minimal environment and returns its standard
// output; polls `options.cancelled` and kills git when it turns true.
// Error codes: "git-not-found", "cancelled", "diff-failed".
Result<QByteArray> runGit(const QString &workdir, const QStringList &arguments,
                          const DiffOptions &options);

// The path of git on PATH, found once; empty when there is none.
QString gitExecutable();

} // namespace agentdesk::git::detail
