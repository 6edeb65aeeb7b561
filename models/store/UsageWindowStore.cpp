// The usage_windows and task_resumes tables (migration 8): the writer's statements and the
// reader's queries, kept apart from the task tables' files.

#include "store/Connection.h"
#include "store/StoreReader.h"
#include "store/StoreWriter.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace agentdesk::store {

namespace {

QVariant msOrNull(const QDateTime &at)
{
    return at.isValid() ? QVariant(at.toMSecsSinceEpoch()) : QVariant(QMetaType(QMetaType::LongLong));
}

// A null QString binds as SQL NULL: the NOT NULL text columns get '' for "not said".
QString text(const QString &value)
{
    return value.isNull() ? QStringLiteral("") : value;
}

QDateTime fromMs(const QVariant &value)
{
    return value.isNull() ? QDateTime()
                          : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

VoidResult exec(Connection &c, QSqlQuery &q, const QString &sql, const QVariantList &values,
                const QString &what)
{
    if (!q.prepare(sql))
        return sqlError(q.lastError(), what, c.path());
    for (const QVariant &value : values)
        q.addBindValue(value);
    if (!q.exec())
        return sqlError(q.lastError(), what, c.path());
    return {};
}

} // namespace

VoidResult StoreWriter::recordUsageWindow(const UsageWindowRecord &window)
{
    return run([&](Connection &c) {
        QSqlQuery q = c.query();
        const QDateTime reported =
            window.reportedAt.isValid() ? window.reportedAt : QDateTime::currentDateTimeUtc();
        return exec(
            c, q,
            QStringLiteral("INSERT INTO usage_windows (agent, vendor, status, window_type,"
                           " resets_at, utilization, using_overage, reported_by, reported_at)"
                           " VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(agent) DO UPDATE SET"
                           " vendor=excluded.vendor, status=excluded.status,"
                           " window_type=excluded.window_type, resets_at=excluded.resets_at,"
                           " utilization=excluded.utilization,"
                           " using_overage=excluded.using_overage,"
                           " reported_by=excluded.reported_by, reported_at=excluded.reported_at"),
            {text(window.agent), text(window.vendor), text(window.status), text(window.windowType),
             msOrNull(window.resetsAt),
             window.utilization ? QVariant(*window.utilization)
                                : QVariant(QMetaType(QMetaType::Double)),
             int(window.usingOverage), window.reportedBy, reported.toMSecsSinceEpoch()},
            QStringLiteral("Recording the agent's usage window"));
    });
}

VoidResult StoreWriter::scheduleResume(const ScheduledResume &resume)
{
    return run([&](Connection &c) {
        QSqlQuery q = c.query();
        return exec(c, q,
                    QStringLiteral("INSERT INTO task_resumes (task_id, resume_at, cause)"
                                   " VALUES (?,?,?) ON CONFLICT(task_id) DO UPDATE SET"
                                   " resume_at=excluded.resume_at, cause=excluded.cause"),
                    {resume.taskId, resume.at.toMSecsSinceEpoch(), text(resume.cause)},
                    QStringLiteral("Recording when the task continues"));
    });
}

VoidResult StoreWriter::clearScheduledResume(TaskId id)
{
    return run([&](Connection &c) {
        QSqlQuery q = c.query();
        return exec(c, q, QStringLiteral("DELETE FROM task_resumes WHERE task_id=?"), {id},
                    QStringLiteral("Clearing when the task continues"));
    });
}

Result<QList<UsageWindowRecord>> StoreReader::usageWindows()
{
    QSqlQuery q = m_connection->query();
    q.setForwardOnly(true);
    if (VoidResult done = exec(*m_connection, q,
                               QStringLiteral("SELECT agent, vendor, status, window_type,"
                                              " resets_at, utilization, using_overage,"
                                              " reported_by, reported_at FROM usage_windows"
                                              " ORDER BY agent"),
                               {}, QStringLiteral("Reading the agents' usage windows"));
        !done)
        return done.error();
    QList<UsageWindowRecord> windows;
    while (q.next()) {
        UsageWindowRecord w;
        w.agent = q.value(0).toString();
        w.vendor = q.value(1).toString();
        w.status = q.value(2).toString();
        w.windowType = q.value(3).toString();
        w.resetsAt = fromMs(q.value(4));
        if (!q.value(5).isNull())
            w.utilization = q.value(5).toDouble();
        w.usingOverage = q.value(6).toBool();
        w.reportedBy = q.value(7).toLongLong();
        w.reportedAt = fromMs(q.value(8));
        windows.append(w);
    }
    return windows;
}

Result<QList<ScheduledResume>> StoreReader::scheduledResumes()
{
    QSqlQuery q = m_connection->query();
    q.setForwardOnly(true);
    if (VoidResult done = exec(*m_connection, q,
                               QStringLiteral("SELECT task_id, resume_at, cause FROM task_resumes"
                                              " ORDER BY resume_at, task_id"),
                               {}, QStringLiteral("Reading when paused tasks continue"));
        !done)
        return done.error();
    QList<ScheduledResume> resumes;
    while (q.next())
        resumes.append({q.value(0).toLongLong(), fromMs(q.value(1)), q.value(2).toString()});
    return resumes;
}

} // namespace agentdesk::store
