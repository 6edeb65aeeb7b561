#include "AgentsTestSupport.h"

#include "agents/UsagePricing.h"
#include "agents/cli/ClaudeCodeParser.h"
#include "agents/cli/JsonDollars.h"
#include "agents/cli/LineBuffer.h"
#include "cost/PriceTable.h"

#include <QtTest>

using namespace agentdesk;
using namespace agentdesk::agents;

namespace {

struct Parsed
{
    QList<AgentEvent> events;
    AgentOutcome outcome;
    int stopRequestedAtLine = -1;

    int count(AgentEvent::Kind kind) const
    {
        return int(std::count_if(events.cbegin(), events.cend(),
                                 [kind](const AgentEvent &e) { return e.kind == kind; }));
    }
};

// Feeds a recording to the parser as the backend would: line by line, stopping the "process"
// as soon as the parser asks.
Parsed parseRecording(const QString &file, int exitCode, UsagePricer pricer = {})
{
    ClaudeCodeParser parser(std::move(pricer));
    Parsed parsed;
    const QList<QByteArray> lines = test::readLines(test::agentsDataPath(file));
    for (int i = 0; i < lines.size(); ++i) {
        parsed.events += parser.parseLine(lines.at(i));
        if (parser.stopRequest()) {
            parsed.stopRequestedAtLine = i;
            break;
        }
    }
    ProcessEnd end;
    end.exitCode = exitCode;
    if (parser.stopRequest()) {
        end.how = ProcessEnd::How::Stopped;
        end.stopReason = StopReason::AgentVerdict;
    }
    parsed.outcome = parser.finish(end);
    return parsed;
}

// PROTOCOLS.md's prices for claude-sonnet-4-5, in nanodollars per token.
std::optional<Money> sonnetPricer(const QString &model, const TokenUsage &usage)
{
    if (model != QLatin1String("claude-sonnet-4-5"))
        return std::nullopt;
    return Money::fromNanodollars(usage.inputTokens * 3000 + usage.outputTokens * 15000 +
                                  usage.cacheWrite5mTokens * 3750 + usage.cacheReadTokens * 300);
}

} // namespace

class TestClaudeCodeParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recordings_data();
    void recordings();
    void authErrorStopsAtFirstRefusal();
    void isErrorWithSubtypeSuccessIsAFailure();
    void malformedLinesBecomeNotes();
    void costParityWithReportedTotal();
    void crossCheckAgainstOurPrices();
    void bundledPriceTableAgreesWithClaudeCode_data();
    void bundledPriceTableAgreesWithClaudeCode();
    void crashWithoutResult();
    void plainTextOutputIsAReadableFailure();
    void dollarsFromJsonText_data();
    void dollarsFromJsonText();
    void lineBufferReassemblesSplitLines();
    void lineBufferCutsRunawayLines();
};

void TestClaudeCodeParser::recordings_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("turns");
    QTest::addColumn<qint64>("costNanos");
    QTest::addColumn<qint64>("inputTokens");
    QTest::addColumn<qint64>("outputTokens");
    QTest::addColumn<int>("toolUses");
    QTest::addColumn<int>("toolResults");
    QTest::addColumn<int>("texts");

    QTest::newRow("success") << QStringLiteral("claude-code/claude-stream-json-success.jsonl") << 0
                             << outcomeKindName(OutcomeKind::Succeeded) << 2 << qint64(9'000'000)
                             << qint64(2000) << qint64(200) << 1 << 1 << 1;
    QTest::newRow("partial messages")
        << QStringLiteral("claude-code/claude-stream-json-partial.jsonl") << 0
        << outcomeKindName(OutcomeKind::Succeeded) << 2 << qint64(9'000'000) << qint64(2000)
        << qint64(200) << 1 << 1 << 1;
    QTest::newRow("budget") << QStringLiteral("claude-code/claude-stream-json-budget.jsonl") << 1
                            << outcomeKindName(OutcomeKind::BudgetExceeded) << 1
                            << qint64(4'500'000) << qint64(1000) << qint64(100) << 1 << 0 << 0;
    QTest::newRow("max turns") << QStringLiteral("claude-code/claude-stream-json-maxturns.jsonl")
                               << 1 << outcomeKindName(OutcomeKind::MaxTurns) << 2
                               << qint64(4'500'000) << qint64(1000) << qint64(100) << 1 << 1 << 0;
}

void TestClaudeCodeParser::recordings()
{
    QFETCH(QString, file);
    QFETCH(int, exitCode);
    QFETCH(QString, kind);

    const Parsed parsed = parseRecording(file, exitCode);
    QCOMPARE(outcomeKindName(parsed.outcome.kind), kind);
    QTEST(parsed.outcome.turns, "turns");
    QVERIFY(parsed.outcome.cost.has_value());
    QTEST(parsed.outcome.cost->nanodollars(), "costNanos");
    QCOMPARE(costSourceName(parsed.outcome.costSource), QStringLiteral("reported"));
    QTEST(parsed.outcome.totalUsage().inputTokens, "inputTokens");
    QTEST(parsed.outcome.totalUsage().outputTokens, "outputTokens");
    QCOMPARE(parsed.outcome.usage.keys(), QStringList{QStringLiteral("claude-sonnet-4-5")});
    QTEST(parsed.count(AgentEvent::Kind::ToolUse), "toolUses");
    QTEST(parsed.count(AgentEvent::Kind::ToolResult), "toolResults");
    QTEST(parsed.count(AgentEvent::Kind::AssistantText), "texts");
    QCOMPARE(parsed.count(AgentEvent::Kind::SessionStarted), 1);
    QCOMPARE(parsed.count(AgentEvent::Kind::Note), 0);
    QCOMPARE(parsed.count(AgentEvent::Kind::Cost), 1);
    QVERIFY(!parsed.outcome.sessionId.isEmpty());
    if (kind == outcomeKindName(OutcomeKind::Succeeded)) {
        QVERIFY(parsed.outcome.reason.isEmpty());
        QCOMPARE(parsed.outcome.finalText, QStringLiteral("Done: wrote CHECK_CLAUDE.md."));
    } else {
        QVERIFY2(parsed.outcome.reason.contains(QLatin1String("Reached maximum")) ||
                     parsed.outcome.reason.contains(QLatin1String("turn limit")),
                 qPrintable(parsed.outcome.reason));
    }

    const auto toolUse = std::find_if(parsed.events.cbegin(), parsed.events.cend(),
                                      [](auto &e) { return e.kind == AgentEvent::Kind::ToolUse; });
    QCOMPARE(toolUse->text, QStringLiteral("Write"));
    QCOMPARE(toolUse->payload.value(QLatin1String("input"))
                 .toObject()
                 .value(QLatin1String("file_path"))
                 .toString(),
             QStringLiteral("/home/user/project/CHECK_CLAUDE.md"));
    QVERIFY(toolUse->timestamp.isValid());
}

void TestClaudeCodeParser::authErrorStopsAtFirstRefusal()
{
    const Parsed parsed =
        parseRecording(QStringLiteral("claude-code/claude-stream-json-auth-error.jsonl"), 0);
    // Line 0 is init; line 1 the first api_retry with error_status 401.
    QCOMPARE(parsed.stopRequestedAtLine, 1);
    QCOMPARE(outcomeKindName(parsed.outcome.kind), outcomeKindName(OutcomeKind::AuthFailed));
    QVERIFY2(parsed.outcome.reason.contains(QLatin1String("Authentication failed")),
             qPrintable(parsed.outcome.reason));
    QVERIFY(parsed.outcome.reason.contains(QLatin1String("401")));
    QCOMPARE(parsed.count(AgentEvent::Kind::Retry), 1);
    QVERIFY(!parsed.outcome.cost.has_value());
}

void TestClaudeCodeParser::isErrorWithSubtypeSuccessIsAFailure()
{
    const Parsed parsed =
        parseRecording(QStringLiteral("claude-code/synthetic-is-error-success.jsonl"), 1);
    QCOMPARE(outcomeKindName(parsed.outcome.kind), outcomeKindName(OutcomeKind::Failed));
    QVERIFY2(parsed.outcome.reason.contains(QLatin1String("API Error: 500")),
             qPrintable(parsed.outcome.reason));
    QCOMPARE(parsed.outcome.cost->nanodollars(), 0);
}

void TestClaudeCodeParser::malformedLinesBecomeNotes()
{
    const Parsed parsed =
        parseRecording(QStringLiteral("claude-code/synthetic-malformed-lines.jsonl"), 0);
    // Non-JSON text, a truncated object, an array, an object without type, a stack trace line.
    QCOMPARE(parsed.count(AgentEvent::Kind::Note), 5);
    QCOMPARE(parsed.count(AgentEvent::Kind::RateLimit), 1);
    QCOMPARE(outcomeKindName(parsed.outcome.kind), outcomeKindName(OutcomeKind::Succeeded));
    QCOMPARE(parsed.outcome.cost->nanodollars(), 9'000'000);
    for (const AgentEvent &event : parsed.events) {
        if (event.kind == AgentEvent::Kind::Note)
            QVERIFY(event.payload.value(QLatin1String("malformed")).toBool());
    }
}

void TestClaudeCodeParser::costParityWithReportedTotal()
{
    // The recording's total_cost_usd text, read exactly, equals the formula in its README:
    // 2 calls x (1,000 x $3 + 100 x $15) / 1M.
    const QList<QByteArray> lines = test::readLines(
        test::agentsDataPath(QStringLiteral("claude-code/claude-stream-json-success.jsonl")));
    const QByteArray text = rawJsonNumber(lines.last(), "total_cost_usd");
    QCOMPARE(text, QByteArray("0.009000000000000001"));
    const Money expected = Money::fromNanodollars(2 * (1000 * 3000 + 100 * 15000));
    QCOMPARE(dollarsFromJsonNumberText(text)->nanodollars(), expected.nanodollars());
    const Parsed parsed =
        parseRecording(QStringLiteral("claude-code/claude-stream-json-success.jsonl"), 0);
    QCOMPARE(parsed.outcome.cost->nanodollars(), expected.nanodollars());
    // Our pricing of the reported usage agrees too.
    QCOMPARE(sonnetPricer(QStringLiteral("claude-sonnet-4-5"), parsed.outcome.totalUsage())
                 ->nanodollars(),
             expected.nanodollars());
}

void TestClaudeCodeParser::crossCheckAgainstOurPrices()
{
    const Parsed agreeing = parseRecording(
        QStringLiteral("claude-code/claude-stream-json-success.jsonl"), 0, sonnetPricer);
    QCOMPARE(agreeing.count(AgentEvent::Kind::Note), 0);

    const UsagePricer doubled = [](const QString &model, const TokenUsage &usage) {
        return std::optional<Money>(*sonnetPricer(model, usage) * 2);
    };
    const Parsed disagreeing =
        parseRecording(QStringLiteral("claude-code/claude-stream-json-success.jsonl"), 0, doubled);
    QCOMPARE(disagreeing.count(AgentEvent::Kind::Note), 1);
    // The reported figure stays the ledger's: the note is for a human to look at.
    QCOMPARE(disagreeing.outcome.cost->nanodollars(), 9'000'000);
}

void TestClaudeCodeParser::bundledPriceTableAgreesWithClaudeCode_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("exitCode");
    QTest::newRow("success") << QStringLiteral("claude-code/claude-stream-json-success.jsonl") << 0;
    QTest::newRow("budget") << QStringLiteral("claude-code/claude-stream-json-budget.jsonl") << 1;
    QTest::newRow("max turns") << QStringLiteral("claude-code/claude-stream-json-maxturns.jsonl")
                               << 1;
}

void TestClaudeCodeParser::bundledPriceTableAgreesWithClaudeCode()
{
    QFETCH(QString, file);
    QFETCH(int, exitCode);
    Result<cost::PriceTable> table = cost::PriceTable::loadBundled();
    QVERIFY2(table.ok(), qPrintable(table.errorMessage()));
    const UsagePricer pricer =
        pricerFromTable(std::make_shared<const cost::PriceTable>(std::move(table).value()));
    const Parsed parsed = parseRecording(file, exitCode, pricer);
    const std::optional<Money> ours =
        pricer(QStringLiteral("claude-sonnet-4-5"), parsed.outcome.totalUsage());
    QVERIFY(ours.has_value());
    QCOMPARE(ours->nanodollars(), parsed.outcome.cost->nanodollars());
    QCOMPARE(parsed.count(AgentEvent::Kind::Note), 0); // no mismatch reported
    QVERIFY(!pricer(QStringLiteral("no-such-model-xyz"), parsed.outcome.totalUsage()));
}

void TestClaudeCodeParser::crashWithoutResult()
{
    ClaudeCodeParser parser;
    const QList<QByteArray> lines = test::readLines(
        test::agentsDataPath(QStringLiteral("claude-code/claude-stream-json-success.jsonl")));
    for (int i = 0; i < 2; ++i)
        (void)parser.parseLine(lines.at(i));
    ProcessEnd end;
    end.how = ProcessEnd::How::Crashed;
    end.exitCode = 6;
    end.error = QStringLiteral("killed by signal 6");
    end.stderrTail = "FATAL ERROR: Reached heap limit\n";
    const AgentOutcome outcome = parser.finish(end);
    QCOMPARE(outcomeKindName(outcome.kind), outcomeKindName(OutcomeKind::Crashed));
    QVERIFY2(outcome.reason.contains(QLatin1String("signal 6")), qPrintable(outcome.reason));
    QVERIFY(outcome.reason.contains(QLatin1String("heap limit")));
    // What was streamed before the crash is still accounted for.
    QCOMPARE(outcome.totalUsage().inputTokens, 1000);
    QCOMPARE(costSourceName(outcome.costSource), QStringLiteral("unpriced"));
}

void TestClaudeCodeParser::plainTextOutputIsAReadableFailure()
{
    ClaudeCodeParser parser;
    const QList<AgentEvent> events = parser.parseLine("Usage: claude [options] [command] [prompt]");
    QCOMPARE(events.size(), 1);
    ProcessEnd end;
    end.exitCode = 0;
    const AgentOutcome outcome = parser.finish(end);
    QCOMPARE(outcomeKindName(outcome.kind), outcomeKindName(OutcomeKind::Failed));
    QVERIFY2(outcome.reason.contains(QLatin1String("not stream-json")), qPrintable(outcome.reason));
}

void TestClaudeCodeParser::dollarsFromJsonText_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qint64>("nanos");
    QTest::addColumn<bool>("valid");
    QTest::newRow("float noise") << QByteArray("0.009000000000000001") << qint64(9'000'000) << true;
    QTest::newRow("half") << QByteArray("0.0045000000000000005") << qint64(4'500'000) << true;
    QTest::newRow("exact") << QByteArray("0.003705") << qint64(3'705'000) << true;
    QTest::newRow("integer") << QByteArray("3") << qint64(3'000'000'000) << true;
    QTest::newRow("zero") << QByteArray("0") << qint64(0) << true;
    QTest::newRow("exponent") << QByteArray("1.5e-7") << qint64(150) << true;
    QTest::newRow("exponent rounds up") << QByteArray("5e-10") << qint64(1) << true;
    QTest::newRow("rounds down") << QByteArray("0.0000000014") << qint64(1) << true;
    QTest::newRow("positive exponent") << QByteArray("2E+1") << qint64(20'000'000'000) << true;
    QTest::newRow("negative") << QByteArray("-0.5") << qint64(-500'000'000) << true;
    QTest::newRow("empty") << QByteArray() << qint64(0) << false;
    QTest::newRow("text") << QByteArray("null") << qint64(0) << false;
    QTest::newRow("trailing junk") << QByteArray("0.1x") << qint64(0) << false;
}

void TestClaudeCodeParser::dollarsFromJsonText()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, valid);
    const std::optional<Money> money = dollarsFromJsonNumberText(text);
    QCOMPARE(money.has_value(), valid);
    if (valid)
        QTEST(money->nanodollars(), "nanos");
}

void TestClaudeCodeParser::lineBufferReassemblesSplitLines()
{
    LineBuffer buffer;
    QCOMPARE(buffer.append("{\"a\":"), QList<QByteArray>());
    QCOMPARE(buffer.append("1}\n{\"b\""), QList<QByteArray>{"{\"a\":1}"});
    QCOMPARE(buffer.append(":2}\r\n\n{\"c\":3}\n"),
             (QList<QByteArray>{"{\"b\":2}", "", "{\"c\":3}"}));
    QCOMPARE(buffer.append("tail"), QList<QByteArray>());
    QCOMPARE(buffer.takeRemainder(), QByteArray("tail"));
    QCOMPARE(buffer.takeRemainder(), QByteArray());
}

void TestClaudeCodeParser::lineBufferCutsRunawayLines()
{
    LineBuffer buffer(10);
    const QList<QByteArray> lines = buffer.append(QByteArray(25, 'x'));
    QCOMPARE(lines, (QList<QByteArray>{QByteArray(10, 'x'), QByteArray(10, 'x')}));
    QCOMPARE(buffer.append("\n"), QList<QByteArray>{QByteArray(5, 'x')});
}

QTEST_GUILESS_MAIN(TestClaudeCodeParser)
#include "tst_claudecodeparser.moc"
