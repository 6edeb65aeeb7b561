#include "StoreTestUtil.h"

#include "store/Connection.h"
#include "store/Migrations.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace agentdesk;
using namespace agentdesk::store;
using namespace agentdesk::store::testutil;

class TestStoreMigrations : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static int userVersion(const QString &path)
    {
        auto connection = Connection::open(path, Connection::Mode::Reader);
        if (!connection)
            return -1;
        return Migrations::currentVersion(**connection).valueOr(-1);
    }

private Q_SLOTS:
    void versionsAreOrdered()
    {
        int previous = 0;
        for (const Migrations::Migration &migration : Migrations::all()) {
            QCOMPARE(migration.version, previous + 1);
            QVERIFY(!migration.statements.isEmpty());
            previous = migration.version;
        }
        QCOMPARE(Migrations::latestVersion(), previous);
    }

    void newDatabaseIsAtLatest()
    {
        const QString path = m_dir.filePath(QStringLiteral("new.sqlite"));
        {
            auto writer = StoreWriter::open(path);
            QVERIFY2(writer.ok(), qPrintable(writer.errorMessage()));
        }
        QCOMPARE(userVersion(path), Migrations::latestVersion());
    }

    // A file written by the first released schema, with a task, an iteration and a ledger
    // entry in it, opens in today's writer with everything kept and the new tables usable.
    void migratesVersion1()
    {
        const QString path = m_dir.filePath(QStringLiteral("v1.sqlite"));
        {
            auto connection = Connection::open(path, Connection::Mode::Writer);
            QVERIFY2(connection.ok(), qPrintable(connection.errorMessage()));
            QVERIFY(Migrations::migrate(**connection, 1).ok());
            for (const char *sql : {
                     "INSERT INTO repositories(id, path, added_at) VALUES (1, '/src/app', 1)",
                     "INSERT INTO tasks(id, repository_id, title, prompt, base_branch,"
                     " base_commit, branch, risk, implementer_provider, implementer_model,"
                     " reviewer_provider, reviewer_model, budget_nanos, validation_command,"
                     " timeouts, state, created_at, updated_at) VALUES (7, 1, 'Old task',"
                     " 'p', 'main', 'c0ffee', 'agentdesk/7-old-task', 'high', 'anthropic',"
                     " 'claude-opus-4-5', 'anthropic', 'claude-sonnet-4-5', 5000000000, 'make"
                     " test', '{\"validate_s\": 99}', 'implementing', 1700000000000,"
                     " 1700000000000)",
                     "INSERT INTO iterations(task_id, number, base_commit, started_at)"
                     " VALUES (7, 1, 'c0ffee', 1700000000000)",
                     "INSERT INTO ledger(task_id, iteration, role, provider, model, input_tokens,"
                     " output_tokens, cache_write_5m_tokens, cache_write_1h_tokens,"
                     " cache_read_tokens, cost_nanos, request_id, at) VALUES (7, 1,"
                     " 'implementer', 'anthropic', 'claude-opus-4-5', 10, 20, 0, 0, 0, 12345,"
                     " 'req_old', 1700000000000)",
                 }) {
                QVERIFY2((*connection)->exec(QString::fromLatin1(sql)).ok(), sql);
            }
        }
        QCOMPARE(userVersion(path), 1);
        // Today's reader refuses the old schema rather than misreading it.
        QCOMPARE(StoreReader::open(path).errorCode(), QStringLiteral("store-schema-mismatch"));

        auto writer = StoreWriter::open(path);
        QVERIFY2(writer.ok(), qPrintable(writer.errorMessage()));
        QCOMPARE(userVersion(path), Migrations::latestVersion());
        auto reader = StoreReader::open(path);
        QVERIFY2(reader.ok(), qPrintable(reader.errorMessage()));

        const auto detail = (*reader)->loadTask(7);
        QVERIFY2(detail.ok(), qPrintable(detail.errorMessage()));
        QCOMPARE(detail->task.spec.title, QStringLiteral("Old task"));
        QCOMPARE(detail->task.spec.risk, tasks::RiskLevel::High);
        QCOMPARE(detail->task.spec.budget.nanodollars(), 5'000'000'000);
        QCOMPARE(detail->task.spec.timeouts.validateSeconds, 99);
        QCOMPARE(detail->task.spec.timeouts.reviewSeconds, tasks::TaskTimeouts().reviewSeconds);
        QCOMPARE(detail->task.state, tasks::TaskState::Implementing);
        QVERIFY(!detail->task.sandboxed); // the column v2 added, with its default
        QCOMPARE(detail->iterations.size(), 1);
        QCOMPARE((*reader)->ledger(7)->constFirst().cost.nanodollars(), 12345);

        // The old running task is recovered like any other, and v2's tables take rows.
        QCOMPARE(*(*writer)->recoverInterrupted(), QList<TaskId>{7});
        FindingRecord finding;
        finding.title = QStringLiteral("Edge case");
        QVERIFY((*writer)->saveFindings(7, 1, {finding}).ok());
        QVERIFY((*writer)->setSetting(QStringLiteral("theme"), QStringLiteral("dark")).ok());
        QCOMPARE((*reader)->findings(7)->size(), 1);

        // The cost totals v3 keeps were filled from the old ledger, and stay in step.
        QCOMPARE((*reader)->listTasks()->constFirst().totalCost.nanodollars(), 12345);
        LedgerEntry more =
            ledgerEntry(7, LedgerRole::Implementer, QStringLiteral("claude-opus-4-5"), 5);
        QVERIFY((*writer)->recordLedger(more).ok());
        const auto list = (*reader)->listTasks();
        QCOMPARE(list->constFirst().totalCost.nanodollars(), 12350);
        QCOMPARE(list->constFirst().costByRoleAndModel.size(), 1);
        QCOMPARE(list->constFirst().costByRoleAndModel.constFirst().calls, 2);
        QCOMPARE(list->constFirst().costByRoleAndModel.constFirst().outputTokens, 27);
        QCOMPARE(list->constFirst().latestIteration, 1);
    }

    void refusesNewerSchema()
    {
        const QString path = m_dir.filePath(QStringLiteral("future.sqlite"));
        {
            auto connection = Connection::open(path, Connection::Mode::Writer);
            QVERIFY(connection.ok());
            QVERIFY((*connection)->exec(QStringLiteral("PRAGMA user_version = 999")).ok());
        }
        const auto writer = StoreWriter::open(path);
        QCOMPARE(writer.errorCode(), QStringLiteral("store-too-new"));
        QVERIFY(writer.errorMessage().contains(QStringLiteral("newer AgentDesk")));
        QCOMPARE(userVersion(path), 999); // untouched
    }

    void refusesAFileThatIsNotADatabase()
    {
        const QString path = m_dir.filePath(QStringLiteral("garbage.sqlite"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(8192, 'x'));
        file.close();
        const auto writer = StoreWriter::open(path);
        QVERIFY(!writer.ok());
        QCOMPARE(writer.errorCode(), QStringLiteral("store-corrupt"));
    }

    void readerNeedsAnExistingDatabase()
    {
        const auto reader = StoreReader::open(m_dir.filePath(QStringLiteral("absent.sqlite")));
        QCOMPARE(reader.errorCode(), QStringLiteral("store-missing"));
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("absent.sqlite"))));
    }

    void missingFolderIsAClearError()
    {
        const auto writer =
            StoreWriter::open(m_dir.filePath(QStringLiteral("no/such/folder/db.sqlite")));
        QCOMPARE(writer.errorCode(), QStringLiteral("store-cannot-open"));
    }
};

QTEST_GUILESS_MAIN(TestStoreMigrations)
#include "tst_storemigrations.moc"
