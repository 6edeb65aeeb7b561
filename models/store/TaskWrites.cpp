#include "store/TaskWrites.h"

#include "store/Connection.h"
#include "store/SecretRedactor.h"
#include "tasks/BranchName.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace agentdesk::store {

namespace {

using tasks::TaskState;

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

qint64 msOrNow(const QDateTime &at)
{
    return at.isValid() ? at.toMSecsSinceEpoch() : nowMs();
}

QString toJson(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString toJson(const QJsonArray &array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

// Prepares `sql`, binds `values` in order and runs it.
VoidResult run(Connection &c, QSqlQuery &q, const QString &sql, const QVariantList &values,
               const QString &what)
{
    if (!q.prepare(sql))
        return sqlError(q.lastError(), what, c.path());
    for (const QVariant &value : values) {
        if (value.typeId() != QMetaType::QString) {
            q.addBindValue(value);
            continue;
        }
        // A null QString binds as SQL NULL; text columns are NOT NULL, and "" is what an
        // unset text means here. Every text that reaches the file is scrubbed of secrets: a
        // state reason or a request id can echo a key as well as a timeline payload can.
        const QString text = value.toString();
        q.addBindValue(text.isNull() ? QStringLiteral("") : SecretRedactor::redactText(text));
    }
    if (!q.exec())
        return sqlError(q.lastError(), what, c.path());
    return {};
}

VoidResult run(Connection &c, const QString &sql, const QVariantList &values, const QString &what)
{
    QSqlQuery q = c.query();
    return run(c, q, sql, values, what);
}

// Exactly one row must have changed; otherwise the id named nothing.
VoidResult expectOneRow(const QSqlQuery &q, const QString &what, qint64 id)
{
    if (q.numRowsAffected() == 1)
        return {};
    return makeError(QStringLiteral("not-found"),
                     what + QStringLiteral(": there is no record ") + QString::number(id));
}

QString timeoutsJson(const tasks::TaskTimeouts &t)
{
    return toJson(QJsonObject{{QStringLiteral("implement_s"), t.implementSeconds},
                              {QStringLiteral("command_s"), t.commandSeconds},
                              {QStringLiteral("validate_s"), t.validateSeconds},
                              {QStringLiteral("review_s"), t.reviewSeconds}});
}

Result<int> latestIteration(Connection &c, TaskId id)
{
    QSqlQuery q = c.query();
    if (auto done = run(c, q, QStringLiteral("SELECT MAX(number) FROM iterations WHERE task_id=?"),
                        {id}, QStringLiteral("Reading the latest iteration"));
        !done)
        return done.error();
    return q.next() ? q.value(0).toInt() : 0;
}

Result<std::optional<TaskState>> storedState(Connection &c, TaskId id)
{
    QSqlQuery q = c.query();
    if (auto done = run(c, q, QStringLiteral("SELECT state FROM tasks WHERE id=?"), {id},
                        QStringLiteral("Reading a task's state"));
        !done)
        return done.error();
    if (!q.next())
        return std::optional<TaskState>();
    return tasks::taskStateFromStorageName(q.value(0).toString());
}

VoidResult insertStateChange(Connection &c, TaskId id, TaskState from, TaskState to,
                             const QString &reason)
{
    const Result<int> iteration = latestIteration(c, id);
    if (!iteration)
        return iteration.error();
    const QJsonObject payload{{QStringLiteral("from"), tasks::taskStateStorageName(from)},
                              {QStringLiteral("to"), tasks::taskStateStorageName(to)},
                              {QStringLiteral("reason"), reason}};
    return TaskWrites::insertEvents(
        c, {tasks::TaskEvent::make(id, *iteration, tasks::TaskEventKind::StateChange, payload)});
}

} // namespace

Result<qint64> TaskWrites::ensureRepository(Connection &c, const QString &path)
{
    const QString what = QStringLiteral("Recording the repository");
    if (auto done = run(c,
                        QStringLiteral("INSERT OR IGNORE INTO repositories(path, added_at) "
                                       "VALUES (?, ?)"),
                        {path, nowMs()}, what);
        !done)
        return done.error();
    QSqlQuery q = c.query();
    if (auto done =
            run(c, q, QStringLiteral("SELECT id FROM repositories WHERE path=?"), {path}, what);
        !done)
        return done.error();
    if (!q.next())
        return makeError(QStringLiteral("store-error"), what + QStringLiteral(" failed."));
    return q.value(0).toLongLong();
}

Result<TaskId> TaskWrites::createTask(Connection &c, const tasks::TaskSpec &spec)
{
    const Result<qint64> repository = ensureRepository(c, spec.repositoryPath);
    if (!repository)
        return repository.error();
    const qint64 now = nowMs();
    QSqlQuery q = c.query();
    const QString sql = QStringLiteral(
        "INSERT INTO tasks(repository_id, title, prompt, base_branch, base_commit, risk,"
        " implementer_provider, implementer_model, reviewer_provider, reviewer_model,"
        " budget_nanos, validation_command, timeouts, state, created_at, updated_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (auto done =
            run(c, q, sql,
                {*repository, spec.title, spec.prompt, spec.baseBranch, spec.baseCommit,
                 tasks::riskLevelStorageName(spec.risk), spec.implementer.provider,
                 spec.implementer.model, spec.reviewer.provider, spec.reviewer.model,
                 spec.budget.nanodollars(), spec.validationCommand, timeoutsJson(spec.timeouts),
                 tasks::taskStateStorageName(TaskState::Queued), now, now},
                QStringLiteral("Saving the new task"));
        !done)
        return done.error();
    const TaskId id = q.lastInsertId().toLongLong();
    if (auto done = run(c, QStringLiteral("UPDATE tasks SET branch=? WHERE id=?"),
                        {tasks::BranchName::forTask(id, spec.title), id},
                        QStringLiteral("Naming the task's branch"));
        !done)
        return done.error();
    return id;
}

VoidResult TaskWrites::setWorktree(Connection &c, TaskId id, const QString &path)
{
    QSqlQuery q = c.query();
    const QString what = QStringLiteral("Recording the task's worktree");
    if (auto done =
            run(c, q, QStringLiteral("UPDATE tasks SET worktree_path=?, updated_at=? WHERE id=?"),
                {path, nowMs(), id}, what);
        !done)
        return done;
    return expectOneRow(q, what, id);
}

VoidResult TaskWrites::setSandboxed(Connection &c, TaskId id, bool sandboxed)
{
    QSqlQuery q = c.query();
    const QString what = QStringLiteral("Recording whether the task is sandboxed");
    if (auto done = run(c, q, QStringLiteral("UPDATE tasks SET sandboxed=? WHERE id=?"),
                        {int(sandboxed), id}, what);
        !done)
        return done;
    return expectOneRow(q, what, id);
}

VoidResult TaskWrites::setBudget(Connection &c, TaskId id, Money budget)
{
    QSqlQuery q = c.query();
    const QString what = QStringLiteral("Changing the task's budget");
    if (auto done = run(c, q, QStringLiteral("UPDATE tasks SET budget_nanos=? WHERE id=?"),
                        {budget.nanodollars(), id}, what);
        !done)
        return done;
    return expectOneRow(q, what, id);
}

VoidResult TaskWrites::transition(Connection &c, TaskId id, TaskState from, TaskState to,
                                  const QString &reason)
{
    if (!tasks::canTransition(from, to))
        return makeError(QStringLiteral("invalid-transition"),
                         QStringLiteral("A task cannot go from ") +
                             tasks::taskStateDisplayName(from) + QStringLiteral(" to ") +
                             tasks::taskStateDisplayName(to) + QLatin1Char('.'));
    QSqlQuery q = c.query();
    if (auto done = run(c, q,
                        QStringLiteral("UPDATE tasks SET state=?, state_reason=?, updated_at=? "
                                       "WHERE id=? AND state=?"),
                        {tasks::taskStateStorageName(to), reason, nowMs(), id,
                         tasks::taskStateStorageName(from)},
                        QStringLiteral("Saving the task's state"));
        !done)
        return done;
    if (q.numRowsAffected() != 1) {
        const auto actual = storedState(c, id);
        if (!actual)
            return actual.error();
        if (!actual->has_value())
            return makeError(QStringLiteral("not-found"), QStringLiteral("There is no task ") +
                                                              QString::number(id) +
                                                              QLatin1Char('.'));
        return makeError(QStringLiteral("state-conflict"),
                         QStringLiteral("Task ") + QString::number(id) + QStringLiteral(" is ") +
                             tasks::taskStateDisplayName(**actual) + QStringLiteral(", not ") +
                             tasks::taskStateDisplayName(from) +
                             QStringLiteral(": someone else changed it first."));
    }
    return insertStateChange(c, id, from, to, reason);
}

Result<QList<QPair<TaskId, TaskState>>> TaskWrites::interruptRunning(Connection &c)
{
    QList<QPair<TaskId, TaskState>> running;
    {
        QSqlQuery q = c.query();
        if (!q.exec(
                QStringLiteral("SELECT id, state, owner_pid, owner_token FROM tasks ORDER BY id")))
            return sqlError(q.lastError(), QStringLiteral("Finding interrupted tasks"), c.path());
        while (q.next()) {
            const auto state = tasks::taskStateFromStorageName(q.value(1).toString());
            const ProcessIdentity owner{q.value(2).toLongLong(), q.value(3).toString()};
            // Another live process is running it: not ours to interrupt.
            if (!owner.isNull() && !owner.isCurrentProcess() && owner.isAlive())
                continue;
            if (state && tasks::isRunningState(*state))
                running.append({q.value(0).toLongLong(), *state});
        }
        q.finish();
    }
    const QString reason = QStringLiteral("AgentDesk stopped while the task was running.");
    for (const auto &[id, state] : running) {
        if (auto done = transition(c, id, state, TaskState::Interrupted, reason); !done)
            return done.error();
        if (auto done = releaseTask(c, id, {}); !done)
            return done.error();
    }
    return running;
}

Result<ProcessIdentity> TaskWrites::taskOwner(Connection &c, TaskId id)
{
    QSqlQuery q = c.query();
    if (auto done = run(c, q, QStringLiteral("SELECT owner_pid, owner_token FROM tasks WHERE id=?"),
                        {id}, QStringLiteral("Reading who runs a task"));
        !done)
        return done.error();
    if (!q.next())
        return makeError(QStringLiteral("not-found"), QStringLiteral("There is no task ") +
                                                          QString::number(id) + QLatin1Char('.'));
    return ProcessIdentity{q.value(0).toLongLong(), q.value(1).toString()};
}

VoidResult TaskWrites::claimTask(Connection &c, TaskId id, const ProcessIdentity &owner)
{
    const Result<ProcessIdentity> current = taskOwner(c, id);
    if (!current)
        return current.error();
    if (!current->isNull() && !(*current == owner) && current->isAlive())
        return makeError(QStringLiteral("task-owned"),
                         QStringLiteral("Task %1 is being run by another AgentDesk (pid %2); it "
                                        "runs in one process at a time. Wait for it, or stop "
                                        "that AgentDesk first.")
                             .arg(id)
                             .arg(current->pid));
    QSqlQuery q = c.query();
    const QString what = QStringLiteral("Recording who runs the task");
    if (auto done =
            run(c, q, QStringLiteral("UPDATE tasks SET owner_pid=?, owner_token=? WHERE id=?"),
                {owner.pid, owner.token, id}, what);
        !done)
        return done;
    return expectOneRow(q, what, id);
}

VoidResult TaskWrites::releaseTask(Connection &c, TaskId id, const ProcessIdentity &owner)
{
    // Only the owner lets go (a null `owner`: whoever it was, for recovery).
    if (owner.isNull())
        return run(c, QStringLiteral("UPDATE tasks SET owner_pid=0, owner_token='' WHERE id=?"),
                   {id}, QStringLiteral("Releasing a task"));
    return run(c,
               QStringLiteral("UPDATE tasks SET owner_pid=0, owner_token='' WHERE id=? AND "
                              "owner_pid=? AND owner_token=?"),
               {id, owner.pid, owner.token}, QStringLiteral("Releasing a task"));
}

VoidResult TaskWrites::startIteration(Connection &c, TaskId id, const tasks::Iteration &iteration)
{
    return run(c,
               QStringLiteral("INSERT INTO iterations(task_id, number, base_commit, head_commit,"
                              " request_text, report_markdown, started_at) VALUES (?,?,?,?,?,?,?)"),
               {id, iteration.number, iteration.baseCommit, iteration.headCommit,
                iteration.requestText, iteration.reportMarkdown, msOrNow(iteration.startedAt)},
               QStringLiteral("Starting iteration ") + QString::number(iteration.number));
}

VoidResult TaskWrites::finishIteration(Connection &c, TaskId id, int number,
                                       const QString &headCommit, const QString &reportMarkdown)
{
    QSqlQuery q = c.query();
    const QString what = QStringLiteral("Finishing iteration ") + QString::number(number);
    if (auto done = run(c, q,
                        QStringLiteral("UPDATE iterations SET head_commit=?, report_markdown=?, "
                                       "finished_at=? WHERE task_id=? AND number=?"),
                        {headCommit, reportMarkdown, nowMs(), id, number}, what);
        !done)
        return done;
    return expectOneRow(q, what, id);
}

Result<qint64> TaskWrites::recordLedger(Connection &c, const LedgerEntry &e)
{
    QSqlQuery q = c.query();
    if (auto done = run(
            c, q,
            QStringLiteral("INSERT INTO ledger(task_id, iteration, role, provider, model,"
                           " input_tokens, output_tokens, cache_write_5m_tokens,"
                           " cache_write_1h_tokens, cache_read_tokens, cost_nanos, request_id, at,"
                           " worst_case, note) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
            {e.taskId, e.iteration, ledgerRoleStorageName(e.role), e.provider, e.model,
             e.inputTokens, e.outputTokens, e.cacheWrite5mTokens, e.cacheWrite1hTokens,
             e.cacheReadTokens, e.cost.nanodollars(), e.requestId, msOrNow(e.at), int(e.worstCase),
             e.note},
            QStringLiteral("Recording a model call's cost"));
        !done)
        return done.error();
    return q.lastInsertId().toLongLong();
}

Result<qint64> TaskWrites::insertFinding(Connection &c, const FindingRecord &f)
{
    QSqlQuery q = c.query();
    if (auto done =
            run(c, q,
                QStringLiteral("INSERT INTO findings(task_id, iteration, title, body, category,"
                               " priority, confidence, file, side, start_line, end_line,"
                               " suggested_fix, anchored, acknowledged, status, carried_from)"
                               " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
                {f.taskId, f.iteration, f.title, f.body, f.category, f.priority, f.confidence,
                 f.file, f.side, f.startLine, f.endLine, f.suggestedFix, int(f.anchored),
                 int(f.acknowledged), findingStatusStorageName(f.status),
                 f.carriedFromId > 0 ? QVariant(f.carriedFromId) : QVariant()},
                QStringLiteral("Saving a finding"));
        !done)
        return done.error();
    return q.lastInsertId().toLongLong();
}

VoidResult TaskWrites::updateFinding(Connection &c, qint64 id, const QString &column,
                                     const QVariant &value)
{
    QSqlQuery q = c.query();
    const QString what = QStringLiteral("Updating a finding");
    // `column` comes from the writer's own code, never from input.
    if (auto done = run(
            c, q, QStringLiteral("UPDATE findings SET ") + column + QStringLiteral("=? WHERE id=?"),
            {value, id}, what);
        !done)
        return done;
    return expectOneRow(q, what, id);
}

VoidResult TaskWrites::saveVerdict(Connection &c, const ReviewVerdictRecord &v)
{
    return run(c,
               QStringLiteral("INSERT OR REPLACE INTO review_verdicts(task_id, iteration, correct,"
                              " explanation, confidence, decisions) VALUES (?,?,?,?,?,?)"),
               {v.taskId, v.iteration, int(v.correct), v.explanation, v.confidence,
                toJson(QJsonArray::fromStringList(v.decisionsToReview))},
               QStringLiteral("Saving the review verdict"));
}

Result<qint64> TaskWrites::saveValidation(Connection &c, const ValidationRecord &v)
{
    QSqlQuery q = c.query();
    if (auto done = run(
            c, q,
            QStringLiteral("INSERT INTO validations(task_id, iteration, commit_id, command,"
                           " exit_code, timed_out, passed, failed, skipped, tests,"
                           " output_excerpt, duration_ms, base_commit, base_passed, base_failed,"
                           " base_skipped, newly_failing, preexisting_failing, at)"
                           " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
            {v.taskId, v.iteration, v.commit, v.command, v.exitCode, int(v.timedOut), v.passed,
             v.failed, v.skipped, toJson(v.tests), v.outputExcerpt, v.durationMs, v.baseCommit,
             v.basePassed, v.baseFailed, v.baseSkipped,
             toJson(QJsonArray::fromStringList(v.newlyFailing)),
             toJson(QJsonArray::fromStringList(v.preexistingFailing)), msOrNow(v.at)},
            QStringLiteral("Saving the validation result"));
        !done)
        return done.error();
    return q.lastInsertId().toLongLong();
}

VoidResult TaskWrites::setSetting(Connection &c, const QString &key, const QString &value)
{
    if (SecretRedactor::isSecretName(key))
        return makeError(QStringLiteral("secret-setting"),
                         QStringLiteral("The setting \"") + key +
                             QStringLiteral("\" looks like a credential; credentials belong in "
                                            "the system keychain, not in the database."));
    return run(c, QStringLiteral("INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)"),
               {key, value}, QStringLiteral("Saving a setting"));
}

VoidResult TaskWrites::insertEvents(Connection &c, const QList<tasks::TaskEvent> &events)
{
    QSqlQuery q = c.query();
    const QString what = QStringLiteral("Saving the task timeline");
    if (!q.prepare(QStringLiteral(
            "INSERT INTO events(task_id, iteration, kind, at, payload) VALUES (?,?,?,?,?)")))
        return sqlError(q.lastError(), what, c.path());
    for (const tasks::TaskEvent &event : events) {
        q.bindValue(0, event.taskId);
        q.bindValue(1, event.iteration);
        q.bindValue(2, tasks::taskEventKindStorageName(event.kind));
        q.bindValue(3, msOrNow(event.at));
        q.bindValue(4, toJson(SecretRedactor::redact(event.payload)));
        if (!q.exec())
            return sqlError(q.lastError(), what, c.path());
    }
    return {};
}

} // namespace agentdesk::store
