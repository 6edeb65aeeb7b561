// bench_dispatch --agents 50 [--seconds 10] [--tokens-per-second 50]
//
// N tasks dispatched at once through the real engine (scheduler, runner threads, store,
// worktrees, validation, built-in implementer and reviewer) against the scripted provider
// server, which streams each implementer's answer at the given rate. The GUI thread meanwhile
// runs a 5 ms timer and records how late each tick fires (the event loop's latency) while it
// receives the engine's coalesced progress and ledger signals, as the window would.
//
// Prints one JSON line: agents, gui_latency_p99_ms, gui_latency_max_ms, events_per_s,
// progress_signals_per_s, ready, wall_s.

#include "BenchUtil.h"
#include "FakeProviderServer.h"
#include "ProviderScripts.h"
#include "TempRepository.h"
#include "cost/PriceTable.h"
#include "git/GitLibrary.h"
#include "store/StoreReader.h"
#include "tasks/engine/Engine.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

using namespace agentdesk;
using namespace agentdesk::test;

namespace {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// An implementer turn that streams `tokens` words of text at `perSecond`, then calls finish.
ScriptedResponse streamingFinish(int tokens, int perSecond)
{
    const QJsonObject input{{QStringLiteral("summary"), QStringLiteral("Streamed and finished.")},
                            {QStringLiteral("decisions"), QJsonArray()}};
    QList<QByteArray> frames{anthropic::messageStart(QStringLiteral("claude-sonnet-4-5"), 1200),
                             anthropic::textBlockStart(0)};
    for (int i = 0; i < tokens; ++i)
        frames.append(anthropic::textDelta(0, QStringLiteral("word%1 ").arg(i)));
    frames.append(anthropic::blockStop(0));
    frames.append(
        anthropic::toolUseStart(1, QStringLiteral("tu_finish"), QStringLiteral("finish")));
    frames.append(anthropic::inputJsonDelta(1, QString::fromUtf8(compact(input))));
    frames.append(anthropic::blockStop(1));
    frames.append(anthropic::messageDelta(QStringLiteral("tool_use"),
                                          {{QStringLiteral("output_tokens"), tokens + 20}}));
    frames.append(anthropic::messageStop());
    ScriptedResponse response = ScriptedResponse::eventStream(frames);
    const int delay = perSecond > 0 ? 1000 / perSecond : 0;
    for (int i = 2; i < 2 + tokens && i < response.pieces.size(); ++i)
        response.pieces[i].delayMs = delay;
    return response;
}

ScriptedResponse reviewTurn()
{
    const QJsonObject input{{QStringLiteral("findings"), QJsonArray()},
                            {QStringLiteral("verdict"), QStringLiteral("correct")},
                            {QStringLiteral("explanation"), QStringLiteral("Nothing to flag.")},
                            {QStringLiteral("confidence"), 0.9},
                            {QStringLiteral("decisions_to_review"), QJsonArray()}};
    return anthropic::toolTurn(QString(), QStringLiteral("tr_1"), QStringLiteral("submit_review"),
                               {QString::fromUtf8(compact(input))}, 2000, 100);
}

} // namespace

int main(int argc, char **argv)
{
    git::GitLibrary gitLibrary;
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("agents"), QStringLiteral("Tasks at once."),
                      QStringLiteral("n"), QStringLiteral("50")});
    parser.addOption({QStringLiteral("seconds"),
                      QStringLiteral("How long each implementer streams."), QStringLiteral("s"),
                      QStringLiteral("10")});
    parser.addOption({QStringLiteral("tokens-per-second"), QStringLiteral("Each stream's rate."),
                      QStringLiteral("n"), QStringLiteral("50")});
    parser.process(app);
    const int agents = qMax(1, parser.value(QStringLiteral("agents")).toInt());
    const int perSecond = qMax(1, parser.value(QStringLiteral("tokens-per-second")).toInt());
    const int tokens = qMax(1, parser.value(QStringLiteral("seconds")).toInt() * perSecond);

    // The scripted server on its own thread, so its work is not counted as the GUI's.
    QThread serverThread;
    serverThread.start();
    auto *server = new FakeProviderServer;
    server->moveToThread(&serverThread);
    server->setRecordRequests(false);
    server->setResponder([tokens, perSecond](const RecordedRequest &request) {
        return request.body.contains("\"submit_review\"") ? reviewTurn()
                                                          : streamingFinish(tokens, perSecond);
    });
    QUrl url;
    QMetaObject::invokeMethod(
        server,
        [&] {
            server->listen();
            url = server->baseUrl();
        },
        Qt::BlockingQueuedConnection);

    TempRepository repo;
    repo.writeFile(QStringLiteral("README.md"), "# bench\n");
    repo.commitAll(QStringLiteral("init"));
    QTemporaryDir dir;
    auto config = std::make_shared<tasks::EngineConfig>();
    config->databasePath = dir.filePath(QStringLiteral("agentdesk.sqlite"));
    config->settings.worktreeRoot = dir.filePath(QStringLiteral("worktrees"));
    config->settings.concurrency = agents;
    config->settings.dailyBudget.reset();
    config->settings.sandbox = false;
    config->prices = std::make_shared<const cost::PriceTable>(*cost::PriceTable::loadBundled());
    config->providers = [url](const QString &id) -> Result<agents::ProviderSettings> {
        agents::ProviderSettings settings;
        settings.id = id;
        settings.client.providerName = QStringLiteral("Anthropic");
        settings.client.baseUrl = url;
        settings.client.apiKey = QStringLiteral("bench-key");
        return settings;
    };

    tasks::Engine engine(config);
    QList<double> lateness;
    qint64 progressSignals = 0;
    qint64 ledgerSignals = 0;
    int finished = 0;
    int ready = 0;
    QElapsedTimer wall;
    QElapsedTimer tick;
    QTimer probe;
    probe.setInterval(5);
    probe.setTimerType(Qt::PreciseTimer);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        lateness.append(qMax(0.0, tick.nsecsElapsed() / 1e6 - 5.0));
        tick.restart();
    });
    QObject::connect(
        &engine, &tasks::Engine::progressChanged,
        [&](const tasks::TaskProgressList &list) { progressSignals += list.isEmpty() ? 0 : 1; });
    QObject::connect(&engine, &tasks::Engine::ledgerRecorded,
                     [&](const store::LedgerEntry &) { ++ledgerSignals; });
    QObject::connect(&engine, &tasks::Engine::taskFinished,
                     [&](tasks::TaskId, tasks::TaskState state, const QString &) {
                         ++finished;
                         ready += state == tasks::TaskState::ReadyForReview ? 1 : 0;
                         if (finished == agents)
                             app.quit();
                     });
    QObject::connect(&engine, &tasks::Engine::opened, [&](bool ok, const QString &error) {
        if (!ok) {
            qCritical("engine: %s", qPrintable(error));
            app.exit(1);
            return;
        }
        wall.start();
        tick.start();
        probe.start();
        for (int i = 0; i < agents; ++i) {
            tasks::TaskSpec spec = tasks::TaskSpec::withDefaults(tasks::RiskLevel::Low);
            spec.repositoryPath = repo.path();
            spec.title = QStringLiteral("Bench task %1").arg(i + 1);
            spec.prompt = QStringLiteral("Stream and finish.");
            spec.validationCommand = QStringLiteral("echo '1 passed in 0.01s'");
            engine.dispatch(spec);
        }
    });
    engine.start();
    const int status = app.exec();
    probe.stop();
    const double seconds = wall.nsecsElapsed() / 1e9;

    qint64 events = 0;
    if (auto reader = store::StoreReader::open(config->databasePath)) {
        if (auto tasks = (*reader)->listTasks()) {
            for (const store::TaskSummary &summary : *tasks)
                if (auto count = (*reader)->eventCount(summary.task.id))
                    events += *count;
        }
    }
    QMetaObject::invokeMethod(
        server, [server] { delete server; }, Qt::BlockingQueuedConnection);
    serverThread.quit();
    serverThread.wait();

    QList<double> sorted = lateness;
    std::sort(sorted.begin(), sorted.end());
    bench::printResult(QJsonObject{
        {QStringLiteral("bench"), QStringLiteral("dispatch")},
        {QStringLiteral("agents"), agents},
        {QStringLiteral("tokens_per_agent"), tokens},
        {QStringLiteral("tokens_per_second_each"), perSecond},
        {QStringLiteral("wall_s"), seconds},
        {QStringLiteral("ready"), ready},
        {QStringLiteral("gui_latency_p99_ms"), bench::percentile(lateness, 99)},
        {QStringLiteral("gui_latency_max_ms"), sorted.isEmpty() ? 0.0 : sorted.last()},
        {QStringLiteral("events_per_s"), seconds > 0 ? events / seconds : 0.0},
        {QStringLiteral("events"), events},
        {QStringLiteral("progress_signals_per_s"), seconds > 0 ? progressSignals / seconds : 0.0},
        {QStringLiteral("ledger_entries"), ledgerSignals},
        {QStringLiteral("machine"), bench::machine()},
    });
    return status;
}
