// The task pipeline end to end: the real engine (scheduler, runner threads, store, git,
// validation, built-in agents) against the scripted provider server and real repositories.

#include "EngineHarness.h"

#include "git/GitLibrary.h"
#include "llm/ProviderRegistry.h"
#include "store/StoreWriter.h"
#include "tasks/decide/GateEvaluator.h"

#include <QFile>
#include <QSettings>

using namespace agentdesk;
using namespace agentdesk::test;
using tasks::TaskState;

namespace {

Money sonnet(qint64 in, qint64 out)
{
    return Money::fromNanodollars(in * sonnetIn + out * sonnetOut);
}

Money haiku(qint64 in, qint64 out)
{
    return Money::fromNanodollars(in * haikuIn + out * haikuOut);
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The implementer's whole run: writes the code and its test, runs the tests, finishes.
void scriptImplementer(FakeProviderServer &server)
{
    server.enqueue(toolCall(QStringLiteral("tu_1"), QStringLiteral("write_file"),
                            {{QStringLiteral("path"), QStringLiteral("calc.py")},
                             {QStringLiteral("content"), QString::fromUtf8(kCalcWithDiv)}},
                            1000, 200));
    server.enqueue(toolCall(QStringLiteral("tu_2"), QStringLiteral("write_file"),
                            {{QStringLiteral("path"), QStringLiteral("test_calc.py")},
                             {QStringLiteral("content"), QString::fromUtf8(kTestWithDiv)}},
                            1200, 150));
    server.enqueue(toolCall(QStringLiteral("tu_3"), QStringLiteral("run_command"),
                            {{QStringLiteral("command"),
                              QStringLiteral("/usr/bin/python3 -m pytest -q -p no:cacheprovider")}},
                            1400, 40));
    server.enqueue(toolCall(QStringLiteral("tu_4"), QStringLiteral("finish"),
                            finishInput(QStringLiteral("Added div with a test.")), 1600, 80));
}

// A review that finds nothing.
QJsonObject emptyReview()
{
    return {{QStringLiteral("findings"), QJsonArray()},
            {QStringLiteral("verdict"), QStringLiteral("correct")},
            {QStringLiteral("explanation"), QStringLiteral("Fine.")},
            {QStringLiteral("confidence"), 0.9},
            {QStringLiteral("decisions_to_review"), QJsonArray()}};
}

const Money kImplementerCost = sonnet(1000 + 1200 + 1400 + 1600, 200 + 150 + 40 + 80);
const Money kReviewerCost = haiku(3000, 300);

} // namespace

class TestEngine : public QObject
{
    Q_OBJECT

private:
    git::GitLibrary library;
    std::unique_ptr<TempRepository> repo;

private Q_SLOTS:
    void init()
    {
        repo = std::make_unique<TempRepository>();
        QVERIFY(repo->isValid());
        repo->writeFile(QStringLiteral(".gitignore"), "__pycache__/\n.pytest_cache/\n");
        makePythonProject(*repo);
    }
    void cleanup() { repo.reset(); }

    void dispatchRunsToReadyForReview()
    {
        EngineHarness h;
        QCOMPARE(h.open(), QList<tasks::TaskId>());
        scriptImplementer(h.server);
        h.server.enqueue(toolCall(QStringLiteral("tr_1"), QStringLiteral("submit_review"),
                                  reviewInput(), 3000, 300));

        QList<tasks::TaskProgressList> progress;
        connect(h.engine.get(), &tasks::Engine::progressChanged, this,
                [&](const tasks::TaskProgressList &list) { progress.append(list); });
        QList<TaskState> states;
        connect(h.engine.get(), &tasks::Engine::taskStateChanged, this,
                [&](tasks::TaskId, TaskState, TaskState to) { states.append(to); });

        const tasks::TaskId id = h.dispatch(h.spec(*repo));
        QVERIFY(id > 0);
        QCOMPARE(h.waitFinished(id), std::optional<TaskState>(TaskState::ReadyForReview));
        QCOMPARE(states, (QList<TaskState>{TaskState::Preparing, TaskState::Implementing,
                                           TaskState::Validating, TaskState::Reviewing,
                                           TaskState::ReadyForReview}));
        QVERIFY(!progress.isEmpty());

        auto reader = h.reader();
        QVERIFY(reader);
        auto detail = reader->loadTask(id);
        QVERIFY(detail.ok());
        const store::TaskRecord &task = detail->task;
        QCOMPARE(task.state, TaskState::ReadyForReview);
        QCOMPARE(task.spec.baseCommit, repo->revParse(QStringLiteral("main")));

        // The work is committed on the task's branch, and the worktree holds it.
        const QString head = repo->revParse(task.branch);
        QCOMPARE(detail->iterations.size(), 1);
        QCOMPARE(detail->iterations.first().headCommit, head);
        QCOMPARE(repo->git({QStringLiteral("show"), head + QStringLiteral(":calc.py")}).out,
                 kCalcWithDiv);
        QCOMPARE(readFile(task.worktreePath + QStringLiteral("/test_calc.py")), kTestWithDiv);

        // Our own validation ran pytest on exactly that commit, and on the base for comparison.
        auto validations = reader->validations(id);
        QVERIFY(validations.ok());
        QCOMPARE(validations->size(), 1);
        const store::ValidationRecord &v = validations->first();
        QCOMPARE(v.commit, head);
        QCOMPARE(v.passed, 2);
        QCOMPARE(v.failed, 0);
        QCOMPARE(v.exitCode, 0);
        QCOMPARE(v.baseCommit, task.spec.baseCommit);
        QCOMPARE(v.basePassed, 1);
        QVERIFY(v.newlyFailing.isEmpty());

        // The reviewer's finding is anchored to the lines it names.
        auto findings = reader->findings(id);
        QVERIFY(findings.ok());
        QCOMPARE(findings->size(), 1);
        QCOMPARE(findings->first().file, QStringLiteral("calc.py"));
        QCOMPARE(findings->first().startLine, 6);
        QVERIFY(findings->first().anchored);
        QCOMPARE(findings->first().category, QStringLiteral("null-check"));

        // The report has its three parts.
        const QString report = detail->iterations.first().reportMarkdown;
        QVERIFY2(report.contains(QStringLiteral("## What changed")), qPrintable(report));
        QVERIFY(report.contains(QStringLiteral("## Which tests passed")));
        QVERIFY(report.contains(QStringLiteral("## Decisions to review")));
        QVERIFY(report.contains(QStringLiteral("Added div with a test.")));
        QVERIFY(report.contains(QStringLiteral("2 passed")));

        // The ledger is exactly the scripted usages at the published prices.
        auto ledger = reader->ledger(id);
        QVERIFY(ledger.ok());
        Money implementer;
        Money reviewer;
        for (const store::LedgerEntry &entry : *ledger)
            (entry.role == store::LedgerRole::Reviewer ? reviewer : implementer) += entry.cost;
        QCOMPARE(implementer.nanodollars(), kImplementerCost.nanodollars());
        QCOMPARE(reviewer.nanodollars(), kReviewerCost.nanodollars());
        QCOMPARE(ledger->size(), 5);

        // The timeline holds the tool calls, and the reviewer never saw the transcript: its
        // request carries the diff and the validation, not the implementer's messages.
        auto events = reader->events(id);
        QVERIFY(events.ok());
        int toolCalls = 0;
        for (const store::StoredEvent &e : events->events)
            toolCalls += e.event.kind == tasks::TaskEventKind::ToolCall ? 1 : 0;
        QVERIFY(toolCalls >= 4);
        const QByteArray reviewBody = h.server.requests().last().body;
        QVERIFY(reviewBody.contains("def div(a, b):"));
        QVERIFY(!reviewBody.contains("Added div with a test."));
        QVERIFY(!reviewBody.contains("tu_1"));
    }

    // Validation and review read a clean checkout of the committed head: an ignored file the
    // implementer left in its worktree (an agent's own transcript, say) reaches neither, and
    // nothing the test run writes is left in the worktree to be committed later.
    void reviewerSeesOnlyTheCommittedHead()
    {
        repo->writeFile(QStringLiteral(".gitignore"), "__pycache__/\n*.log\n");
        repo->commitAll(QStringLiteral("ignore logs"));
        EngineHarness h;
        h.open();
        h.server.enqueue(toolCall(QStringLiteral("tu_1"), QStringLiteral("write_file"),
                                  {{QStringLiteral("path"), QStringLiteral("calc.py")},
                                   {QStringLiteral("content"), QString::fromUtf8(kCalcWithDiv)}},
                                  1000, 100));
        h.server.enqueue(toolCall(QStringLiteral("tu_2"), QStringLiteral("write_file"),
                                  {{QStringLiteral("path"), QStringLiteral("transcript.log")},
                                   {QStringLiteral("content"), QStringLiteral("my private plan")}},
                                  1000, 100));
        h.server.enqueue(toolCall(QStringLiteral("tu_3"), QStringLiteral("finish"),
                                  finishInput(QStringLiteral("Added div.")), 1000, 50));
        h.server.enqueue(toolCall(QStringLiteral("tr_1"), QStringLiteral("read_file"),
                                  {{QStringLiteral("path"), QStringLiteral("transcript.log")}},
                                  2000, 50));
        h.server.enqueue(toolCall(QStringLiteral("tr_2"), QStringLiteral("submit_review"),
                                  reviewInput(), 2500, 200));
        const tasks::TaskId id = h.dispatch(h.spec(*repo));
        QCOMPARE(h.waitFinished(id), std::optional<TaskState>(TaskState::ReadyForReview));
        const QString worktree = h.reader()->loadTask(id)->task.worktreePath;
        QVERIFY(QFileInfo::exists(worktree + QStringLiteral("/transcript.log")));
        // The reviewer's read of it failed: the file is not in what it reviews.
        const QByteArray answer = h.server.requests().last().body;
        QVERIFY(answer.contains("\"is_error\":true"));
        QVERIFY(!answer.contains("my private plan"));
        // The validation ran elsewhere: the worktree holds only what the agent made.
        QCOMPARE(repo->git({QStringLiteral("status"), QStringLiteral("--porcelain"),
                            QStringLiteral("--ignored")},
                           worktree)
                     .out,
                 QByteArray("!! transcript.log\n"));
        // And the temporary checkouts are gone from git's list.
        QCOMPARE(repo->git({QStringLiteral("worktree"), QStringLiteral("list")}).out.count('\n'),
                 2); // the repository and the task's worktree
    }

    void budgetReachedPausesWithWorkCommittedThenContinues()
    {
        EngineHarness h;
        h.open();
        tasks::TaskSpec spec = h.spec(*repo);
        // Enough for the first call; after its (large) usage the next call's worst case no
        // longer fits, so the guard refuses it before it is made.
        spec.budget = Money::fromCents(6);
        h.server.enqueue(toolCall(QStringLiteral("tu_1"), QStringLiteral("write_file"),
                                  {{QStringLiteral("path"), QStringLiteral("calc.py")},
                                   {QStringLiteral("content"), QString::fromUtf8(kCalcWithDiv)}},
                                  8000, 1500));
        const tasks::TaskId id = h.dispatch(spec);
        QVERIFY(id > 0);
        QCOMPARE(h.waitFinished(id), std::optional<TaskState>(TaskState::Paused));

        auto reader = h.reader();
        auto detail = reader->loadTask(id);
        QVERIFY(detail.ok());
        QVERIFY2(detail->task.stateReason.contains(QStringLiteral("Budget")),
                 qPrintable(detail->task.stateReason));
        // What it wrote is committed on the branch, not left loose.
        QCOMPARE(
            repo->git({QStringLiteral("show"), detail->task.branch + QStringLiteral(":calc.py")})
                .out,
            kCalcWithDiv);
        // Never more than the budget.
        auto ledger = reader->ledger(id);
        Money spent;
        for (const store::LedgerEntry &entry : *ledger)
            spent += entry.cost;
        QVERIFY(spent.nanodollars() <= spec.budget.nanodollars());

        // "+$1 and continue": the task resumes from its worktree and finishes.
        h.server.enqueue(toolCall(QStringLiteral("tu_2"), QStringLiteral("write_file"),
                                  {{QStringLiteral("path"), QStringLiteral("test_calc.py")},
                                   {QStringLiteral("content"), QString::fromUtf8(kTestWithDiv)}},
                                  1200, 150));
        h.server.enqueue(toolCall(QStringLiteral("tu_3"), QStringLiteral("finish"),
                                  finishInput(QStringLiteral("Added div.")), 1600, 80));
        h.server.enqueue(toolCall(QStringLiteral("tr_1"), QStringLiteral("submit_review"),
                                  reviewInput(), 3000, 300));
        QSignalSpy done(h.engine.get(), &tasks::Engine::operationFinished);
        h.engine->addBudget(id, Money::fromCents(100));
        QVERIFY(done.wait(10000));
        QVERIFY2(done.first().at(2).toBool(), qPrintable(done.first().at(3).toString()));
        QCOMPARE(h.waitFinished(id), std::optional<TaskState>(TaskState::ReadyForReview));
        auto validations = reader->validations(id);
        QCOMPARE(validations->size(), 1);
        QCOMPARE(validations->first().passed, 2);
        // The resumed run was told its earlier work is in the worktree.
        QVERIFY(h.server.requests().at(1).body.contains("an earlier run of this task was stopped"));
    }

    void providerErrorFailsWithReason()
    {
        EngineHarness h;
        h.open();
        h.server.enqueue(anthropic::httpError(401, QStringLiteral("authentication_error"),
                                              QStringLiteral("invalid x-api-key")));
        const tasks::TaskId id = h.dispatch(h.spec(*repo));
        QCOMPARE(h.waitFinished(id), std::optional<TaskState>(TaskState::Failed));
        auto detail = h.reader()->loadTask(id);
        QVERIFY2(detail->task.stateReason.contains(QStringLiteral("implementer")),
                 qPrintable(detail->task.stateReason));
        QVERIFY(!detail->task.stateReason.contains(QStringLiteral("test-key-123")));
    }

    void malformedReviewIsAClearError()
    {
        EngineHarness h;
        h.open();
        scriptImplementer(h.server);
        const QJsonObject bad{{QStringLiteral("verdict"), QStringLiteral("maybe")}};
        h.server.enqueue(
            toolCall(QStringLiteral("tr_1"), QStringLiteral("submit_review"), bad, 3000, 100));
        h.server.enqueue(
            toolCall(QStringLiteral("tr_2"), QStringLiteral("submit_review"), bad, 3100, 100));
        const tasks::TaskId id = h.dispatch(h.spec(*repo));
        QCOMPARE(h.waitFinished(id), std::optional<TaskState>(TaskState::Failed));
        auto detail = h.reader()->loadTask(id);
        QVERIFY2(detail->task.stateReason.contains(QStringLiteral("review failed")),
                 qPrintable(detail->task.stateReason));
        // The validation of the committed work is kept.
        QCOMPARE(h.reader()->validations(id)->size(), 1);
    }

    void toolEscapingTheWorktreeIsRefused()
    {
        EngineHarness h;
        h.open();
        const QString outside = repo->scratchPath(QStringLiteral("escape.txt"));
        h.server.enqueue(toolCall(QStringLiteral("tu_1"), QStringLiteral("write_file"),
                                  {{QStringLiteral("path"), QStringLiteral("../../escape.txt")},
                                   {QStringLiteral("content"), QStringLiteral("x")}},
                                  1000, 50));
        h.server.enqueue(toolCall(
            QStringLiteral("tu_2"), QStringLiteral("write_file"),
            {{QStringLiteral("path"), outside}, {QStringLiteral("content"), QStringLiteral("x")}},
            1100, 50));
        h.server.enqueue(anthropic::httpError(400, QStringLiteral("invalid_request_error"),
                                              QStringLiteral("stop here")));
        const tasks::TaskId id = h.dispatch(h.spec(*repo));
        QCOMPARE(h.waitFinished(id), std::optional<TaskState>(TaskState::Failed));
        QVERIFY(!QFileInfo::exists(outside));
        // The model was told, as tool errors.
        QCOMPARE(h.server.requests().size(), 3);
        QVERIFY(h.server.requests().at(1).body.contains("\"is_error\":true"));
        QVERIFY(h.server.requests().at(2).body.contains("\"is_error\":true"));
    }

    // An agent's command that plants a hooks path and a smudge filter in the repository's
    // config: when the turn ends both are gone (the config is byte for byte what it was) and
    // the task carries a priority-0 security finding naming the file, which blocks the merge.
    void gitConfigPlantedByTheAgentIsRevertedAndFiled()
    {
        EngineHarness h;
        h.config->settings.sandbox = false; // the user's choice: commands reach .git/config
        h.open();
        const QString configPath = repo->path() + QStringLiteral("/.git/config");
        const QByteArray before = readFile(configPath);
        h.server.enqueue(
            toolCall(QStringLiteral("tu_1"), QStringLiteral("run_command"),
                     {{QStringLiteral("command"),
                       QStringLiteral("git config core.hooksPath /tmp/evil-hooks && "
                                      "git config filter.x.smudge 'sh -c \"env > /tmp/leak\"'")}},
                     1000, 50));
        h.server.enqueue(toolCall(QStringLiteral("tu_2"), QStringLiteral("finish"),
                                  {{QStringLiteral("summary"), QStringLiteral("Nothing.")}}, 1100,
                                  50));
        h.server.enqueue(toolCall(QStringLiteral("tr_1"), QStringLiteral("submit_review"),
                                  emptyReview(), 3000, 300));
        const tasks::TaskId id = h.dispatch(h.spec(*repo));
        QVERIFY(id > 0);
        QCOMPARE(h.waitFinished(id), std::optional<TaskState>(TaskState::ReadyForReview));

        // The command did run (its write reached the config, the tool said so) ...
        QVERIFY(!h.server.requests().at(1).body.contains("\"is_error\":true"));
        // ... and the config is back as it was.
        const QByteArray after = readFile(configPath);
        QCOMPARE(after, before);
        QVERIFY(!after.contains("hooksPath"));
        QVERIFY(!after.contains("smudge"));

        auto findings = h.reader()->findings(id);
        QVERIFY(findings.ok());
        const store::FindingRecord *filed = nullptr;
        for (const store::FindingRecord &f : *findings) {
            if (f.title.contains(QStringLiteral("git's configuration")))
                filed = &f;
        }
        QVERIFY(filed);
        QCOMPARE(filed->priority, 0);
        QCOMPARE(filed->category, QStringLiteral("security"));
        QVERIFY2(filed->body.contains(QStringLiteral("config (restored)")),
                 qPrintable(filed->body));
        QVERIFY(tasks::isBlockingFinding(*filed));
    }

    // A symbolic link the agent adds that points at /etc/passwd is filed as a priority-0
    // finding on that path, naming the target.
    void linkLeavingTheRepositoryIsFiled()
    {
        EngineHarness h;
        h.open();
        h.server.enqueue(
            toolCall(QStringLiteral("tu_1"), QStringLiteral("run_command"),
                     {{QStringLiteral("command"),
                       QStringLiteral("ln -s /etc/passwd pw && ln -s calc.py inside")}},
                     1000, 50));
        h.server.enqueue(toolCall(QStringLiteral("tu_2"), QStringLiteral("finish"),
                                  {{QStringLiteral("summary"), QStringLiteral("Links.")}}, 1100,
                                  50));
        h.server.enqueue(toolCall(QStringLiteral("tr_1"), QStringLiteral("submit_review"),
                                  emptyReview(), 3000, 300));
        const tasks::TaskId id = h.dispatch(h.spec(*repo));
        QVERIFY(id > 0);
        QCOMPARE(h.waitFinished(id), std::optional<TaskState>(TaskState::ReadyForReview));

        auto findings = h.reader()->findings(id);
        QVERIFY(findings.ok());
        QList<store::FindingRecord> links;
        for (const store::FindingRecord &f : *findings) {
            if (f.title.startsWith(QStringLiteral("Symbolic link")))
                links.append(f);
        }
        QCOMPARE(links.size(), 1); // the link inside the repository is not one
        QCOMPARE(links.first().file, QStringLiteral("pw"));
        QCOMPARE(links.first().priority, 0);
        QVERIFY2(links.first().title.contains(QStringLiteral("/etc/passwd")),
                 qPrintable(links.first().title));
        QVERIFY(tasks::isBlockingFinding(links.first()));
    }

    void validationTimeoutIsRecordedNotAPass()
    {
        EngineHarness h;
        h.open();
        scriptImplementer(h.server);
        h.server.enqueue(toolCall(QStringLiteral("tr_1"), QStringLiteral("submit_review"),
                                  reviewInput(), 3000, 300));
        tasks::TaskSpec spec = h.spec(*repo);
        spec.validationCommand = QStringLiteral("sleep 60");
        spec.timeouts.validateSeconds = 1;
        const tasks::TaskId id = h.dispatch(spec);
        QCOMPARE(h.waitFinished(id), std::optional<TaskState>(TaskState::ReadyForReview));
        auto validations = h.reader()->validations(id);
        QCOMPARE(validations->size(), 1);
        QVERIFY(validations->first().timedOut);
        QVERIFY(validations->first().ranZeroTests());
    }

    void stoppedMidTaskIsInterruptedAndResumes()
    {
        EngineHarness h;
        h.open();
        // The first call never ends: the engine is shut down while it streams.
        const ScriptedResponse stalled = stalledCall();
        h.server.enqueue(stalled);
        const tasks::TaskId id = h.dispatch(h.spec(*repo));
        QVERIFY(h.server.waitForRequests(1, 20000));
        const QString worktree = h.reader()->loadTask(id)->task.worktreePath;
        QVERIFY(QFileInfo(worktree).isDir());
        h.engine.reset(); // the app quits mid-run

        QCOMPARE(h.reader()->taskState(id)->value(), TaskState::Interrupted);
        // The next start reports it; the worktree is intact; it resumes and finishes.
        QCOMPARE(h.open(), QList<tasks::TaskId>());
        QVERIFY(QFileInfo(worktree + QStringLiteral("/calc.py")).exists());
        scriptImplementer(h.server);
        h.server.enqueue(toolCall(QStringLiteral("tr_1"), QStringLiteral("submit_review"),
                                  reviewInput(), 3000, 300));
        h.engine->resume(id);
        QCOMPARE(h.waitFinished(id), std::optional<TaskState>(TaskState::ReadyForReview));
    }

    // A revision request is stored the moment it is made: an app stopped before or during the
    // new iteration resumes that iteration, with that request, never the previous one.
    void revisionRequestSurvivesARestart()
    {
        EngineHarness h;
        h.open();
        scriptImplementer(h.server);
        h.server.enqueue(toolCall(QStringLiteral("tr_1"), QStringLiteral("submit_review"),
                                  reviewInput(), 3000, 300));
        const tasks::TaskId id = h.dispatch(h.spec(*repo));
        QCOMPARE(h.waitFinished(id), std::optional<TaskState>(TaskState::ReadyForReview));

        const ScriptedResponse stalled = stalledCall();
        h.server.enqueue(stalled);
        const int before = h.server.requestCount();
        const QString request = QStringLiteral("Raise ZeroDivisionError in div instead of None.");
        QSignalSpy done(h.engine.get(), &tasks::Engine::operationFinished);
        h.engine->revise(id, request);
        QVERIFY(done.wait(10000));
        QVERIFY(done.first().at(2).toBool());
        auto detail = h.reader()->loadTask(id);
        QCOMPARE(detail->iterations.size(), 2);
        QCOMPARE(detail->iterations.last().requestText, request);
        QVERIFY(h.server.waitForRequests(before + 1, 20000));
        h.engine.reset(); // closed mid-revision

        QCOMPARE(h.reader()->taskState(id)->value(), TaskState::Interrupted);
        h.open();
        h.server.closeAll();
        h.server.enqueue(toolCall(QStringLiteral("tu_a"), QStringLiteral("finish"),
                                  finishInput(QStringLiteral("Raised.")), 1000, 50));
        h.server.enqueue(toolCall(QStringLiteral("tr_2"), QStringLiteral("submit_review"),
                                  reviewInput(), 3000, 300));
        const int resumedAt = h.server.requestCount();
        h.engine->resume(id);
        QCOMPARE(h.waitFinished(id), std::optional<TaskState>(TaskState::ReadyForReview));
        // The resumed iteration is the revision, asked with its request.
        QVERIFY(h.server.requests().at(resumedAt).body.contains(request.toUtf8()));
        detail = h.reader()->loadTask(id);
        QCOMPARE(detail->iterations.size(), 2);
        QVERIFY(detail->iterations.last().isFinished());
        QVERIFY(detail->iterations.first().reportMarkdown.contains(
            QStringLiteral("Added div with a test.")));
    }

    // Today's budget is shared: two tasks running at once cannot together spend past it. Each
    // call reserves its worst case first; the one that no longer fits pauses, work committed.
    void parallelTasksShareTheDailyBudget()
    {
        EngineHarness h;
        h.config->settings.concurrency = 2;
        h.config->settings.dailyBudget = Money::fromCents(10);
        h.open();
        // Every call is answered with a large (4.65 cent) write: whoever still fits goes on.
        h.server.setResponder([](const RecordedRequest &) {
            return toolCall(QStringLiteral("tu_x"), QStringLiteral("write_file"),
                            {{QStringLiteral("path"), QStringLiteral("notes.txt")},
                             {QStringLiteral("content"), QStringLiteral("more")}},
                            8000, 1500);
        });
        tasks::TaskSpec first = h.spec(*repo);
        tasks::TaskSpec second = h.spec(*repo);
        second.title = QStringLiteral("Second");
        QSignalSpy finished(h.engine.get(), &tasks::Engine::taskFinished);
        const tasks::TaskId a = h.dispatch(first);
        const tasks::TaskId b = h.dispatch(second);
        QVERIFY(QTest::qWaitFor([&] { return finished.size() == 2; }, 60000));
        for (const QList<QVariant> &args : finished) {
            QCOMPARE(args.at(1).value<TaskState>(), TaskState::Paused);
            // Today's budget stopped them, not their own: more budget would not help.
            const QString reason = args.at(2).toString();
            QVERIFY2(reason.contains(QStringLiteral("daily budget is spent")), qPrintable(reason));
            QVERIFY2(!reason.contains(QStringLiteral("give it more budget")), qPrintable(reason));
        }
        qint64 spent = 0;
        for (const tasks::TaskId id : {a, b})
            for (const store::LedgerEntry &entry : h.reader()->ledger(id).valueOr({}))
                spent += entry.cost.nanodollars();
        QVERIFY(spent > 0);
        QVERIFY2(spent <= Money::fromCents(10).nanodollars(), qPrintable(QString::number(spent)));
    }

    void concurrencyLimitHoldsTasksInTheQueue()
    {
        EngineHarness h;
        h.config->settings.concurrency = 1;
        h.open();
        const ScriptedResponse stalled = stalledCall();
        h.server.enqueue(stalled);
        const tasks::TaskId first = h.dispatch(h.spec(*repo));
        tasks::TaskSpec second = h.spec(*repo);
        second.title = QStringLiteral("Second");
        const tasks::TaskId next = h.dispatch(second);
        QVERIFY(h.server.waitForRequests(1, 20000));
        QTest::qWait(200);
        QCOMPARE(h.server.requests().size(), 1);
        QCOMPARE(h.reader()->taskState(next)->value(), TaskState::Queued);
        QCOMPARE(h.reader()->taskState(first)->value(), TaskState::Implementing);

        // Cancelling the first lets the second start.
        h.server.enqueue(anthropic::httpError(400, QStringLiteral("invalid_request_error"),
                                              QStringLiteral("stop")));
        h.engine->cancel(first);
        QCOMPARE(h.waitFinished(first), std::optional<TaskState>(TaskState::Failed));
        QCOMPARE(h.waitFinished(next), std::optional<TaskState>(TaskState::Failed));
        QVERIFY(h.reader()->loadTask(first)->task.stateReason.startsWith(
            QStringLiteral("Cancelled by you.")));
    }

    // Issue 7: a CLI agent as the implementer, run in the worktree through the real process
    // handling; its cost from the result line; then validation and review as for any task.
    void claudeCodeImplementerRunsToReadyForReview()
    {
        EngineHarness h;
        QTemporaryDir bin;
        QVERIFY(QFile::link(QStringLiteral(AGENTDESK_FAKECLI_PATH),
                            bin.filePath(QStringLiteral("claude"))));
        h.config->cli.claudeCode.cli.searchPath = {bin.path()};
        h.config->cli.claudeCode.cli.environment = {
            {QStringLiteral("FAKECLI_REPLAY"),
             QStringLiteral(AGENTDESK_AGENTS_TEST_DATA
                            "/claude-code/claude-stream-json-success.jsonl")},
            {QStringLiteral("FAKECLI_WRITE_FILE"), QStringLiteral("CHECK_CLAUDE.md")},
            {QStringLiteral("FAKECLI_WRITE_CONTENT"), QStringLiteral("checked")},
            {QStringLiteral("FAKECLI_RECORD"), bin.filePath(QStringLiteral("record.txt"))}};
        h.open();
        h.server.enqueue(
            toolCall(QStringLiteral("tr_1"), QStringLiteral("submit_review"),
                     QJsonObject{{QStringLiteral("findings"), QJsonArray()},
                                 {QStringLiteral("verdict"), QStringLiteral("correct")},
                                 {QStringLiteral("explanation"), QStringLiteral("Adds the file.")},
                                 {QStringLiteral("confidence"), 0.9},
                                 {QStringLiteral("decisions_to_review"), QJsonArray()}},
                     3000, 300));
        tasks::TaskSpec spec = h.spec(*repo);
        spec.implementer = {QStringLiteral("claude-code"), QStringLiteral("claude-sonnet-4-5")};
        const tasks::TaskId id = h.dispatch(spec);
        QVERIFY(id > 0);
        QCOMPARE(h.waitFinished(id), std::optional<TaskState>(TaskState::ReadyForReview));

        auto reader = h.reader();
        auto detail = reader->loadTask(id);
        // It ran in the task's worktree, and what it wrote was committed for it.
        const QByteArray record = readFile(bin.filePath(QStringLiteral("record.txt")));
        QVERIFY2(record.contains(detail->task.worktreePath.toUtf8()), record.constData());
        QVERIFY(record.contains("stream-json"));
        QVERIFY(record.contains("--max-budget-usd"));
        QCOMPARE(repo->git({QStringLiteral("show"),
                            detail->task.branch + QStringLiteral(":CHECK_CLAUDE.md")})
                     .out,
                 QByteArray("checked\n"));
        // Its stream is in the timeline; its reported cost in the ledger, to the nanodollar.
        auto events = reader->events(id);
        bool sawAssistant = false;
        for (const store::StoredEvent &e : events->events)
            sawAssistant = sawAssistant || e.event.kind == tasks::TaskEventKind::ModelText;
        QVERIFY(sawAssistant);
        Money implementer;
        const auto ledger = reader->ledger(id);
        QVERIFY(ledger.ok());
        for (const store::LedgerEntry &entry : *ledger) {
            if (entry.role == store::LedgerRole::Implementer) {
                implementer += entry.cost;
                QCOMPARE(entry.model, QStringLiteral("claude-sonnet-4-5"));
                QCOMPARE(entry.inputTokens, 2000);
            }
        }
        QCOMPARE(implementer.nanodollars(), qint64(9'000'000));
        QCOMPARE(reader->validations(id)->first().commit, repo->revParse(detail->task.branch));
    }

    void claudeCodeBudgetStopPausesTheTask()
    {
        EngineHarness h;
        QTemporaryDir bin;
        QVERIFY(QFile::link(QStringLiteral(AGENTDESK_FAKECLI_PATH),
                            bin.filePath(QStringLiteral("claude"))));
        h.config->cli.claudeCode.cli.searchPath = {bin.path()};
        h.config->cli.claudeCode.cli.environment = {
            {QStringLiteral("FAKECLI_REPLAY"),
             QStringLiteral(AGENTDESK_AGENTS_TEST_DATA
                            "/claude-code/claude-stream-json-budget.jsonl")},
            {QStringLiteral("FAKECLI_WRITE_FILE"), QStringLiteral("PARTIAL.md")},
            {QStringLiteral("FAKECLI_WRITE_CONTENT"), QStringLiteral("half done")}};
        h.open();
        tasks::TaskSpec spec = h.spec(*repo);
        spec.implementer = {QStringLiteral("claude-code"), QStringLiteral("claude-sonnet-4-5")};
        const tasks::TaskId id = h.dispatch(spec);
        QCOMPARE(h.waitFinished(id), std::optional<TaskState>(TaskState::Paused));
        auto detail = h.reader()->loadTask(id);
        QVERIFY2(detail->task.stateReason.contains(QStringLiteral("Budget")),
                 qPrintable(detail->task.stateReason));
        QCOMPARE(
            repo->git({QStringLiteral("show"), detail->task.branch + QStringLiteral(":PARTIAL.md")})
                .out,
            QByteArray("half done\n"));
    }

    // Keys: the secret store's first, then the conventional variables — and OpenAI's key only
    // ever to OpenAI, never to a user's own OpenAI-compatible server.
    void providerKeysGoOnlyWhereTheyBelong()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        llm::ProviderRegistry registry(settings);
        llm::ProviderConfig custom;
        custom.id = QStringLiteral("myvllm");
        custom.kind = llm::ProviderKind::OpenAiCompatible;
        custom.displayName = QStringLiteral("My vLLM");
        custom.baseUrl = QUrl(QStringLiteral("http://10.0.0.5:8000/v1"));
        custom.requiresKey = true;
        QVERIFY(registry.save(custom).ok());
        QProcessEnvironment env;
        env.insert(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("sk-openai-secret"));
        auto keys = std::make_shared<tasks::KeyCache>();
        const tasks::ProviderResolver resolve =
            tasks::EngineConfig::environmentProviders(settings, env, keys);

        auto openai = resolve(QStringLiteral("openai"));
        QVERIFY(openai.ok());
        QCOMPARE(openai->client.apiKey, QStringLiteral("sk-openai-secret"));
        auto mine = resolve(QStringLiteral("myvllm"));
        QCOMPARE(mine.errorCode(), QStringLiteral("no-api-key"));
        QVERIFY(!mine.errorMessage().contains(QStringLiteral("sk-openai-secret")));

        keys->set(QStringLiteral("myvllm"), QStringLiteral("vllm-key"));
        keys->set(QStringLiteral("openai"), QStringLiteral("sk-from-keychain"));
        QCOMPARE(resolve(QStringLiteral("myvllm"))->client.apiKey, QStringLiteral("vllm-key"));
        QCOMPARE(resolve(QStringLiteral("openai"))->client.apiKey,
                 QStringLiteral("sk-from-keychain"));
        QCOMPARE(resolve(QStringLiteral("anthropic")).errorCode(), QStringLiteral("no-api-key"));
    }

    void dispatchRefusesWhatCannotRun()
    {
        EngineHarness h;
        h.open();
        tasks::TaskSpec spec = h.spec(*repo);
        QString error;
        spec.repositoryPath = repo->scratchPath(QStringLiteral("nowhere"));
        QCOMPARE(h.dispatch(spec, &error), tasks::TaskId(0));
        QVERIFY(!error.isEmpty());

        spec = h.spec(*repo);
        spec.implementer = {QStringLiteral("anthropic"), QStringLiteral("no-such-model")};
        QCOMPARE(h.dispatch(spec, &error), tasks::TaskId(0));
        QVERIFY2(error.contains(QStringLiteral("no price")), qPrintable(error));

        spec = h.spec(*repo);
        spec.implementer = {QStringLiteral("claude-code"), QStringLiteral("claude-sonnet-4-5")};
        h.config->cli.claudeCode.cli.executable = QStringLiteral("agentdesk-no-such-claude");
        QCOMPARE(h.dispatch(spec, &error), tasks::TaskId(0));
        QVERIFY2(!error.isEmpty(), qPrintable(error));

        spec = h.spec(*repo);
        spec.baseBranch = QStringLiteral("no-such-branch");
        QCOMPARE(h.dispatch(spec, &error), tasks::TaskId(0));
        QVERIFY(!error.isEmpty());
        QVERIFY(h.reader()->listTasks()->isEmpty());

        // --base HEAD on a detached HEAD: refused, saying so (it could never merge).
        QCOMPARE(repo->git({QStringLiteral("checkout"), QStringLiteral("--detach")}).exitCode, 0);
        spec = h.spec(*repo);
        spec.baseBranch = QStringLiteral("HEAD");
        QCOMPARE(h.dispatch(spec, &error), tasks::TaskId(0));
        QVERIFY2(error.contains(QStringLiteral("detached")), qPrintable(error));
        QVERIFY(h.reader()->listTasks()->isEmpty());
    }

    // --base HEAD is the branch checked out, which is what the task merges into.
    void baseHeadIsTheCheckedOutBranch()
    {
        EngineHarness h;
        h.open();
        h.server.enqueue(anthropic::httpError(400, QStringLiteral("invalid_request_error"),
                                              QStringLiteral("stop here")));
        tasks::TaskSpec spec = h.spec(*repo);
        spec.baseBranch = QStringLiteral("HEAD");
        const tasks::TaskId id = h.dispatch(spec);
        QVERIFY(id > 0);
        QCOMPARE(h.waitFinished(id), std::optional<TaskState>(TaskState::Failed));
        auto detail = h.reader()->loadTask(id);
        QVERIFY(detail.ok());
        QCOMPARE(detail->task.spec.baseBranch, QStringLiteral("main"));
    }

    // Issue 17, item 6: the task is based on the commit New Task showed, even when the branch
    // moved before the dispatch was handled; the answer and the task's timeline say so. A
    // spec whose commit is the tip gets no notice; one naming no commit takes the tip.
    void dispatchKeepsTheBaseCommitTheDialogShowed()
    {
        EngineHarness h;
        h.open();
        for (int i = 0; i < 2; ++i)
            h.server.enqueue(anthropic::httpError(400, QStringLiteral("invalid_request_error"),
                                                  QStringLiteral("stop here")));
        const QString shown = repo->revParse(QStringLiteral("main"));
        repo->writeFile(QStringLiteral("later.txt"), "landed meanwhile\n");
        const QString tip = repo->commitAll(QStringLiteral("moved on"));
        QCOMPARE(repo->revParse(QStringLiteral("main")), tip);
        QVERIFY(shown != tip);

        tasks::TaskSpec spec = h.spec(*repo);
        spec.baseBranch = QStringLiteral("main");
        spec.baseCommit = shown;
        QString notice;
        const tasks::TaskId id = h.dispatch(spec, &notice);
        QVERIFY(id > 0);
        QVERIFY2(notice.contains(shown.left(10)) && notice.contains(tip.left(10)),
                 qPrintable(notice));
        QCOMPARE(h.waitFinished(id), std::optional<TaskState>(TaskState::Failed));
        auto detail = h.reader()->loadTask(id);
        QVERIFY(detail.ok());
        QCOMPARE(detail->task.spec.baseCommit, shown);
        QVERIFY(!detail->iterations.isEmpty());
        QCOMPARE(detail->iterations.first().baseCommit, shown);
        bool noted = false;
        for (const store::StoredEvent &e : h.reader()->events(id)->events)
            noted = noted || (e.event.kind == tasks::TaskEventKind::Note &&
                              e.event.payload.value(QStringLiteral("text")).toString() == notice);
        QVERIFY(noted);

        spec.baseCommit = tip;
        notice = QStringLiteral("unset");
        const tasks::TaskId second = h.dispatch(spec, &notice);
        QVERIFY(second > 0);
        QCOMPARE(notice, QString());
        QCOMPARE(h.waitFinished(second), std::optional<TaskState>(TaskState::Failed));
        QCOMPARE(h.reader()->loadTask(second)->task.spec.baseCommit, tip);
    }

    // A base commit that is not in the repository is refused, saying what to do.
    void dispatchRefusesABaseCommitNotInTheRepository()
    {
        EngineHarness h;
        h.open();
        tasks::TaskSpec spec = h.spec(*repo);
        spec.baseBranch = QStringLiteral("main");
        spec.baseCommit = QStringLiteral("0123456789abcdef0123456789abcdef01234567");
        QString error;
        QCOMPARE(h.dispatch(spec, &error), tasks::TaskId(0));
        QVERIFY2(error.contains(QStringLiteral("New Task")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
