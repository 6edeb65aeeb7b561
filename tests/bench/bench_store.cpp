// The store's figures: timeline events per second through the one writer (target ≥ 10,000/s,
// committed in batches at most ~50 ms apart), a durable ledger write, and the store's part of
// cold start: open a database holding 10,000 historical tasks and list them (the app's whole
// cold start must stay under 500 ms).

#include "BenchUtil.h"

#include "store/Connection.h"
#include "store/StoreReader.h"
#include "store/StoreWriter.h"
#include "store/TaskWrites.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>

using namespace agentdesk;
using namespace agentdesk::store;

namespace {

double msSince(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

tasks::TaskSpec spec(int n)
{
    tasks::TaskSpec s = tasks::TaskSpec::withDefaults(tasks::RiskLevel::Low);
    s.repositoryPath = QStringLiteral("/src/repo%1").arg(n % 5);
    s.baseBranch = QStringLiteral("main");
    s.baseCommit = QStringLiteral("0123456789abcdef0123456789abcdef01234567");
    s.title = QStringLiteral("Generate unit tests for module %1").arg(n);
    s.prompt = QStringLiteral("Write tests for src/module%1.cpp covering the edge cases.").arg(n);
    return s;
}

LedgerEntry entry(TaskId id, LedgerRole role, qint64 nanos)
{
    LedgerEntry e;
    e.taskId = id;
    e.role = role;
    e.provider = QStringLiteral("anthropic");
    e.model = role == LedgerRole::Reviewer ? QStringLiteral("claude-haiku-4-5")
                                           : QStringLiteral("claude-sonnet-4-5");
    e.inputTokens = 12000;
    e.outputTokens = 900;
    e.cost = Money::fromNanodollars(nanos);
    e.requestId = QStringLiteral("req_bench");
    return e;
}

// 10,000 finished tasks, each with an iteration and two ledger entries, written in one
// transaction straight through the writer's statements (the bench measures reading them).
bool populate(const QString &path, int taskCount)
{
    {
        auto writer = StoreWriter::open(path); // creates and migrates
        if (!writer)
            return false;
    }
    auto connection = Connection::open(path, Connection::Mode::Writer);
    if (!connection)
        return false;
    Connection &c = **connection;
    c.database().transaction();
    for (int n = 0; n < taskCount; ++n) {
        const auto id = TaskWrites::createTask(c, spec(n));
        if (!id)
            return false;
        tasks::Iteration iteration;
        iteration.baseCommit = QStringLiteral("0123456789abcdef0123456789abcdef01234567");
        if (!TaskWrites::startIteration(c, *id, iteration) ||
            !TaskWrites::recordLedger(c, entry(*id, LedgerRole::Implementer, 40'000'000 + n)) ||
            !TaskWrites::recordLedger(c, entry(*id, LedgerRole::Reviewer, 9'000'000)))
            return false;
        for (auto to : {tasks::TaskState::Preparing, tasks::TaskState::Implementing,
                        tasks::TaskState::Validating, tasks::TaskState::Reviewing,
                        tasks::TaskState::ReadyForReview}) {
            static const QList<tasks::TaskState> order = {
                tasks::TaskState::Queued,       tasks::TaskState::Preparing,
                tasks::TaskState::Implementing, tasks::TaskState::Validating,
                tasks::TaskState::Reviewing,    tasks::TaskState::ReadyForReview};
            if (!TaskWrites::transition(c, *id, order[order.indexOf(to) - 1], to, QString()))
                return false;
        }
    }
    return c.database().commit();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir temporary;
    // --keep DIR leaves the databases there for inspection.
    const QStringList args = app.arguments();
    const qsizetype keep = args.indexOf(QStringLiteral("--keep"));
    const QDir dir(keep > 0 && keep + 1 < args.size() ? args.at(keep + 1) : temporary.path());
    QJsonObject figures;

    // Events through the writer.
    {
        auto writer = StoreWriter::open(dir.filePath(QStringLiteral("events.sqlite")));
        if (!writer) {
            std::fprintf(stderr, "%s\n", qPrintable(writer.errorMessage()));
            return 1;
        }
        const TaskId id = (*writer)->createTask(spec(0)).value();
        constexpr int count = 100'000;
        const quint64 before = (*writer)->transactionsCommitted();
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < count; ++i)
            (*writer)->appendEvent(
                tasks::TaskEvent::make(id, 1, tasks::TaskEventKind::ModelText,
                                       {{QStringLiteral("text"),
                                         QStringLiteral("streamed text chunk number %1").arg(i)}}));
        const double appendMs = msSince(timer);
        if (!(*writer)->flush())
            return 1;
        const double totalMs = msSince(timer);
        figures.insert(QStringLiteral("events"), count);
        figures.insert(QStringLiteral("events_per_s"), double(count) / (totalMs / 1000.0));
        figures.insert(QStringLiteral("event_append_us_per_event"), appendMs * 1000.0 / count);
        figures.insert(QStringLiteral("event_transactions"),
                       double((*writer)->transactionsCommitted() - before));

        // Paced like 40 streaming agents (about 10,000 events/s for a second): the number of
        // commits shows the batching interval holds while events keep arriving.
        const quint64 pacedBefore = (*writer)->eventBatchesCommitted();
        QElapsedTimer paced;
        paced.start();
        for (int tick = 0; tick < 100; ++tick) {
            for (int i = 0; i < 100; ++i)
                (*writer)->appendEvent(tasks::TaskEvent::make(
                    id, 1, tasks::TaskEventKind::ModelText, {{QStringLiteral("text"), i}}));
            QThread::msleep(10);
        }
        const double pacedMs = msSince(paced);
        if (!(*writer)->flush())
            return 1;
        const double batches = double((*writer)->eventBatchesCommitted() - pacedBefore);
        figures.insert(QStringLiteral("paced_event_batches"), batches);
        figures.insert(QStringLiteral("paced_mean_batch_interval_ms"), pacedMs / batches);

        QList<double> ledgerMs;
        for (int i = 0; i < 200; ++i) {
            QElapsedTimer one;
            one.start();
            if (!(*writer)->recordLedger(entry(id, LedgerRole::Implementer, i)))
                return 1;
            ledgerMs.append(msSince(one));
        }
        figures.insert(QStringLiteral("ledger_write_p50_ms"), bench::percentile(ledgerMs, 50));
        figures.insert(QStringLiteral("ledger_write_p99_ms"), bench::percentile(ledgerMs, 99));
    }

    // Cold start over 10,000 historical tasks.
    {
        constexpr int taskCount = 10'000;
        const QString path = dir.filePath(QStringLiteral("history.sqlite"));
        QElapsedTimer build;
        build.start();
        if (!populate(path, taskCount)) {
            std::fprintf(stderr, "could not build the 10,000-task database\n");
            return 1;
        }
        figures.insert(QStringLiteral("populate_10k_tasks_ms"), msSince(build));

        QElapsedTimer total;
        total.start();
        auto writer = StoreWriter::open(path);
        if (!writer || !(*writer)->recoverInterrupted())
            return 1;
        const double openWriterMs = msSince(total);
        auto reader = StoreReader::open(path);
        if (!reader)
            return 1;
        QElapsedTimer list;
        list.start();
        const auto tasks = (*reader)->listTasks();
        const double listMs = msSince(list);
        if (!tasks || tasks->size() != taskCount) {
            std::fprintf(stderr, "listed the wrong number of tasks\n");
            return 1;
        }
        figures.insert(QStringLiteral("open_writer_and_recover_ms"), openWriterMs);
        figures.insert(QStringLiteral("list_10k_tasks_ms"), listMs);
        figures.insert(QStringLiteral("open_and_list_10k_tasks_ms"), msSince(total));
    }
    figures.insert(QStringLiteral("peak_rss_mb"), bench::peakRssMb());
    bench::printResult(figures);
    return 0;
}
