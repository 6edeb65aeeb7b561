#include "store/StoreReader.h"

#include "core/DataFolderLock.h"
#include "store/CalibrationStore.h"
#include "store/Connection.h"
#include "store/Migrations.h"
#include "store/ReaderQuery.h"

#include <QHash>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QVariant>

namespace agentdesk::store {

using readerquery::fromMs;
using readerquery::select;

namespace {

// `prompt` is selected as written except in the task list, where it is left out: prompts can
// be long, and the queue of 10,000 tasks never shows them.
const QString taskColumns = QStringLiteral(
    "t.id, t.repository_id, r.path, t.title, %1, t.base_branch, t.base_commit, t.branch,"
    " t.worktree_path, t.risk, t.implementer_provider, t.implementer_model,"
    " t.reviewer_provider, t.reviewer_model, t.budget_nanos, t.validation_command, t.timeouts,"
    " t.state, t.state_reason, t.sandboxed, t.created_at, t.updated_at, t.owner_pid,"
    " t.owner_token");
constexpr int taskColumnCount = 24;

QJsonDocument parseJson(const QVariant &value)
{
    return QJsonDocument::fromJson(value.toString().toUtf8());
}

QStringList stringList(const QVariant &value)
{
    QStringList out;
    for (const QJsonValue &item : parseJson(value).array())
        out.append(item.toString());
    return out;
}

tasks::TaskTimeouts timeoutsFrom(const QVariant &value)
{
    const QJsonObject json = parseJson(value).object();
    tasks::TaskTimeouts t;
    t.implementSeconds = json.value(QStringLiteral("implement_s")).toInt(t.implementSeconds);
    t.commandSeconds = json.value(QStringLiteral("command_s")).toInt(t.commandSeconds);
    t.validateSeconds = json.value(QStringLiteral("validate_s")).toInt(t.validateSeconds);
    t.reviewSeconds = json.value(QStringLiteral("review_s")).toInt(t.reviewSeconds);
    return t;
}

TaskRecord taskFrom(const QSqlQuery &q)
{
    TaskRecord t;
    t.id = q.value(0).toLongLong();
    t.repositoryId = q.value(1).toLongLong();
    t.spec.repositoryPath = q.value(2).toString();
    t.spec.title = q.value(3).toString();
    t.spec.prompt = q.value(4).toString();
    t.spec.baseBranch = q.value(5).toString();
    t.spec.baseCommit = q.value(6).toString();
    t.branch = q.value(7).toString();
    t.worktreePath = q.value(8).toString();
    t.spec.risk =
        tasks::riskLevelFromStorageName(q.value(9).toString()).value_or(tasks::RiskLevel::Low);
    t.spec.implementer = {q.value(10).toString(), q.value(11).toString()};
    t.spec.reviewer = {q.value(12).toString(), q.value(13).toString()};
    t.spec.budget = Money::fromNanodollars(q.value(14).toLongLong());
    t.spec.validationCommand = q.value(15).toString();
    t.spec.timeouts = timeoutsFrom(q.value(16));
    // An unknown name can only come from a newer AgentDesk; Failed is the state that asks the
    // user to look rather than letting anything run.
    t.state =
        tasks::taskStateFromStorageName(q.value(17).toString()).value_or(tasks::TaskState::Failed);
    t.stateReason = q.value(18).toString();
    t.sandboxed = q.value(19).toBool();
    t.createdAt = fromMs(q.value(20));
    t.updatedAt = fromMs(q.value(21));
    t.owner = ProcessIdentity{q.value(22).toLongLong(), q.value(23).toString()};
    return t;
}

FindingRecord findingFrom(const QSqlQuery &q)
{
    FindingRecord f;
    f.id = q.value(0).toLongLong();
    f.taskId = q.value(1).toLongLong();
    f.iteration = q.value(2).toInt();
    f.title = q.value(3).toString();
    f.body = q.value(4).toString();
    f.category = q.value(5).toString();
    f.priority = q.value(6).toInt();
    f.confidence = q.value(7).toDouble();
    f.file = q.value(8).toString();
    f.side = q.value(9).toString();
    f.startLine = q.value(10).toInt();
    f.endLine = q.value(11).toInt();
    f.suggestedFix = q.value(12).toString();
    f.anchored = q.value(13).toBool();
    f.acknowledged = q.value(14).toBool();
    f.status = findingStatusFromStorageName(q.value(15).toString());
    f.carriedFromId = q.value(16).toLongLong();
    return f;
}

ValidationRecord validationFrom(const QSqlQuery &q)
{
    ValidationRecord v;
    v.id = q.value(0).toLongLong();
    v.taskId = q.value(1).toLongLong();
    v.iteration = q.value(2).toInt();
    v.commit = q.value(3).toString();
    v.command = q.value(4).toString();
    v.exitCode = q.value(5).toInt();
    v.timedOut = q.value(6).toBool();
    v.passed = q.value(7).toInt();
    v.failed = q.value(8).toInt();
    v.skipped = q.value(9).toInt();
    v.tests = parseJson(q.value(10)).array();
    v.outputExcerpt = q.value(11).toString();
    v.durationMs = q.value(12).toLongLong();
    v.baseCommit = q.value(13).toString();
    v.basePassed = q.value(14).toInt();
    v.baseFailed = q.value(15).toInt();
    v.baseSkipped = q.value(16).toInt();
    v.newlyFailing = stringList(q.value(17));
    v.preexistingFailing = stringList(q.value(18));
    v.at = fromMs(q.value(19));
    return v;
}

} // namespace

StoreReader::StoreReader(std::unique_ptr<Connection> connection)
    : m_connection(std::move(connection))
    , m_thread(QThread::currentThread())
{}

StoreReader::~StoreReader() = default;

Result<std::unique_ptr<StoreReader>> StoreReader::open(const QString &path)
{
    auto connection = Connection::open(path, Connection::Mode::Reader);
    if (!connection)
        return connection.error();
    const Result<int> version = Migrations::currentVersion(**connection);
    if (!version)
        return version.error();
    if (*version != Migrations::latestVersion())
        return makeError(QStringLiteral("store-schema-mismatch"),
                         QStringLiteral("The database ") + path + QStringLiteral(" has schema ") +
                             QString::number(*version) + QStringLiteral(", this AgentDesk reads ") +
                             QString::number(Migrations::latestVersion()) +
                             QStringLiteral(". Open the writer first: it migrates the file."));
    return std::unique_ptr<StoreReader>(new StoreReader(std::move(connection).value()));
}

Result<QList<CostLine>> StoreReader::costByRoleAndModelPerTask(std::optional<TaskId> only)
{
    QSqlQuery q = m_connection->query();
    if (auto done =
            select(*m_connection, q,
                   QStringLiteral("SELECT task_id, role, provider, model, calls, input_tokens,"
                                  " output_tokens, cost_nanos FROM task_costs") +
                       (only ? QStringLiteral(" WHERE task_id = ?") : QString()),
                   only ? QVariantList{*only} : QVariantList(), QStringLiteral("Summing costs"));
        !done)
        return done.error();
    QList<CostLine> lines;
    while (q.next()) {
        CostLine line;
        line.taskId = q.value(0).toLongLong();
        line.role = ledgerRoleFromStorageName(q.value(1).toString());
        line.provider = q.value(2).toString();
        line.model = q.value(3).toString();
        line.calls = q.value(4).toLongLong();
        line.inputTokens = q.value(5).toLongLong();
        line.outputTokens = q.value(6).toLongLong();
        line.cost = Money::fromNanodollars(q.value(7).toLongLong());
        lines.append(line);
    }
    return lines;
}

Result<QList<TaskSummary>> StoreReader::listTasks()
{
    return summaries(std::nullopt);
}

Result<std::optional<TaskSummary>> StoreReader::taskSummary(TaskId id)
{
    auto found = summaries(id);
    if (!found)
        return found.error();
    if (found->isEmpty())
        return std::optional<TaskSummary>();
    return std::optional<TaskSummary>(found->first());
}

Result<QList<TaskSummary>> StoreReader::summaries(std::optional<TaskId> only)
{
    Q_ASSERT(QThread::currentThread() == m_thread);
    QSqlQuery q = m_connection->query();
    const QString where = only ? QStringLiteral(" WHERE t.id = ?") : QString();
    if (auto done =
            select(*m_connection, q,
                   QStringLiteral("SELECT ") + taskColumns.arg(QStringLiteral("''")) +
                       QStringLiteral(", i.number, i.started_at FROM tasks t"
                                      " JOIN repositories r ON r.id = t.repository_id"
                                      " LEFT JOIN (SELECT task_id, MAX(number) AS n"
                                      " FROM iterations GROUP BY task_id) latest"
                                      " ON latest.task_id = t.id"
                                      " LEFT JOIN iterations i ON i.task_id = t.id"
                                      " AND i.number = latest.n") +
                       where + QStringLiteral(" ORDER BY t.id DESC"),
                   only ? QVariantList{*only} : QVariantList(), QStringLiteral("Listing tasks"));
        !done)
        return done.error();
    QList<TaskSummary> summaries;
    QHash<TaskId, qsizetype> indexById;
    while (q.next()) {
        TaskSummary summary;
        summary.task = taskFrom(q);
        summary.latestIteration = q.value(taskColumnCount).toInt();
        summary.latestIterationStartedAt = fromMs(q.value(taskColumnCount + 1));
        indexById.insert(summary.task.id, summaries.size());
        summaries.append(std::move(summary));
    }
    auto costs = costByRoleAndModelPerTask(only);
    if (!costs)
        return costs.error();
    for (const CostLine &line : *costs) {
        const auto it = indexById.constFind(line.taskId);
        if (it == indexById.constEnd())
            continue;
        TaskSummary &summary = summaries[*it];
        summary.totalCost += line.cost;
        summary.costByRoleAndModel.append(line);
    }
    return summaries;
}

Result<TaskDetail> StoreReader::loadTask(TaskId id)
{
    Q_ASSERT(QThread::currentThread() == m_thread);
    QSqlQuery q = m_connection->query();
    if (auto done = select(*m_connection, q,
                           QStringLiteral("SELECT ") + taskColumns.arg(QStringLiteral("t.prompt")) +
                               QStringLiteral(" FROM tasks t JOIN repositories r"
                                              " ON r.id = t.repository_id WHERE t.id = ?"),
                           {id}, QStringLiteral("Loading a task"));
        !done)
        return done.error();
    if (!q.next())
        return makeError(QStringLiteral("not-found"), QStringLiteral("There is no task ") +
                                                          QString::number(id) + QLatin1Char('.'));
    TaskDetail detail;
    detail.task = taskFrom(q);
    QSqlQuery it = m_connection->query();
    if (auto done = select(*m_connection, it,
                           QStringLiteral("SELECT number, base_commit, head_commit, request_text,"
                                          " report_markdown, started_at, finished_at"
                                          " FROM iterations WHERE task_id = ? ORDER BY number"),
                           {id}, QStringLiteral("Loading a task's iterations"));
        !done)
        return done.error();
    while (it.next()) {
        tasks::Iteration iteration;
        iteration.number = it.value(0).toInt();
        iteration.baseCommit = it.value(1).toString();
        iteration.headCommit = it.value(2).toString();
        iteration.requestText = it.value(3).toString();
        iteration.reportMarkdown = it.value(4).toString();
        iteration.startedAt = fromMs(it.value(5));
        iteration.finishedAt = fromMs(it.value(6));
        detail.iterations.append(iteration);
    }
    return detail;
}

Result<std::optional<tasks::TaskState>> StoreReader::taskState(TaskId id)
{
    QSqlQuery q = m_connection->query();
    if (auto done = select(*m_connection, q, QStringLiteral("SELECT state FROM tasks WHERE id=?"),
                           {id}, QStringLiteral("Reading a task's state"));
        !done)
        return done.error();
    if (!q.next())
        return std::optional<tasks::TaskState>();
    return tasks::taskStateFromStorageName(q.value(0).toString());
}

Result<EventPage> StoreReader::events(TaskId id, qint64 afterId, int limit)
{
    Q_ASSERT(QThread::currentThread() == m_thread);
    QSqlQuery q = m_connection->query();
    // One more than asked tells whether the page is the last.
    if (auto done = select(*m_connection, q,
                           QStringLiteral("SELECT id, iteration, kind, at, payload FROM events"
                                          " WHERE task_id = ? AND id > ? ORDER BY id LIMIT ?"),
                           {id, afterId, limit + 1}, QStringLiteral("Loading the timeline"));
        !done)
        return done.error();
    EventPage page;
    page.nextAfterId = afterId;
    page.atEnd = true;
    while (q.next()) {
        if (page.events.size() == limit) {
            page.atEnd = false;
            break;
        }
        StoredEvent stored;
        stored.id = q.value(0).toLongLong();
        stored.event.taskId = id;
        stored.event.iteration = q.value(1).toInt();
        stored.event.kind = tasks::taskEventKindFromStorageName(q.value(2).toString())
                                .value_or(tasks::TaskEventKind::Note);
        stored.event.at = fromMs(q.value(3));
        stored.event.payload = parseJson(q.value(4)).object();
        page.nextAfterId = stored.id;
        page.events.append(std::move(stored));
    }
    return page;
}

Result<qint64> StoreReader::eventCount(TaskId id)
{
    QSqlQuery q = m_connection->query();
    if (auto done =
            select(*m_connection, q, QStringLiteral("SELECT COUNT(*) FROM events WHERE task_id=?"),
                   {id}, QStringLiteral("Counting timeline events"));
        !done)
        return done.error();
    return q.next() ? q.value(0).toLongLong() : 0;
}

bool StoreReader::engineRunning() const
{
    return DataFolderLock::owner(DataFolderLock::pathForDatabase(m_connection->path())).has_value();
}

Result<QList<FindingRecord>> StoreReader::findings(TaskId id, int iteration)
{
    QSqlQuery q = m_connection->query();
    if (auto done =
            select(*m_connection, q,
                   QStringLiteral("SELECT id, task_id, iteration, title, body, category, priority,"
                                  " confidence, file, side, start_line, end_line, suggested_fix,"
                                  " anchored, acknowledged, status, carried_from FROM findings"
                                  " WHERE task_id = ? AND (? = 0 OR iteration = ?)"
                                  " ORDER BY iteration, priority, id"),
                   {id, iteration, iteration}, QStringLiteral("Loading findings"));
        !done)
        return done.error();
    QList<FindingRecord> out;
    while (q.next())
        out.append(findingFrom(q));
    return out;
}

Result<QList<ValidationRecord>> StoreReader::validations(TaskId id)
{
    QSqlQuery q = m_connection->query();
    if (auto done = select(
            *m_connection, q,
            QStringLiteral("SELECT id, task_id, iteration, commit_id, command, exit_code,"
                           " timed_out, passed, failed, skipped, tests, output_excerpt,"
                           " duration_ms, base_commit, base_passed, base_failed, base_skipped,"
                           " newly_failing, preexisting_failing, at FROM validations"
                           " WHERE task_id = ? ORDER BY id"),
            {id}, QStringLiteral("Loading validations"));
        !done)
        return done.error();
    QList<ValidationRecord> out;
    while (q.next())
        out.append(validationFrom(q));
    return out;
}

Result<std::optional<QString>> StoreReader::setting(const QString &key)
{
    QSqlQuery q = m_connection->query();
    if (auto done =
            select(*m_connection, q, QStringLiteral("SELECT value FROM settings WHERE key = ?"),
                   {key}, QStringLiteral("Reading a setting"));
        !done)
        return done.error();
    if (!q.next())
        return std::optional<QString>();
    return std::optional<QString>(q.value(0).toString());
}

Result<QList<CalibrationTally>> StoreReader::calibrationTallies(const QString &repositoryPath,
                                                                const QDateTime &since)
{
    return CalibrationReads::tallies(*m_connection, repositoryPath, since);
}

Result<QList<CalibrationRunRecord>> StoreReader::calibrationRuns(const QString &repositoryPath)
{
    return CalibrationReads::runs(*m_connection, repositoryPath);
}

Result<QList<CalibrationReviewRecord>> StoreReader::calibrationReviews(qint64 runId)
{
    return CalibrationReads::reviews(*m_connection, runId);
}

} // namespace agentdesk::store
