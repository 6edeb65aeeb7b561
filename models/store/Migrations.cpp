#include "store/Migrations.h"

#include "store/Connection.h"

#include <QSqlError>
#include <QSqlQuery>

namespace agentdesk::store {

namespace {

Migrations::Migration migration1()
{
    return {1,
            QStringLiteral("tasks, iterations, timeline and ledger"),
            {
                QStringLiteral("CREATE TABLE repositories ("
                               " id INTEGER PRIMARY KEY,"
                               " path TEXT NOT NULL UNIQUE,"
                               " added_at INTEGER NOT NULL)"),
                QStringLiteral("CREATE TABLE tasks ("
                               " id INTEGER PRIMARY KEY,"
                               " repository_id INTEGER NOT NULL REFERENCES repositories(id),"
                               " title TEXT NOT NULL,"
                               " prompt TEXT NOT NULL,"
                               " base_branch TEXT NOT NULL,"
                               " base_commit TEXT NOT NULL,"
                               " branch TEXT NOT NULL DEFAULT '',"
                               " worktree_path TEXT NOT NULL DEFAULT '',"
                               " risk TEXT NOT NULL,"
                               " implementer_provider TEXT NOT NULL,"
                               " implementer_model TEXT NOT NULL,"
                               " reviewer_provider TEXT NOT NULL,"
                               " reviewer_model TEXT NOT NULL,"
                               " budget_nanos INTEGER NOT NULL,"
                               " validation_command TEXT NOT NULL,"
                               " timeouts TEXT NOT NULL,"
                               " state TEXT NOT NULL,"
                               " state_reason TEXT NOT NULL DEFAULT '',"
                               " created_at INTEGER NOT NULL,"
                               " updated_at INTEGER NOT NULL)"),
                QStringLiteral("CREATE INDEX tasks_by_state ON tasks(state)"),
                QStringLiteral("CREATE TABLE iterations ("
                               " task_id INTEGER NOT NULL REFERENCES tasks(id),"
                               " number INTEGER NOT NULL,"
                               " base_commit TEXT NOT NULL,"
                               " head_commit TEXT NOT NULL DEFAULT '',"
                               " request_text TEXT NOT NULL DEFAULT '',"
                               " report_markdown TEXT NOT NULL DEFAULT '',"
                               " started_at INTEGER NOT NULL,"
                               " finished_at INTEGER,"
                               " PRIMARY KEY (task_id, number))"),
                QStringLiteral("CREATE TABLE events ("
                               " id INTEGER PRIMARY KEY,"
                               " task_id INTEGER NOT NULL REFERENCES tasks(id),"
                               " iteration INTEGER NOT NULL,"
                               " kind TEXT NOT NULL,"
                               " at INTEGER NOT NULL,"
                               " payload TEXT NOT NULL)"),
                QStringLiteral("CREATE INDEX events_by_task ON events(task_id, id)"),
                QStringLiteral("CREATE TABLE ledger ("
                               " id INTEGER PRIMARY KEY,"
                               " task_id INTEGER NOT NULL REFERENCES tasks(id),"
                               " iteration INTEGER NOT NULL,"
                               " role TEXT NOT NULL,"
                               " provider TEXT NOT NULL,"
                               " model TEXT NOT NULL,"
                               " input_tokens INTEGER NOT NULL,"
                               " output_tokens INTEGER NOT NULL,"
                               " cache_write_5m_tokens INTEGER NOT NULL,"
                               " cache_write_1h_tokens INTEGER NOT NULL,"
                               " cache_read_tokens INTEGER NOT NULL,"
                               " cost_nanos INTEGER NOT NULL,"
                               " request_id TEXT NOT NULL DEFAULT '',"
                               " at INTEGER NOT NULL)"),
                QStringLiteral("CREATE INDEX ledger_by_task ON ledger(task_id)"),
            }};
}

Migrations::Migration migration2()
{
    return {
        2,
        QStringLiteral("findings, verdicts, validations, settings, sandbox flag"),
        {
            QStringLiteral("ALTER TABLE tasks ADD COLUMN sandboxed INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("CREATE INDEX ledger_by_time ON ledger(at)"),
            QStringLiteral("CREATE TABLE findings ("
                           " id INTEGER PRIMARY KEY,"
                           " task_id INTEGER NOT NULL REFERENCES tasks(id),"
                           " iteration INTEGER NOT NULL,"
                           " title TEXT NOT NULL,"
                           " body TEXT NOT NULL,"
                           " category TEXT NOT NULL,"
                           " priority INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 3),"
                           " confidence REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1),"
                           " file TEXT NOT NULL,"
                           " side TEXT NOT NULL CHECK (side IN ('old', 'new')),"
                           " start_line INTEGER NOT NULL,"
                           " end_line INTEGER NOT NULL,"
                           " suggested_fix TEXT NOT NULL DEFAULT '',"
                           " anchored INTEGER NOT NULL DEFAULT 0,"
                           " acknowledged INTEGER NOT NULL DEFAULT 0,"
                           " status TEXT NOT NULL DEFAULT 'open'"
                           "  CHECK (status IN ('open', 'resolved', 'outdated')),"
                           " carried_from INTEGER REFERENCES findings(id))"),
            QStringLiteral("CREATE INDEX findings_by_task ON findings(task_id, iteration)"),
            QStringLiteral("CREATE TABLE review_verdicts ("
                           " task_id INTEGER NOT NULL REFERENCES tasks(id),"
                           " iteration INTEGER NOT NULL,"
                           " correct INTEGER NOT NULL,"
                           " explanation TEXT NOT NULL,"
                           " confidence REAL NOT NULL,"
                           " decisions TEXT NOT NULL,"
                           " PRIMARY KEY (task_id, iteration))"),
            QStringLiteral("CREATE TABLE validations ("
                           " id INTEGER PRIMARY KEY,"
                           " task_id INTEGER NOT NULL REFERENCES tasks(id),"
                           " iteration INTEGER NOT NULL,"
                           " commit_id TEXT NOT NULL,"
                           " command TEXT NOT NULL,"
                           " exit_code INTEGER NOT NULL,"
                           " timed_out INTEGER NOT NULL,"
                           " passed INTEGER NOT NULL,"
                           " failed INTEGER NOT NULL,"
                           " skipped INTEGER NOT NULL,"
                           " tests TEXT NOT NULL,"
                           " output_excerpt TEXT NOT NULL,"
                           " duration_ms INTEGER NOT NULL,"
                           " base_commit TEXT NOT NULL DEFAULT '',"
                           " base_passed INTEGER NOT NULL DEFAULT 0,"
                           " base_failed INTEGER NOT NULL DEFAULT 0,"
                           " base_skipped INTEGER NOT NULL DEFAULT 0,"
                           " newly_failing TEXT NOT NULL DEFAULT '[]',"
                           " preexisting_failing TEXT NOT NULL DEFAULT '[]',"
                           " at INTEGER NOT NULL)"),
            QStringLiteral("CREATE INDEX validations_by_task ON validations(task_id, iteration)"),
            // Settings that are not secrets: API keys live in the desktop's keychain, and the
            // writer refuses keys whose names say they hold one.
            QStringLiteral("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
        }};
}

// Listing 10,000 tasks with their cost split read and sorted the whole ledger on every
// cold start; a running total per (task, role, model), kept by a trigger in the same
// transaction as the ledger row, is read in key order instead.
Migrations::Migration migration3()
{
    return {
        3,
        QStringLiteral("running cost totals per task, role and model"),
        {
            QStringLiteral("CREATE TABLE task_costs ("
                           " task_id INTEGER NOT NULL REFERENCES tasks(id),"
                           " role TEXT NOT NULL,"
                           " provider TEXT NOT NULL,"
                           " model TEXT NOT NULL,"
                           " calls INTEGER NOT NULL,"
                           " input_tokens INTEGER NOT NULL,"
                           " output_tokens INTEGER NOT NULL,"
                           " cost_nanos INTEGER NOT NULL,"
                           " PRIMARY KEY (task_id, role, provider, model)) WITHOUT ROWID"),
            QStringLiteral("INSERT INTO task_costs SELECT task_id, role, provider, model,"
                           " COUNT(*), SUM(input_tokens + cache_write_5m_tokens"
                           " + cache_write_1h_tokens + cache_read_tokens), SUM(output_tokens),"
                           " SUM(cost_nanos) FROM ledger GROUP BY task_id, role, provider, model"),
            QStringLiteral(
                "CREATE TRIGGER ledger_totals AFTER INSERT ON ledger BEGIN"
                " INSERT INTO task_costs VALUES (NEW.task_id, NEW.role, NEW.provider,"
                " NEW.model, 1, NEW.input_tokens + NEW.cache_write_5m_tokens"
                " + NEW.cache_write_1h_tokens + NEW.cache_read_tokens,"
                " NEW.output_tokens, NEW.cost_nanos)"
                " ON CONFLICT (task_id, role, provider, model) DO UPDATE SET"
                " calls = calls + 1, input_tokens = input_tokens + excluded.input_tokens,"
                " output_tokens = output_tokens + excluded.output_tokens,"
                " cost_nanos = cost_nanos + excluded.cost_nanos; END"),
        }};
}

// Issue 21: a task published as a pull request. One row per task (a revision updates the same
// pull request). Title and body are the latest ones asked for; `confirmed` says whether the
// forge has accepted them, so an interrupted publish loses neither and resumes with them.
Migrations::Migration migration4()
{
    return {4,
            QStringLiteral("pull requests published from tasks"),
            {
                QStringLiteral("CREATE TABLE pull_requests ("
                               " task_id INTEGER PRIMARY KEY REFERENCES tasks(id),"
                               " forge TEXT NOT NULL,"
                               " host TEXT NOT NULL,"
                               " api_url TEXT NOT NULL,"
                               " repository TEXT NOT NULL,"
                               " remote TEXT NOT NULL,"
                               " head_branch TEXT NOT NULL,"
                               " base_branch TEXT NOT NULL,"
                               " title TEXT NOT NULL,"
                               " body TEXT NOT NULL,"
                               " draft INTEGER NOT NULL DEFAULT 0,"
                               " confirmed INTEGER NOT NULL DEFAULT 0,"
                               " iteration INTEGER NOT NULL DEFAULT 0,"
                               " number INTEGER NOT NULL DEFAULT 0,"
                               " url TEXT NOT NULL DEFAULT '',"
                               " state TEXT NOT NULL DEFAULT 'publishing'"
                               "  CHECK (state IN ('publishing', 'open', 'merged', 'closed')),"
                               " head_sha TEXT NOT NULL DEFAULT '',"
                               " checks_state TEXT NOT NULL DEFAULT 'none'"
                               "  CHECK (checks_state IN ('none', 'pending', 'passed', 'failed')),"
                               " checks_sha TEXT NOT NULL DEFAULT '',"
                               " checks TEXT NOT NULL DEFAULT '[]',"
                               " checked_at INTEGER,"
                               " last_error TEXT NOT NULL DEFAULT '',"
                               " created_at INTEGER NOT NULL,"
                               " updated_at INTEGER NOT NULL)"),
                QStringLiteral("CREATE INDEX pull_requests_by_state ON pull_requests(state)"),
            }};
}

// Reviewer calibration (models/calibration): runs, and one row per review of a seeded variant
// or of an untouched change, so catch rates per model, class and day are one GROUP BY.
Migrations::Migration migration5()
{
    return {5,
            QStringLiteral("reviewer calibration runs and reviews"),
            {
                QStringLiteral("CREATE TABLE calibration_runs ("
                               " id INTEGER PRIMARY KEY,"
                               " repository_id INTEGER NOT NULL REFERENCES repositories(id),"
                               " started_at INTEGER NOT NULL,"
                               " finished_at INTEGER,"
                               " budget_nanos INTEGER,"
                               " spent_nanos INTEGER NOT NULL DEFAULT 0,"
                               " status TEXT NOT NULL,"
                               " note TEXT NOT NULL DEFAULT '')"),
                QStringLiteral("CREATE INDEX calibration_runs_by_repository"
                               " ON calibration_runs(repository_id, id)"),
                QStringLiteral("CREATE TABLE calibration_reviews ("
                               " id INTEGER PRIMARY KEY,"
                               " run_id INTEGER NOT NULL REFERENCES calibration_runs(id),"
                               " provider TEXT NOT NULL,"
                               " model TEXT NOT NULL,"
                               " parent_commit TEXT NOT NULL,"
                               " change_commit TEXT NOT NULL,"
                               " variant_commit TEXT NOT NULL DEFAULT '',"
                               " bug_class TEXT NOT NULL DEFAULT '',"
                               " language TEXT NOT NULL DEFAULT '',"
                               " file TEXT NOT NULL DEFAULT '',"
                               " line INTEGER NOT NULL DEFAULT 0,"
                               " description TEXT NOT NULL DEFAULT '',"
                               " original_text TEXT NOT NULL DEFAULT '',"
                               " seeded_text TEXT NOT NULL DEFAULT '',"
                               " outcome TEXT NOT NULL CHECK (outcome IN"
                               "  ('caught', 'missed', 'untouched', 'failed', 'cancelled')),"
                               " caught_high INTEGER NOT NULL DEFAULT 0,"
                               " findings INTEGER NOT NULL DEFAULT 0,"
                               " other_findings INTEGER NOT NULL DEFAULT 0,"
                               " findings_json TEXT NOT NULL DEFAULT '[]',"
                               " calls INTEGER NOT NULL DEFAULT 0,"
                               " input_tokens INTEGER NOT NULL DEFAULT 0,"
                               " output_tokens INTEGER NOT NULL DEFAULT 0,"
                               " cost_nanos INTEGER NOT NULL DEFAULT 0,"
                               " error TEXT NOT NULL DEFAULT '',"
                               " at INTEGER NOT NULL)"),
                QStringLiteral(
                    "CREATE INDEX calibration_reviews_by_run ON calibration_reviews(run_id)"),
            }};
}

// Issue 16 (schema 6): a task is run by at most one process (its owner, told apart from a
// later process with the same pid by its start time); each call's worst case is reserved durably
// before the request leaves, so a kill cannot lose spend; ledger rows say when they are such a
// worst case and carry a note (a provider reporting more output than was allowed).
Migrations::Migration migration6()
{
    return {
        6,
        QStringLiteral("task owners, durable spend reservations, ledger flags"),
        {
            QStringLiteral("ALTER TABLE tasks ADD COLUMN owner_pid INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE tasks ADD COLUMN owner_token TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("ALTER TABLE ledger ADD COLUMN worst_case INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE ledger ADD COLUMN note TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("CREATE TABLE spend_reservations ("
                           " id INTEGER PRIMARY KEY,"
                           " task_id INTEGER NOT NULL REFERENCES tasks(id),"
                           " iteration INTEGER NOT NULL,"
                           " role TEXT NOT NULL,"
                           " provider TEXT NOT NULL,"
                           " model TEXT NOT NULL,"
                           " worst_case_nanos INTEGER NOT NULL,"
                           " max_output_tokens INTEGER NOT NULL,"
                           " owner_pid INTEGER NOT NULL,"
                           " owner_token TEXT NOT NULL,"
                           " at INTEGER NOT NULL)"),
            QStringLiteral("CREATE INDEX spend_reservations_by_task ON "
                           "spend_reservations(task_id)"),
        }};
}

// Issue 19: questions a CLI agent waits on (Needs input), and the answers given to them from
// any process; the engine running the task polls this table for the answer.
Migrations::Migration migration7()
{
    return {7,
            QStringLiteral("permission questions"),
            {
                QStringLiteral("CREATE TABLE permission_questions ("
                               " id INTEGER PRIMARY KEY,"
                               " task_id INTEGER NOT NULL REFERENCES tasks(id),"
                               " iteration INTEGER NOT NULL,"
                               " request_id TEXT NOT NULL,"
                               " tool_name TEXT NOT NULL,"
                               " summary TEXT NOT NULL,"
                               " reason TEXT NOT NULL,"
                               " request TEXT NOT NULL,"
                               " asked_at INTEGER NOT NULL,"
                               " answer TEXT NOT NULL DEFAULT '',"
                               " answered_by TEXT NOT NULL DEFAULT '',"
                               " answered_at INTEGER,"
                               " settled TEXT NOT NULL DEFAULT '')"),
                QStringLiteral("CREATE INDEX permission_questions_open ON "
                               "permission_questions(task_id, settled)"),
            }};
}

// Issue 19: subscription usage windows as the CLI agents last reported them, and paused tasks
// that continue on their own when a window resets.
Migrations::Migration migration8()
{
    return {8,
            QStringLiteral("usage windows"),
            {
                QStringLiteral("CREATE TABLE usage_windows ("
                               " agent TEXT PRIMARY KEY,"
                               " vendor TEXT NOT NULL,"
                               " status TEXT NOT NULL,"
                               " window_type TEXT NOT NULL,"
                               " resets_at INTEGER,"
                               " utilization REAL,"
                               " using_overage INTEGER NOT NULL DEFAULT 0,"
                               " reported_by INTEGER NOT NULL DEFAULT 0,"
                               " reported_at INTEGER NOT NULL)"),
                QStringLiteral("CREATE TABLE task_resumes ("
                               " task_id INTEGER PRIMARY KEY REFERENCES tasks(id),"
                               " resume_at INTEGER NOT NULL,"
                               " cause TEXT NOT NULL)"),
            }};
}

QList<Migrations::Migration> buildMigrations()
{
    return {migration1(), migration2(), migration3(), migration4(),
            migration5(), migration6(), migration7(), migration8()};
}

} // namespace

const QList<Migrations::Migration> &Migrations::all()
{
    static const QList<Migration> migrations = buildMigrations();
    return migrations;
}

int Migrations::latestVersion()
{
    return all().constLast().version;
}

Result<int> Migrations::currentVersion(Connection &connection)
{
    QSqlQuery q = connection.query();
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return sqlError(q.lastError(), QStringLiteral("Reading the schema version"),
                        connection.path());
    return q.value(0).toInt();
}

VoidResult Migrations::migrate(Connection &connection, int targetVersion)
{
    const int target = targetVersion < 0 ? latestVersion() : targetVersion;
    for (const Migration &migration : all()) {
        if (migration.version > target)
            break;
        // The version is read inside the write transaction: another process starting on the
        // same fresh file may have run this step while we waited for the lock.
        if (auto begun = connection.beginImmediate(); !begun)
            return makeError(begun.errorCode(), QStringLiteral("Starting a schema migration: ") +
                                                    begun.errorMessage());
        const Result<int> current = currentVersion(connection);
        if (!current) {
            connection.rollback();
            return current.error();
        }
        if (*current > latestVersion()) {
            connection.rollback();
            return makeError(QStringLiteral("store-too-new"),
                             QStringLiteral("The database ") + connection.path() +
                                 QStringLiteral(" was written by a newer AgentDesk (schema ") +
                                 QString::number(*current) +
                                 QStringLiteral("); update AgentDesk to open it."));
        }
        if (migration.version <= *current) {
            connection.rollback();
            continue;
        }
        QStringList statements = migration.statements;
        statements.append(QStringLiteral("PRAGMA user_version = ") +
                          QString::number(migration.version));
        for (const QString &statement : statements) {
            if (auto done = connection.exec(statement); !done) {
                connection.rollback();
                return makeError(done.errorCode(),
                                 QStringLiteral("Migrating the database to schema ") +
                                     QString::number(migration.version) + QStringLiteral(": ") +
                                     done.errorMessage());
            }
        }
        if (auto committed = connection.commit(); !committed) {
            connection.rollback();
            return makeError(committed.errorCode(),
                             QStringLiteral("Committing a migration: ") + committed.errorMessage());
        }
    }
    // A file from a newer AgentDesk is refused even when every step here is already applied.
    const Result<int> current = currentVersion(connection);
    if (!current)
        return current.error();
    if (*current > latestVersion())
        return makeError(QStringLiteral("store-too-new"),
                         QStringLiteral("The database ") + connection.path() +
                             QStringLiteral(" was written by a newer AgentDesk (schema ") +
                             QString::number(*current) +
                             QStringLiteral("); update AgentDesk to open it."));
    return {};
}

} // namespace agentdesk::store
