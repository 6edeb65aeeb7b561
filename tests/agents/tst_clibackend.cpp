#include "AgentsTestSupport.h"

#include "agents/cli/ClaudeCodeAdapter.h"
#include "agents/cli/CliBackend.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace agentdesk;
using namespace agentdesk::agents;
using agentdesk::test::Run;

namespace {

// The recorded argv, cwd and environment the fake wrote.
struct Recorded
{
    QStringList argv;
    QString cwd;
    QMap<QString, QString> env;
};

Recorded readRecord(const QString &path)
{
    Recorded recorded;
    for (const QByteArray &line : test::readLines(path)) {
        const qsizetype tab = line.indexOf('\t');
        const QByteArray key = line.left(tab);
        const QString value = QString::fromUtf8(line.mid(tab + 1));
        if (key == "argv") {
            recorded.argv.append(value);
        } else if (key == "cwd") {
            recorded.cwd = value;
        } else if (key == "env") {
            const qsizetype eq = value.indexOf(QLatin1Char('='));
            recorded.env.insert(value.left(eq), value.mid(eq + 1));
        }
    }
    return recorded;
}

qint64 waitForPidFile(const QString &path)
{
    qint64 pid = 0;
    // QTRY_* cannot return a value; poll the event loop by hand.
    for (int i = 0; i < 500 && pid == 0; ++i) {
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
            pid = file.readAll().trimmed().toLongLong();
        if (pid == 0)
            QTest::qWait(20);
    }
    return pid;
}

} // namespace

class TestCliBackend : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void claudeCodeRunsWithExactArgumentsAndScrubbedEnvironment();
    void claudeRecordings_data();
    void claudeRecordings();
    void longLinesArriveWhole();
    void crashMidwayIsReported();
    void authFailureStopsARetryingCli();
    void stopKillsTheWholeProcessGroup_data();
    void stopKillsTheWholeProcessGroup();
    void wallClockLimit();
    void outputCap();
    void missingCliIsAnErrorAtStart();
    void spentBudgetIsAnErrorAtStart();

private:
    ClaudeCodeSettings claudeSettings(const QMap<QString, QString> &fakeControls) const;
    AgentRequest request() const;

    QTemporaryDir m_bin;      // holds "claude", "codex", "aider" links to the fake
    QTemporaryDir m_worktree; // where the agents run
};

void TestCliBackend::initTestCase()
{
    QVERIFY(m_bin.isValid() && m_worktree.isValid());
    for (const char *name : {"claude", "codex", "aider"})
        QVERIFY(QFile::link(test::fakeCliPath(), m_bin.filePath(QLatin1String(name))));
    // Secrets in our own environment that must never reach an agent.
    qputenv("OPENAI_API_KEY", "sk-openai-must-not-leak");
    qputenv("GITHUB_TOKEN", "ghp-must-not-leak");
    qputenv("AWS_SECRET_ACCESS_KEY", "aws-must-not-leak");
    qputenv("ANTHROPIC_API_KEY", "sk-ant-from-shell-must-not-leak");
}

ClaudeCodeSettings TestCliBackend::claudeSettings(const QMap<QString, QString> &fakeControls) const
{
    ClaudeCodeSettings settings;
    settings.cli.searchPath = {m_bin.path()};
    settings.cli.environment = fakeControls;
    settings.baseUrl = QStringLiteral("http://127.0.0.1:9/");
    settings.apiKey = QStringLiteral("sk-ant-intended");
    return settings;
}

AgentRequest TestCliBackend::request() const
{
    AgentRequest request;
    request.worktree = m_worktree.path();
    request.prompt = QStringLiteral("Create the check file. Use \"quotes\" and $HOME literally.");
    request.model = QStringLiteral("claude-sonnet-4-5");
    request.remainingBudget = Money::fromCents(150);
    return request;
}

void TestCliBackend::claudeCodeRunsWithExactArgumentsAndScrubbedEnvironment()
{
    const QString record = m_worktree.filePath(QStringLiteral("record.txt"));
    const QString stdinRecord = m_worktree.filePath(QStringLiteral("stdin.txt"));
    ClaudeCodeSettings settings = claudeSettings(
        {{QStringLiteral("FAKECLI_REPLAY"),
          test::agentsDataPath(QStringLiteral("claude-code/claude-stream-json-success.jsonl"))},
         {QStringLiteral("FAKECLI_SPLIT"), QStringLiteral("1")},
         {QStringLiteral("FAKECLI_RECORD"), record},
         {QStringLiteral("FAKECLI_STDIN_RECORD"), stdinRecord}});
    settings.allowedTools = {QStringLiteral("Read"), QStringLiteral("Bash(npm test:*)")};
    CliBackend backend(std::make_shared<ClaudeCodeAdapter>(settings));
    Run run;
    run.attach(backend);
    AgentRequest req = request();
    req.maxTurns = 30;
    const VoidResult started = backend.start(req);
    QVERIFY2(started.ok(), qPrintable(started.errorMessage()));
    QTRY_VERIFY_WITH_TIMEOUT(run.outcome.has_value(), 20000);

    QCOMPARE(outcomeKindName(run.outcome->kind), outcomeKindName(OutcomeKind::Succeeded));
    QCOMPARE(run.outcome->cost->nanodollars(), 9'000'000);
    QCOMPARE(run.count(AgentEvent::Kind::ToolUse), 1);
    QCOMPARE(run.count(AgentEvent::Kind::Note), 0); // split writes reassembled

    const Recorded recorded = readRecord(record);
    // The prompt is never on the command line: it is the stream-json `user` message on stdin.
    const QStringList expected = {QStringLiteral("-p"),
                                  QStringLiteral("--input-format"),
                                  QStringLiteral("stream-json"),
                                  QStringLiteral("--output-format"),
                                  QStringLiteral("stream-json"),
                                  QStringLiteral("--verbose"),
                                  QStringLiteral("--permission-prompt-tool"),
                                  QStringLiteral("stdio"),
                                  QStringLiteral("--model"),
                                  QStringLiteral("claude-sonnet-4-5"),
                                  QStringLiteral("--max-budget-usd"),
                                  QStringLiteral("1.5"),
                                  QStringLiteral("--permission-mode"),
                                  QStringLiteral("acceptEdits"),
                                  QStringLiteral("--allowedTools"),
                                  QStringLiteral("Read,Bash(npm test:*)"),
                                  QStringLiteral("--max-turns"),
                                  QStringLiteral("30")};
    QCOMPARE(recorded.argv, expected);
    const QList<QByteArray> input = test::readLines(stdinRecord);
    QCOMPARE(input.size(), 1); // the prompt; nothing else was asked
    const QJsonObject message = QJsonDocument::fromJson(input.first()).object();
    QCOMPARE(message.value(QLatin1String("type")).toString(), QStringLiteral("user"));
    QCOMPARE(message.value(QLatin1String("message")).toObject(),
             (QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                          {QStringLiteral("content"), req.prompt}}));
    QCOMPARE(QFileInfo(recorded.cwd).canonicalFilePath(),
             QFileInfo(m_worktree.path()).canonicalFilePath());
    QCOMPARE(recorded.env.value(QStringLiteral("ANTHROPIC_API_KEY")),
             QStringLiteral("sk-ant-intended"));
    QCOMPARE(recorded.env.value(QStringLiteral("ANTHROPIC_BASE_URL")),
             QStringLiteral("http://127.0.0.1:9/"));
    QVERIFY(recorded.env.contains(QStringLiteral("PATH")));
    QVERIFY(recorded.env.contains(QStringLiteral("HOME")));
    for (const char *secret : {"OPENAI_API_KEY", "GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY"})
        QVERIFY2(!recorded.env.contains(QLatin1String(secret)), secret);
    for (const QString &value : recorded.env)
        QVERIFY2(!value.contains(QLatin1String("must-not-leak")), qPrintable(value));
}

void TestCliBackend::claudeRecordings_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("kind");
    QTest::newRow("budget exceeded, exit 1")
        << QStringLiteral("claude-code/claude-stream-json-budget.jsonl") << 1
        << outcomeKindName(OutcomeKind::BudgetExceeded);
    QTest::newRow("max turns, exit 1")
        << QStringLiteral("claude-code/claude-stream-json-maxturns.jsonl") << 1
        << outcomeKindName(OutcomeKind::MaxTurns);
    QTest::newRow("is_error with subtype success")
        << QStringLiteral("claude-code/synthetic-is-error-success.jsonl") << 1
        << outcomeKindName(OutcomeKind::Failed);
    QTest::newRow("malformed lines, exit 0")
        << QStringLiteral("claude-code/synthetic-malformed-lines.jsonl") << 0
        << outcomeKindName(OutcomeKind::Succeeded);
    QTest::newRow("no result, exit 0") << QStringLiteral("claude-code/synthetic-old-version.txt")
                                       << 0 << outcomeKindName(OutcomeKind::Failed);
}

void TestCliBackend::claudeRecordings()
{
    QFETCH(QString, file);
    QFETCH(int, exitCode);
    CliBackend backend(std::make_shared<ClaudeCodeAdapter>(
        claudeSettings({{QStringLiteral("FAKECLI_REPLAY"), test::agentsDataPath(file)},
                        {QStringLiteral("FAKECLI_EXIT"), QString::number(exitCode)}})));
    Run run;
    run.attach(backend);
    QVERIFY(backend.start(request()).ok());
    QTRY_VERIFY_WITH_TIMEOUT(run.outcome.has_value(), 20000);
    QTEST(outcomeKindName(run.outcome->kind), "kind");
    QCOMPARE(run.outcome->exitCode, exitCode);
    if (!run.outcome->succeeded())
        QVERIFY(!run.outcome->reason.isEmpty());
}

void TestCliBackend::longLinesArriveWhole()
{
    // A 3 MB assistant message arrives over the pipe in many reads and must parse as one line.
    const QList<QByteArray> recorded = test::readLines(
        test::agentsDataPath(QStringLiteral("claude-code/claude-stream-json-success.jsonl")));
    const QByteArray longText(3 * 1024 * 1024, 'a');
    QByteArray assistant = recorded.at(3);
    assistant.replace("Done: wrote CHECK_CLAUDE.md.", longText);
    const QString replay = m_worktree.filePath(QStringLiteral("long-lines.jsonl"));
    QFile file(replay);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(recorded.at(0) + '\n' + assistant + '\n' + recorded.at(4) + '\n');
    file.close();
    CliBackend backend(std::make_shared<ClaudeCodeAdapter>(
        claudeSettings({{QStringLiteral("FAKECLI_REPLAY"), replay}})));
    Run run;
    run.attach(backend);
    QVERIFY(backend.start(request()).ok());
    QTRY_VERIFY_WITH_TIMEOUT(run.outcome.has_value(), 20000);
    QVERIFY2(run.outcome->succeeded(), qPrintable(run.outcome->reason));
    QCOMPARE(run.count(AgentEvent::Kind::Note), 0);
    QCOMPARE(run.count(AgentEvent::Kind::AssistantText), 1);
    const auto text = std::find_if(run.events.cbegin(), run.events.cend(), [](auto &e) {
        return e.kind == AgentEvent::Kind::AssistantText;
    });
    QCOMPARE(text->text.size(), longText.size());
}

void TestCliBackend::crashMidwayIsReported()
{
    CliBackend backend(std::make_shared<ClaudeCodeAdapter>(claudeSettings(
        {{QStringLiteral("FAKECLI_REPLAY"),
          test::agentsDataPath(QStringLiteral("claude-code/claude-stream-json-success.jsonl"))},
         {QStringLiteral("FAKECLI_ABORT_AFTER"), QStringLiteral("2")}})));
    Run run;
    run.attach(backend);
    QVERIFY(backend.start(request()).ok());
    QTRY_VERIFY_WITH_TIMEOUT(run.outcome.has_value(), 20000);
    QCOMPARE(outcomeKindName(run.outcome->kind), outcomeKindName(OutcomeKind::Crashed));
    QVERIFY2(run.outcome->reason.contains(QLatin1String("fatal error, aborting")),
             qPrintable(run.outcome->reason));
    QCOMPARE(run.count(AgentEvent::Kind::SessionStarted), 1);
    QCOMPARE(run.count(AgentEvent::Kind::ToolUse), 1);
    QCOMPARE(run.count(AgentEvent::Kind::Stderr), 1);
}

void TestCliBackend::authFailureStopsARetryingCli()
{
    // The real CLI keeps retrying a 401 for minutes; the fake hangs after the lines instead.
    CliBackend backend(std::make_shared<ClaudeCodeAdapter>(claudeSettings(
        {{QStringLiteral("FAKECLI_REPLAY"),
          test::agentsDataPath(QStringLiteral("claude-code/claude-stream-json-auth-error.jsonl"))},
         {QStringLiteral("FAKECLI_HANG"), QStringLiteral("1")}})));
    backend.setKillGraceMs(500);
    Run run;
    run.attach(backend);
    QVERIFY(backend.start(request()).ok());
    QTRY_VERIFY_WITH_TIMEOUT(run.outcome.has_value(), 20000);
    QCOMPARE(outcomeKindName(run.outcome->kind), outcomeKindName(OutcomeKind::AuthFailed));
    QVERIFY2(run.outcome->reason.contains(QLatin1String("Authentication failed")),
             qPrintable(run.outcome->reason));
    QVERIFY(!backend.isRunning());
}

void TestCliBackend::stopKillsTheWholeProcessGroup_data()
{
    QTest::addColumn<bool>("leaderIgnoresTerm");
    QTest::addColumn<bool>("childIgnoresTerm");
    QTest::newRow("both obey SIGTERM") << false << false;
    QTest::newRow("grandchild ignores SIGTERM") << false << true;
    QTest::newRow("both ignore SIGTERM") << true << true;
}

void TestCliBackend::stopKillsTheWholeProcessGroup()
{
    QFETCH(bool, leaderIgnoresTerm);
    QFETCH(bool, childIgnoresTerm);
    const QString pidFile = m_worktree.filePath(
        QStringLiteral("child-%1-%2.pid").arg(leaderIgnoresTerm).arg(childIgnoresTerm));
    QMap<QString, QString> controls{{QStringLiteral("FAKECLI_SPAWN_CHILD"), pidFile},
                                    {QStringLiteral("FAKECLI_HANG"), QStringLiteral("1")}};
    if (leaderIgnoresTerm)
        controls.insert(QStringLiteral("FAKECLI_IGNORE_TERM"), QStringLiteral("1"));
    if (childIgnoresTerm)
        controls.insert(QStringLiteral("FAKECLI_CHILD_IGNORE_TERM"), QStringLiteral("1"));
    CliBackend backend(std::make_shared<ClaudeCodeAdapter>(claudeSettings(controls)));
    backend.setKillGraceMs(300);
    Run run;
    run.attach(backend);
    QVERIFY(backend.start(request()).ok());
    const qint64 leader = backend.processId();
    const qint64 grandchild = waitForPidFile(pidFile);
    QVERIFY(grandchild > 0);
    QVERIFY(test::processIsAlive(grandchild));
    QCOMPARE(qint64(::getpgid(pid_t(grandchild))), leader);

    backend.cancel();
    QTRY_VERIFY_WITH_TIMEOUT(run.outcome.has_value(), 20000);
    QCOMPARE(outcomeKindName(run.outcome->kind), outcomeKindName(OutcomeKind::Cancelled));
    QTRY_VERIFY_WITH_TIMEOUT(!test::processIsAlive(grandchild), 10000);
    QVERIFY(!test::processIsAlive(leader));
}

void TestCliBackend::wallClockLimit()
{
    CliBackend backend(std::make_shared<ClaudeCodeAdapter>(
        claudeSettings({{QStringLiteral("FAKECLI_HANG"), QStringLiteral("1")}})));
    Run run;
    run.attach(backend);
    AgentRequest req = request();
    req.wallClockLimitMs = 200;
    QVERIFY(backend.start(req).ok());
    QTRY_VERIFY_WITH_TIMEOUT(run.outcome.has_value(), 20000);
    QCOMPARE(outcomeKindName(run.outcome->kind), outcomeKindName(OutcomeKind::TimedOut));
}

void TestCliBackend::outputCap()
{
    CliBackend backend(std::make_shared<ClaudeCodeAdapter>(
        claudeSettings({{QStringLiteral("FAKECLI_BIG_LINE"), QStringLiteral("200000")},
                        {QStringLiteral("FAKECLI_HANG"), QStringLiteral("1")}})));
    backend.setOutputCapBytes(10000);
    Run run;
    run.attach(backend);
    QVERIFY(backend.start(request()).ok());
    QTRY_VERIFY_WITH_TIMEOUT(run.outcome.has_value(), 20000);
    QCOMPARE(outcomeKindName(run.outcome->kind), outcomeKindName(OutcomeKind::Failed));
    QVERIFY2(run.outcome->reason.contains(QLatin1String("more output")),
             qPrintable(run.outcome->reason));
}

void TestCliBackend::missingCliIsAnErrorAtStart()
{
    ClaudeCodeSettings settings = claudeSettings({});
    settings.cli.executable = QStringLiteral("agentdesk-no-such-cli");
    CliBackend backend(std::make_shared<ClaudeCodeAdapter>(settings));
    const VoidResult started = backend.start(request());
    QVERIFY(!started.ok());
    QCOMPARE(started.errorCode(), QStringLiteral("cli-not-installed"));
    QVERIFY(started.errorMessage().contains(QLatin1String("Claude Code is not installed")));
    QVERIFY(!backend.isRunning());
}

void TestCliBackend::spentBudgetIsAnErrorAtStart()
{
    CliBackend backend(std::make_shared<ClaudeCodeAdapter>(claudeSettings({})));
    AgentRequest req = request();
    req.remainingBudget = Money();
    const VoidResult started = backend.start(req);
    QCOMPARE(started.errorCode(), QStringLiteral("budget-reached"));
}

QTEST_GUILESS_MAIN(TestCliBackend)
#include "tst_clibackend.moc"
