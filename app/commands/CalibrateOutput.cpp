#include "app/commands/CalibrateOutput.h"

#include "calibration/CalibrationStats.h"

#include <QJsonArray>
#include <QTextStream>

namespace agentdesk::app {

using namespace calibration;

namespace {

QString percent(double fraction)
{
    return QString::number(qRound(fraction * 100.0)) + QLatin1Char('%');
}

QString intervalText(const Interval &interval)
{
    return QStringLiteral("%1-%2").arg(qRound(interval.low * 100.0)).arg(percent(interval.high));
}

QString moneyText(const std::optional<Money> &money)
{
    return money ? money->format() : QStringLiteral("-");
}

QJsonValue moneyJson(const std::optional<Money> &money)
{
    return money ? QJsonValue(money->toDecimalString()) : QJsonValue();
}

QJsonObject intervalJson(const Interval &interval)
{
    return {{QStringLiteral("low"), interval.low}, {QStringLiteral("high"), interval.high}};
}

QJsonObject rateJson(const ClassRate &rate)
{
    return {
        {QStringLiteral("class"), rate.bugClass.isEmpty() ? QStringLiteral("all") : rate.bugClass},
        {QStringLiteral("seeded"), rate.seeded},
        {QStringLiteral("caught"), rate.caught},
        {QStringLiteral("caught_p0_p1"), rate.caughtHighPriority},
        {QStringLiteral("failed"), rate.failed},
        {QStringLiteral("catch_rate"), rate.rate()},
        {QStringLiteral("interval_95"), intervalJson(rate.interval)},
    };
}

CalibrationSummary summaryOf(const CalibrationReport &report)
{
    return summarize(talliesOf(reviewRecords(report)));
}

QString row(const QStringList &cells, const QList<int> &widths)
{
    QString line;
    for (qsizetype i = 0; i < cells.size(); ++i)
        line += i + 1 < cells.size()
                    ? cells.at(i).leftJustified(widths.value(i) - 1) + QLatin1Char(' ')
                    : cells.at(i);
    while (line.endsWith(QLatin1Char(' ')))
        line.chop(1);
    return line + QLatin1Char('\n');
}

void writeModel(QTextStream &out, const ModelCalibration &m)
{
    const QList<int> widths = {34, 19, 10, 6, 14, 7};
    QString name = m.reference();
    QList<ClassRate> rates = m.classes;
    ClassRate all = m.overall;
    all.bugClass = QStringLiteral("all classes");
    rates.append(all);
    for (const ClassRate &rate : std::as_const(rates)) {
        out << row({name, rate.bugClass,
                    QStringLiteral("%1 of %2").arg(rate.caught).arg(rate.seeded),
                    rate.seeded ? percent(rate.rate()) : QStringLiteral("-"),
                    rate.seeded ? intervalText(rate.interval) : QStringLiteral("-"),
                    QString::number(rate.caughtHighPriority),
                    rate.failed ? QStringLiteral("%1 failed").arg(rate.failed) : QString()},
                   widths);
        name.clear();
    }
    const QString indent(widths.first(), QLatin1Char(' '));
    const std::optional<double> noise = m.noisePerReview();
    out << indent
        << QStringLiteral("noise: %1 findings per untouched change (%2 reviews)")
               .arg(noise ? QString::number(*noise, 'f', 1) : QStringLiteral("-"))
               .arg(m.untouchedReviews)
        << "\n";
    out << indent
        << QStringLiteral("cost: %1 in %2 reviews (%3 per review, %4 per catch)")
               .arg(m.cost.format())
               .arg(m.reviews)
               .arg(moneyText(m.costPerReview()), moneyText(m.costPerCatch()))
        << "\n";
}

void writeComparison(QTextStream &out, const CalibrationSummary &summary,
                     const QString &referenceModel)
{
    const QList<ModelComparisonRow> rows = compareModels(summary, referenceModel);
    const QList<int> widths = {34, 10, 6, 14, 7, 12, 11};
    out << "\nReviewers side by side\n";
    out << row({QStringLiteral("reviewer"), QStringLiteral("caught"), QStringLiteral("rate"),
                QStringLiteral("95% interval"), QStringLiteral("noise"),
                QStringLiteral("per review"), QStringLiteral("per catch"),
                QStringLiteral("cost vs reference")},
               widths);
    for (const ModelComparisonRow &r : rows) {
        QString versus = QStringLiteral("-");
        if (r.isReference)
            versus = QStringLiteral("reference");
        else if (r.cheaperThanReferencePercent)
            versus =
                *r.cheaperThanReferencePercent >= 0
                    ? QStringLiteral("%1% cheaper").arg(qRound(*r.cheaperThanReferencePercent))
                    : QStringLiteral("%1% dearer").arg(-qRound(*r.cheaperThanReferencePercent));
        out << row(
            {r.reference, QStringLiteral("%1 of %2").arg(r.overall.caught).arg(r.overall.seeded),
             percent(r.overall.rate()), intervalText(r.overall.interval),
             r.noisePerReview ? QString::number(*r.noisePerReview, 'f', 1) : QStringLiteral("-"),
             moneyText(r.costPerReview), moneyText(r.costPerCatch), versus},
            widths);
    }
}

} // namespace

QString calibrationTable(const CalibrationReport &report, const QString &referenceModel)
{
    QString text;
    QTextStream out(&text);
    const CalibrationPlan &plan = report.request.plan;
    out << QStringLiteral("Calibration of %1: %2 seeded bugs in %3 changes (%4 candidates")
               .arg(plan.repositoryPath)
               .arg(plan.variants.size())
               .arg(plan.usedChanges().size())
               .arg(plan.candidates);
    if (plan.failedChecks > 0)
        out << QStringLiteral("; %1 dropped: no longer parsed").arg(plan.failedChecks);
    out << ")\n";
    out << QStringLiteral("Budget %1: expected %2, at most %3; spent %4 (%5)\n")
               .arg(report.request.budget ? report.request.budget->format()
                                          : QStringLiteral("none"),
                    report.estimate.expected.format(), report.estimate.worstCase.format(),
                    report.spent.format(), report.status);
    if (!report.note.isEmpty())
        out << report.note << "\n";
    const CalibrationSummary summary = summaryOf(report);
    out << "\n"
        << row({QStringLiteral("reviewer"), QStringLiteral("class"), QStringLiteral("caught"),
                QStringLiteral("rate"), QStringLiteral("95% interval"), QStringLiteral("P0/P1"),
                QString()},
               {34, 19, 10, 6, 14, 7});
    for (const ModelCalibration &m : summary.models)
        writeModel(out, m);
    if (summary.models.size() > 1)
        writeComparison(out, summary, referenceModel);
    out << "\n";
    for (const ModelCalibration &m : summary.models)
        out << trustSentence(summary, m.provider, m.model) << "\n";
    for (const QString &note : plan.notes)
        out << "note: " << note << "\n";
    out.flush();
    return text;
}

namespace {

QJsonObject modelJson(const CalibrationSummary &summary, const ModelCalibration &m)
{
    QJsonArray classes;
    for (const ClassRate &rate : m.classes)
        classes.append(rateJson(rate));
    QJsonObject model = rateJson(m.overall);
    model.remove(QStringLiteral("class"));
    model.insert(QStringLiteral("reviewer"), m.reference());
    model.insert(QStringLiteral("classes"), classes);
    model.insert(QStringLiteral("untouched_reviews"), m.untouchedReviews);
    model.insert(QStringLiteral("untouched_findings"), m.untouchedFindings);
    const std::optional<double> noise = m.noisePerReview();
    model.insert(QStringLiteral("noise_per_review"), noise ? QJsonValue(*noise) : QJsonValue());
    model.insert(QStringLiteral("other_findings_on_variants"), m.variantOtherFindings);
    model.insert(QStringLiteral("reviews"), m.reviews);
    model.insert(QStringLiteral("cost_usd"), m.cost.toDecimalString());
    model.insert(QStringLiteral("cost_nanodollars"), m.cost.nanodollars());
    model.insert(QStringLiteral("cost_per_review_usd"), moneyJson(m.costPerReview()));
    model.insert(QStringLiteral("cost_per_catch_usd"), moneyJson(m.costPerCatch()));
    model.insert(QStringLiteral("summary"), trustSentence(summary, m.provider, m.model));
    return model;
}

QJsonArray comparisonJson(const CalibrationSummary &summary, const QString &referenceModel)
{
    QJsonArray comparison;
    for (const ModelComparisonRow &r : compareModels(summary, referenceModel)) {
        comparison.append(QJsonObject{
            {QStringLiteral("reviewer"), r.reference},
            {QStringLiteral("catch_rate"), r.overall.rate()},
            {QStringLiteral("cost_per_review_usd"), moneyJson(r.costPerReview)},
            {QStringLiteral("cost_per_catch_usd"), moneyJson(r.costPerCatch)},
            {QStringLiteral("cheaper_than_reference_percent"),
             r.cheaperThanReferencePercent ? QJsonValue(*r.cheaperThanReferencePercent)
                                           : QJsonValue()},
            {QStringLiteral("reference"), r.isReference},
        });
    }
    return comparison;
}

QJsonObject reviewJson(const store::CalibrationReviewRecord &r)
{
    QJsonObject review{
        {QStringLiteral("reviewer"), QString(r.provider + QLatin1Char(':') + r.model)},
        {QStringLiteral("change"), r.changeCommit},
        {QStringLiteral("outcome"), store::calibrationOutcomeStorageName(r.outcome)},
        {QStringLiteral("findings"), r.findingsJson},
        {QStringLiteral("other_findings"), r.otherFindings},
        {QStringLiteral("calls"), r.calls},
        {QStringLiteral("cost_usd"), r.cost.toDecimalString()},
        {QStringLiteral("cost_nanodollars"), r.cost.nanodollars()},
        {QStringLiteral("error"), r.error},
    };
    if (!r.isSeeded())
        return review;
    review.insert(QStringLiteral("variant_commit"), r.variantCommit);
    review.insert(QStringLiteral("file"), r.file);
    review.insert(QStringLiteral("line"), r.line);
    review.insert(QStringLiteral("class"), r.bugClass);
    review.insert(QStringLiteral("language"), r.language);
    review.insert(QStringLiteral("description"), r.description);
    review.insert(QStringLiteral("original"), r.originalText);
    review.insert(QStringLiteral("seeded"), r.seededText);
    review.insert(QStringLiteral("caught"), r.caught());
    review.insert(QStringLiteral("caught_p0_p1"), r.caught() && r.caughtHighPriority);
    return review;
}

} // namespace

QJsonObject calibrationJson(const CalibrationReport &report, const QString &referenceModel)
{
    const CalibrationPlan &plan = report.request.plan;
    const CalibrationSummary summary = summaryOf(report);
    QJsonArray models;
    for (const ModelCalibration &m : summary.models)
        models.append(modelJson(summary, m));
    QJsonArray variants;
    QJsonArray untouched;
    for (const store::CalibrationReviewRecord &r : reviewRecords(report))
        (r.isSeeded() ? variants : untouched).append(reviewJson(r));
    QJsonArray changes;
    for (int index : plan.usedChanges()) {
        const Change &change = plan.changes.at(index);
        changes.append(QJsonObject{{QStringLiteral("commit"), change.commit},
                                   {QStringLiteral("parent"), change.parent},
                                   {QStringLiteral("title"), change.title}});
    }
    return {
        {QStringLiteral("repository"), plan.repositoryPath},
        {QStringLiteral("run_id"), report.runId},
        {QStringLiteral("status"), report.status},
        {QStringLiteral("note"), report.note},
        {QStringLiteral("budget_usd"), moneyJson(report.request.budget)},
        {QStringLiteral("expected_usd"), report.estimate.expected.toDecimalString()},
        {QStringLiteral("worst_case_usd"), report.estimate.worstCase.toDecimalString()},
        {QStringLiteral("spent_usd"), report.spent.toDecimalString()},
        {QStringLiteral("spent_nanodollars"), report.spent.nanodollars()},
        {QStringLiteral("reviews_planned"), int(report.estimate.slots.size())},
        {QStringLiteral("reviews_run"), int(report.results.size())},
        {QStringLiteral("candidates"), plan.candidates},
        {QStringLiteral("dropped_unparsable"), plan.failedChecks},
        {QStringLiteral("changes"), changes},
        {QStringLiteral("notes"), QJsonArray::fromStringList(plan.notes)},
        {QStringLiteral("models"), models},
        {QStringLiteral("comparison"), comparisonJson(summary, referenceModel)},
        {QStringLiteral("variants"), variants},
        {QStringLiteral("untouched"), untouched},
    };
}

QString reviewProgressLine(const RunRequest &request, const ReviewResult &result, int total)
{
    const QString who = request.reviewers.at(result.review.reviewer).toString();
    QString what;
    if (result.review.variant < 0) {
        what = QStringLiteral("untouched %1: %2 finding(s)")
                   .arg(request.plan.changes.at(result.review.change).commit.left(10))
                   .arg(result.score.findings);
    } else {
        const Variant &variant = request.plan.variants.at(result.review.variant);
        what = QStringLiteral("%1 %2:%3: %4")
                   .arg(bugClassId(variant.bugClass), variant.file)
                   .arg(variant.line)
                   .arg(store::calibrationOutcomeStorageName(result.outcome));
    }
    if (!result.error.isEmpty())
        what += QStringLiteral(" (%1)").arg(result.error);
    return QStringLiteral("[%1/%2] %3 %4, %5\n")
        .arg(result.slot + 1)
        .arg(total)
        .arg(who, what, result.cost.format());
}

} // namespace agentdesk::app
