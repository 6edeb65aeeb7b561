// The pull_requests table (migration 4): the writer's statements and the reader's queries,
// kept apart from the task tables' files.

#include "store/Connection.h"
#include "store/SecretRedactor.h"
#include "store/StoreReader.h"
#include "store/StoreWriter.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace agentdesk::store {

namespace {

const QString kColumns = QStringLiteral(
    "task_id, forge, host, api_url, repository, remote, head_branch, base_branch, title, body,"
    " draft, confirmed, iteration, number, url, state, head_sha, checks_state, checks_sha,"
    " checks, checked_at, last_error, created_at, updated_at");

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QDateTime fromMs(const QVariant &value)
{
    return value.isNull() ? QDateTime()
                          : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

QString checksJson(const QJsonArray &checks)
{
    return QString::fromUtf8(QJsonDocument(checks).toJson(QJsonDocument::Compact));
}

// A body is the task's report; it passed through the redactor when the report was stored, and
// passes again here, with the error text a failed publish left.
QString clean(const QString &text)
{
    return SecretRedactor::redactText(text);
}

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

VoidResult expectRow(const QSqlQuery &q, const QString &what, tasks::TaskId id)
{
    if (q.numRowsAffected() == 1)
        return {};
    return makeError(QStringLiteral("not-found"),
                     what + QStringLiteral(": task ") + QString::number(id) +
                         QStringLiteral(" has no pull request record"));
}

PullRequestRecord recordFrom(const QSqlQuery &q)
{
    PullRequestRecord r;
    r.taskId = q.value(0).toLongLong();
    r.forge = q.value(1).toString();
    r.host = q.value(2).toString();
    r.apiUrl = q.value(3).toString();
    r.repository = q.value(4).toString();
    r.remote = q.value(5).toString();
    r.headBranch = q.value(6).toString();
    r.baseBranch = q.value(7).toString();
    r.title = q.value(8).toString();
    r.body = q.value(9).toString();
    r.draft = q.value(10).toBool();
    r.confirmed = q.value(11).toBool();
    r.iteration = q.value(12).toInt();
    r.number = q.value(13).toInt();
    r.url = q.value(14).toString();
    r.state = q.value(15).toString();
    r.headSha = q.value(16).toString();
    r.checksState = q.value(17).toString();
    r.checksSha = q.value(18).toString();
    r.checks = QJsonDocument::fromJson(q.value(19).toString().toUtf8()).array();
    r.checkedAt = fromMs(q.value(20));
    r.lastError = q.value(21).toString();
    r.createdAt = fromMs(q.value(22));
    r.updatedAt = fromMs(q.value(23));
    return r;
}

} // namespace

VoidResult StoreWriter::recordPublishIntent(const PullRequestRecord &record)
{
    return run([&](Connection &c) {
        QSqlQuery q = c.query();
        const qint64 now = nowMs();
        return exec(
            c, q,
            QStringLiteral(
                "INSERT INTO pull_requests(task_id, forge, host, api_url, repository, remote,"
                " head_branch, base_branch, title, body, draft, confirmed, iteration, created_at,"
                " updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,0,?,?,?)"
                " ON CONFLICT(task_id) DO UPDATE SET forge=excluded.forge, host=excluded.host,"
                " api_url=excluded.api_url, repository=excluded.repository,"
                " remote=excluded.remote, head_branch=excluded.head_branch,"
                " base_branch=excluded.base_branch, title=excluded.title, body=excluded.body,"
                " draft=excluded.draft, confirmed=0, iteration=excluded.iteration,"
                " last_error='', updated_at=excluded.updated_at"),
            {record.taskId, record.forge, record.host, record.apiUrl, record.repository,
             record.remote, record.headBranch, record.baseBranch, clean(record.title),
             clean(record.body), int(record.draft), record.iteration, now, now},
            QStringLiteral("Recording what is being published"));
    });
}

VoidResult StoreWriter::recordPublished(const PullRequestRecord &record)
{
    return run([&](Connection &c) -> VoidResult {
        QSqlQuery q = c.query();
        const QString what = QStringLiteral("Recording the published pull request");
        QString sql = QStringLiteral("UPDATE pull_requests SET title=?, body=?, draft=?,"
                                     " confirmed=1, number=?, url=?, state=?, head_sha=?,"
                                     " last_error='', updated_at=?");
        QVariantList values{
            clean(record.title), clean(record.body), int(record.draft), record.number,
            record.url,          record.state,       record.headSha,    nowMs()};
        if (record.checkedAt.isValid()) {
            sql += QStringLiteral(", checks_state=?, checks_sha=?, checks=?, checked_at=?");
            values << record.checksState << record.checksSha << checksJson(record.checks)
                   << record.checkedAt.toMSecsSinceEpoch();
        }
        sql += QStringLiteral(" WHERE task_id=?");
        values << record.taskId;
        if (VoidResult done = exec(c, q, sql, values, what); !done)
            return done;
        return expectRow(q, what, record.taskId);
    });
}

VoidResult StoreWriter::recordPublishFailure(TaskId id, const QString &message)
{
    return run([&](Connection &c) -> VoidResult {
        QSqlQuery q = c.query();
        const QString what = QStringLiteral("Recording why publishing failed");
        if (VoidResult done = exec(c, q,
                                   QStringLiteral("UPDATE pull_requests SET last_error=?,"
                                                  " updated_at=? WHERE task_id=?"),
                                   {clean(message), nowMs(), id}, what);
            !done)
            return done;
        return expectRow(q, what, id);
    });
}

VoidResult StoreWriter::recordPushedHead(TaskId id, const QString &sha)
{
    return run([&](Connection &c) -> VoidResult {
        QSqlQuery q = c.query();
        const QString what = QStringLiteral("Recording the pushed commit");
        if (VoidResult done = exec(c, q,
                                   QStringLiteral("UPDATE pull_requests SET head_sha=?,"
                                                  " updated_at=? WHERE task_id=?"),
                                   {sha, nowMs(), id}, what);
            !done)
            return done;
        return expectRow(q, what, id);
    });
}

VoidResult StoreWriter::updatePullRequestStatus(TaskId id, const QString &state,
                                                const QString &checksState,
                                                const QString &checksSha, const QJsonArray &checks)
{
    return run([&](Connection &c) -> VoidResult {
        QSqlQuery q = c.query();
        const QString what = QStringLiteral("Recording the pull request's state and checks");
        const qint64 now = nowMs();
        if (VoidResult done =
                exec(c, q,
                     QStringLiteral("UPDATE pull_requests SET state=?,"
                                    " checks_state=?, checks_sha=?, checks=?,"
                                    " checked_at=?, updated_at=? WHERE task_id=?"),
                     {state, checksState, checksSha, checksJson(checks), now, now, id}, what);
            !done)
            return done;
        return expectRow(q, what, id);
    });
}

Result<std::optional<PullRequestRecord>> StoreReader::pullRequest(TaskId id)
{
    QSqlQuery q = m_connection->query();
    q.setForwardOnly(true);
    if (VoidResult done = exec(*m_connection, q,
                               QStringLiteral("SELECT ") + kColumns +
                                   QStringLiteral(" FROM pull_requests WHERE task_id=?"),
                               {id}, QStringLiteral("Reading the task's pull request"));
        !done)
        return done.error();
    if (!q.next())
        return std::optional<PullRequestRecord>();
    return std::optional<PullRequestRecord>(recordFrom(q));
}

Result<QList<PullRequestRecord>> StoreReader::pullRequests()
{
    QSqlQuery q = m_connection->query();
    q.setForwardOnly(true);
    if (VoidResult done = exec(*m_connection, q,
                               QStringLiteral("SELECT ") + kColumns +
                                   QStringLiteral(" FROM pull_requests ORDER BY task_id"),
                               {}, QStringLiteral("Reading the pull requests"));
        !done)
        return done.error();
    QList<PullRequestRecord> records;
    while (q.next())
        records.append(recordFrom(q));
    return records;
}

} // namespace agentdesk::store
