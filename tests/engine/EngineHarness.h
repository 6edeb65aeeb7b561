#pragma once

#include "FakeProviderServer.h"
#include "ProviderScripts.h"
#include "TempRepository.h"
#include "cost/PriceTable.h"
#include "store/StoreReader.h"
#include "tasks/engine/Engine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace agentdesk::test {

// Per-token prices of the two models the scripted tasks use, in nanodollars, written out from
// the published table (PROTOCOLS.md) so the ledger is checked against figures the test owns.
inline constexpr qint64 sonnetIn = 3000;
inline constexpr qint64 sonnetOut = 15000;
inline constexpr qint64 haikuIn = 1000;
inline constexpr qint64 haikuOut = 5000;

// A tool-use turn with the arguments cut in two fragments, as the provider streams them.
inline ScriptedResponse toolCall(const QString &id, const QString &name, const QJsonObject &input,
                                 qint64 in, qint64 out)
{
    const QString json = QString::fromUtf8(QJsonDocument(input).toJson(QJsonDocument::Compact));
    const qsizetype half = json.size() / 2;
    return anthropic::toolTurn(QString(), id, name, {json.left(half), json.mid(half)}, in, out);
}

// A model call that starts streaming (message_start) and then never ends: the connection
// stays open, so the agent is caught mid-call (for shutting down, killing or cancelling).
inline ScriptedResponse stalledCall()
{
    ScriptedResponse response = toolCall(QStringLiteral("tu_stall"), QStringLiteral("write_file"),
                                         {{QStringLiteral("path"), QStringLiteral("stall.txt")},
                                          {QStringLiteral("content"), QStringLiteral("x")}},
                                         1000, 50);
    response.pieces = {response.pieces.first()};
    response.ending = ScriptedResponse::Ending::Stall;
    return response;
}

// A small Python project with a real pytest suite, on `main`.
inline void makePythonProject(TempRepository &repo)
{
    repo.writeFile(QStringLiteral("calc.py"), "def add(a, b):\n    return a + b\n");
    repo.writeFile(QStringLiteral("test_calc.py"), "from calc import add\n\n\n"
                                                   "def test_add():\n"
                                                   "    assert add(2, 3) == 5\n");
    repo.commitAll(QStringLiteral("calc"));
}

inline const QByteArray kCalcWithDiv = "def add(a, b):\n"
                                       "    return a + b\n"
                                       "\n"
                                       "\n"
                                       "def div(a, b):\n"
                                       "    if b == 0:\n"
                                       "        return None\n"
                                       "    return a / b\n";
inline const QByteArray kTestWithDiv = "from calc import add, div\n\n\n"
                                       "def test_add():\n"
                                       "    assert add(2, 3) == 5\n\n\n"
                                       "def test_div():\n"
                                       "    assert div(6, 3) == 2\n";

inline QJsonObject finishInput(const QString &summary)
{
    return {{QStringLiteral("summary"), summary},
            {QStringLiteral("decisions"),
             QJsonArray{QJsonObject{
                 {QStringLiteral("description"), QStringLiteral("div returns None for b == 0")},
                 {QStringLiteral("file"), QStringLiteral("calc.py")},
                 {QStringLiteral("line"), 7}}}}};
}

inline QJsonObject reviewInput(int startLine = 6)
{
    return {{QStringLiteral("findings"),
             QJsonArray{QJsonObject{
                 {QStringLiteral("title"), QStringLiteral("div returns None")},
                 {QStringLiteral("body"), QStringLiteral("Callers do arithmetic on the result.")},
                 {QStringLiteral("category"), QStringLiteral("null-check")},
                 {QStringLiteral("priority"), 1},
                 {QStringLiteral("confidence"), 0.8},
                 {QStringLiteral("file"), QStringLiteral("calc.py")},
                 {QStringLiteral("side"), QStringLiteral("new")},
                 {QStringLiteral("start_line"), startLine},
                 {QStringLiteral("end_line"), startLine + 1},
                 {QStringLiteral("suggested_fix"), QStringLiteral("raise ZeroDivisionError")}}}},
            {QStringLiteral("verdict"), QStringLiteral("incorrect")},
            {QStringLiteral("explanation"), QStringLiteral("None leaks into arithmetic.")},
            {QStringLiteral("confidence"), 0.7},
            {QStringLiteral("decisions_to_review"),
             QJsonArray{QStringLiteral("Returning None instead of raising")}}};
}

// The engine on a real store in a temporary folder, talking to the scripted server.
struct EngineHarness
{
    QTemporaryDir dir;
    FakeProviderServer server;
    std::shared_ptr<tasks::EngineConfig> config = std::make_shared<tasks::EngineConfig>();
    std::unique_ptr<tasks::Engine> engine;

    EngineHarness()
    {
        QVERIFY(server.listen());
        config->databasePath = dir.filePath(QStringLiteral("agentdesk.sqlite"));
        config->settings.worktreeRoot = dir.filePath(QStringLiteral("worktrees"));
        config->settings.dailyBudget.reset();
        auto prices = cost::PriceTable::loadBundled();
        QVERIFY(prices.ok());
        config->prices = std::make_shared<const cost::PriceTable>(*prices);
        const QUrl url = server.baseUrl();
        config->providers = [url](const QString &id) -> Result<agents::ProviderSettings> {
            if (id != QLatin1String("anthropic"))
                return makeError(QStringLiteral("unknown-provider"), id);
            agents::ProviderSettings settings;
            settings.id = id;
            settings.client.providerName = QStringLiteral("Anthropic");
            settings.client.baseUrl = url;
            settings.client.apiKey = QStringLiteral("test-key-123");
            settings.client.retry.delayScale = 0.001;
            settings.client.retry.random = [] { return 0.5; };
            return settings;
        };
    }

    // Starts (or restarts) the engine and waits until it has opened the store.
    QList<tasks::TaskId> open()
    {
        engine = std::make_unique<tasks::Engine>(config);
        QSignalSpy opened(engine.get(), &tasks::Engine::opened);
        engine->start();
        if (!opened.wait(10000) || !opened.first().at(0).toBool())
            return {tasks::TaskId(-1)};
        return opened.first().at(2).value<QList<tasks::TaskId>>();
    }

    tasks::TaskSpec spec(const TempRepository &repo) const
    {
        tasks::TaskSpec spec = tasks::TaskSpec::withDefaults(tasks::RiskLevel::Low);
        spec.repositoryPath = repo.path();
        spec.title = QStringLiteral("Add div");
        spec.prompt = QStringLiteral("Add a div function to calc.py with a test.");
        spec.validationCommand =
            QStringLiteral("/usr/bin/python3 -m pytest -rA -p no:cacheprovider");
        return spec;
    }

    // Dispatches and returns the task id (0 on refusal, with the message in `error`).
    tasks::TaskId dispatch(const tasks::TaskSpec &spec, QString *error = nullptr)
    {
        QSignalSpy dispatched(engine.get(), &tasks::Engine::dispatched);
        engine->dispatch(spec);
        if (!dispatched.wait(10000))
            return 0;
        if (error)
            *error = dispatched.first().at(3).toString();
        return dispatched.first().at(1).value<tasks::TaskId>();
    }

    // Waits for the task's runner to finish; returns the state it ended in.
    std::optional<tasks::TaskState> waitFinished(tasks::TaskId id, int timeoutMs = 60000)
    {
        std::optional<tasks::TaskState> state;
        QMetaObject::Connection c =
            QObject::connect(engine.get(), &tasks::Engine::taskFinished,
                             [&](tasks::TaskId finished, tasks::TaskState s, const QString &) {
                                 if (finished == id)
                                     state = s;
                             });
        if (!QTest::qWaitFor([&] { return state.has_value(); }, timeoutMs))
            qWarning("task %lld did not finish in time", id);
        QObject::disconnect(c);
        return state;
    }

    std::unique_ptr<store::StoreReader> reader() const
    {
        auto opened = store::StoreReader::open(config->databasePath);
        return opened ? std::move(*opened) : nullptr;
    }
};

} // namespace agentdesk::test
