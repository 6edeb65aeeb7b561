#include "AgentsTestSupport.h"

#include "agents/cli/AiderAdapter.h"
#include "agents/cli/AiderParser.h"
#include "agents/cli/ClaudeCodeAdapter.h"
#include "agents/cli/CliAgents.h"
#include "agents/cli/CliBackend.h"
#include "agents/cli/CliDetector.h"
#include "agents/cli/CodexAdapter.h"
#include "agents/cli/CustomCommandAdapter.h"

#include <QtTest>

using namespace agentdesk;
using namespace agentdesk::agents;
using agentdesk::test::Run;

namespace {

QStringList recordedArgv(const QString &path)
{
    QStringList argv;
    for (const QByteArray &line : test::readLines(path)) {
        if (line.startsWith("argv\t"))
            argv.append(QString::fromUtf8(line.mid(5)));
    }
    return argv;
}

} // namespace

class TestCliAdapters : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void aiderTokenLines_data();
    void aiderTokenLines();
    void aiderSession();
    void aiderBudgetGuardStopsTheRun();
    void splitCommandLine_data();
    void splitCommandLine();
    void customCommandSubstitutesPlaceholders();
    void customCommandWithoutPlaceholderIsRefused();
    void customCommandFailureIsReported();
    void detectorFindsInstalledClis();
    void adaptersByBackendId();
    void claudePromptGoesToStandardInput();

private:
    QTemporaryDir m_bin;
    QTemporaryDir m_worktree;
};

void TestCliAdapters::initTestCase()
{
    QVERIFY(m_bin.isValid() && m_worktree.isValid());
    for (const char *name : {"codex", "aider", "my-agent"})
        QVERIFY(QFile::link(test::fakeCliPath(), m_bin.filePath(QLatin1String(name))));
}

void TestCliAdapters::aiderTokenLines_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<qint64>("input");
    QTest::addColumn<qint64>("cacheWrite");
    QTest::addColumn<qint64>("cacheRead");
    QTest::addColumn<qint64>("output");
    QTest::addColumn<QString>("session"); // empty: no cost printed
    QTest::newRow("plain")
        << QStringLiteral("Tokens: 1.2k sent, 345 received. Cost: $0.01 message, $0.05 session.")
        << qint64(1200) << qint64(0) << qint64(0) << qint64(345) << QStringLiteral("0.05");
    QTest::newRow("cache write") << QStringLiteral("Tokens: 2.6k sent, 1.1k cache write, 345 "
                                                   "received. Cost: $0.01 message, $0.01 session.")
                                 << qint64(1500) << qint64(1100) << qint64(0) << qint64(345)
                                 << QStringLiteral("0.01");
    QTest::newRow("cache hit") << QStringLiteral("Tokens: 3.0k sent, 2.4k cache hit, 120 received. "
                                                 "Cost: $0.0043 message, $0.0143 session.")
                               << qint64(600) << qint64(0) << qint64(2400) << qint64(120)
                               << QStringLiteral("0.0143");
    QTest::newRow("both caches, millions")
        << QStringLiteral("Tokens: 1.5M sent, 12k cache write, 1.2M cache hit, 2.1k received. "
                          "Cost: $1.20 message, $3.45 session.")
        << qint64(288000) << qint64(12000) << qint64(1200000) << qint64(2100)
        << QStringLiteral("3.45");
    QTest::newRow("no cost for an unpriced model")
        << QStringLiteral("Tokens: 950 sent, 12 received.") << qint64(950) << qint64(0) << qint64(0)
        << qint64(12) << QString();
}

void TestCliAdapters::aiderTokenLines()
{
    QFETCH(QString, line);
    QFETCH(QString, session);
    const std::optional<AiderParser::TokenLine> parsed = AiderParser::parseTokenLine(line);
    QVERIFY(parsed.has_value());
    QTEST(parsed->usage.inputTokens, "input");
    QTEST(parsed->usage.cacheWrite5mTokens, "cacheWrite");
    QTEST(parsed->usage.cacheReadTokens, "cacheRead");
    QTEST(parsed->usage.outputTokens, "output");
    QCOMPARE(parsed->sessionCost.has_value(), !session.isEmpty());
    if (!session.isEmpty())
        QCOMPARE(parsed->sessionCost->nanodollars(), Money::parseDollars(session)->nanodollars());
    QVERIFY(!AiderParser::parseTokenLine(QStringLiteral("Applied edit to Tokens.md")));
}

void TestCliAdapters::aiderSession()
{
    AiderParser parser(QStringLiteral("claude-sonnet-4-5"), {});
    QList<AgentEvent> events;
    for (const QByteArray &line :
         test::readLines(test::agentsDataPath(QStringLiteral("aider/synthetic-session.txt"))))
        events += parser.parseLine(line);
    ProcessEnd end;
    end.exitCode = 0;
    const AgentOutcome outcome = parser.finish(end);
    QVERIFY(outcome.succeeded());
    QCOMPARE(outcome.turns, 2);
    QCOMPARE(costSourceName(outcome.costSource), QStringLiteral("reported"));
    QCOMPARE(outcome.cost->nanodollars(), 14'300'000); // the last session figure
    QCOMPARE(outcome.totalUsage().outputTokens, 465);
    QCOMPARE(std::count_if(events.cbegin(), events.cend(),
                           [](auto &e) { return e.kind == AgentEvent::Kind::Cost; }),
             2);
}

void TestCliAdapters::aiderBudgetGuardStopsTheRun()
{
    // The session cost passes the budget on the second Tokens line; the fake would then hang.
    AiderSettings settings;
    settings.cli.searchPath = {m_bin.path()};
    settings.cli.environment = {
        {QStringLiteral("FAKECLI_REPLAY"),
         test::agentsDataPath(QStringLiteral("aider/synthetic-session.txt"))},
        {QStringLiteral("FAKECLI_HANG"), QStringLiteral("1")}};
    CliBackend backend(std::make_shared<AiderAdapter>(settings));
    backend.setKillGraceMs(300);
    Run run;
    run.attach(backend);
    AgentRequest request;
    request.worktree = m_worktree.path();
    request.prompt = QStringLiteral("Create the check file.");
    request.model = QStringLiteral("claude-sonnet-4-5");
    request.remainingBudget = Money::fromCents(1); // $0.01: the first reply stays within it
    QVERIFY(backend.start(request).ok());
    QTRY_VERIFY_WITH_TIMEOUT(run.outcome.has_value(), 20000);
    QCOMPARE(outcomeKindName(run.outcome->kind), outcomeKindName(OutcomeKind::BudgetExceeded));
    QCOMPARE(run.outcome->cost->nanodollars(), 14'300'000);
    QCOMPARE(run.count(AgentEvent::Kind::Cost), 2);
}

void TestCliAdapters::splitCommandLine_data()
{
    QTest::addColumn<QString>("commandLine");
    QTest::addColumn<QStringList>("words");
    QTest::addColumn<bool>("valid");
    QTest::newRow("plain") << QStringLiteral("agent --task {prompt}")
                           << QStringList{QStringLiteral("agent"), QStringLiteral("--task"),
                                          QStringLiteral("{prompt}")}
                           << true;
    QTest::newRow("double quotes")
        << QStringLiteral("agent \"a b\" \"say \\\"hi\\\"\"")
        << QStringList{QStringLiteral("agent"), QStringLiteral("a b"), QStringLiteral("say \"hi\"")}
        << true;
    QTest::newRow("single quotes are literal")
        << QStringLiteral("agent 'a \\ \"b\"'")
        << QStringList{QStringLiteral("agent"), QStringLiteral("a \\ \"b\"")} << true;
    QTest::newRow("adjacent quoted parts join")
        << QStringLiteral("agent --file=\"{prompt_file}\"x")
        << QStringList{QStringLiteral("agent"), QStringLiteral("--file={prompt_file}x")} << true;
    QTest::newRow("backslash escapes a space")
        << QStringLiteral("/opt/my\\ agent  run")
        << QStringList{QStringLiteral("/opt/my agent"), QStringLiteral("run")} << true;
    QTest::newRow("empty quoted word")
        << QStringLiteral("agent \"\"") << QStringList{QStringLiteral("agent"), QString()} << true;
    QTest::newRow("unclosed quote") << QStringLiteral("agent \"oops") << QStringList() << false;
}

void TestCliAdapters::splitCommandLine()
{
    QFETCH(QString, commandLine);
    QFETCH(bool, valid);
    const Result<QStringList> words = CustomCommandAdapter::splitCommandLine(commandLine);
    QCOMPARE(words.ok(), valid);
    if (valid)
        QTEST(*words, "words");
}

void TestCliAdapters::customCommandSubstitutesPlaceholders()
{
    const QString record = m_worktree.filePath(QStringLiteral("custom-record.txt"));
    CustomCommandSettings settings;
    settings.name = QStringLiteral("My agent");
    settings.commandLine = QStringLiteral("my-agent --task {prompt} --file=\"{prompt_file}\"");
    settings.searchPath = {m_bin.path()};
    settings.environment = {{QStringLiteral("FAKECLI_RECORD"), record},
                            {QStringLiteral("FAKECLI_STDERR"), QStringLiteral("working")}};
    CliBackend backend(std::make_shared<CustomCommandAdapter>(settings));
    Run run;
    run.attach(backend);
    AgentRequest request;
    request.worktree = m_worktree.path();
    request.prompt = QStringLiteral("Fix it; don't \"break\" $PATH {prompt_file}");
    request.remainingBudget = Money::fromCents(100);
    QVERIFY(backend.start(request).ok());
    QTRY_VERIFY_WITH_TIMEOUT(run.outcome.has_value(), 20000);
    QVERIFY2(run.outcome->succeeded(), qPrintable(run.outcome->reason));
    QCOMPARE(costSourceName(run.outcome->costSource), QStringLiteral("unmetered"));
    QVERIFY(!run.outcome->cost.has_value());
    const QStringList argv = recordedArgv(record);
    QCOMPARE(argv.size(), 3);
    QCOMPARE(argv.at(0), QStringLiteral("--task"));
    QCOMPARE(argv.at(1), request.prompt);
    QVERIFY(argv.at(2).startsWith(QLatin1String("--file=/")));
    // The prompt file existed while the command ran and is removed afterwards.
    QVERIFY(!QFile::exists(argv.at(2).mid(7)));
    QCOMPARE(run.count(AgentEvent::Kind::Stderr), 1);
}

void TestCliAdapters::customCommandWithoutPlaceholderIsRefused()
{
    CustomCommandSettings settings;
    settings.commandLine = QStringLiteral("my-agent --go");
    settings.searchPath = {m_bin.path()};
    CliBackend backend(std::make_shared<CustomCommandAdapter>(settings));
    AgentRequest request;
    request.worktree = m_worktree.path();
    request.prompt = QStringLiteral("x");
    QCOMPARE(backend.start(request).errorCode(), QStringLiteral("custom-command-no-prompt"));
}

void TestCliAdapters::customCommandFailureIsReported()
{
    CustomCommandSettings settings;
    settings.commandLine = QStringLiteral("my-agent {prompt}");
    settings.searchPath = {m_bin.path()};
    settings.environment = {{QStringLiteral("FAKECLI_EXIT"), QStringLiteral("3")},
                            {QStringLiteral("FAKECLI_STDERR"), QStringLiteral("no tests found")}};
    CliBackend backend(std::make_shared<CustomCommandAdapter>(settings));
    Run run;
    run.attach(backend);
    AgentRequest request;
    request.worktree = m_worktree.path();
    request.prompt = QStringLiteral("x");
    QVERIFY(backend.start(request).ok());
    QTRY_VERIFY_WITH_TIMEOUT(run.outcome.has_value(), 20000);
    QCOMPARE(outcomeKindName(run.outcome->kind), outcomeKindName(OutcomeKind::Failed));
    QVERIFY2(run.outcome->reason.contains(QLatin1String("exit status 3")),
             qPrintable(run.outcome->reason));
    QVERIFY(run.outcome->reason.contains(QLatin1String("no tests found")));
}

void TestCliAdapters::detectorFindsInstalledClis()
{
    CliDetector detector;
    detector.setSearchPath({m_bin.path()});
    QList<CliInfo> found;
    bool done = false;
    connect(&detector, &CliDetector::detected, this, [&](const QList<CliInfo> &clis) {
        found = clis;
        done = true;
    });
    detector.detect(CliDetector::standardProbes());
    QVERIFY(!done); // answers arrive asynchronously
    QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
    QCOMPARE(found.size(), 3);
    QCOMPARE(found.at(0).backendId, QStringLiteral("claude-code"));
    QVERIFY(!found.at(0).installed); // no "claude" in this bin directory
    QVERIFY2(found.at(0).error.contains(QLatin1String("not installed")),
             qPrintable(found.at(0).error));
    QVERIFY(found.at(1).installed);
    QCOMPARE(found.at(1).version, QStringLiteral("codex-cli 0.46.0"));
    QCOMPARE(found.at(1).path, m_bin.filePath(QStringLiteral("codex")));
    QVERIFY(found.at(2).installed);
    QCOMPARE(found.at(2).version, QStringLiteral("aider 0.86.1"));
}

void TestCliAdapters::adaptersByBackendId()
{
    CliAgentSettings settings;
    settings.custom.name = QStringLiteral("My agent");
    settings.custom.commandLine = QStringLiteral("my-agent {prompt}");
    for (const QString &id : cliBackendIds()) {
        const Result<std::shared_ptr<const CliAdapter>> adapter = cliAdapterFor(id, settings);
        QVERIFY2(adapter.ok(), qPrintable(id));
        QCOMPARE((*adapter)->backendId(), id);
    }
    QCOMPARE(cliAdapterFor(QStringLiteral("claude-code"), settings).value()->settings().executable,
             QStringLiteral("claude"));
    QCOMPARE(cliAdapterFor(QStringLiteral("custom"), settings).value()->settings().executable,
             QStringLiteral("my-agent"));
    const auto unknown = cliAdapterFor(QStringLiteral("gemini"), settings);
    QCOMPARE(unknown.errorCode(), QStringLiteral("unknown-agent"));
    QVERIFY(unknown.errorMessage().contains(QLatin1String("claude-code")));
    QVERIFY(!isCliBackendId(QStringLiteral("anthropic")));
}

void TestCliAdapters::claudePromptGoesToStandardInput()
{
    // A prompt on the command line is visible in `ps` and, starting with "-", read as an
    // option: Claude Code gets it as the stream-json `user` message instead.
    const ClaudeCodeAdapter adapter;
    AgentRequest request;
    request.prompt = QStringLiteral("--help is broken; fix it");
    const Result<CliInvocation> invocation = adapter.invocation(request, CliRunContext());
    QVERIFY(invocation.ok());
    for (const QString &argument : invocation->arguments)
        QVERIFY2(!argument.contains(QLatin1String("help is broken")), qPrintable(argument));
    QCOMPARE(invocation->input,
             QByteArray(R"({"message":{"content":"--help is broken; fix it","role":"user"},)"
                        R"("type":"user"})"
                        "\n"));
    QVERIFY(invocation->keepInputOpen);
    QVERIFY(!invocation->arguments.contains(QStringLiteral("--model"))); // no model: CLI default
    QVERIFY(!invocation->arguments.contains(QStringLiteral("--max-budget-usd")));
    QVERIFY(invocation->environment.isEmpty()); // no key configured: none passed
}

QTEST_GUILESS_MAIN(TestCliAdapters)
#include "tst_cliadapters.moc"
