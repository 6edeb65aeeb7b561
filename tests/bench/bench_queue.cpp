// bench_queue [--tasks 500] [--changes 200]
//
// Issue 17, item 3: what one task's state change costs the window's queue, the old way and the
// new, on a real store holding N tasks (60 of them with findings) and the real TaskQueueModel:
//   - reload: every task listed again (StoreReader::listTasks) and the model reset, which is
//     what DeskController did 150 ms after any state change;
//   - upsert: that task's summary and its flag counts read (taskSummary, findingCounts(id)) and
//     its row upserted, which is what LiveUpdates and DeskController do now.
// Each path runs `changes` state changes (a task moved between groups and back). Prints one
// JSON line: tasks, per-change milliseconds (engine-thread read and model update separately,
// mean and p99) and model resets per path, and the all-task flag count query's time.

#include "BenchUtil.h"

#include "itemmodels/queue/TaskQueueModel.h"
#include "store/Connection.h"
#include "store/StoreReader.h"
#include "store/StoreWriter.h"
#include "store/TaskWrites.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace agentdesk;
using namespace agentdesk::store;
using tasks::TaskState;

namespace {

double msSince(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

tasks::TaskSpec spec(int n)
{
    tasks::TaskSpec s = tasks::TaskSpec::withDefaults(tasks::RiskLevel::Low);
    s.repositoryPath = QStringLiteral("/src/repo%1").arg(n % 3);
    s.baseBranch = QStringLiteral("main");
    s.baseCommit = QStringLiteral("0123456789abcdef0123456789abcdef01234567");
    s.title = QStringLiteral("Task %1").arg(n);
    s.prompt = QStringLiteral("Do thing %1.").arg(n);
    return s;
}

bool advance(Connection &c, TaskId id, const QList<TaskState> &path)
{
    for (int i = 1; i < path.size(); ++i) {
        if (!TaskWrites::transition(c, id, path[i - 1], path[i], QString()))
            return false;
    }
    return true;
}

// N tasks: every one with an iteration and a ledger entry; 50 running, 10 waiting for review
// with 3 findings each, 50 more finished with 1, the rest queued.
bool populate(const QString &path, int taskCount)
{
    {
        auto writer = StoreWriter::open(path);
        if (!writer)
            return false;
    }
    auto connection = Connection::open(path, Connection::Mode::Writer);
    if (!connection)
        return false;
    Connection &c = **connection;
    c.database().transaction();
    const QList<TaskState> toReview{TaskState::Queued,       TaskState::Preparing,
                                    TaskState::Implementing, TaskState::Validating,
                                    TaskState::Reviewing,    TaskState::ReadyForReview};
    for (int n = 0; n < taskCount; ++n) {
        const auto id = TaskWrites::createTask(c, spec(n));
        if (!id)
            return false;
        tasks::Iteration iteration;
        iteration.baseCommit = spec(n).baseCommit;
        if (!TaskWrites::startIteration(c, *id, iteration))
            return false;
        LedgerEntry entry;
        entry.taskId = *id;
        entry.provider = QStringLiteral("anthropic");
        entry.model = QStringLiteral("claude-sonnet-4-5");
        entry.cost = Money::fromNanodollars(1'000'000 + n);
        if (!TaskWrites::recordLedger(c, entry))
            return false;
        const bool running = n < 50;
        const bool reviewed = n >= 50 && n < 110;
        if (running && !advance(c, *id, toReview.mid(0, 3)))
            return false;
        if (reviewed && !advance(c, *id, toReview))
            return false;
        for (int f = 0; reviewed && f < (n < 60 ? 3 : 1); ++f) {
            FindingRecord finding;
            finding.taskId = *id;
            finding.title = QStringLiteral("finding %1").arg(f);
            finding.priority = f;
            finding.file = QStringLiteral("src/a.cpp");
            if (!TaskWrites::insertFinding(c, finding))
                return false;
        }
    }
    return c.database().commit();
}

struct Figures
{
    QList<double> readMs;
    QList<double> modelMs;
};

QJsonObject summarize(const Figures &f, qsizetype resets)
{
    double read = 0;
    double model = 0;
    for (double v : f.readMs)
        read += v;
    for (double v : f.modelMs)
        model += v;
    const double n = qMax<double>(1, f.readMs.size());
    return {{QStringLiteral("engine_read_ms_mean"), read / n},
            {QStringLiteral("engine_read_ms_p99"), bench::percentile(f.readMs, 99)},
            {QStringLiteral("model_update_ms_mean"), model / n},
            {QStringLiteral("model_update_ms_p99"), bench::percentile(f.modelMs, 99)},
            {QStringLiteral("model_resets"), double(resets)},
            {QStringLiteral("changes"), double(f.readMs.size())}};
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("tasks"), QStringLiteral("Tasks in the store."),
                      QStringLiteral("N"), QStringLiteral("500")});
    parser.addOption({QStringLiteral("changes"), QStringLiteral("State changes per path."),
                      QStringLiteral("N"), QStringLiteral("200")});
    parser.process(app);
    const int taskCount = qMax(110, parser.value(QStringLiteral("tasks")).toInt());
    const int changes = qMax(1, parser.value(QStringLiteral("changes")).toInt());

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("queue.sqlite"));
    if (!populate(path, taskCount))
        return 1;
    auto reader = StoreReader::open(path);
    if (!reader)
        return 1;
    StoreReader &store = **reader;
    auto connection = Connection::open(path, Connection::Mode::Writer);
    if (!connection)
        return 1;

    itemmodels::TaskQueueModel model;
    model.setTasks(store.listTasks().valueOr({}));
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    // A running task paused and resumed: each transition one state change.
    const TaskId changing = 1;
    auto change = [&](int i) {
        const bool pause = i % 2 == 0;
        return TaskWrites::transition(
            **connection, changing, pause ? TaskState::Implementing : TaskState::Paused,
            pause ? TaskState::Paused : TaskState::Implementing, QString());
    };

    Figures reload;
    for (int i = 0; i < changes; ++i) {
        if (!change(i))
            return 1;
        QElapsedTimer timer;
        timer.start();
        auto all = store.listTasks();
        auto counts = store.findingCounts();
        reload.readMs.append(msSince(timer));
        timer.restart();
        model.setTasks(all.valueOr({}));
        for (auto it = counts->cbegin(); it != counts->cend(); ++it)
            model.setFindingCounts(it.key(), it->open, it->blocking);
        reload.modelMs.append(msSince(timer));
    }
    const qsizetype reloadResets = resets.size();
    resets.clear();

    Figures upsert;
    for (int i = 0; i < changes; ++i) {
        if (!change(i))
            return 1;
        QElapsedTimer timer;
        timer.start();
        auto one = store.taskSummary(changing);
        auto counts = store.findingCounts(changing);
        upsert.readMs.append(msSince(timer));
        timer.restart();
        if (one && one->has_value())
            model.upsertTask(**one);
        const FindingCounts mine = counts ? counts->value(changing) : FindingCounts();
        model.setFindingCounts(changing, mine.open, mine.blocking);
        upsert.modelMs.append(msSince(timer));
    }

    QElapsedTimer timer;
    timer.start();
    const auto allCounts = store.findingCounts();
    const double countsMs = msSince(timer);

    QJsonObject figures = bench::machine();
    figures.insert(QStringLiteral("tasks"), taskCount);
    figures.insert(QStringLiteral("reload_every_task"), summarize(reload, reloadResets));
    figures.insert(QStringLiteral("upsert_one_task"), summarize(upsert, resets.size()));
    figures.insert(QStringLiteral("finding_counts_all_ms"), countsMs);
    figures.insert(QStringLiteral("tasks_with_findings"), double(allCounts.valueOr({}).size()));
    bench::printResult(figures);
    return 0;
}
