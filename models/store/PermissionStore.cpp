// The permission_questions table (migration 7): the writer's statements and the reader's
// query, kept apart from the task tables' files.

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

const QString kColumns =
    QStringLiteral("id, task_id, iteration, request_id, tool_name, summary, reason, request,"
                   " asked_at, answer, answered_by, answered_at, settled");

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
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
    for (const QVariant &value : values) {
        const bool nullText = value.typeId() == QMetaType::QString && value.toString().isNull();
        q.addBindValue(nullText ? QVariant(QStringLiteral("")) : value);
    }
    if (!q.exec())
        return sqlError(q.lastError(), what, c.path());
    return {};
}

PermissionQuestionRecord recordFrom(const QSqlQuery &q)
{
    PermissionQuestionRecord r;
    r.id = q.value(0).toLongLong();
    r.taskId = q.value(1).toLongLong();
    r.iteration = q.value(2).toInt();
    r.requestId = q.value(3).toString();
    r.toolName = q.value(4).toString();
    r.summary = q.value(5).toString();
    r.reason = q.value(6).toString();
    r.request = QJsonDocument::fromJson(q.value(7).toString().toUtf8()).object();
    r.askedAt = fromMs(q.value(8));
    r.answer = q.value(9).toString();
    r.answeredBy = q.value(10).toString();
    r.answeredAt = fromMs(q.value(11));
    r.settled = q.value(12).toString();
    return r;
}

bool isAnswerName(const QString &answer)
{
    return answer == QLatin1String("allow") || answer == QLatin1String("allow_always") ||
           answer == QLatin1String("deny");
}

} // namespace

Result<qint64> StoreWriter::recordPermissionQuestion(const PermissionQuestionRecord &question)
{
    qint64 id = 0;
    VoidResult done = run([&](Connection &c) -> VoidResult {
        QSqlQuery q = c.query();
        // The command a tool would run can carry a token: the stored copy is redacted (the
        // agent itself got the real one).
        const QString request = QString::fromUtf8(
            QJsonDocument(SecretRedactor::redact(question.request)).toJson(QJsonDocument::Compact));
        if (VoidResult written = exec(
                c, q,
                QStringLiteral("INSERT INTO permission_questions (task_id, iteration, request_id,"
                               " tool_name, summary, reason, request, asked_at)"
                               " VALUES (?,?,?,?,?,?,?,?)"),
                {question.taskId, question.iteration, question.requestId, question.toolName,
                 SecretRedactor::redactText(question.summary),
                 SecretRedactor::redactText(question.reason), request, nowMs()},
                QStringLiteral("Recording the agent's question"));
            !written)
            return written;
        id = q.lastInsertId().toLongLong();
        return {};
    });
    if (!done)
        return done.error();
    return id;
}

Result<PermissionQuestionRecord> StoreWriter::answerPermission(TaskId id, const QString &answer,
                                                               const QString &by)
{
    if (!isAnswerName(answer))
        return makeError(
            QStringLiteral("invalid-answer"),
            QStringLiteral("\"%1\" is not an answer (allow, allow_always or deny)").arg(answer));
    PermissionQuestionRecord answered;
    VoidResult done = run([&](Connection &c) -> VoidResult {
        QSqlQuery q = c.query();
        q.setForwardOnly(true);
        const QString what = QStringLiteral("Answering the agent's question");
        if (VoidResult read = exec(c, q,
                                   QStringLiteral("SELECT ") + kColumns +
                                       QStringLiteral(" FROM permission_questions WHERE "
                                                      "task_id=? AND settled='' AND answer=''"
                                                      " AND EXISTS (SELECT 1 FROM tasks WHERE "
                                                      "tasks.id=permission_questions.task_id "
                                                      "AND tasks.state='needs-input')"
                                                      " ORDER BY id LIMIT 1"),
                                   {id}, what);
            !read)
            return read;
        if (!q.next())
            return makeError(QStringLiteral("no-question"),
                             QStringLiteral("Task %1 is not waiting for an answer.").arg(id));
        answered = recordFrom(q);
        q.finish();
        QSqlQuery update = c.query();
        const qint64 at = nowMs();
        if (VoidResult written = exec(c, update,
                                      QStringLiteral("UPDATE permission_questions SET answer=?,"
                                                     " answered_by=?, answered_at=? WHERE id=?"
                                                     " AND answer=''"),
                                      {answer, by, at, answered.id}, what);
            !written)
            return written;
        answered.answer = answer;
        answered.answeredBy = by;
        answered.answeredAt = QDateTime::fromMSecsSinceEpoch(at, Qt::UTC);
        return {};
    });
    if (!done)
        return done.error();
    return answered;
}

VoidResult StoreWriter::settlePermissionQuestion(qint64 questionId, const QString &how)
{
    return run([&](Connection &c) {
        QSqlQuery q = c.query();
        return exec(c, q, QStringLiteral("UPDATE permission_questions SET settled=? WHERE id=?"),
                    {how, questionId}, QStringLiteral("Settling the agent's question"));
    });
}

VoidResult StoreWriter::settleOpenPermissionQuestions(TaskId id, const QString &how)
{
    return run([&](Connection &c) {
        QSqlQuery q = c.query();
        return exec(c, q,
                    QStringLiteral("UPDATE permission_questions SET settled=? WHERE task_id=?"
                                   " AND settled=''"),
                    {how, id}, QStringLiteral("Settling the agent's questions"));
    });
}

Result<QList<PermissionQuestionRecord>> StoreReader::openPermissionQuestions(TaskId id)
{
    QSqlQuery q = m_connection->query();
    q.setForwardOnly(true);
    if (VoidResult done = exec(*m_connection, q,
                               QStringLiteral("SELECT ") + kColumns +
                                   QStringLiteral(" FROM permission_questions WHERE task_id=?"
                                                  " AND settled='' ORDER BY id"),
                               {id}, QStringLiteral("Reading the agent's questions"));
        !done)
        return done.error();
    QList<PermissionQuestionRecord> records;
    while (q.next())
        records.append(recordFrom(q));
    return records;
}

} // namespace agentdesk::store
