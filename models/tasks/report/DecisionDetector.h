#pragma once

#include "TaskReport.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

// The report's mechanical decisions, one detector per kind. detectDecisions() (TaskReport.h)
// runs them all; each is public so its rules can be tested alone.

namespace agentdesk::tasks::report {

using Files = std::vector<git::FileDelta>;

// package.json / Cargo.toml / pyproject.toml / Pipfile by section, other manifests and lock
// files on any change. One decision per file.
QList<ReportDecision> detectDependencyChanges(const Files &files);
// Files in migration folders, schema files, and DDL in .sql files. One decision per file.
QList<ReportDecision> detectMigrations(const Files &files);
// Public headers, removed or changed declarations in any header, interface definitions,
// export lists, exported Go declarations removed. One decision per file.
QList<ReportDecision> detectPublicApiChanges(const Files &files);
// Test files deleted or moved out of the tests, test functions removed (and not added again
// anywhere in the change; five per file, then one for the rest), and tests that ran on the
// base but not on the head.
QList<ReportDecision> detectDeletedTests(const Files &files,
                                         const std::optional<BaseComparison> &comparison);
// Skip, expected-failure and focus markers on added lines, one decision per marker (five per
// file, then one for the rest); a marker that was only moved or edited (the same marker
// removed in that file) does not count.
QList<ReportDecision> detectSkippedTests(const Files &files);
// One decision listing the changed files outside every path the text names (the prompt and
// the revision request); none when the text names no path.
QList<ReportDecision> detectOutsidePromptPaths(const Files &files, const QString &text);

// Every symbolic link the change adds or repoints that leaves the repository (absolute, above
// the root, or into .git), one decision each, naming its target.
QList<ReportDecision> detectLinksOutsideRepository(const Files &files);
// A link's target, as its added line holds it; nullopt when the new side is not a link.
std::optional<QString> linkTarget(const git::FileDelta &delta);

// Detected kind order, then file, line and text.
void sortDetectedDecisions(QList<ReportDecision> &decisions);

// "a, b, c and 4 more": at most `cap` items.
QString listWithMore(const QStringList &items, int cap);

} // namespace agentdesk::tasks::report
