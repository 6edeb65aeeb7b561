// The reader's queries over the review tables that the queue and the review page ask for
// (the findings' counts per task, a verdict), kept apart from the task tables' file.

#include "store/ReaderQuery.h"
#include "store/StoreReader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QVariant>

namespace agentdesk::store {

using readerquery::select;

Result<QHash<TaskId, FindingCounts>> StoreReader::findingCounts(std::optional<TaskId> only)
{
    // One GROUP BY over the latest iteration's findings (findings_by_task covers the join), so
    // the queue's flags for 10,000 tasks are one statement, not one per task. "Blocking" is the
    // gate's rule (tasks::isBlockingFinding): open, priority 0-1, not acknowledged.
    QSqlQuery q = m_connection->query();
    const QString sql = QStringLiteral(
        "SELECT f.task_id, SUM(f.status = 'open'),"
        " SUM(f.status = 'open' AND f.priority <= 1 AND f.acknowledged = 0)"
        " FROM findings f JOIN (SELECT task_id, MAX(number) AS n FROM iterations%1"
        " GROUP BY task_id) latest ON latest.task_id = f.task_id AND f.iteration = latest.n"
        " GROUP BY f.task_id");
    if (auto done = select(
            *m_connection, q, sql.arg(only ? QStringLiteral(" WHERE task_id = ?") : QString()),
            only ? QVariantList{*only} : QVariantList(), QStringLiteral("Counting findings"));
        !done)
        return done.error();
    QHash<TaskId, FindingCounts> counts;
    while (q.next())
        counts.insert(q.value(0).toLongLong(),
                      FindingCounts{q.value(1).toInt(), q.value(2).toInt()});
    return counts;
}

Result<std::optional<ReviewVerdictRecord>> StoreReader::reviewVerdict(TaskId id, int iteration)
{
    QSqlQuery q = m_connection->query();
    if (auto done = select(*m_connection, q,
                           QStringLiteral("SELECT correct, explanation, confidence, decisions"
                                          " FROM review_verdicts WHERE task_id=? AND iteration=?"),
                           {id, iteration}, QStringLiteral("Loading the review verdict"));
        !done)
        return done.error();
    if (!q.next())
        return std::optional<ReviewVerdictRecord>();
    ReviewVerdictRecord v;
    v.taskId = id;
    v.iteration = iteration;
    v.correct = q.value(0).toBool();
    v.explanation = q.value(1).toString();
    v.confidence = q.value(2).toDouble();
    for (const QJsonValue &item : QJsonDocument::fromJson(q.value(3).toString().toUtf8()).array())
        v.decisionsToReview.append(item.toString());
    return std::optional<ReviewVerdictRecord>(v);
}

} // namespace agentdesk::store
