#pragma once

#include "core/Money.h"

#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QList>
#include <QString>

#include <optional>

// The rows of a reviewer calibration (models/calibration): a run seeds known defects into
// copies of a repository's recent changes and has each chosen reviewer model review every
// copy, and each change once untouched. Plain values; the calibration layer fills them in.

namespace agentdesk::store {

struct CalibrationRunRecord
{
    qint64 id = 0; // set by the store
    QString repositoryPath;
    QDateTime startedAt;
    QDateTime finishedAt; // invalid while it runs
    std::optional<Money> budget;
    Money spent; // the sum of its reviews' costs, kept by the store
    // "running", "finished", "budget-reached", "cancelled", "failed"
    QString status = QStringLiteral("running");
    QString note;
};

// How one review of one calibration item ended.
enum class CalibrationOutcome
{
    Caught,    // a seeded defect, flagged within three lines
    Missed,    // a seeded defect, not flagged there
    Untouched, // the original change: every finding is a false-positive candidate
    Failed,    // the review ended without an answer (provider error, malformed, over budget)
    Cancelled,
};
QString calibrationOutcomeStorageName(CalibrationOutcome outcome);
CalibrationOutcome calibrationOutcomeFromStorageName(const QString &name);

struct CalibrationReviewRecord
{
    qint64 id = 0; // set by the store
    qint64 runId = 0;
    QString provider;
    QString model;
    QString parentCommit;  // the review's diff starts here
    QString changeCommit;  // the change as it was made
    QString variantCommit; // the change with the seeded defect; empty for the untouched change
    QString bugClass;      // a calibration::BugClass id; empty for the untouched change
    QString language;
    QString file;
    int line = 0; // 1-based, on the new side of parent..variant
    QString description;
    QString originalText;
    QString seededText;
    CalibrationOutcome outcome = CalibrationOutcome::Failed;
    bool caughtHighPriority = false; // caught by a P0 or P1 finding
    int findings = 0;                // every finding of the review
    int otherFindings = 0;           // findings that are not at the seeded line
    QJsonArray findingsJson; // {file, side, start_line, end_line, priority, category, title}
    int calls = 0;
    qint64 inputTokens = 0; // fresh, cache writes and cache reads together
    qint64 outputTokens = 0;
    Money cost;
    QString error; // why a review failed
    QDateTime at;

    bool isSeeded() const { return !bugClass.isEmpty(); }
    bool caught() const { return outcome == CalibrationOutcome::Caught; }
};

// Reviews summed per reviewer model, bug class and local calendar day.
struct CalibrationTally
{
    QString provider;
    QString model;
    QString bugClass; // empty: the untouched changes
    QDate day;
    int reviews = 0; // that ended with an answer (caught + missed, or untouched reviews)
    int caught = 0;
    int caughtHighPriority = 0;
    int failed = 0;        // failed or cancelled: not in `reviews`
    int findings = 0;      // of the answered reviews
    int otherFindings = 0; // of the answered reviews
    Money cost;            // of every review, failed ones included
};

} // namespace agentdesk::store
