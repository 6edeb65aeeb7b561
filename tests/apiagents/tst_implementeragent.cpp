#include "ApiAgentHarness.h"
#include "TempRepository.h"
#include "agents/api/ImplementerAgent.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace agentdesk;
using namespace agentdesk::test;
using agents::AgentEvent;
using agents::OutcomeKind;

namespace {

QString readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    return QString::fromUtf8(file.readAll());
}

QJsonObject finishInput(const QString &summary)
{
    return {{QStringLiteral("summary"), summary},
            {QStringLiteral("decisions"),
             QJsonArray{QJsonObject{{QStringLiteral("description"), QStringLiteral("Kept ASCII")},
                                    {QStringLiteral("file"), QStringLiteral("src/hello.txt")},
                                    {QStringLiteral("line"), 1}}}}};
}

} // namespace

class TestImplementerAgent : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TempRepository> repo;

    agents::AgentRequest request(const QString &prompt = QStringLiteral("Add src/hello.txt")) const
    {
        agents::AgentRequest r;
        r.worktree = repo->path();
        r.prompt = prompt;
        r.model = QStringLiteral("claude-sonnet-4-5");
        return r;
    }

private Q_SLOTS:
    void init()
    {
        repo = std::make_unique<TempRepository>();
        QVERIFY(repo->isValid());
        QVERIFY(repo->writeFile(QStringLiteral("README.md"), "# Sample\nHello readme\n"));
        QVERIFY(!repo->commitAll(QStringLiteral("initial")).isEmpty());
    }
    void cleanup() { repo.reset(); }

    void listsReadsWritesRunsAndFinishes()
    {
        ApiAgentHarness h;
        h.server.enqueue(anthropicTool(QStringLiteral("tu_1"), QStringLiteral("list_directory"),
                                       {{QStringLiteral("path"), QStringLiteral(".")}}, 1200, 40));
        h.server.enqueue(anthropicTool(QStringLiteral("tu_2"), QStringLiteral("read_file"),
                                       {{QStringLiteral("path"), QStringLiteral("README.md")}},
                                       1400, 35));
        h.server.enqueue(anthropicTool(QStringLiteral("tu_3"), QStringLiteral("write_file"),
                                       {{QStringLiteral("path"), QStringLiteral("src/hello.txt")},
                                        {QStringLiteral("content"), QStringLiteral("hello\n")}},
                                       1600, 60));
        h.server.enqueue(anthropicTool(
            QStringLiteral("tu_4"), QStringLiteral("run_command"),
            {{QStringLiteral("command"), QStringLiteral("cat src/hello.txt; echo ran-ok")}}, 1800,
            30));
        h.server.enqueue(anthropicTool(QStringLiteral("tu_5"), QStringLiteral("finish"),
                                       finishInput(QStringLiteral("Added hello.txt")), 2000, 80));

        agents::ImplementerAgent agent(h.config);
        BackendRecorder recorder(&agent);
        QVERIFY(agent.start(request()).ok());
        QVERIFY(recorder.wait());
        QCOMPARE(recorder.outcome->kind, OutcomeKind::Succeeded);
        QCOMPARE(recorder.outcome->turns, 5);
        QCOMPARE(recorder.outcome->finalText, QStringLiteral("Added hello.txt"));

        // The file is really in the worktree.
        QCOMPARE(readAll(repo->filePath(QStringLiteral("src/hello.txt"))),
                 QStringLiteral("hello\n"));

        // Each tool's result reached the model in the next request.
        QCOMPARE(h.server.requests().size(), 5);
        const QJsonObject first = h.requestJson(0);
        QCOMPARE(first.value(QStringLiteral("model")).toString(),
                 QStringLiteral("claude-sonnet-4-5"));
        QVERIFY(first.value(QStringLiteral("stream")).toBool());
        QCOMPARE(first.value(QStringLiteral("tools")).toArray().size(), 7);
        QVERIFY(toolResultText(toolResultFor(h.lastMessage(1), QStringLiteral("tu_1")))
                    .contains(QStringLiteral("README.md")));
        QVERIFY(toolResultText(toolResultFor(h.lastMessage(2), QStringLiteral("tu_2")))
                    .contains(QStringLiteral("Hello readme")));
        const QJsonObject written = toolResultFor(h.lastMessage(3), QStringLiteral("tu_3"));
        QVERIFY(!written.isEmpty());
        QVERIFY(!written.value(QStringLiteral("is_error")).toBool());
        const QJsonObject ran = toolResultFor(h.lastMessage(4), QStringLiteral("tu_4"));
        QVERIFY(toolResultText(ran).contains(QStringLiteral("hello\nran-ok")));
        QVERIFY(toolResultText(ran).contains(QStringLiteral("exit code 0")));
        // The assistant's tool call is sent back before its result.
        const QJsonArray messages = h.requestJson(4).value(QStringLiteral("messages")).toArray();
        const QJsonObject call = messages.at(messages.size() - 2).toObject();
        QCOMPARE(call.value(QStringLiteral("role")).toString(), QStringLiteral("assistant"));
        QCOMPARE(call.value(QStringLiteral("content"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("id"))
                     .toString(),
                 QStringLiteral("tu_4"));

        // The report, and events for every tool call and result.
        QVERIFY(agent.finishReport().has_value());
        QCOMPARE(agent.finishReport()->decisions.size(), 1);
        QCOMPARE(agent.finishReport()->decisions.at(0).file, QStringLiteral("src/hello.txt"));
        QCOMPARE(recorder.ofKind(AgentEvent::Kind::ToolUse).size(), 5);
        QCOMPARE(recorder.ofKind(AgentEvent::Kind::ToolResult).size(), 5);
        QCOMPARE(recorder.ofKind(AgentEvent::Kind::Usage).size(), 5);
        QVERIFY(agent.lastCommandSandboxed().has_value());

        // Every call is in the ledger, priced exactly.
        QTRY_COMPARE(h.ledger.entries().size(), 5);
        const Money expected = sonnetCost(1200, 40) + sonnetCost(1400, 35) + sonnetCost(1600, 60) +
                               sonnetCost(1800, 30) + sonnetCost(2000, 80);
        QCOMPARE(h.ledger.totals().cost, expected);
        QCOMPARE(*recorder.outcome->cost, expected);
        QCOMPARE(recorder.outcome->costSource, agents::CostSource::Priced);
        const cost::LedgerEntry entry = h.ledger.entries().at(2);
        QCOMPARE(entry.taskId, QStringLiteral("task-7"));
        QCOMPARE(entry.iteration, 2);
        QCOMPARE(entry.role, QStringLiteral("implementer"));
        QCOMPARE(entry.provider, QStringLiteral("anthropic"));
        QCOMPARE(entry.model, QStringLiteral("claude-sonnet-4-5"));
        QCOMPARE(entry.usage.inputTokens, 1600);
        QCOMPARE(entry.usage.outputTokens, 60);
        QCOMPARE(entry.requestId, QStringLiteral("req_tool01"));
        QCOMPARE(recorder.outcome->totalUsage().inputTokens, 8000);
    }

    void toolEscapingTheWorktreeIsAnErrorTheModelSees_data()
    {
        QTest::addColumn<QString>("tool");
        QTest::addColumn<QString>("path");
        QTest::newRow("read parent") << QStringLiteral("read_file") << QStringLiteral("../x");
        QTest::newRow("write absolute")
            << QStringLiteral("write_file") << QStringLiteral("/tmp/agentdesk-escape.txt");
        QTest::newRow("list parent") << QStringLiteral("list_directory") << QStringLiteral("..");
    }
    void toolEscapingTheWorktreeIsAnErrorTheModelSees()
    {
        QFETCH(QString, tool);
        QFETCH(QString, path);
        ApiAgentHarness h;
        h.server.enqueue(anthropicTool(
            QStringLiteral("tu_x"), tool,
            {{QStringLiteral("path"), path}, {QStringLiteral("content"), QStringLiteral("pwned")}},
            500, 20));
        h.server.enqueue(anthropicTool(QStringLiteral("tu_f"), QStringLiteral("finish"),
                                       {{QStringLiteral("summary"), QStringLiteral("gave up")}},
                                       600, 20));
        agents::ImplementerAgent agent(h.config);
        BackendRecorder recorder(&agent);
        QVERIFY(agent.start(request()).ok());
        QVERIFY(recorder.wait());
        QCOMPARE(recorder.outcome->kind, OutcomeKind::Succeeded);
        QCOMPARE(h.server.requests().size(), 2);
        const QJsonObject result = toolResultFor(h.lastMessage(1), QStringLiteral("tu_x"));
        QVERIFY(result.value(QStringLiteral("is_error")).toBool());
        QVERIFY(!toolResultText(result).isEmpty());
        QVERIFY(!QFile::exists(QStringLiteral("/tmp/agentdesk-escape.txt")));
    }

    void budgetStopsBeforeACallThatCouldOverspend()
    {
        ApiAgentHarness h;
        // The first call reports 20,000 input tokens: the next one's input alone could then
        // cost more than what is left of the $0.10.
        h.server.enqueue(anthropicTool(QStringLiteral("tu_1"), QStringLiteral("list_directory"),
                                       {{QStringLiteral("path"), QStringLiteral(".")}}, 20000, 50));
        h.server.enqueue(anthropicTool(QStringLiteral("tu_2"), QStringLiteral("finish"),
                                       {{QStringLiteral("summary"), QStringLiteral("x")}}, 20100,
                                       50));
        agents::ImplementerAgent agent(h.config);
        BackendRecorder recorder(&agent);
        agents::AgentRequest r = request();
        const Money budget = Money::fromCents(10);
        r.remainingBudget = budget;
        QVERIFY(agent.start(r).ok());
        QVERIFY(recorder.wait());
        QCOMPARE(recorder.outcome->kind, OutcomeKind::BudgetExceeded);
        QVERIFY2(recorder.outcome->reason.contains(QStringLiteral("budget")),
                 qPrintable(recorder.outcome->reason));
        QCOMPARE(h.server.requests().size(), 1);
        // The first call was capped below the model's default by the budget.
        const int maxTokens = h.requestJson(0).value(QStringLiteral("max_tokens")).toInt();
        QVERIFY2(maxTokens > 0 && maxTokens < h.config.maxOutputTokens,
                 qPrintable(QString::number(maxTokens)));
        QTRY_COMPARE(h.ledger.entries().size(), 1);
        QCOMPARE(h.ledger.totals().cost, sonnetCost(20000, 50));
        QVERIFY(h.ledger.totals().cost <= budget);
        QCOMPARE(*recorder.outcome->cost, sonnetCost(20000, 50));
    }

    void spendNeverExceedsTheCap_data()
    {
        QTest::addColumn<qint64>("budgetMicros");
        QTest::newRow("$0.07") << qint64(70'000);
        QTest::newRow("$0.10") << qint64(100'000);
        QTest::newRow("$0.23") << qint64(230'000);
    }
    void spendNeverExceedsTheCap()
    {
        QFETCH(qint64, budgetMicros);
        ApiAgentHarness h;
        // Each turn lists the root; its input grows by less than what was appended, as a
        // real provider's would.
        for (int i = 0; i < 40; ++i)
            h.server.enqueue(anthropicTool(QStringLiteral("tu_%1").arg(i),
                                           QStringLiteral("list_directory"), {}, 3000 + 100 * i,
                                           50));
        agents::ImplementerAgent agent(h.config);
        BackendRecorder recorder(&agent);
        agents::AgentRequest r = request();
        const Money budget = Money::fromMicrodollars(budgetMicros);
        r.remainingBudget = budget;
        QVERIFY(agent.start(r).ok());
        QVERIFY(recorder.wait());
        QCOMPARE(recorder.outcome->kind, OutcomeKind::BudgetExceeded);
        const int calls = int(h.server.requests().size());
        QVERIFY(calls >= 1);
        QTRY_COMPARE(int(h.ledger.entries().size()), calls);
        Money expected;
        for (int i = 0; i < calls; ++i)
            expected += sonnetCost(3000 + 100 * i, 50);
        QCOMPARE(h.ledger.totals().cost, expected);
        QVERIFY(h.ledger.totals().cost <= budget);
        // Every call was capped so that its worst case fit what was left.
        Money spentBefore;
        for (int i = 0; i < calls; ++i) {
            const int maxTokens = h.requestJson(i).value(QStringLiteral("max_tokens")).toInt();
            QVERIFY(maxTokens >= h.config.minUsefulOutputTokens);
            QVERIFY(spentBefore + Money::fromNanodollars(maxTokens * sonnetOutputNanos) <= budget);
            spentBefore += sonnetCost(3000 + 100 * i, 50);
        }
    }

    void budgetTooSmallForAnyCallNeverCalls()
    {
        ApiAgentHarness h;
        agents::ImplementerAgent agent(h.config);
        BackendRecorder recorder(&agent);
        agents::AgentRequest r = request();
        r.remainingBudget = Money::fromMicrodollars(100);
        QVERIFY(agent.start(r).ok());
        QVERIFY(recorder.wait());
        QCOMPARE(recorder.outcome->kind, OutcomeKind::BudgetExceeded);
        QCOMPARE(h.server.requests().size(), 0);
        QCOMPARE(h.ledger.entries().size(), 0);
    }

    void unpricedModelWithABudgetIsRefused()
    {
        ApiAgentHarness h;
        agents::ImplementerAgent agent(h.config);
        agents::AgentRequest r = request();
        r.model = QStringLiteral("no-such-model-9");
        r.remainingBudget = Money::fromCents(100);
        const VoidResult started = agent.start(r);
        QVERIFY(!started.ok());
        QCOMPARE(started.errorCode(), QStringLiteral("unpriced-model"));
        QVERIFY(!agent.isRunning());
    }

    void providerErrorFailsWithItsMessage_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("kind");
        QTest::newRow("bad request")
            << 400 << QStringLiteral("invalid_request_error")
            << QStringLiteral("messages: text content blocks must be non-empty")
            << int(OutcomeKind::Failed);
        QTest::newRow("bad key") << 401 << QStringLiteral("authentication_error")
                                 << QStringLiteral("invalid x-api-key")
                                 << int(OutcomeKind::AuthFailed);
    }
    void providerErrorFailsWithItsMessage()
    {
        QFETCH(int, status);
        QFETCH(QString, type);
        QFETCH(QString, message);
        QFETCH(int, kind);
        ApiAgentHarness h;
        h.server.enqueue(anthropic::httpError(status, type, message, "req_bad42"));
        agents::ImplementerAgent agent(h.config);
        BackendRecorder recorder(&agent);
        QVERIFY(agent.start(request()).ok());
        QVERIFY(recorder.wait());
        QCOMPARE(int(recorder.outcome->kind), kind);
        QVERIFY2(recorder.outcome->reason.contains(QStringLiteral("req_bad42")),
                 qPrintable(recorder.outcome->reason));
        QVERIFY(!recorder.outcome->reason.contains(QStringLiteral("test-key-123")));
        QCOMPARE(h.server.requests().size(), 1);
        QCOMPARE(h.ledger.entries().size(), 0);
    }

    void errorAfterTheStreamStartedFailsAndRecordsTheInput()
    {
        ApiAgentHarness h;
        h.server.enqueue(ScriptedResponse::eventStream(
                             {anthropic::messageStart(QStringLiteral("claude-sonnet-4-5"), 900),
                              anthropic::error(QStringLiteral("overloaded_error"),
                                               QStringLiteral("Overloaded"))})
                             .header("request-id", "req_mid1"));
        agents::ImplementerAgent agent(h.config);
        BackendRecorder recorder(&agent);
        QVERIFY(agent.start(request()).ok());
        QVERIFY(recorder.wait());
        QCOMPARE(recorder.outcome->kind, OutcomeKind::Failed);
        QVERIFY2(
            recorder.outcome->reason.contains(QStringLiteral("Overloaded"), Qt::CaseInsensitive),
            qPrintable(recorder.outcome->reason));
        // What the provider billed before failing is not lost to the budget.
        QTRY_COMPARE(h.ledger.entries().size(), 1);
        QCOMPARE(h.ledger.entries().at(0).usage.inputTokens, 900);
    }

    void cancelMidStreamStopsAtOnce()
    {
        ApiAgentHarness h;
        h.server.enqueue(ScriptedResponse::eventStream(
                             {anthropic::messageStart(QStringLiteral("claude-sonnet-4-5"), 700),
                              anthropic::textBlockStart(0),
                              anthropic::textDelta(0, QStringLiteral("Working on"))})
                             .truncate(1 << 20, ScriptedResponse::Ending::Stall));
        agents::ImplementerAgent agent(h.config);
        BackendRecorder recorder(&agent);
        QVERIFY(agent.start(request()).ok());
        QVERIFY(h.server.waitForRequests(1));
        QTest::qWait(50); // let the first frames arrive; correctness does not depend on it
        agent.cancel();
        QVERIFY(!agent.isRunning());
        QVERIFY(recorder.wait());
        QCOMPARE(recorder.outcome->kind, OutcomeKind::Cancelled);
        QCOMPARE(recorder.endings, 1);
        QTest::qWait(20);
        QCOMPARE(recorder.endings, 1);
    }

    void cancelDuringACommandKillsIt()
    {
        ApiAgentHarness h;
        const QString marker = repo->scratchPath(QStringLiteral("after-sleep"));
        h.server.enqueue(anthropicTool(
            QStringLiteral("tu_1"), QStringLiteral("run_command"),
            {{QStringLiteral("command"), QStringLiteral("sleep 3; touch '%1'").arg(marker)}}, 300,
            10));
        h.config.toolbox.sandboxCommands = false; // the marker lies outside the worktree
        agents::ImplementerAgent agent(h.config);
        BackendRecorder recorder(&agent);
        QVERIFY(agent.start(request()).ok());
        QTRY_COMPARE(recorder.ofKind(AgentEvent::Kind::ToolUse).size(), 1);
        agent.cancel();
        QVERIFY(recorder.wait());
        QCOMPARE(recorder.outcome->kind, OutcomeKind::Cancelled);
        QTest::qWait(3500);
        QVERIFY2(!QFile::exists(marker), "the command outlived the cancel");
        QCOMPARE(h.server.requests().size(), 1);
    }

    void pauseTurnIsSentBackToContinue()
    {
        ApiAgentHarness h;
        h.server.enqueue(anthropic::textTurn({QStringLiteral("Thinking it")}, 400, 30,
                                             QStringLiteral("pause_turn")));
        h.server.enqueue(anthropicTool(QStringLiteral("tu_f"), QStringLiteral("finish"),
                                       {{QStringLiteral("summary"), QStringLiteral("done")}}, 450,
                                       20));
        agents::ImplementerAgent agent(h.config);
        BackendRecorder recorder(&agent);
        QVERIFY(agent.start(request()).ok());
        QVERIFY(recorder.wait());
        QCOMPARE(recorder.outcome->kind, OutcomeKind::Succeeded);
        QCOMPARE(h.server.requests().size(), 2);
        const QJsonObject last = h.lastMessage(1);
        QCOMPARE(last.value(QStringLiteral("role")).toString(), QStringLiteral("assistant"));
        QVERIFY(QJsonDocument(last).toJson().contains("Thinking it"));
    }

    void endingWithoutToolsAsksOnceForFinish()
    {
        ApiAgentHarness h;
        h.server.enqueue(anthropic::textTurn({QStringLiteral("All done, I think.")}, 400, 10));
        h.server.enqueue(anthropic::textTurn({QStringLiteral("Really done.")}, 420, 10));
        agents::ImplementerAgent agent(h.config);
        BackendRecorder recorder(&agent);
        QVERIFY(agent.start(request()).ok());
        QVERIFY(recorder.wait());
        QCOMPARE(h.server.requests().size(), 2);
        QVERIFY(QJsonDocument(h.lastMessage(1)).toJson().contains("call the finish tool"));
        QCOMPARE(recorder.outcome->kind, OutcomeKind::Succeeded);
        QVERIFY(!agent.finishReport());
        QCOMPARE(recorder.outcome->finalText, QStringLiteral("Really done."));
    }

    void refusalFails()
    {
        ApiAgentHarness h;
        h.server.enqueue(anthropic::textTurn({QStringLiteral("I can't help with that.")}, 300, 8,
                                             QStringLiteral("refusal")));
        agents::ImplementerAgent agent(h.config);
        BackendRecorder recorder(&agent);
        QVERIFY(agent.start(request()).ok());
        QVERIFY(recorder.wait());
        QCOMPARE(recorder.outcome->kind, OutcomeKind::Failed);
        QVERIFY(recorder.outcome->reason.contains(QStringLiteral("refused")));
        QTRY_COMPARE(h.ledger.entries().size(), 1);
    }

    void turnLimitStopsTheLoop()
    {
        ApiAgentHarness h;
        for (int i = 0; i < 2; ++i)
            h.server.enqueue(anthropicTool(QStringLiteral("tu_%1").arg(i),
                                           QStringLiteral("list_directory"), {}, 300, 10));
        agents::ImplementerAgent agent(h.config);
        BackendRecorder recorder(&agent);
        agents::AgentRequest r = request();
        r.maxTurns = 2;
        QVERIFY(agent.start(r).ok());
        QVERIFY(recorder.wait());
        QCOMPARE(recorder.outcome->kind, OutcomeKind::MaxTurns);
        QCOMPARE(h.server.requests().size(), 2);
    }

    void wallClockLimitTimesOut()
    {
        ApiAgentHarness h;
        h.server.enqueue(ScriptedResponse::eventStream(
                             {anthropic::messageStart(QStringLiteral("claude-sonnet-4-5"), 500)})
                             .truncate(1 << 20, ScriptedResponse::Ending::Stall));
        agents::ImplementerAgent agent(h.config);
        BackendRecorder recorder(&agent);
        agents::AgentRequest r = request();
        r.wallClockLimitMs = 300;
        QVERIFY(agent.start(r).ok());
        QVERIFY(recorder.wait());
        QCOMPARE(recorder.outcome->kind, OutcomeKind::TimedOut);
        QCOMPARE(recorder.endings, 1);
    }

    void replyCutOffAtMaxTokensDropsItsToolCallAndContinues()
    {
        ApiAgentHarness h;
        h.server.enqueue(
            ScriptedResponse::eventStream(
                {anthropic::messageStart(QStringLiteral("claude-sonnet-4-5"), 600),
                 anthropic::textBlockStart(0),
                 anthropic::textDelta(0, QStringLiteral("Writing the file")),
                 anthropic::blockStop(0),
                 anthropic::toolUseStart(1, QStringLiteral("tu_cut"), QStringLiteral("write_file")),
                 anthropic::inputJsonDelta(1, QStringLiteral("{\"path\": \"a.txt\"}")),
                 anthropic::blockStop(1),
                 anthropic::messageDelta(QStringLiteral("max_tokens"),
                                         {{QStringLiteral("output_tokens"), 100}}),
                 anthropic::messageStop()})
                .header("request-id", "req_cut"));
        h.server.enqueue(anthropicTool(QStringLiteral("tu_f"), QStringLiteral("finish"),
                                       {{QStringLiteral("summary"), QStringLiteral("ok")}}, 700,
                                       20));
        agents::ImplementerAgent agent(h.config);
        BackendRecorder recorder(&agent);
        QVERIFY(agent.start(request()).ok());
        QVERIFY(recorder.wait());
        QCOMPARE(recorder.outcome->kind, OutcomeKind::Succeeded);
        QCOMPARE(h.server.requests().size(), 2);
        const QByteArray second = h.server.requests().at(1).body;
        QVERIFY(!second.contains("tu_cut"));
        QVERIFY(second.contains("Writing the file"));
        QVERIFY(second.contains("cut off at the output limit"));
        QVERIFY(!QFile::exists(repo->filePath(QStringLiteral("a.txt"))));
    }

    void openAiCompatibleProviderRunsTheSameLoop()
    {
        ApiAgentHarness h(true);
        h.server.enqueue(openAiTool(QStringLiteral("call_1"), QStringLiteral("write_file"),
                                    {{QStringLiteral("path"), QStringLiteral("notes.md")},
                                     {QStringLiteral("content"), QStringLiteral("# Notes\n")}},
                                    1000, 100));
        h.server.enqueue(openAiTool(QStringLiteral("call_2"), QStringLiteral("finish"),
                                    {{QStringLiteral("summary"), QStringLiteral("notes")}}, 1200,
                                    50));
        agents::ImplementerAgent agent(h.config);
        BackendRecorder recorder(&agent);
        agents::AgentRequest r = request();
        r.model = QStringLiteral("gpt-5-mini");
        r.remainingBudget = Money::fromCents(50);
        QVERIFY(agent.start(r).ok());
        QVERIFY(recorder.wait());
        QCOMPARE(recorder.outcome->kind, OutcomeKind::Succeeded);
        QCOMPARE(readAll(repo->filePath(QStringLiteral("notes.md"))), QStringLiteral("# Notes\n"));
        const QJsonArray messages = h.requestJson(1).value(QStringLiteral("messages")).toArray();
        const QJsonObject toolMessage = messages.last().toObject();
        QCOMPARE(toolMessage.value(QStringLiteral("role")).toString(), QStringLiteral("tool"));
        QCOMPARE(toolMessage.value(QStringLiteral("tool_call_id")).toString(),
                 QStringLiteral("call_1"));
        QTRY_COMPARE(h.ledger.entries().size(), 2);
        QCOMPARE(h.ledger.totals().cost,
                 Money::fromNanodollars(2200 * gpt5MiniInputNanos + 150 * gpt5MiniOutputNanos));
        QCOMPARE(h.ledger.entries().at(0).provider, QStringLiteral("openai"));
    }
};

QTEST_GUILESS_MAIN(TestImplementerAgent)
#include "tst_implementeragent.moc"
