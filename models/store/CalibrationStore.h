#pragma once

#include "core/Result.h"
#include "store/CalibrationRecords.h"

#include <QList>

namespace agentdesk::store {

class Connection;

// The writer's calibration statements: each runs inside the writer thread's transaction.
class CalibrationWrites
{
public:
    // A new run in "running" for the repository (recorded if new). Returns its id.
    static Result<qint64> createRun(Connection &c, const CalibrationRunRecord &run);
    // One review, and its cost added to the run's spend.
    static Result<qint64> saveReview(Connection &c, const CalibrationReviewRecord &review);
    static VoidResult finishRun(Connection &c, qint64 runId, const QString &status,
                                const QString &note, const QDateTime &at);
};

// The readers' calibration queries.
class CalibrationReads
{
public:
    // Per reviewer model, bug class and local day, for the repository's reviews at or after
    // `since` (any time when invalid); oldest day first.
    static Result<QList<CalibrationTally>> tallies(Connection &c, const QString &repositoryPath,
                                                   const QDateTime &since);
    // The repository's runs, newest first.
    static Result<QList<CalibrationRunRecord>> runs(Connection &c, const QString &repositoryPath);
    // A run's reviews in the order they ran.
    static Result<QList<CalibrationReviewRecord>> reviews(Connection &c, qint64 runId);
};

} // namespace agentdesk::store
