#include "store/CalibrationStore.h"

#include "store/Connection.h"
#include "store/SecretRedactor.h"
#include "store/TaskWrites.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace agentdesk::store {

namespace {

VoidResult exec(Connection &c, QSqlQuery &q, const QString &sql, const QVariantList &values,
                const QString &what)
{
    if (!q.prepare(sql))
        return sqlError(q.lastError(), what, c.path());
    for (const QVariant &value : values) {
        const bool nullText = value.typeId() == QMetaType::QString && value.toString().isNull();
        q.addBindValue(nullText ? QVariant(QStringLiteral("")) : value);
    }
    if (!q.exec())
        return sqlError(q.lastError(), what, c.path());
    return {};
}

qint64 msOrNow(const QDateTime &at)
{
    return at.isValid() ? at.toMSecsSinceEpoch() : QDateTime::currentMSecsSinceEpoch();
}

QDateTime fromMs(const QVariant &value)
{
    return value.isNull() ? QDateTime()
                          : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

// Finding titles are the model's words; like every other text the store keeps, they pass
// through the redactor in case a model echoed a credential it read.
QString findingsText(const QJsonArray &findings)
{
    return SecretRedactor::redactText(
        QString::fromUtf8(QJsonDocument(findings).toJson(QJsonDocument::Compact)));
}

} // namespace

QString calibrationOutcomeStorageName(CalibrationOutcome outcome)
{
    switch (outcome) {
    case CalibrationOutcome::Caught:
        return QStringLiteral("caught");
    case CalibrationOutcome::Missed:
        return QStringLiteral("missed");
    case CalibrationOutcome::Untouched:
        return QStringLiteral("untouched");
    case CalibrationOutcome::Cancelled:
        return QStringLiteral("cancelled");
    case CalibrationOutcome::Failed:
        break;
    }
    return QStringLiteral("failed");
}

CalibrationOutcome calibrationOutcomeFromStorageName(const QString &name)
{
    for (CalibrationOutcome outcome :
         {CalibrationOutcome::Caught, CalibrationOutcome::Missed, CalibrationOutcome::Untouched,
          CalibrationOutcome::Cancelled}) {
        if (calibrationOutcomeStorageName(outcome) == name)
            return outcome;
    }
    return CalibrationOutcome::Failed;
}

Result<qint64> CalibrationWrites::createRun(Connection &c, const CalibrationRunRecord &run)
{
    const Result<qint64> repository = TaskWrites::ensureRepository(c, run.repositoryPath);
    if (!repository)
        return repository.error();
    QSqlQuery q = c.query();
    if (auto done = exec(c, q,
                         QStringLiteral("INSERT INTO calibration_runs(repository_id, started_at,"
                                        " budget_nanos, status, note) VALUES (?,?,?,?,?)"),
                         {*repository, msOrNow(run.startedAt),
                          run.budget ? QVariant(run.budget->nanodollars()) : QVariant(), run.status,
                          SecretRedactor::redactText(run.note)},
                         QStringLiteral("Recording a calibration run"));
        !done)
        return done.error();
    return q.lastInsertId().toLongLong();
}

Result<qint64> CalibrationWrites::saveReview(Connection &c, const CalibrationReviewRecord &r)
{
    QSqlQuery q = c.query();
    const QString what = QStringLiteral("Recording a calibration review");
    if (auto done =
            exec(c, q,
                 QStringLiteral(
                     "INSERT INTO calibration_reviews(run_id, provider, model, parent_commit,"
                     " change_commit, variant_commit, bug_class, language, file, line, description,"
                     " original_text, seeded_text, outcome, caught_high, findings, other_findings,"
                     " findings_json, calls, input_tokens, output_tokens, cost_nanos, error, at)"
                     " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
                 {r.runId,
                  r.provider,
                  r.model,
                  r.parentCommit,
                  r.changeCommit,
                  r.variantCommit,
                  r.bugClass,
                  r.language,
                  r.file,
                  r.line,
                  r.description,
                  SecretRedactor::redactText(r.originalText),
                  SecretRedactor::redactText(r.seededText),
                  calibrationOutcomeStorageName(r.outcome),
                  int(r.caughtHighPriority),
                  r.findings,
                  r.otherFindings,
                  findingsText(r.findingsJson),
                  r.calls,
                  r.inputTokens,
                  r.outputTokens,
                  r.cost.nanodollars(),
                  SecretRedactor::redactText(r.error),
                  msOrNow(r.at)},
                 what);
        !done)
        return done.error();
    const qint64 id = q.lastInsertId().toLongLong();
    QSqlQuery update = c.query();
    if (auto done = exec(c, update,
                         QStringLiteral("UPDATE calibration_runs SET spent_nanos = spent_nanos + ?"
                                        " WHERE id = ?"),
                         {r.cost.nanodollars(), r.runId}, what);
        !done)
        return done.error();
    return id;
}

VoidResult CalibrationWrites::finishRun(Connection &c, qint64 runId, const QString &status,
                                        const QString &note, const QDateTime &at)
{
    QSqlQuery q = c.query();
    return exec(c, q,
                QStringLiteral("UPDATE calibration_runs SET status = ?, note = ?, finished_at = ?"
                               " WHERE id = ?"),
                {status, SecretRedactor::redactText(note), msOrNow(at), runId},
                QStringLiteral("Finishing a calibration run"));
}

Result<QList<CalibrationTally>>
CalibrationReads::tallies(Connection &c, const QString &repositoryPath, const QDateTime &since)
{
    // 'localtime' buckets by the machine's calendar day, as the daily budget does.
    QSqlQuery q = c.query();
    if (auto done =
            exec(c, q,
                 QStringLiteral(
                     "SELECT v.provider, v.model, v.bug_class,"
                     " date(v.at / 1000, 'unixepoch', 'localtime') AS day,"
                     " SUM(v.outcome IN ('caught', 'missed', 'untouched')),"
                     " SUM(v.outcome = 'caught'), SUM(v.outcome = 'caught' AND v.caught_high),"
                     " SUM(v.outcome IN ('failed', 'cancelled')),"
                     " SUM(CASE WHEN v.outcome IN ('caught', 'missed', 'untouched')"
                     "     THEN v.findings ELSE 0 END),"
                     " SUM(CASE WHEN v.outcome IN ('caught', 'missed', 'untouched')"
                     "     THEN v.other_findings ELSE 0 END),"
                     " SUM(v.cost_nanos)"
                     " FROM calibration_reviews v"
                     " JOIN calibration_runs r ON r.id = v.run_id"
                     " JOIN repositories p ON p.id = r.repository_id"
                     " WHERE p.path = ? AND v.at >= ?"
                     " GROUP BY v.provider, v.model, v.bug_class, day"
                     " ORDER BY day, v.provider, v.model, v.bug_class"),
                 {repositoryPath, since.isValid() ? since.toMSecsSinceEpoch() : qint64(0)},
                 QStringLiteral("Reading the calibration results"));
        !done)
        return done.error();
    QList<CalibrationTally> tallies;
    while (q.next()) {
        CalibrationTally t;
        t.provider = q.value(0).toString();
        t.model = q.value(1).toString();
        t.bugClass = q.value(2).toString();
        t.day = QDate::fromString(q.value(3).toString(), Qt::ISODate);
        t.reviews = q.value(4).toInt();
        t.caught = q.value(5).toInt();
        t.caughtHighPriority = q.value(6).toInt();
        t.failed = q.value(7).toInt();
        t.findings = q.value(8).toInt();
        t.otherFindings = q.value(9).toInt();
        t.cost = Money::fromNanodollars(q.value(10).toLongLong());
        tallies.append(t);
    }
    return tallies;
}

Result<QList<CalibrationRunRecord>> CalibrationReads::runs(Connection &c,
                                                           const QString &repositoryPath)
{
    QSqlQuery q = c.query();
    if (auto done = exec(c, q,
                         QStringLiteral("SELECT r.id, p.path, r.started_at, r.finished_at,"
                                        " r.budget_nanos, r.spent_nanos, r.status, r.note"
                                        " FROM calibration_runs r"
                                        " JOIN repositories p ON p.id = r.repository_id"
                                        " WHERE p.path = ? ORDER BY r.id DESC"),
                         {repositoryPath}, QStringLiteral("Reading the calibration runs"));
        !done)
        return done.error();
    QList<CalibrationRunRecord> runs;
    while (q.next()) {
        CalibrationRunRecord run;
        run.id = q.value(0).toLongLong();
        run.repositoryPath = q.value(1).toString();
        run.startedAt = fromMs(q.value(2));
        run.finishedAt = fromMs(q.value(3));
        if (!q.value(4).isNull())
            run.budget = Money::fromNanodollars(q.value(4).toLongLong());
        run.spent = Money::fromNanodollars(q.value(5).toLongLong());
        run.status = q.value(6).toString();
        run.note = q.value(7).toString();
        runs.append(run);
    }
    return runs;
}

Result<QList<CalibrationReviewRecord>> CalibrationReads::reviews(Connection &c, qint64 runId)
{
    QSqlQuery q = c.query();
    if (auto done = exec(
            c, q,
            QStringLiteral("SELECT id, run_id, provider, model, parent_commit, change_commit,"
                           " variant_commit, bug_class, language, file, line, description,"
                           " original_text, seeded_text, outcome, caught_high, findings,"
                           " other_findings, findings_json, calls, input_tokens, output_tokens,"
                           " cost_nanos, error, at FROM calibration_reviews WHERE run_id = ?"
                           " ORDER BY id"),
            {runId}, QStringLiteral("Reading a calibration run's reviews"));
        !done)
        return done.error();
    QList<CalibrationReviewRecord> reviews;
    while (q.next()) {
        CalibrationReviewRecord r;
        int i = 0;
        r.id = q.value(i++).toLongLong();
        r.runId = q.value(i++).toLongLong();
        r.provider = q.value(i++).toString();
        r.model = q.value(i++).toString();
        r.parentCommit = q.value(i++).toString();
        r.changeCommit = q.value(i++).toString();
        r.variantCommit = q.value(i++).toString();
        r.bugClass = q.value(i++).toString();
        r.language = q.value(i++).toString();
        r.file = q.value(i++).toString();
        r.line = q.value(i++).toInt();
        r.description = q.value(i++).toString();
        r.originalText = q.value(i++).toString();
        r.seededText = q.value(i++).toString();
        r.outcome = calibrationOutcomeFromStorageName(q.value(i++).toString());
        r.caughtHighPriority = q.value(i++).toBool();
        r.findings = q.value(i++).toInt();
        r.otherFindings = q.value(i++).toInt();
        r.findingsJson = QJsonDocument::fromJson(q.value(i++).toString().toUtf8()).array();
        r.calls = q.value(i++).toInt();
        r.inputTokens = q.value(i++).toLongLong();
        r.outputTokens = q.value(i++).toLongLong();
        r.cost = Money::fromNanodollars(q.value(i++).toLongLong());
        r.error = q.value(i++).toString();
        r.at = fromMs(q.value(i++));
        reviews.append(r);
    }
    return reviews;
}

} // namespace agentdesk::store
