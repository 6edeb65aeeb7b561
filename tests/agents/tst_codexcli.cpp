// Codex 0.171 as its users run it, through the real CliBackend + AgentProcess and the fake CLI
// replaying real `codex exec --json` recordings (tests/agents/data/codex/codex-0.171-*.jsonl,
// captured against a loopback Responses API server; see that folder's README).
#include "AgentsTestSupport.h"

#include "agents/cli/CliBackend.h"
#include "agents/cli/CodexAdapter.h"
#include "agents/cli/CodexParser.h"

#include <QtTest>

using namespace agentdesk;
using namespace agentdesk::agents;
using agentdesk::test::Run;

namespace {

// PROTOCOLS.md's gpt-5 prices in nanodollars per token: input 1.25, cache read 0.125, output 10.
std::optional<Money> gpt5Pricer(const QString &model, const TokenUsage &usage)
{
    if (model != QLatin1String("gpt-5"))
        return std::nullopt;
    return Money::fromNanodollars(usage.inputTokens * 1250 + usage.cacheReadTokens * 125 +
                                  usage.outputTokens * 10000);
}

struct Recorded
{
    QStringList argv;
    QMap<QString, QString> env;
};

Recorded readRecord(const QString &path)
{
    Recorded recorded;
    for (const QByteArray &line : test::readLines(path)) {
        const qsizetype tab = line.indexOf('\t');
        const QString value = QString::fromUtf8(line.mid(tab + 1));
        if (line.startsWith("argv\t"))
            recorded.argv.append(value);
        else if (line.startsWith("env\t"))
            recorded.env.insert(value.section(QLatin1Char('='), 0, 0),
                                value.section(QLatin1Char('='), 1));
    }
    return recorded;
}

// Data rows in plain literals (QTest needs QString for QString columns).
QString u(const char *text)
{
    return QString::fromUtf8(text);
}

const AgentEvent *firstEvent(const Run &run, AgentEvent::Kind kind)
{
    for (const AgentEvent &event : run.events) {
        if (event.kind == kind)
            return &event;
    }
    return nullptr;
}

} // namespace

class TestCodexCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void recordings_data();
    void recordings();
    void fileChangesAreToolCallsRelativeToTheWorktree();
    void unreachableEndpointIsBoundedByCount();
    void unreachableEndpointIsBoundedByInactivity();
    void usagePricedPerTurnAndBudgetBetweenTurns();
    void argumentsAndEnvironment_data();
    void argumentsAndEnvironment();
    void userProviderKeySurvivesOnlyWithoutOurKey();
    void privateTempFolderNeverHoldsCodexHome();

private:
    CodexSettings settings(QMap<QString, QString> controls) const;
    AgentRequest request() const;
    QString writeReplay(const QString &name, const QByteArray &content);
    Run runCodex(const CodexSettings &codex, const AgentRequest &request);

    QTemporaryDir m_bin;
    QTemporaryDir m_worktree;
    QTemporaryDir m_codexHome;
};

void TestCodexCli::initTestCase()
{
    QVERIFY(m_bin.isValid() && m_worktree.isValid() && m_codexHome.isValid());
    QVERIFY(QFile::link(test::fakeCliPath(), m_bin.filePath(QStringLiteral("codex"))));
    // The user's own Codex setup, and secrets that are none of Codex's business.
    qputenv("CODEX_HOME", m_codexHome.path().toUtf8());
    qputenv("OPENAI_API_KEY", "sk-user-own-openai");
    qputenv("CODEX_API_KEY", "sk-user-own-codex");
    qputenv("GITHUB_TOKEN", "ghp-must-not-leak");
    qputenv("ANTHROPIC_API_KEY", "sk-ant-must-not-leak");
}

CodexSettings TestCodexCli::settings(QMap<QString, QString> controls) const
{
    CodexSettings codex;
    codex.cli.searchPath = {m_bin.path()};
    codex.cli.environment = std::move(controls);
    return codex;
}

AgentRequest TestCodexCli::request() const
{
    AgentRequest request;
    request.worktree = m_worktree.path();
    request.prompt = QStringLiteral("-starts with a dash and has \"quotes\"");
    request.model = QStringLiteral("gpt-5");
    request.pricer = gpt5Pricer;
    return request;
}

QString TestCodexCli::writeReplay(const QString &name, const QByteArray &content)
{
    const QString path = m_worktree.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        return {};
    return path;
}

Run TestCodexCli::runCodex(const CodexSettings &codex, const AgentRequest &request)
{
    CliBackend backend(std::make_shared<CodexAdapter>(codex));
    backend.setKillGraceMs(500);
    Run run;
    run.attach(backend);
    const VoidResult started = backend.start(request);
    if (!started) {
        AgentOutcome failed;
        failed.reason = started.errorMessage();
        failed.code = started.errorCode();
        run.outcome = failed;
        return run;
    }
    // QTRY_* cannot return a value; poll the event loop by hand. The caller checks the outcome.
    for (int i = 0; i < 3000 && !run.outcome; ++i)
        QTest::qWait(10);
    return run;
}

void TestCodexCli::recordings_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("stderrFirst");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("reasonPart");
    QTest::addColumn<int>("errors"); // Error events: real errors only
    QTest::addColumn<int>("warnings");
    QTest::addColumn<int>("retries");

    QTest::newRow("command through our provider")
        << u("codex-0.171-provider-command.jsonl") << u("") << 0 << u("succeeded") << u("") << u("")
        << 0 << 1 << 0;
    QTest::newRow("WebSocket reconnects, then HTTPS: warnings")
        << u("codex-0.171-websocket-fallback.jsonl") << u("") << 0 << u("succeeded") << u("")
        << u("") << 0 << 2 << 4;
    QTest::newRow("401: authentication, stopped at the first attempt")
        << u("codex-0.171-http401.jsonl") << u("") << 1 << u("auth_failed") << u("auth")
        << u("401 Unauthorized") << 0 << 1 << 1;
    QTest::newRow("404 is a wrong URL, not a bad key")
        << u("codex-0.171-http404.jsonl") << u("") << 1 << u("failed") << u("not-found")
        << u("404 Not Found") << 1 << 1 << 5;
    // The real 404 recording, its port replaced by 14010: "401" inside a port is no status.
    QTest::newRow("404 from port 14010")
        << u("codex-0.171-http404.jsonl@14010") << u("") << 1 << u("failed") << u("not-found")
        << u("127.0.0.1:14010/v1/responses") << 1 << 1 << 5;
    QTest::newRow("429 after Codex's own retries")
        << u("codex-0.171-http429.jsonl") << u("") << 1 << u("failed") << u("rate-limited")
        << u("429") << 1 << 1 << 0;
    QTest::newRow("500 after five reconnects")
        << u("codex-0.171-http500.jsonl") << u("") << 1 << u("failed") << u("") << u("high demand")
        << 1 << 1 << 5;
    // Hand-written before the real recordings (older message forms; see data/README.md).
    QTest::newRow("synthetic success") << u("synthetic-success.jsonl") << u("") << 0
                                       << u("succeeded") << u("") << u("") << 0 << 0 << 0;
    QTest::newRow("synthetic 401 without turn.failed")
        << u("synthetic-auth-error.jsonl") << u("") << 0 << u("auth_failed") << u("auth")
        << u("Authentication failed") << 1 << 0 << 0;
    QTest::newRow("synthetic stream error")
        << u("synthetic-turn-failed.jsonl") << u("") << 1 << u("failed") << u("")
        << u("stream disconnected") << 2 << 0 << 0;
    QTest::newRow("ChatGPT usage limit")
        << u("codex-0.171-usage-limit.jsonl") << u("") << 1 << u("usage_limited")
        << u("usage-limit") << u("Codex usage limit") << 0 << 1 << 0;
    QTest::newRow("no sandbox helper: every command fails")
        << u("codex-0.171-sandbox-helper.jsonl")
        << u("WARNING: proceeding, even though we could not create PATH aliases: Refusing to "
             "create "
             "helper binaries under temporary dir \"/tmp/cxt\"")
        << 0 << u("failed") << u("sandbox-helper") << u("execvp codex-linux-sandbox") << 0 << 1
        << 0;
}

void TestCodexCli::recordings()
{
    QFETCH(QString, file);
    QFETCH(QString, stderrFirst);
    QFETCH(int, exitCode);
    QFETCH(QString, code);
    QFETCH(QString, reasonPart);
    QString replay =
        test::agentsDataPath(QStringLiteral("codex/") + file.section(QLatin1Char('@'), 0, 0));
    if (const QString port = file.section(QLatin1Char('@'), 1); !port.isEmpty()) {
        QByteArray lines;
        for (const QByteArray &line : test::readLines(replay))
            lines += QByteArray(line).replace("PORT", port.toUtf8()) + '\n';
        replay = writeReplay(QStringLiteral("port-") + port + QStringLiteral(".jsonl"), lines);
    }
    QMap<QString, QString> controls{{QStringLiteral("FAKECLI_REPLAY"), replay},
                                    {QStringLiteral("FAKECLI_EXIT"), QString::number(exitCode)}};
    if (!stderrFirst.isEmpty())
        controls.insert(QStringLiteral("FAKECLI_STDERR_FIRST"), stderrFirst);
    const Run run = runCodex(settings(controls), request());
    QVERIFY(run.outcome.has_value());
    QTEST(outcomeKindName(run.outcome->kind), "kind");
    QCOMPARE(run.outcome->code, code);
    QVERIFY2(run.outcome->reason.contains(reasonPart), qPrintable(run.outcome->reason));
    QTEST(run.count(AgentEvent::Kind::Error), "errors");
    int warnings = 0;
    for (const AgentEvent &event : run.events)
        warnings += event.kind == AgentEvent::Kind::Note &&
                    event.payload.value(QLatin1String("warning")).toBool();
    QTEST(warnings, "warnings");
    QTEST(run.count(AgentEvent::Kind::Retry), "retries");
    for (const AgentEvent &event : run.events)
        QVERIFY2(!event.text.contains(QLatin1String("Reading additional input")),
                 qPrintable(event.text));
    if (run.outcome->kind == OutcomeKind::AuthFailed)
        QVERIFY(!run.outcome->reason.contains(QLatin1String("404")));
    if (run.outcome->kind == OutcomeKind::UsageLimited) {
        QVERIFY(run.outcome->usageWindow && run.outcome->usageWindow->rejected());
        QCOMPARE(run.outcome->usageWindow->vendor, QStringLiteral("openai"));
        QVERIFY(run.outcome->usageWindow->resetsAt.isValid());
    }
}

void TestCodexCli::fileChangesAreToolCallsRelativeToTheWorktree()
{
    // The real recording with its worktree path replaced by this test's worktree (Codex prints
    // absolute paths).
    QByteArray replay;
    for (const QByteArray &line : test::readLines(
             test::agentsDataPath(QStringLiteral("codex/codex-0.171-file-change.jsonl"))))
        replay += QByteArray(line).replace("/home/user/project", m_worktree.path().toUtf8()) + '\n';
    const QString path = writeReplay(QStringLiteral("file-change.jsonl"), replay);
    const Run run = runCodex(settings({{QStringLiteral("FAKECLI_REPLAY"), path}}), request());
    QVERIFY(run.outcome.has_value());
    QVERIFY2(run.outcome->succeeded(), qPrintable(run.outcome->reason));
    const AgentEvent *use = firstEvent(run, AgentEvent::Kind::ToolUse);
    QVERIFY(use);
    QCOMPARE(use->text, QStringLiteral("apply_patch"));
    const QJsonObject input = use->payload.value(QLatin1String("input")).toObject();
    QCOMPARE(input.value(QLatin1String("path")).toString(), QStringLiteral("PATCHED.md"));
    QCOMPARE(run.count(AgentEvent::Kind::ToolUse), 1); // started and completed: one call
    const AgentEvent *result = firstEvent(run, AgentEvent::Kind::ToolResult);
    QVERIFY(result);
    QCOMPARE(result->text, QStringLiteral("add PATCHED.md"));
    QCOMPARE(result->payload.value(QLatin1String("tool_use_id")),
             use->payload.value(QLatin1String("id")));
    QVERIFY(!result->payload.value(QLatin1String("is_error")).toBool());
}

void TestCodexCli::unreachableEndpointIsBoundedByCount()
{
    // The real unreachable-endpoint recording, then silence as the real CLI keeps retrying.
    CodexSettings codex =
        settings({{QStringLiteral("FAKECLI_REPLAY"),
                   test::agentsDataPath(QStringLiteral("codex/codex-0.171-unreachable.jsonl"))},
                  {QStringLiteral("FAKECLI_HANG"), QStringLiteral("1")}});
    codex.baseUrl = QStringLiteral("http://127.0.0.1:9");
    codex.maxReconnects = 3;
    const Run run = runCodex(codex, request());
    QVERIFY(run.outcome.has_value());
    QCOMPARE(outcomeKindName(run.outcome->kind), outcomeKindName(OutcomeKind::Failed));
    QCOMPARE(run.outcome->code, QStringLiteral("cannot-reach"));
    QVERIFY2(run.outcome->reason.startsWith(QLatin1String(
                 "Codex cannot reach http://127.0.0.1:9/v1 (Reconnecting... waiting")),
             qPrintable(run.outcome->reason));
    QCOMPARE(run.count(AgentEvent::Kind::Retry), 4); // stopped at the fourth
    QCOMPARE(run.count(AgentEvent::Kind::Error), 0);
}

void TestCodexCli::unreachableEndpointIsBoundedByInactivity()
{
    QByteArray replay;
    const QList<QByteArray> lines = test::readLines(
        test::agentsDataPath(QStringLiteral("codex/codex-0.171-unreachable.jsonl")));
    for (int i = 0; i < 4; ++i) // up to the first "waiting for network"
        replay += lines.at(i) + '\n';
    const QString path = writeReplay(QStringLiteral("unreachable-once.jsonl"), replay);
    CodexSettings codex = settings({{QStringLiteral("FAKECLI_REPLAY"), path},
                                    {QStringLiteral("FAKECLI_HANG"), QStringLiteral("1")}});
    codex.reconnectInactivityMs = 300;
    const Run run = runCodex(codex, request());
    QVERIFY(run.outcome.has_value());
    QCOMPARE(run.outcome->code, QStringLiteral("cannot-reach"));
    QVERIFY2(run.outcome->reason.contains(QLatin1String("the provider in Codex's configuration")),
             qPrintable(run.outcome->reason));
}

void TestCodexCli::usagePricedPerTurnAndBudgetBetweenTurns()
{
    const QString replay =
        test::agentsDataPath(QStringLiteral("codex/codex-0.171-provider-command.jsonl"));
    const Run run = runCodex(settings({{QStringLiteral("FAKECLI_REPLAY"), replay}}), request());
    QVERIFY(run.outcome.has_value());
    QVERIFY(run.outcome->succeeded());
    // 4,000 input of which 800 cached, 400 output (two requests, reported as one turn).
    const qint64 expected = 3200 * 1250 + 800 * 125 + 400 * 10000;
    QCOMPARE(run.outcome->cost->nanodollars(), expected);
    const AgentEvent *usage = firstEvent(run, AgentEvent::Kind::Usage);
    QVERIFY(usage);
    QCOMPARE(usage->payload.value(QLatin1String("turn")).toInt(), 1);
    QCOMPARE(usage->payload.value(QLatin1String("usd")).toString(),
             Money::fromNanodollars(expected).toDecimalString());
    QVERIFY(run.outcome->requests.isEmpty()); // Codex does not say how many requests

    // A budget below the turn's cost: stopped when the turn's usage arrives.
    AgentRequest budgeted = request();
    budgeted.remainingBudget = Money::fromNanodollars(expected - 1);
    const Run stopped = runCodex(settings({{QStringLiteral("FAKECLI_REPLAY"), replay}}), budgeted);
    QVERIFY(stopped.outcome.has_value());
    QCOMPARE(outcomeKindName(stopped.outcome->kind), outcomeKindName(OutcomeKind::BudgetExceeded));

    // Codex's own default model cannot be priced: the cost stays unknown, never $0.
    AgentRequest unnamed = request();
    unnamed.model.clear();
    const Run unpriced = runCodex(settings({{QStringLiteral("FAKECLI_REPLAY"), replay}}), unnamed);
    QVERIFY(unpriced.outcome.has_value());
    QCOMPARE(costSourceName(unpriced.outcome->costSource), QStringLiteral("unpriced"));
    QVERIFY(!unpriced.outcome->cost);
    QVERIFY(firstEvent(unpriced, AgentEvent::Kind::Usage)
                ->payload.value(QLatin1String("unpriced"))
                .toBool());
}

void TestCodexCli::argumentsAndEnvironment_data()
{
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<QString>("apiKey");
    QTest::addColumn<QStringList>("providerArguments");
    QTest::addColumn<QStringList>("present"); // NAME=VALUE
    QTest::addColumn<QStringList>("absent");  // NAME

    QTest::newRow("the user's own login and config")
        << QString() << QString() << QStringList()
        << QStringList{QStringLiteral("OPENAI_API_KEY=sk-user-own-openai"),
                       QStringLiteral("CODEX_API_KEY=sk-user-own-codex")}
        << QStringList{QStringLiteral("AGENTDESK_CODEX_API_KEY")};
    QTest::newRow("our key, Codex's endpoint")
        << QString() << QStringLiteral("sk-agentdesk") << QStringList()
        << QStringList{QStringLiteral("CODEX_API_KEY=sk-agentdesk")}
        << QStringList{QStringLiteral("OPENAI_API_KEY"), QStringLiteral("AGENTDESK_CODEX_API_KEY")};
    QTest::newRow("our endpoint and key")
        << QStringLiteral("http://127.0.0.1:14010/") << QStringLiteral("sk-agentdesk")
        << QStringList{QStringLiteral("-c"),
                       QStringLiteral("model_providers.agentdesk={name=\"AgentDesk\",base_url="
                                      "\"http://127.0.0.1:14010/v1\",wire_api=\"responses\","
                                      "env_key=\"AGENTDESK_CODEX_API_KEY\"}"),
                       QStringLiteral("-c"), QStringLiteral("model_provider=agentdesk")}
        << QStringList{QStringLiteral("AGENTDESK_CODEX_API_KEY=sk-agentdesk")}
        << QStringList{QStringLiteral("OPENAI_API_KEY"), QStringLiteral("CODEX_API_KEY")};
    QTest::newRow("our keyless local endpoint")
        << QStringLiteral("http://127.0.0.1:11434/v1") << QString()
        << QStringList{QStringLiteral("-c"),
                       QStringLiteral("model_providers.agentdesk={name=\"AgentDesk\",base_url="
                                      "\"http://127.0.0.1:11434/v1\",wire_api=\"responses\"}"),
                       QStringLiteral("-c"), QStringLiteral("model_provider=agentdesk")}
        << QStringList() << QStringList{QStringLiteral("AGENTDESK_CODEX_API_KEY")};
}

void TestCodexCli::argumentsAndEnvironment()
{
    QFETCH(QString, baseUrl);
    QFETCH(QString, apiKey);
    QFETCH(QStringList, providerArguments);
    QFETCH(QStringList, present);
    QFETCH(QStringList, absent);
    const QString record = m_worktree.filePath(QStringLiteral("codex-record.txt"));
    const QString input = m_worktree.filePath(QStringLiteral("codex-stdin.txt"));
    QFile::remove(input);
    CodexSettings codex = settings(
        {{QStringLiteral("FAKECLI_REPLAY"),
          test::agentsDataPath(QStringLiteral("codex/codex-0.171-provider-command.jsonl"))},
         {QStringLiteral("FAKECLI_RECORD"), record},
         {QStringLiteral("FAKECLI_STDIN_RECORD"), input}});
    codex.baseUrl = baseUrl;
    codex.apiKey = apiKey;
    const AgentRequest req = request();
    const Run run = runCodex(codex, req);
    QVERIFY(run.outcome.has_value());
    QVERIFY2(run.outcome->succeeded(), qPrintable(run.outcome->reason));

    const Recorded recorded = readRecord(record);
    const QStringList expected =
        QStringList{QStringLiteral("exec"), QStringLiteral("--json"), QStringLiteral("--sandbox"),
                    QStringLiteral("workspace-write")} +
        providerArguments +
        QStringList{QStringLiteral("--model"), QStringLiteral("gpt-5"), QStringLiteral("-")};
    QCOMPARE(recorded.argv, expected);
    // The prompt arrives on standard input, whole; Codex reads no "additional input".
    QCOMPARE(test::readLines(input), QList<QByteArray>{req.prompt.toUtf8()});
    QCOMPARE(run.count(AgentEvent::Kind::Stderr), 0);
    for (const QString &variable : present)
        QCOMPARE(recorded.env.value(variable.section(QLatin1Char('='), 0, 0)),
                 variable.section(QLatin1Char('='), 1));
    for (const QString &name : absent)
        QVERIFY2(!recorded.env.contains(name), qPrintable(name));
    // The user's Codex home stays theirs; secrets of other tools never reach it.
    QCOMPARE(recorded.env.value(QStringLiteral("CODEX_HOME")), m_codexHome.path());
    QVERIFY(!recorded.env.contains(QStringLiteral("GITHUB_TOKEN")));
    QVERIFY(!recorded.env.contains(QStringLiteral("ANTHROPIC_API_KEY")));
    // A key is never on the command line.
    for (const QString &argument : recorded.argv)
        QVERIFY2(apiKey.isEmpty() || !argument.contains(apiKey), qPrintable(argument));
}

void TestCodexCli::userProviderKeySurvivesOnlyWithoutOurKey()
{
    QFile config(m_codexHome.filePath(QStringLiteral("config.toml")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("model_provider = \"mine\"\n[model_providers.mine]\nname = \"Mine\"\n"
                 "base_url = \"http://127.0.0.1:7777/v1\"\nenv_key = \"MY_PROVIDER_KEY\"\n");
    config.close();
    qputenv("MY_PROVIDER_KEY", "sk-my-provider");
    const QString record = m_worktree.filePath(QStringLiteral("provider-record.txt"));
    CodexSettings codex = settings(
        {{QStringLiteral("FAKECLI_REPLAY"),
          test::agentsDataPath(QStringLiteral("codex/codex-0.171-provider-command.jsonl"))},
         {QStringLiteral("FAKECLI_RECORD"), record}});
    QVERIFY(runCodex(codex, request()).outcome.has_value());
    QCOMPARE(readRecord(record).env.value(QStringLiteral("MY_PROVIDER_KEY")),
             QStringLiteral("sk-my-provider"));
    codex.apiKey = QStringLiteral("sk-agentdesk");
    QVERIFY(runCodex(codex, request()).outcome.has_value());
    QVERIFY(!readRecord(record).env.contains(QStringLiteral("MY_PROVIDER_KEY")));
    QVERIFY(config.remove());
    qunsetenv("MY_PROVIDER_KEY");
}

void TestCodexCli::privateTempFolderNeverHoldsCodexHome()
{
    const QString record = m_worktree.filePath(QStringLiteral("tmp-record.txt"));
    // Our own TMPDIR contains CODEX_HOME: the case that broke Codex's sandbox helper.
    qputenv("TMPDIR", QFileInfo(m_codexHome.path()).absolutePath().toUtf8());
    CodexSettings codex = settings(
        {{QStringLiteral("FAKECLI_REPLAY"),
          test::agentsDataPath(QStringLiteral("codex/codex-0.171-provider-command.jsonl"))},
         {QStringLiteral("FAKECLI_RECORD"), record}});
    const Run run = runCodex(codex, request());
    qunsetenv("TMPDIR");
    QVERIFY(run.outcome.has_value());
    QVERIFY(run.outcome->succeeded());
    const QString tmp = readRecord(record).env.value(QStringLiteral("TMPDIR"));
    QVERIFY(!tmp.isEmpty());
    QVERIFY2(!m_codexHome.path().startsWith(tmp + QLatin1Char('/')), qPrintable(tmp));
    QVERIFY2(!QFileInfo::exists(tmp), "the private folder is removed after the run");
}

QTEST_GUILESS_MAIN(TestCodexCli)
#include "tst_codexcli.moc"
