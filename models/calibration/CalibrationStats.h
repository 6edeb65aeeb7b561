#pragma once

#include "core/Money.h"
#include "core/Result.h"
#include "store/CalibrationRecords.h"

#include <QDate>
#include <QList>
#include <QString>

#include <optional>

namespace agentdesk::store {
class StoreReader;
}

namespace agentdesk::calibration {

// A proportion's 95 % Wilson score interval, as fractions: 3 of 4 is 0.30–0.95, 75 of 100 is
// 0.66–0.82, so a small sample never reads like a large one. 0–1 when there are no trials.
struct Interval
{
    double low = 0.0;
    double high = 1.0;
};
Interval wilsonInterval(int successes, int trials);

struct ClassRate
{
    QString bugClass; // a BugClass id; empty for every class together
    int seeded = 0;   // reviews of seeded variants that ended with an answer
    int caught = 0;
    int caughtHighPriority = 0;
    int failed = 0; // reviews of this class's variants that ended without one
    Interval interval;

    double rate() const { return seeded > 0 ? double(caught) / double(seeded) : 0.0; }
};

// One reviewer model's calibration on one repository.
struct ModelCalibration
{
    QString provider;
    QString model;
    QList<ClassRate> classes; // the classes it was tested on, in BugClass order
    ClassRate overall;
    int untouchedReviews = 0;
    int untouchedFindings = 0;    // false-positive candidates
    int variantOtherFindings = 0; // findings on variants away from the seeded line
    int reviews = 0;              // every review, failed ones included
    Money cost;                   // of every review
    Money seededCost;             // of the reviews of seeded variants
    QDate firstDay;
    QDate lastDay;

    QString reference() const { return provider + QLatin1Char(':') + model; }
    // False-positive candidates per review of an untouched change.
    std::optional<double> noisePerReview() const;
    std::optional<Money> costPerReview() const;
    // What the seeded reviews cost per defect caught.
    std::optional<Money> costPerCatch() const;
    const ClassRate *rateFor(const QString &bugClass) const;
};

struct CalibrationSummary
{
    QList<ModelCalibration> models; // sorted by provider, then model

    const ModelCalibration *find(const QString &provider, const QString &model) const;
    bool isEmpty() const { return models.isEmpty(); }
};

// Folds the store's per-day sums into one summary per model.
CalibrationSummary summarize(const QList<store::CalibrationTally> &tallies);
// The same, one summary per local day with reviews: the view's "over time".
QList<QPair<QDate, CalibrationSummary>>
summarizeByDay(const QList<store::CalibrationTally> &tallies);
// One run's results as the tallies the store would give for them.
QList<store::CalibrationTally> talliesOf(const QList<store::CalibrationReviewRecord> &reviews);

// The review page's line next to the reviewer's verdict, e.g. "claude-haiku-4-5 caught 17 of
// 20 seeded null-check bugs in this repository, $0.004 per catch". `bugClass` empty: every
// class together ("seeded bugs"). When the model was never calibrated here, it says so.
QString trustSentence(const CalibrationSummary &summary, const QString &provider,
                      const QString &model, const QString &bugClass = QString());

// The split, measured: each model's catch rate next to its cost, the dearest model as the
// reference unless one is named (the implementer's model, run as a reviewer).
struct ModelComparisonRow
{
    QString reference; // provider:model
    ClassRate overall;
    std::optional<double> noisePerReview;
    std::optional<Money> costPerReview;
    std::optional<Money> costPerCatch;
    // How much cheaper a review is than the reference's, in percent (negative: dearer).
    std::optional<double> cheaperThanReferencePercent;
    bool isReference = false;
};
QList<ModelComparisonRow> compareModels(const CalibrationSummary &summary,
                                        const QString &referenceModel = QString());

// The wiring for the window: a repository's calibration from the store, all time or since a
// day, and the sentence for the reviewer that reviewed a task. Blocking: on a worker.
Result<CalibrationSummary> loadCalibration(store::StoreReader &reader,
                                           const QString &repositoryPath,
                                           const QDateTime &since = QDateTime());
Result<QString> loadTrustSentence(store::StoreReader &reader, const QString &repositoryPath,
                                  const QString &provider, const QString &model);

} // namespace agentdesk::calibration
