#include "ApiAgentHarness.h"
#include "TempRepository.h"
#include "agents/api/DiffRenderer.h"
#include "agents/api/ImplementerAgent.h"
#include "agents/api/ReviewSubmission.h"
#include "agents/api/ReviewerAgent.h"
#include "git/DiffEngine.h"
#include "git/GitLibrary.h"
#include "git/Repository.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace agentdesk;
using namespace agentdesk::test;
using agents::OutcomeKind;
using agents::ReviewOutcome;

namespace {

const QByteArray baseCalc = "def add(a, b):\n"
                            "    return a + b\n"
                            "\n"
                            "\n"
                            "def div(a, b):\n"
                            "    return a / b\n";
const QString headCalc = QStringLiteral("def add(a, b):\n"
                                        "    return a + b\n"
                                        "\n"
                                        "\n"
                                        "def div(a, b):\n"
                                        "    if b == 0:\n"
                                        "        return None\n"
                                        "    return a / b\n");

QJsonObject finding(const QString &file, const QString &side, int start, int end,
                    const QString &category = QStringLiteral("null-check"), int priority = 1)
{
    return {{QStringLiteral("title"), QStringLiteral("div returns None")},
            {QStringLiteral("body"), QStringLiteral("Callers do arithmetic on the result.")},
            {QStringLiteral("category"), category},
            {QStringLiteral("priority"), priority},
            {QStringLiteral("confidence"), 0.8},
            {QStringLiteral("file"), file},
            {QStringLiteral("side"), side},
            {QStringLiteral("start_line"), start},
            {QStringLiteral("end_line"), end},
            {QStringLiteral("suggested_fix"), QStringLiteral("raise ZeroDivisionError")}};
}

QJsonObject reviewInput(const QJsonArray &findings)
{
    return {{QStringLiteral("findings"), findings},
            {QStringLiteral("verdict"), QStringLiteral("incorrect")},
            {QStringLiteral("explanation"), QStringLiteral("None leaks into arithmetic.")},
            {QStringLiteral("confidence"), 0.7},
            {QStringLiteral("decisions_to_review"),
             QJsonArray{QStringLiteral("Returning None instead of raising")}}};
}

struct ReviewRecorder : QObject
{
    explicit ReviewRecorder(agents::ReviewerAgent *agent)
    {
        connect(agent, &agents::ReviewerAgent::finished, this, [this](const ReviewOutcome &o) {
            ++endings;
            outcome = o;
        });
    }
    bool wait()
    {
        return QTest::qWaitFor([this] { return endings > 0; }, 20000);
    }
    std::optional<ReviewOutcome> outcome;
    int endings = 0;
};

} // namespace

class TestReviewerAgent : public QObject
{
    Q_OBJECT

private:
    git::GitLibrary library;
    std::unique_ptr<TempRepository> repo;
    QString baseCommit;

    // The diff from the base commit to HEAD, as the pipeline computes it.
    std::vector<git::FileDelta> diffToHead()
    {
        auto repository = git::Repository::open(repo->path());
        if (!repository)
            return {};
        auto diff = git::DiffEngine::diffCommits(*repository, baseCommit, QStringLiteral("HEAD"));
        return diff ? diff->files : std::vector<git::FileDelta>();
    }

    void commitHead()
    {
        QVERIFY(repo->writeFile(QStringLiteral("src/calc.py"), headCalc.toUtf8()));
        QVERIFY(repo->writeFile(QStringLiteral("tests/test_calc.py"),
                                "from src.calc import div\n\n\ndef test_div():\n"
                                "    assert div(4, 2) == 2\n"));
        QVERIFY(!repo->commitAll(QStringLiteral("div by zero")).isEmpty());
    }

    agents::ReviewRequest reviewRequest()
    {
        agents::ReviewRequest request;
        request.title = QStringLiteral("Handle division by zero");
        request.prompt = QStringLiteral("Make div safe when b is 0 and add a test.");
        request.headWorktree = repo->path();
        request.diff = diffToHead();
        request.validationSummary = QStringLiteral("pytest: 1 passed, 0 failed (new: 1)");
        request.model = QStringLiteral("claude-haiku-4-5");
        return request;
    }

private Q_SLOTS:
    void init()
    {
        repo = std::make_unique<TempRepository>();
        QVERIFY(repo->isValid());
        QVERIFY(repo->writeFile(QStringLiteral("src/calc.py"), baseCalc));
        baseCommit = repo->commitAll(QStringLiteral("base"));
        QVERIFY(!baseCommit.isEmpty());
    }
    void cleanup() { repo.reset(); }

    void rendersTheDiffWithOldAndNewLineNumbers()
    {
        commitHead();
        const QString text = agents::DiffRenderer::render(diffToHead());
        QVERIFY2(text.contains(QStringLiteral("=== src/calc.py (modified, +2 -0)")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("     5     5   def div(a, b):\n")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("           6 +     if b == 0:\n")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("     6     8       return a / b\n")),
                 qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("=== tests/test_calc.py (added, +5 -0)")));
    }

    void reviewsTheDiffWithoutTheImplementersTranscript()
    {
        // The implementer writes the change, saying something only its transcript holds.
        ApiAgentHarness implementer;
        implementer.server.enqueue(anthropic::toolTurn(
            QStringLiteral("Plan: sentinel-transcript-42"), QStringLiteral("tu_impl_1"),
            QStringLiteral("write_file"),
            {QString::fromUtf8(
                QJsonDocument(QJsonObject{{QStringLiteral("path"), QStringLiteral("src/calc.py")},
                                          {QStringLiteral("content"), headCalc}})
                    .toJson(QJsonDocument::Compact))},
            800, 90));
        implementer.server.enqueue(anthropicTool(
            QStringLiteral("tu_impl_2"), QStringLiteral("finish"),
            {{QStringLiteral("summary"), QStringLiteral("sentinel-summary-43")}}, 900, 30));
        agents::ImplementerAgent agent(implementer.config);
        BackendRecorder implemented(&agent);
        agents::AgentRequest step;
        step.worktree = repo->path();
        step.prompt = QStringLiteral("Make div safe when b is 0.");
        step.model = QStringLiteral("claude-sonnet-4-5");
        QVERIFY(agent.start(step).ok());
        QVERIFY(implemented.wait());
        QCOMPARE(implemented.outcome->kind, OutcomeKind::Succeeded);
        commitHead();

        ApiAgentHarness h;
        h.server.enqueue(anthropicTool(QStringLiteral("tu_r1"), QStringLiteral("read_file"),
                                       {{QStringLiteral("path"), QStringLiteral("src/calc.py")}},
                                       3000, 40));
        h.server.enqueue(anthropicTool(
            QStringLiteral("tu_r2"), QStringLiteral("submit_review"),
            reviewInput({finding(QStringLiteral("src/calc.py"), QStringLiteral("new"), 6, 7),
                         finding(QStringLiteral("src/other.py"), QStringLiteral("new"), 3, 3,
                                 QStringLiteral("test-gap"), 2),
                         finding(QStringLiteral("src/calc.py"), QStringLiteral("new"), 500, 501,
                                 QStringLiteral("logic-edge-case"), 3)}),
            3400, 300));
        agents::ReviewerAgent reviewer(h.config);
        ReviewRecorder recorder(&reviewer);
        QVERIFY(reviewer.start(reviewRequest()).ok());
        QVERIFY(recorder.wait());
        const ReviewOutcome &outcome = *recorder.outcome;
        QVERIFY2(outcome.succeeded(), qPrintable(outcome.reason));
        QCOMPARE(outcome.findings.size(), size_t(3));
        QVERIFY(outcome.findings[0].anchored);
        QCOMPARE(outcome.findings[0].category, review::FindingCategory::NullCheck);
        QCOMPARE(outcome.findings[0].priority, 1);
        QCOMPARE(outcome.findings[0].startLine, 6);
        QCOMPARE(outcome.findings[0].side, review::Side::New);
        QCOMPARE(outcome.findings[0].suggestedFix, QStringLiteral("raise ZeroDivisionError"));
        QVERIFY(!outcome.findings[1].anchored); // a file the diff does not touch
        QVERIFY(!outcome.findings[2].anchored); // a line the diff does not show
        QCOMPARE(outcome.verdict.verdict, review::Verdict::Incorrect);
        QCOMPARE(outcome.verdict.decisionsToReview.size(), 1);

        // The diff went to the model; the implementer's conversation did not.
        QCOMPARE(h.server.requests().size(), 2);
        for (const RecordedRequest &sent : h.server.requests()) {
            QVERIFY(!sent.body.contains("sentinel-transcript-42"));
            QVERIFY(!sent.body.contains("sentinel-summary-43"));
            QVERIFY(!sent.body.contains("tu_impl_1"));
        }
        const QJsonObject first = h.requestJson(0);
        const QString briefing = QString::fromUtf8(QJsonDocument(first).toJson());
        QVERIFY(h.server.requests().at(0).body.contains("if b == 0:"));
        QVERIFY(briefing.contains(QStringLiteral("pytest: 1 passed")));
        QVERIFY(briefing.contains(QStringLiteral("Handle division by zero")));
        QCOMPARE(first.value(QStringLiteral("tool_choice"))
                     .toObject()
                     .value(QStringLiteral("type"))
                     .toString(),
                 QStringLiteral("any"));
        QStringList toolNames;
        for (const QJsonValue &tool : first.value(QStringLiteral("tools")).toArray())
            toolNames << tool.toObject().value(QStringLiteral("name")).toString();
        toolNames.sort();
        QCOMPARE(toolNames,
                 QStringList({QStringLiteral("list_directory"), QStringLiteral("read_file"),
                              QStringLiteral("search_text"), QStringLiteral("submit_review")}));
        // The file read reached the model.
        QVERIFY(toolResultText(toolResultFor(h.lastMessage(1), QStringLiteral("tu_r1")))
                    .contains(QStringLiteral("return None")));

        // Metered as the reviewer, priced exactly (haiku 4.5: $1 / $5 per million).
        QTRY_COMPARE(h.ledger.entries().size(), 2);
        QCOMPARE(h.ledger.entries().at(0).role, QStringLiteral("reviewer"));
        const Money expected = Money::fromNanodollars((3000 + 3400) * 1000 + (40 + 300) * 5000);
        QCOMPARE(h.ledger.totals().cost, expected);
        QCOMPARE(*outcome.cost, expected);
    }

    void malformedReviewIsRetriedOnceThenErrors()
    {
        commitHead();
        ApiAgentHarness h;
        h.server.enqueue(
            anthropicTool(QStringLiteral("tu_1"), QStringLiteral("submit_review"),
                          reviewInput({finding(QStringLiteral("src/calc.py"), QStringLiteral("new"),
                                               6, 7, QStringLiteral("bogus"), 7)}),
                          3000, 100));
        QJsonObject noVerdict = reviewInput({});
        noVerdict.remove(QStringLiteral("verdict"));
        h.server.enqueue(anthropicTool(QStringLiteral("tu_2"), QStringLiteral("submit_review"),
                                       noVerdict, 3300, 60));
        agents::ReviewerAgent reviewer(h.config);
        ReviewRecorder recorder(&reviewer);
        QVERIFY(reviewer.start(reviewRequest()).ok());
        QVERIFY(recorder.wait());
        QCOMPARE(recorder.outcome->kind, OutcomeKind::Failed);
        QCOMPARE(recorder.outcome->errorCode, QStringLiteral("malformed-review"));
        QVERIFY2(recorder.outcome->reason.contains(QStringLiteral("review.verdict")),
                 qPrintable(recorder.outcome->reason));
        QVERIFY(recorder.outcome->findings.empty());
        QCOMPARE(h.server.requests().size(), 2);
        // The retry carried the validation errors and forced the tool.
        const QJsonObject retry = h.requestJson(1);
        QCOMPARE(retry.value(QStringLiteral("tool_choice")).toObject(),
                 QJsonObject({{QStringLiteral("type"), QStringLiteral("tool")},
                              {QStringLiteral("name"), QStringLiteral("submit_review")}}));
        const QJsonObject result = toolResultFor(h.lastMessage(1), QStringLiteral("tu_1"));
        QVERIFY(result.value(QStringLiteral("is_error")).toBool());
        QVERIFY(toolResultText(result).contains(QStringLiteral("findings[0].priority")));
        QVERIFY(toolResultText(result).contains(QStringLiteral("findings[0].category")));
        QTRY_COMPARE(h.ledger.entries().size(), 2);
    }

    void correctedReviewAfterOneRetrySucceeds()
    {
        commitHead();
        ApiAgentHarness h;
        h.server.enqueue(anthropicTool(
            QStringLiteral("tu_1"), QStringLiteral("submit_review"),
            reviewInput({finding(QStringLiteral("src/calc.py"), QStringLiteral("sideways"), 6, 5)}),
            3000, 100));
        h.server.enqueue(anthropicTool(QStringLiteral("tu_2"), QStringLiteral("submit_review"),
                                       reviewInput({}), 3300, 60));
        agents::ReviewerAgent reviewer(h.config);
        ReviewRecorder recorder(&reviewer);
        QVERIFY(reviewer.start(reviewRequest()).ok());
        QVERIFY(recorder.wait());
        QVERIFY2(recorder.outcome->succeeded(), qPrintable(recorder.outcome->reason));
        QVERIFY(recorder.outcome->findings.empty());
        const QString errors =
            toolResultText(toolResultFor(h.lastMessage(1), QStringLiteral("tu_1")));
        QVERIFY(errors.contains(QStringLiteral("findings[0].side")));
        QVERIFY(errors.contains(QStringLiteral("findings[0].end_line")));
    }

    void reviewerCannotWrite()
    {
        commitHead();
        ApiAgentHarness h;
        h.server.enqueue(anthropicTool(QStringLiteral("tu_w"), QStringLiteral("write_file"),
                                       {{QStringLiteral("path"), QStringLiteral("src/calc.py")},
                                        {QStringLiteral("content"), QStringLiteral("x")}},
                                       3000, 20));
        h.server.enqueue(anthropicTool(QStringLiteral("tu_s"), QStringLiteral("submit_review"),
                                       reviewInput({}), 3100, 50));
        agents::ReviewerAgent reviewer(h.config);
        ReviewRecorder recorder(&reviewer);
        QVERIFY(reviewer.start(reviewRequest()).ok());
        QVERIFY(recorder.wait());
        QVERIFY(recorder.outcome->succeeded());
        const QJsonObject result = toolResultFor(h.lastMessage(1), QStringLiteral("tu_w"));
        QVERIFY(result.value(QStringLiteral("is_error")).toBool());
        QFile file(repo->filePath(QStringLiteral("src/calc.py")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(file.readAll()), headCalc);
    }

    void textOnlyAnswerIsAskedOnceToSubmit()
    {
        commitHead();
        ApiAgentHarness h;
        h.server.enqueue(anthropic::textTurn({QStringLiteral("Looks fine to me.")}, 3000, 10));
        h.server.enqueue(anthropic::textTurn({QStringLiteral("Still fine.")}, 3050, 10));
        agents::ReviewerAgent reviewer(h.config);
        ReviewRecorder recorder(&reviewer);
        QVERIFY(reviewer.start(reviewRequest()).ok());
        QVERIFY(recorder.wait());
        QCOMPARE(recorder.outcome->kind, OutcomeKind::Failed);
        QCOMPARE(recorder.outcome->errorCode, QStringLiteral("no-review"));
        QCOMPARE(h.server.requests().size(), 2);
        QCOMPARE(h.requestJson(1)
                     .value(QStringLiteral("tool_choice"))
                     .toObject()
                     .value(QStringLiteral("name"))
                     .toString(),
                 QStringLiteral("submit_review"));
    }

    void budgetTooSmallStopsBeforeAnyCall()
    {
        commitHead();
        ApiAgentHarness h;
        agents::ReviewerAgent reviewer(h.config);
        ReviewRecorder recorder(&reviewer);
        agents::ReviewRequest request = reviewRequest();
        request.remainingBudget = Money::fromMicrodollars(50);
        QVERIFY(reviewer.start(request).ok());
        QVERIFY(recorder.wait());
        QCOMPARE(recorder.outcome->kind, OutcomeKind::BudgetExceeded);
        QCOMPARE(h.server.requests().size(), 0);
    }

    void providerErrorFailsTheReview()
    {
        commitHead();
        ApiAgentHarness h;
        h.server.enqueue(anthropic::httpError(404, QStringLiteral("not_found_error"),
                                              QStringLiteral("model: claude-haiku-4-5"),
                                              "req_nf1"));
        agents::ReviewerAgent reviewer(h.config);
        ReviewRecorder recorder(&reviewer);
        QVERIFY(reviewer.start(reviewRequest()).ok());
        QVERIFY(recorder.wait());
        QCOMPARE(recorder.outcome->kind, OutcomeKind::Failed);
        QVERIFY2(recorder.outcome->reason.contains(QStringLiteral("req_nf1")),
                 qPrintable(recorder.outcome->reason));
    }

    void submissionValidation_data()
    {
        QTest::addColumn<QJsonObject>("input");
        QTest::addColumn<QString>("error"); // empty: valid
        const QJsonObject good = finding(QStringLiteral("a.cpp"), QStringLiteral("old"), 1, 2);
        const auto with = [&](const QString &key, const QJsonValue &value) {
            QJsonObject f = good;
            if (value.isUndefined())
                f.remove(key);
            else
                f.insert(key, value);
            return reviewInput({f});
        };
        QTest::newRow("valid") << reviewInput({good}) << QString();
        QTest::newRow("no findings") << reviewInput({}) << QString();
        QTest::newRow("priority as string")
            << with(QStringLiteral("priority"), QStringLiteral("1")) << "findings[0].priority";
        QTest::newRow("priority 4")
            << with(QStringLiteral("priority"), 4) << "findings[0].priority";
        QTest::newRow("priority 1.5")
            << with(QStringLiteral("priority"), 1.5) << "findings[0].priority";
        QTest::newRow("confidence 1.2")
            << with(QStringLiteral("confidence"), 1.2) << "findings[0].confidence";
        QTest::newRow("unknown category")
            << with(QStringLiteral("category"), QStringLiteral("style")) << "findings[0].category";
        QTest::newRow("no file") << with(QStringLiteral("file"), QJsonValue::Undefined)
                                 << "findings[0].file";
        QTest::newRow("line 0") << with(QStringLiteral("start_line"), 0)
                                << "findings[0].start_line";
        QTest::newRow("fix not a string")
            << with(QStringLiteral("suggested_fix"), 3) << "findings[0].suggested_fix";
        QJsonObject badVerdict = reviewInput({});
        badVerdict.insert(QStringLiteral("verdict"), QStringLiteral("maybe"));
        QTest::newRow("verdict maybe") << badVerdict << "review.verdict";
        QJsonObject notArray = reviewInput({});
        notArray.insert(QStringLiteral("findings"), QStringLiteral("none"));
        QTest::newRow("findings not an array") << notArray << "review.findings";
    }
    void submissionValidation()
    {
        QFETCH(QJsonObject, input);
        QFETCH(QString, error);
        const auto parsed = agents::ReviewSubmission::fromToolInput(input);
        if (error.isEmpty()) {
            QVERIFY2(parsed.ok(), qPrintable(parsed.errorMessage()));
            return;
        }
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.errorCode(), QStringLiteral("malformed-review"));
        QVERIFY2(parsed.errorMessage().contains(error), qPrintable(parsed.errorMessage()));
    }
};

QTEST_GUILESS_MAIN(TestReviewerAgent)
#include "tst_revieweragent.moc"
