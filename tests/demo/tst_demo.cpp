// The offline demo: its scripted provider on the real HTTP client, its sample repository, and
// both demo tasks through the real engine (scheduler, runner threads, store, git, pytest,
// built-in agents), first run, review with flags, revision, and the merge gate.

#include "TempRepository.h"
#include "TestProcess.h"
#include "core/AppPaths.h"
#include "cost/PriceTable.h"
#include "demo/DemoEndpoint.h"
#include "demo/DemoLabels.h"
#include "demo/DemoSession.h"
#include "demo/DemoStream.h"
#include "git/GitLibrary.h"
#include "git/Repository.h"
#include "llm/AnthropicClient.h"
#include "store/StoreReader.h"
#include "tasks/decide/GateEvaluator.h"
#include "tasks/engine/Engine.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace agentdesk;
using namespace agentdesk::demo;
using tasks::TaskState;

namespace {

// Per-token prices in nanodollars, written out from the published table (PROTOCOLS.md) so
// the ledger is checked against figures the test owns.
constexpr qint64 kSonnetIn = 3000;
constexpr qint64 kSonnetOut = 15000;
constexpr qint64 kHaikuIn = 1000;
constexpr qint64 kHaikuOut = 5000;

Money implementerCost(const DemoRun &run)
{
    qint64 nanos = 0;
    for (const DemoTurn &turn : run.implementer)
        nanos += turn.inputTokens * kSonnetIn + turn.outputTokens * kSonnetOut;
    return Money::fromNanodollars(nanos);
}

Money reviewerCost(const DemoRun &run)
{
    return Money::fromNanodollars(run.reviewer.inputTokens * kHaikuIn +
                                  run.reviewer.outputTokens * kHaikuOut);
}

// What the built-in agents send, reduced to what the provider reads.
QJsonObject messagesRequest(const QString &firstUserText, int toolResults, bool reviewer)
{
    QJsonArray messages{
        QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                    {QStringLiteral("content"),
                     QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                            {QStringLiteral("text"), firstUserText}}}}}};
    for (int i = 0; i < toolResults; ++i) {
        messages.append(QJsonObject{
            {QStringLiteral("role"), QStringLiteral("assistant")},
            {QStringLiteral("content"),
             QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("tool_use")},
                                    {QStringLiteral("id"), QStringLiteral("t%1").arg(i)},
                                    {QStringLiteral("name"), QStringLiteral("read_file")},
                                    {QStringLiteral("input"), QJsonObject()}}}}});
        messages.append(QJsonObject{
            {QStringLiteral("role"), QStringLiteral("user")},
            {QStringLiteral("content"),
             QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("tool_result")},
                                    {QStringLiteral("tool_use_id"), QStringLiteral("t%1").arg(i)},
                                    {QStringLiteral("content"), QStringLiteral("ok")}}}}});
    }
    QJsonArray tools{QJsonObject{{QStringLiteral("name"), QStringLiteral("read_file")}}};
    if (reviewer)
        tools.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("submit_review")}});
    return {{QStringLiteral("model"), QStringLiteral("claude-sonnet-4-5")},
            {QStringLiteral("messages"), messages},
            {QStringLiteral("tools"), tools}};
}

// One call through the real Anthropic client.
struct Call
{
    std::optional<llm::FinalMessage> message;
    std::optional<llm::ChatError> error;
    int textDeltas = 0;
};

Call callProvider(const QUrl &baseUrl, const QString &firstUserText)
{
    QNetworkAccessManager network;
    llm::AnthropicClient client(&network, demoProviderSettings(baseUrl).client);
    Call call;
    QObject::connect(&client, &llm::ChatClient::event, [&](const llm::ChatEvent &event) {
        call.textDeltas += event.kind == llm::ChatEvent::Kind::TextDelta ? 1 : 0;
    });
    QObject::connect(&client, &llm::ChatClient::finished,
                     [&](const llm::FinalMessage &message) { call.message = message; });
    QObject::connect(&client, &llm::ChatClient::failed,
                     [&](const llm::ChatError &error) { call.error = error; });
    llm::ChatRequest request;
    request.model = QStringLiteral("claude-sonnet-4-5");
    request.maxOutputTokens = 1024;
    request.messages = {llm::ChatMessage::userText(firstUserText)};
    client.start(request);
    if (!QTest::qWaitFor([&] { return call.message || call.error; }, 20000))
        qWarning("the demo provider did not answer");
    return call;
}

QString show(const QString &repository, const QString &revisionAndPath)
{
    return QString::fromUtf8(
        test::runGit(repository, {QStringLiteral("show"), revisionAndPath}).out);
}

} // namespace

class TestDemo : public QObject
{
    Q_OBJECT

private:
    git::GitLibrary library;

private Q_SLOTS:
    void scriptLoadsAndLabelsItsTasks()
    {
        auto script = DemoScript::loadBundled();
        QVERIFY2(script.ok(), qPrintable(script.errorMessage()));
        QCOMPARE(script->tasks.size(), 2);
        const DemoPlan plan = DemoSession::plan(QStringLiteral("/x/demo/sample-project"), *script);
        QCOMPARE(plan.tasks.size(), 2);
        for (const tasks::TaskSpec &spec : plan.tasks) {
            QVERIFY(spec.title.startsWith(QLatin1String("[Demo] ")));
            QCOMPARE(spec.implementer, (tasks::ModelRef{QStringLiteral("demo"),
                                                        QStringLiteral("claude-sonnet-4-5")}));
            QCOMPARE(spec.reviewer,
                     (tasks::ModelRef{QStringLiteral("demo"), QStringLiteral("claude-haiku-4-5")}));
            QCOMPARE(spec.baseBranch, QStringLiteral("main"));
            QVERIFY(spec.budget.nanodollars() > 0);
            QVERIFY(!spec.validationCommand.isEmpty());
        }
        QVERIFY(plan.tasks.at(plan.flaggedTask).title.contains(QLatin1String("div")));
        QVERIFY(plan.revisionRequest.contains(QLatin1String("ZeroDivisionError")));
        QVERIFY(QString(kDemoNotice).contains(QLatin1String("scripted")));
        // The "@file:" references were replaced by the files' text.
        const QJsonObject write = script->run(0, 1).implementer.at(3).input;
        QVERIFY(write.value(QStringLiteral("content"))
                    .toString()
                    .contains(QLatin1String("def test_div_by_zero_returns_none")));
    }

    void locateReadsTheRequest_data()
    {
        QTest::addColumn<QString>("firstText");
        QTest::addColumn<int>("toolResults");
        QTest::addColumn<bool>("reviewer");
        QTest::addColumn<int>("task");
        QTest::addColumn<int>("run");
        QTest::addColumn<QString>("tool");

        const QString div = QStringLiteral("[Demo] Add a div function to calc.py with tests");
        const QString readme = QStringLiteral("[Demo] Update the README usage section");
        QTest::newRow("implementer, first call")
            << QStringLiteral("# Task: %1\n\nAdd div.\n").arg(div) << 0 << false << 0 << 0
            << QStringLiteral("read_file");
        QTest::newRow("implementer, after two tool results")
            << QStringLiteral("# Task: %1\n\nAdd div.\n").arg(div) << 2 << false << 0 << 0
            << QStringLiteral("edit_file");
        QTest::newRow("implementer past the end finishes")
            << QStringLiteral("# Task: %1\n\nAdd div.\n").arg(div) << 40 << false << 0 << 0
            << QStringLiteral("finish");
        QTest::newRow("revision")
            << QStringLiteral("# Revision request\n\nRaise.\n\n# The original task: %1\n").arg(div)
            << 1 << false << 0 << 1 << QStringLiteral("edit_file");
        QTest::newRow("reviewer") << QStringLiteral("# Task\n%1\n\nAdd div.\n").arg(div) << 0
                                  << true << 0 << 0 << QStringLiteral("submit_review");
        QTest::newRow("reviewer of a revision")
            << QStringLiteral("# Task\n%1\n\nAdd div.\n\nRevision request: Raise.\n").arg(div) << 0
            << true << 0 << 1 << QStringLiteral("submit_review");
        QTest::newRow("other task") << QStringLiteral("# Task: %1\n\nDocs.\n").arg(readme) << 1
                                    << false << 1 << 0 << QStringLiteral("edit_file");
        QTest::newRow("a revision of a task scripted once runs its script again")
            << QStringLiteral("# Revision request\n\nMore.\n\n# The original task: %1\n")
                   .arg(readme)
            << 0 << false << 1 << 0 << QStringLiteral("read_file");
    }

    void locateReadsTheRequest()
    {
        QFETCH(QString, firstText);
        QFETCH(int, toolResults);
        QFETCH(bool, reviewer);
        auto script = DemoScript::loadBundled();
        QVERIFY(script.ok());
        const Result<DemoCall> call =
            script->locate(messagesRequest(firstText, toolResults, reviewer));
        QVERIFY2(call.ok(), qPrintable(call.errorMessage()));
        QTEST(call->task, "task");
        QTEST(call->run, "run");
        QCOMPARE(call->role, reviewer ? DemoRole::Reviewer : DemoRole::Implementer);
        QCOMPARE(call->step, toolResults);
        QTEST(script->turn(*call).tool, "tool");
    }

    void providerStreamsOverTheRealClient()
    {
        auto loaded = DemoScript::loadBundled();
        QVERIFY(loaded.ok());
        auto script = std::make_shared<const DemoScript>(*loaded);
        DemoProvider provider(script);
        provider.setPaceMs(2); // paced: the stream arrives in pieces
        QVERIFY(provider.listen().ok());
        QCOMPARE(provider.baseUrl().host(), QStringLiteral("127.0.0.1"));

        const DemoTurn &first = script->tasks.at(0).runs.at(0).implementer.at(0);
        Call call = callProvider(provider.baseUrl(),
                                 QStringLiteral("# Task: %1\n\n%2\n")
                                     .arg(script->tasks.at(0).title, script->tasks.at(0).prompt));
        QVERIFY(call.message);
        QCOMPARE(call.message->usage.inputTokens, first.inputTokens);
        QCOMPARE(call.message->usage.outputTokens, first.outputTokens);
        QCOMPARE(call.message->stopReason, llm::StopReason::ToolUse);
        QCOMPARE(call.message->message.plainText(), first.text);
        QVERIFY(call.textDeltas > 1);
        const QList<llm::ContentBlock> tools = call.message->message.toolUses();
        QCOMPARE(tools.size(), 1);
        QCOMPARE(tools.first().toolName, first.tool);
        QCOMPARE(tools.first().input, first.input);
        QVERIFY(call.message->requestId.startsWith(QLatin1String("req_demo_")));

        // Anything that is not a demo task is refused, plainly.
        Call other = callProvider(provider.baseUrl(), QStringLiteral("# Task: Real work\n\nx\n"));
        QVERIFY(!other.message);
        QVERIFY(other.error);
        QCOMPARE(other.error->httpStatus, 400);
        QVERIFY2(other.error->message.contains(QLatin1String("demo")),
                 qPrintable(other.error->message));
        QCOMPARE(provider.requestCount(), 2);
    }

    void streamPiecesAreValidEvents()
    {
        DemoTurn turn;
        turn.text = QStringLiteral("One two three four five six seven.");
        turn.tool = QStringLiteral("write_file");
        turn.input = {{QStringLiteral("path"), QStringLiteral("a.txt")},
                      {QStringLiteral("content"), QString(200, QLatin1Char('x'))}};
        turn.inputTokens = 10;
        turn.outputTokens = 20;
        const QList<DemoStream::Piece> paced = DemoStream::turn(
            turn, QStringLiteral("m"), {QStringLiteral("msg"), QStringLiteral("tu")}, 45);
        const QList<DemoStream::Piece> unpaced = DemoStream::turn(
            turn, QStringLiteral("m"), {QStringLiteral("msg"), QStringLiteral("tu")}, 0);
        QCOMPARE(paced.size(), unpaced.size());
        QString joinedJson;
        for (int i = 0; i < paced.size(); ++i) {
            QCOMPARE(paced.at(i).bytes, unpaced.at(i).bytes);
            QCOMPARE(unpaced.at(i).delayMs, 0);
            QVERIFY(paced.at(i).delayMs >= 0 && paced.at(i).delayMs <= 6 * 45);
            QVERIFY(paced.at(i).bytes.startsWith("event: "));
            QVERIFY(paced.at(i).bytes.endsWith("\n\n"));
            const QByteArray data = paced.at(i).bytes.mid(paced.at(i).bytes.indexOf("data: ") + 6);
            const QJsonObject event = QJsonDocument::fromJson(data).object();
            QVERIFY(!event.isEmpty());
            const QJsonObject delta = event.value(QStringLiteral("delta")).toObject();
            joinedJson += delta.value(QStringLiteral("partial_json")).toString();
        }
        QCOMPARE(QJsonDocument::fromJson(joinedJson.toUtf8()).object(), turn.input);
        // The text is paced as several deltas.
        int textDeltas = 0;
        for (const DemoStream::Piece &piece : paced)
            textDeltas += piece.bytes.contains("\"text_delta\"") ? 1 : 0;
        QVERIFY(textDeltas >= 3);
    }

    void sampleRepositoryIsMadeFreshUnderTheDataFolderOnly()
    {
        QTemporaryDir dir;
        const QString dataDir = dir.filePath(QStringLiteral("data"));
        auto script = DemoScript::loadBundled();
        QVERIFY(script.ok());
        auto plan = DemoSession::createSampleRepository(dataDir, *script);
        QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
        QCOMPARE(plan->repositoryPath, dataDir + QStringLiteral("/demo/sample-project"));
        QCOMPARE(QDir(dataDir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList{QStringLiteral("demo")});
        const QString repo = plan->repositoryPath;
        QCOMPARE(test::runGit(repo, {QStringLiteral("rev-parse"), QStringLiteral("--abbrev-ref"),
                                     QStringLiteral("HEAD")})
                     .out.trimmed(),
                 QByteArray("main"));
        QCOMPARE(test::runGit(repo, {QStringLiteral("rev-list"), QStringLiteral("--count"),
                                     QStringLiteral("HEAD")})
                     .out.trimmed(),
                 QByteArray("1"));
        QCOMPARE(test::runGit(repo, {QStringLiteral("status"), QStringLiteral("--porcelain")}).out,
                 QByteArray());
        QVERIFY(
            show(repo, QStringLiteral("HEAD:calc.py")).contains(QLatin1String("def mul(a, b):")));
        QVERIFY(
            show(repo, QStringLiteral("HEAD:.gitignore")).contains(QLatin1String("__pycache__")));
        QVERIFY(git::Repository::open(repo).ok());
        QVERIFY(DemoSession::isDemoRepository(repo + QLatin1Char('/'), dataDir));
        QVERIFY(!DemoSession::isDemoRepository(dir.path(), dataDir));

        // Run again: a fresh repository, what was added to the old one is gone.
        QVERIFY(QFile(repo + QStringLiteral("/stray.txt")).open(QIODevice::WriteOnly));
        auto again = DemoSession::createSampleRepository(dataDir, *script);
        QVERIFY2(again.ok(), qPrintable(again.errorMessage()));
        QVERIFY(!QFileInfo::exists(repo + QStringLiteral("/stray.txt")));
        QVERIFY(show(repo, QStringLiteral("HEAD:README.md")).contains(QLatin1String("scripted")));

        // A relative or empty data folder is refused before anything is written.
        QCOMPARE(DemoSession::createSampleRepository(QStringLiteral("relative/data"), *script)
                     .errorCode(),
                 QStringLiteral("demo-data-dir"));
        QCOMPARE(DemoSession::createSampleRepository(QString(), *script).errorCode(),
                 QStringLiteral("demo-data-dir"));
        QVERIFY(!QFileInfo::exists(QStringLiteral("relative")));
    }

    // A first attempt that fails (no git on PATH) leaves nothing that blocks the next one.
    void aFailedFirstAttemptDoesNotBlockTheNext()
    {
        QTemporaryDir data;
        auto script = DemoScript::loadBundled();
        QVERIFY(script.ok());
        const QByteArray path = qgetenv("PATH");
        qputenv("PATH", data.filePath(QStringLiteral("no-tools")).toUtf8());
        auto failed = DemoSession::createSampleRepository(data.path(), *script);
        qputenv("PATH", path);
        QVERIFY(!failed.ok());
        QVERIFY(!QFileInfo::exists(DemoSession::sampleRepositoryPath(data.path())));
        auto made = DemoSession::createSampleRepository(data.path(), *script);
        QVERIFY2(made.ok(), qPrintable(made.errorMessage()));
    }

    void aFolderTheDemoDidNotMakeIsNeverRemoved()
    {
        // Something of the user's where the demo would go: a repository of their own.
        QTemporaryDir dir;
        const QString dataDir = dir.filePath(QStringLiteral("data"));
        QVERIFY(QDir().mkpath(dataDir + QStringLiteral("/demo")));
        test::TempRepository user;
        QVERIFY(user.isValid());
        user.writeFile(QStringLiteral("mine.txt"), "precious\n");
        user.commitAll(QStringLiteral("mine"));
        const QString path = DemoSession::sampleRepositoryPath(dataDir);
        QVERIFY(QDir().rename(user.path(), path));
        auto script = DemoScript::loadBundled();
        QVERIFY(script.ok());
        auto refused = DemoSession::createSampleRepository(dataDir, *script);
        QCOMPARE(refused.errorCode(), QStringLiteral("demo-folder-foreign"));
        QVERIFY(QFileInfo::exists(path + QStringLiteral("/mine.txt")));

        // A symbolic link there is refused too (the demo never follows it).
        QVERIFY(QDir().rename(path, dir.filePath(QStringLiteral("elsewhere"))));
        QVERIFY(QFile::link(dir.filePath(QStringLiteral("elsewhere")), path));
        QCOMPARE(DemoSession::createSampleRepository(dataDir, *script).errorCode(),
                 QStringLiteral("demo-folder-foreign"));
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("elsewhere/mine.txt"))));
        QVERIFY(QDir().rename(dir.filePath(QStringLiteral("elsewhere")), user.path()));
    }

    void resolverAddsTheDemoOnlyWhileItRuns()
    {
        auto endpoint = std::make_shared<DemoEndpoint>();
        const tasks::ProviderResolver inner =
            [](const QString &id) -> Result<agents::ProviderSettings> {
            if (id != QLatin1String("anthropic"))
                return makeError(QStringLiteral("unknown-provider"), id);
            return agents::ProviderSettings();
        };
        const tasks::ProviderResolver resolver = withDemoProvider(inner, endpoint);
        QVERIFY(resolver(QStringLiteral("anthropic")).ok());
        QCOMPARE(resolver(QStringLiteral("other")).errorCode(), QStringLiteral("unknown-provider"));
        QCOMPARE(resolver(QStringLiteral("demo")).errorCode(), QStringLiteral("demo-not-running"));
        {
            DemoSession session({QStringLiteral("/unused"), 0, endpoint});
            QVERIFY(session.start().ok());
            auto demo = resolver(QStringLiteral("demo"));
            QVERIFY(demo.ok());
            QCOMPARE(demo->id, QStringLiteral("demo"));
            QCOMPARE(demo->client.baseUrl, session.provider()->baseUrl());
            QVERIFY(!demo->isLocal); // priced like the real models
        }
        QCOMPARE(resolver(QStringLiteral("demo")).errorCode(), QStringLiteral("demo-not-running"));
    }

    // The whole demo as the app runs it: both tasks dispatched at once, review with flags,
    // the revision, and the merge gate before and after.
    void demoRunsThroughTheRealEngine()
    {
        QTemporaryDir dir;
        const QString dataDir = dir.filePath(QStringLiteral("data"));
        DemoSession session({dataDir, 0, nullptr});
        QVERIFY(session.start().ok());
        QSignalSpy ready(&session, &DemoSession::repositoryReady);
        QSignalSpy failed(&session, &DemoSession::repositoryFailed);
        session.prepareRepository();
        QVERIFY(QTest::qWaitFor([&] { return !ready.isEmpty() || !failed.isEmpty(); }, 60000));
        QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toString()));
        const DemoPlan plan = ready.first().first().value<DemoPlan>();
        const DemoScript &script = *session.script();

        auto config = std::make_shared<tasks::EngineConfig>();
        config->databasePath = dir.filePath(QStringLiteral("agentdesk.sqlite"));
        config->settings.worktreeRoot = dir.filePath(QStringLiteral("worktrees"));
        config->settings.dailyBudget.reset();
        auto prices = cost::PriceTable::loadBundled();
        QVERIFY(prices.ok());
        config->prices = std::make_shared<const cost::PriceTable>(*prices);
        config->providers = withDemoProvider({}, session.endpoint());
        tasks::Engine engine(config);
        QSignalSpy opened(&engine, &tasks::Engine::opened);
        engine.start();
        QVERIFY(opened.wait(10000));
        QVERIFY2(opened.first().at(0).toBool(), qPrintable(opened.first().at(1).toString()));

        QHash<tasks::TaskId, TaskState> finished;
        connect(&engine, &tasks::Engine::taskFinished, this,
                [&](tasks::TaskId id, TaskState state, const QString &reason) {
                    finished.insert(id, state);
                    if (state != TaskState::ReadyForReview)
                        qWarning("task %lld ended: %s", id, qPrintable(reason));
                });
        QSignalSpy dispatched(&engine, &tasks::Engine::dispatched);
        for (const tasks::TaskSpec &spec : plan.tasks)
            engine.dispatch(spec);
        QVERIFY(QTest::qWaitFor([&] { return dispatched.size() == 2; }, 10000));
        QList<tasks::TaskId> ids;
        for (const QList<QVariant> &answer : dispatched) {
            QVERIFY2(answer.at(2).toString().isEmpty(), qPrintable(answer.at(3).toString()));
            ids.append(answer.at(1).value<tasks::TaskId>());
        }
        QVERIFY(QTest::qWaitFor([&] { return finished.size() == 2; }, 120000));
        for (const tasks::TaskId id : ids)
            QCOMPARE(finished.value(id), TaskState::ReadyForReview);

        auto reader = store::StoreReader::open(config->databasePath);
        QVERIFY(reader.ok());
        const tasks::TaskId flagged = ids.at(plan.flaggedTask);
        const tasks::TaskId docs = ids.at(1 - plan.flaggedTask);
        const int flaggedIndex = plan.flaggedTask;
        const int docsIndex = 1 - plan.flaggedTask;
        auto repository = git::Repository::open(plan.repositoryPath);
        QVERIFY(repository.ok());

        // The flagged task: validated by pytest on its head, and the reviewer's null-check
        // finding anchored on the lines of calc.py that return None.
        auto detail = (*reader)->loadTask(flagged);
        QVERIFY(detail.ok());
        const store::TaskRecord task = detail->task;
        QVERIFY(task.worktreePath.startsWith(config->settings.worktreeRoot));
        const QString head = QString::fromUtf8(
            test::runGit(plan.repositoryPath, {QStringLiteral("rev-parse"), task.branch})
                .out.trimmed());
        const QStringList calc =
            show(plan.repositoryPath, head + QStringLiteral(":calc.py")).split(QLatin1Char('\n'));
        auto validations = (*reader)->validations(flagged);
        QVERIFY(validations.ok());
        QCOMPARE(validations->size(), 1);
        QCOMPARE(validations->first().commit, head);
        QCOMPARE(validations->first().passed, 5);
        QCOMPARE(validations->first().failed, 0);
        QCOMPARE(validations->first().basePassed, 3);
        auto findings = (*reader)->findings(flagged, 1);
        QVERIFY(findings.ok());
        QCOMPARE(findings->size(), 2);
        const store::FindingRecord nullCheck = findings->at(0);
        QCOMPARE(nullCheck.category, QStringLiteral("null-check"));
        QCOMPARE(nullCheck.priority, 1);
        QCOMPARE(nullCheck.file, QStringLiteral("calc.py"));
        QCOMPARE(nullCheck.side, QStringLiteral("new"));
        QVERIFY(nullCheck.anchored);
        QVERIFY(!nullCheck.suggestedFix.isEmpty());
        QCOMPARE(calc.value(nullCheck.startLine - 1), QStringLiteral("    if b == 0:"));
        QCOMPARE(calc.value(nullCheck.endLine - 1), QStringLiteral("        return None"));
        QCOMPARE(findings->at(1).category, QStringLiteral("test-gap"));
        QCOMPARE(findings->at(1).priority, 3);
        QVERIFY(findings->at(1).anchored);
        auto verdict = (*reader)->reviewVerdict(flagged, 1);
        QVERIFY(verdict.ok() && verdict->has_value());
        QVERIFY(!(*verdict)->correct);

        auto gate = [&](tasks::TaskId id) {
            auto loaded = (*reader)->loadTask(id);
            int latest = 0;
            for (const tasks::Iteration &it : loaded->iterations)
                latest = qMax(latest, it.number);
            auto all = (*reader)->validations(id);
            std::optional<store::ValidationRecord> last;
            if (all.ok() && !all->isEmpty())
                last = all->last();
            return tasks::probeGate(*repository, loaded->task, last,
                                    *(*reader)->findings(id, latest));
        };
        auto before = gate(flagged);
        QVERIFY2(before.ok(), qPrintable(before.errorMessage()));
        QCOMPARE(before->reasons.size(), 1);
        QCOMPARE(before->reasons.first().kind, tasks::GateReason::Kind::BlockingFindings);

        // The docs task: a clean review, and nothing stands in the way of its merge.
        QCOMPARE((*reader)->findings(docs)->size(), 0);
        QVERIFY((*(*reader)->reviewVerdict(docs, 1))->correct);
        const QString docsHead = QString::fromUtf8(
            test::runGit(plan.repositoryPath,
                         {QStringLiteral("rev-parse"), (*reader)->loadTask(docs)->task.branch})
                .out.trimmed());
        QVERIFY(show(plan.repositoryPath, docsHead + QStringLiteral(":README.md"))
                    .contains(QLatin1String("mul(6, 7)  # 42")));
        auto docsGate = gate(docs);
        QVERIFY2(docsGate.ok(), qPrintable(docsGate.errorMessage()));
        QVERIFY(docsGate->allowed());

        // The revision the demo asks for: the implementer raises instead, the reviewer finds
        // nothing blocking, the null check is carried forward as resolved and the nit as open.
        QSignalSpy operation(&engine, &tasks::Engine::operationFinished);
        finished.clear();
        engine.revise(flagged, plan.revisionRequest);
        QVERIFY(operation.wait(10000));
        QVERIFY2(operation.first().at(2).toBool(), qPrintable(operation.first().at(3).toString()));
        QVERIFY(QTest::qWaitFor([&] { return finished.contains(flagged); }, 120000));
        QCOMPARE(finished.value(flagged), TaskState::ReadyForReview);

        const QString revised = QString::fromUtf8(
            test::runGit(plan.repositoryPath, {QStringLiteral("rev-parse"), task.branch})
                .out.trimmed());
        QVERIFY(revised != head);
        QVERIFY(show(plan.repositoryPath, revised + QStringLiteral(":calc.py"))
                    .contains(QLatin1String("raise ZeroDivisionError")));
        validations = (*reader)->validations(flagged);
        QCOMPARE(validations->size(), 2);
        QCOMPARE(validations->last().iteration, 2);
        QCOMPARE(validations->last().commit, revised);
        QCOMPARE(validations->last().passed, 5);
        QCOMPARE(validations->last().failed, 0);

        auto previous = (*reader)->findings(flagged, 1);
        QCOMPARE(previous->at(0).status, store::FindingStatus::Resolved);
        QCOMPARE(previous->at(1).status, store::FindingStatus::Open);
        auto current = (*reader)->findings(flagged, 2);
        QCOMPARE(current->size(), 1);
        QCOMPARE(current->first().carriedFromId, previous->at(1).id);
        for (const store::FindingRecord &finding : *current)
            QVERIFY(!tasks::isBlockingFinding(finding));
        QVERIFY((*(*reader)->reviewVerdict(flagged, 2))->correct);
        auto after = gate(flagged);
        QVERIFY2(after.ok(), qPrintable(after.errorMessage()));
        QVERIFY2(after->allowed(), qPrintable(after->reasons.value(0).text));

        // The ledger is exactly the scripted usages at the published prices, under "demo".
        auto checkLedger = [&](tasks::TaskId id, int taskIndex, int iterations) {
            auto ledger = (*reader)->ledger(id);
            QVERIFY(ledger.ok());
            int expectedEntries = 0;
            for (int iteration = 1; iteration <= iterations; ++iteration) {
                const DemoRun &run = script.run(taskIndex, iteration);
                expectedEntries += int(run.implementer.size()) + 1;
                Money implementer;
                Money reviewer;
                for (const store::LedgerEntry &entry : *ledger) {
                    if (entry.iteration != iteration)
                        continue;
                    QCOMPARE(entry.provider, QStringLiteral("demo"));
                    if (entry.role == store::LedgerRole::Reviewer) {
                        QCOMPARE(entry.model, QStringLiteral("claude-haiku-4-5"));
                        reviewer += entry.cost;
                    } else {
                        QCOMPARE(entry.model, QStringLiteral("claude-sonnet-4-5"));
                        implementer += entry.cost;
                    }
                }
                QCOMPARE(implementer.nanodollars(), implementerCost(run).nanodollars());
                QCOMPARE(reviewer.nanodollars(), reviewerCost(run).nanodollars());
            }
            QCOMPARE(int(ledger->size()), expectedEntries);
        };
        checkLedger(flagged, flaggedIndex, 2);
        checkLedger(docs, docsIndex, 1);
        // The first iteration of the flagged task costs about eight cents, as such a run does.
        QCOMPARE(implementerCost(script.run(flaggedIndex, 1)).nanodollars(), qint64(82'149'000));

        // Everything the demo wrote is under the data folder it was given; the app's own data
        // folder was not touched, and the demo repository is the only repository there.
        QCOMPARE(plan.repositoryPath, dataDir + QStringLiteral("/demo/sample-project"));
        QCOMPARE(QDir(dataDir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList{QStringLiteral("demo")});
        QCOMPARE(QDir(dataDir + QStringLiteral("/demo"))
                     .entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList{QStringLiteral("sample-project")});
        QVERIFY(!QFileInfo::exists(AppPaths::dataDir() + QStringLiteral("/demo")));
        auto repositories = (*reader)->listTasks();
        QVERIFY(repositories.ok());
        for (const store::TaskSummary &summary : *repositories)
            QVERIFY(summary.task.spec.title.startsWith(QLatin1String("[Demo] ")));
    }
};

QTEST_GUILESS_MAIN(TestDemo)
#include "tst_demo.moc"
