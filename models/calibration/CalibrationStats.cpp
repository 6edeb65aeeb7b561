#include "calibration/CalibrationStats.h"

#include "calibration/BugClass.h"
#include "store/StoreReader.h"

#include <QMap>

#include <algorithm>
#include <cmath>

namespace agentdesk::calibration {

namespace {

constexpr double kZ95 = 1.959963984540054;

Money divided(Money total, int count)
{
    const qint64 n = total.nanodollars();
    return Money::fromNanodollars((n + count / 2) / count);
}

int classOrder(const QString &id)
{
    const std::optional<BugClass> bugClass = bugClassFromId(id);
    return bugClass ? int(allBugClasses().indexOf(*bugClass)) : int(allBugClasses().size());
}

void addTo(ClassRate &rate, const store::CalibrationTally &tally)
{
    rate.seeded += tally.reviews;
    rate.caught += tally.caught;
    rate.caughtHighPriority += tally.caughtHighPriority;
    rate.failed += tally.failed;
}

void finishModel(ModelCalibration &m)
{
    std::sort(m.classes.begin(), m.classes.end(), [](const ClassRate &a, const ClassRate &b) {
        const int x = classOrder(a.bugClass);
        const int y = classOrder(b.bugClass);
        return x != y ? x < y : a.bugClass < b.bugClass;
    });
    m.overall = ClassRate();
    for (ClassRate &rate : m.classes) {
        rate.interval = wilsonInterval(rate.caught, rate.seeded);
        m.overall.seeded += rate.seeded;
        m.overall.caught += rate.caught;
        m.overall.caughtHighPriority += rate.caughtHighPriority;
        m.overall.failed += rate.failed;
    }
    m.overall.interval = wilsonInterval(m.overall.caught, m.overall.seeded);
}

} // namespace

Interval wilsonInterval(int successes, int trials)
{
    if (trials <= 0)
        return {};
    const double n = trials;
    const double p = double(successes) / n;
    const double z2 = kZ95 * kZ95;
    const double denominator = 1.0 + z2 / n;
    const double centre = (p + z2 / (2.0 * n)) / denominator;
    const double half = kZ95 * std::sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n)) / denominator;
    return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

std::optional<double> ModelCalibration::noisePerReview() const
{
    if (untouchedReviews <= 0)
        return std::nullopt;
    return double(untouchedFindings) / double(untouchedReviews);
}

std::optional<Money> ModelCalibration::costPerReview() const
{
    if (reviews <= 0)
        return std::nullopt;
    return divided(cost, reviews);
}

std::optional<Money> ModelCalibration::costPerCatch() const
{
    if (overall.caught <= 0)
        return std::nullopt;
    return divided(seededCost, overall.caught);
}

const ClassRate *ModelCalibration::rateFor(const QString &bugClass) const
{
    if (bugClass.isEmpty())
        return &overall;
    for (const ClassRate &rate : classes) {
        if (rate.bugClass == bugClass)
            return &rate;
    }
    return nullptr;
}

const ModelCalibration *CalibrationSummary::find(const QString &provider,
                                                 const QString &model) const
{
    for (const ModelCalibration &m : models) {
        if (m.model == model && (provider.isEmpty() || m.provider == provider))
            return &m;
    }
    return nullptr;
}

CalibrationSummary summarize(const QList<store::CalibrationTally> &tallies)
{
    QMap<QPair<QString, QString>, ModelCalibration> byModel;
    for (const store::CalibrationTally &tally : tallies) {
        ModelCalibration &m = byModel[{tally.provider, tally.model}];
        m.provider = tally.provider;
        m.model = tally.model;
        m.reviews += tally.reviews + tally.failed;
        m.cost += tally.cost;
        if (tally.day.isValid()) {
            if (!m.firstDay.isValid() || tally.day < m.firstDay)
                m.firstDay = tally.day;
            if (!m.lastDay.isValid() || tally.day > m.lastDay)
                m.lastDay = tally.day;
        }
        if (tally.bugClass.isEmpty()) {
            m.untouchedReviews += tally.reviews;
            m.untouchedFindings += tally.findings;
            continue;
        }
        m.seededCost += tally.cost;
        m.variantOtherFindings += tally.otherFindings;
        auto rate = std::find_if(m.classes.begin(), m.classes.end(),
                                 [&](const ClassRate &r) { return r.bugClass == tally.bugClass; });
        if (rate == m.classes.end()) {
            m.classes.append(ClassRate{});
            rate = m.classes.end() - 1;
            rate->bugClass = tally.bugClass;
        }
        addTo(*rate, tally);
    }
    CalibrationSummary summary;
    for (ModelCalibration &m : byModel) {
        finishModel(m);
        summary.models.append(m);
    }
    return summary;
}

QList<QPair<QDate, CalibrationSummary>>
summarizeByDay(const QList<store::CalibrationTally> &tallies)
{
    QMap<QDate, QList<store::CalibrationTally>> byDay;
    for (const store::CalibrationTally &tally : tallies)
        byDay[tally.day].append(tally);
    QList<QPair<QDate, CalibrationSummary>> days;
    for (auto it = byDay.constBegin(); it != byDay.constEnd(); ++it)
        days.append({it.key(), summarize(it.value())});
    return days;
}

QList<store::CalibrationTally> talliesOf(const QList<store::CalibrationReviewRecord> &reviews)
{
    QMap<std::tuple<QString, QString, QString, QDate>, store::CalibrationTally> sums;
    for (const store::CalibrationReviewRecord &r : reviews) {
        const QDate day = r.at.isValid() ? r.at.toLocalTime().date() : QDate();
        store::CalibrationTally &t = sums[{r.provider, r.model, r.bugClass, day}];
        t.provider = r.provider;
        t.model = r.model;
        t.bugClass = r.bugClass;
        t.day = day;
        t.cost += r.cost;
        const bool answered = r.outcome == store::CalibrationOutcome::Caught ||
                              r.outcome == store::CalibrationOutcome::Missed ||
                              r.outcome == store::CalibrationOutcome::Untouched;
        if (!answered) {
            ++t.failed;
            continue;
        }
        ++t.reviews;
        t.caught += r.caught() ? 1 : 0;
        t.caughtHighPriority += r.caught() && r.caughtHighPriority ? 1 : 0;
        t.findings += r.findings;
        t.otherFindings += r.otherFindings;
    }
    return sums.values();
}

QString trustSentence(const CalibrationSummary &summary, const QString &provider,
                      const QString &model, const QString &bugClass)
{
    const ModelCalibration *m = summary.find(provider, model);
    if (!m || m->overall.seeded == 0)
        return QStringLiteral("%1 has not been calibrated on this repository yet (agentdesk "
                              "calibrate measures it).")
            .arg(model);
    const QString kind = bugClass.isEmpty() ? QStringLiteral("seeded bugs")
                                            : QStringLiteral("seeded %1 bugs").arg(bugClass);
    const ClassRate *rate = m->rateFor(bugClass);
    if (!rate || rate->seeded == 0)
        return QStringLiteral("%1 has not been tested on %2 in this repository yet.")
            .arg(model, kind);
    QString sentence = QStringLiteral("%1 caught %2 of %3 %4 in this repository")
                           .arg(model)
                           .arg(rate->caught)
                           .arg(rate->seeded)
                           .arg(kind);
    if (const std::optional<Money> perCatch = m->costPerCatch(); perCatch && rate->caught > 0)
        sentence += QStringLiteral(", %1 per catch").arg(perCatch->format());
    return sentence;
}

QList<ModelComparisonRow> compareModels(const CalibrationSummary &summary,
                                        const QString &referenceModel)
{
    const ModelCalibration *reference = nullptr;
    for (const ModelCalibration &m : summary.models) {
        if (!referenceModel.isEmpty()) {
            if (m.reference() == referenceModel || m.model == referenceModel)
                reference = &m;
        } else if (m.costPerReview() &&
                   (!reference || *m.costPerReview() > *reference->costPerReview())) {
            reference = &m;
        }
    }
    QList<ModelComparisonRow> rows;
    for (const ModelCalibration &m : summary.models) {
        ModelComparisonRow row;
        row.reference = m.reference();
        row.overall = m.overall;
        row.noisePerReview = m.noisePerReview();
        row.costPerReview = m.costPerReview();
        row.costPerCatch = m.costPerCatch();
        row.isReference = &m == reference;
        if (reference && row.costPerReview && reference->costPerReview() &&
            reference->costPerReview()->nanodollars() > 0)
            row.cheaperThanReferencePercent =
                100.0 * (1.0 - double(row.costPerReview->nanodollars()) /
                                   double(reference->costPerReview()->nanodollars()));
        rows.append(row);
    }
    return rows;
}

Result<CalibrationSummary> loadCalibration(store::StoreReader &reader,
                                           const QString &repositoryPath, const QDateTime &since)
{
    Result<QList<store::CalibrationTally>> tallies =
        reader.calibrationTallies(repositoryPath, since);
    if (!tallies)
        return tallies.error();
    return summarize(*tallies);
}

Result<QString> loadTrustSentence(store::StoreReader &reader, const QString &repositoryPath,
                                  const QString &provider, const QString &model)
{
    Result<CalibrationSummary> summary = loadCalibration(reader, repositoryPath);
    if (!summary)
        return summary.error();
    return trustSentence(*summary, provider, model);
}

} // namespace agentdesk::calibration
