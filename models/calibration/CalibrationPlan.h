#pragma once

#include "calibration/BugClass.h"
#include "calibration/SourceFile.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace agentdesk::calibration {

// A real change a reviewer can be shown: the diff parent..commit, described as its author
// described it. A commit on the base branch (its first parent and its message), or a finished
// task (its base commit, its head, its title and prompt).
struct Change
{
    QString parent;
    QString commit;
    QString title;
    QString prompt;
    // Bytes of the reviewer's first request for the untouched change (set by the planner).
    qint64 reviewBytes = 0;
};

// The change with exactly one known defect, written as a commit whose only parent is the
// change's parent, so the reviewer reviews parent..variantCommit like any task's diff.
struct Variant
{
    int change = 0; // index into CalibrationPlan::changes
    QString file;
    Language language = Language::Cpp;
    int line = 0; // 1-based, new side: where the defect is
    BugClass bugClass = BugClass::NullCheck;
    QString description;
    QString originalText; // the line(s) as the change wrote them
    QString seededText;   // the line as the variant has it; empty when lines were removed
    QString variantCommit;
    QString check; // how the variant was checked to parse, or why it was not
    qint64 reviewBytes = 0;
};

// What a calibration will review, built by CalibrationSession::plan().
struct CalibrationPlan
{
    QString repositoryPath; // the work tree, as the store records repositories
    QList<Change> changes;
    QList<Variant> variants;
    int changesScanned = 0;
    int candidates = 0;   // defects that could have been seeded
    int failedChecks = 0; // candidates dropped because the variant no longer parsed
    QStringList notes;    // e.g. "node is not installed: ... not checked"

    // The changes that have at least one variant (the only ones reviewed untouched).
    QList<int> usedChanges() const;
};

// How to build a plan.
struct PlanRequest
{
    QString repositoryPath;
    QString revision = QStringLiteral("HEAD"); // the base branch whose history is used
    int bugs = 20;                             // variants to seed (fewer when the code has less)
    int historyDepth = 40;                     // first-parent commits looked at
    int maxVariantsPerChange = 4;
    int maxChangeAddedLines = 400; // larger changes are skipped: too dear to review many times
    int maxChangeFiles = 25;
    // A finished task's diff instead of the history: parent = its base commit.
    std::optional<Change> change;
    // The programs of the cheap parse checks; empty: looked up on PATH.
    QString python;
    QString node;
};

} // namespace agentdesk::calibration

Q_DECLARE_METATYPE(agentdesk::calibration::CalibrationPlan)
