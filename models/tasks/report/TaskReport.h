#pragma once

#include "agents/toolbox/FinishReport.h"
#include "git/DiffTypes.h"
#include "git/SymbolicLink.h"
#include "store/StoreTypes.h"
#include "tasks/validation/ValidationResult.h"

#include <QList>
#include <QString>

#include <optional>
#include <vector>

// The report each iteration ends with: (1) what changed, (2) which tests passed, (3) which
// decisions the human should review. Pure: values in, Markdown and decisions out, the same
// output for the same input (files, lists and detected decisions are sorted).

namespace agentdesk::tasks {

// The kinds of decision found mechanically in a change, in the order the report lists them.
enum class DetectedKind
{
    DependencyManifest,    // "dependency-manifest": a manifest's dependencies or a lock file
    Migration,             // "migration": migration files, schema files, DDL in .sql files
    PublicApi,             // "public-api": public headers, declarations removed, exports
    TestsDeleted,          // "tests-deleted": test files or test functions gone, tests missing
    TestsSkipped,          // "tests-skipped": skip/xfail/ignore markers added, focused tests
    OutsidePromptPaths,    // "outside-prompt-paths": files outside the paths the prompt names
    LinkOutsideRepository, // "link-outside-repository": a symlink leaving the repository
};
QString detectedKindId(DetectedKind kind);
// The kind for an id; nullopt for "implementer", "reviewer" and unknown ids.
std::optional<DetectedKind> detectedKindFromId(const QString &id);

struct ReportDecision
{
    enum class Source
    {
        Implementer,
        Reviewer,
        Detected,
    };
    Source source = Source::Detected;
    QString kind; // detectedKindId(), or "implementer" / "reviewer"
    QString text; // plain text (not Markdown)
    QString file; // repository-relative; empty: the whole change
    int line = 0; // 1-based; 0: the whole file or change
    // `line` is on the base side (a removed line); otherwise on the head side.
    bool oldSide = false;
    friend bool operator==(const ReportDecision &, const ReportDecision &) = default;
};

QString reportDecisionSourceName(ReportDecision::Source source); // "implementer", ...

// Everything one iteration produced, as the engine has it when the iteration ends.
struct ReportInput
{
    QString title;
    QString prompt;
    int iteration = 1;
    QString requestText; // the revision request (iteration > 1)
    QString baseCommit;
    QString headCommit;
    std::vector<git::FileDelta> files; // the diff base..head
    std::optional<agents::FinishReport> implementerReport;
    QString implementerFinalText; // a CLI agent's closing message when there is no FinishReport
    std::optional<ValidationResult> validation;
    std::optional<BaseComparison> baseComparison;
    std::optional<store::ReviewVerdictRecord> verdict;
    QList<store::FindingRecord> findings;
    QString reviewError; // non-empty when the review failed
};

struct TaskReport
{
    QString markdown;
    // The implementer's, then the reviewer's (in their order), then the detected ones (sorted
    // by kind, file, line).
    QList<ReportDecision> decisions;
    int filesChanged = 0;
    int linesAdded = 0;
    int linesRemoved = 0;
};

TaskReport buildReport(const ReportInput &input);

// The decisions found mechanically in the diff and the validation's comparison with the base,
// sorted by kind, file and line.
QList<ReportDecision> detectDecisions(const ReportInput &input);

// The symbolic links the change adds or repoints, with their targets, sorted by path.
QList<git::SymbolicLink> changedLinks(const std::vector<git::FileDelta> &files);
// One blocking finding (priority 0, category "security", on the link's path) for every link
// the change adds or repoints that leaves the repository (git::leavesRepository): the engine
// stores them with the iteration's findings, so the merge gate refuses the task until the user
// acknowledges each link as intended (issue 16, break 11).
QList<store::FindingRecord> linkFindings(const std::vector<git::FileDelta> &files);

// The first 7 characters of a commit id (git's default abbreviation); empty stays empty.
QString shortCommit(const QString &commit);

} // namespace agentdesk::tasks
