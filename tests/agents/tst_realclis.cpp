// The real Codex and Claude Code CLIs, when they are installed, through the real CliBackend
// against a loopback server speaking their providers' wire formats (Codex: the Responses API;
// Claude Code: the Messages API). Each test skips when its CLI is not there: set
// AGENTDESK_REAL_CODEX / AGENTDESK_REAL_CLAUDE to an executable, or put `codex` / `claude` on
// PATH (`npm install @openai/codex@0.171.0 @anthropic-ai/claude-code` into a scratch folder).
// Nothing here reaches the network: the CLIs are pointed at 127.0.0.1.
#include "AgentsTestSupport.h"
#include "FakeProviderServer.h"
#include "ProviderScripts.h"
#include "TempRepository.h"

#include "agents/cli/ClaudeCodeAdapter.h"
#include "agents/cli/CliBackend.h"
#include "agents/cli/CodexAdapter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QtTest>

using namespace agentdesk;
using namespace agentdesk::agents;
using agentdesk::test::FakeProviderServer;
using agentdesk::test::RecordedRequest;
using agentdesk::test::Run;
using agentdesk::test::ScriptedResponse;

namespace {

QString realCli(const char *variable, const QString &name)
{
    const QString given = qEnvironmentVariable(variable);
    if (!given.isEmpty())
        return QFileInfo(given).isExecutable() ? QFileInfo(given).absoluteFilePath() : QString();
    return QStandardPaths::findExecutable(name);
}

QByteArray sseFrame(const QJsonObject &data)
{
    return "event: " + data.value(QLatin1String("type")).toString().toUtf8() +
           "\ndata: " + QJsonDocument(data).toJson(QJsonDocument::Compact) + "\n\n";
}

// One Responses API stream: response.created, the output items, response.completed with usage.
ScriptedResponse responsesTurn(const QString &id, const QJsonArray &items)
{
    QList<QByteArray> frames{
        sseFrame({{QStringLiteral("type"), QStringLiteral("response.created")},
                  {QStringLiteral("response"), QJsonObject{{QStringLiteral("id"), id}}}})};
    for (const QJsonValue &item : items)
        frames.append(
            sseFrame({{QStringLiteral("type"), QStringLiteral("response.output_item.done")},
                      {QStringLiteral("item"), item}}));
    const QJsonObject usage{{QStringLiteral("input_tokens"), 2000},
                            {QStringLiteral("input_tokens_details"),
                             QJsonObject{{QStringLiteral("cached_tokens"), 400}}},
                            {QStringLiteral("output_tokens"), 200},
                            {QStringLiteral("output_tokens_details"),
                             QJsonObject{{QStringLiteral("reasoning_tokens"), 30}}},
                            {QStringLiteral("total_tokens"), 2200}};
    frames.append(
        sseFrame({{QStringLiteral("type"), QStringLiteral("response.completed")},
                  {QStringLiteral("response"),
                   QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("usage"), usage}}}}));
    return ScriptedResponse::eventStream(frames);
}

std::optional<Money> gpt5Pricer(const QString &model, const TokenUsage &usage)
{
    if (model != QLatin1String("gpt-5"))
        return std::nullopt;
    return Money::fromNanodollars(usage.inputTokens * 1250 + usage.cacheReadTokens * 125 +
                                  usage.outputTokens * 10000);
}

} // namespace

class TestRealClis : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void codexTalksToOurEndpointWithOurKey();
    void claudeCodeWaitsForAnAnswer();
};

void TestRealClis::codexTalksToOurEndpointWithOurKey()
{
    const QString codex = realCli("AGENTDESK_REAL_CODEX", QStringLiteral("codex"));
    if (codex.isEmpty())
        QSKIP("The real Codex CLI is not installed (AGENTDESK_REAL_CODEX or codex on PATH).");
    FakeProviderServer server;
    QVERIFY(server.listen());
    server.setResponder([](const RecordedRequest &request) {
        if (request.body.contains("function_call_output"))
            return responsesTurn(
                QStringLiteral("resp_2"),
                {QJsonObject{
                    {QStringLiteral("type"), QStringLiteral("message")},
                    {QStringLiteral("role"), QStringLiteral("assistant")},
                    {QStringLiteral("id"), QStringLiteral("msg_1")},
                    {QStringLiteral("content"),
                     QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("output_text")},
                                            {QStringLiteral("text"), QStringLiteral("Done.")}}}}}});
        const QJsonObject arguments{
            {QStringLiteral("cmd"), QStringLiteral("printf 'checked\\n' > REAL_CODEX.md")}};
        return responsesTurn(QStringLiteral("resp_1"),
                             {QJsonObject{{QStringLiteral("type"), QStringLiteral("function_call")},
                                          {QStringLiteral("name"), QStringLiteral("exec_command")},
                                          {QStringLiteral("call_id"), QStringLiteral("call_1")},
                                          {QStringLiteral("arguments"),
                                           QString::fromUtf8(QJsonDocument(arguments).toJson(
                                               QJsonDocument::Compact))}}});
    });
    test::TempRepository repository;
    QVERIFY(repository.isValid());
    QVERIFY(repository.writeFile(QStringLiteral("README.md"), "# Project\n"));
    QVERIFY(!repository.commitAll(QStringLiteral("Initial")).isEmpty());
    QTemporaryDir codexHome;
    QVERIFY(codexHome.isValid());

    CodexSettings settings;
    settings.cli.executable = codex;
    settings.cli.environment = {{QStringLiteral("CODEX_HOME"), codexHome.path()}};
    settings.baseUrl = server.baseUrl().toString(); // no "/v1": the adapter adds it
    settings.apiKey = QStringLiteral("sk-agentdesk-real-codex");
    CliBackend backend(std::make_shared<CodexAdapter>(settings));
    Run run;
    run.attach(backend);
    AgentRequest request;
    request.worktree = repository.path();
    request.prompt = QStringLiteral("Write REAL_CODEX.md.");
    request.model = QStringLiteral("gpt-5");
    request.pricer = gpt5Pricer;
    QVERIFY(backend.start(request).ok());
    QTRY_VERIFY_WITH_TIMEOUT(run.outcome.has_value(), 120000);
    QVERIFY2(run.outcome->succeeded(), qPrintable(run.outcome->reason));

    QCOMPARE(QFile(repository.filePath(QStringLiteral("REAL_CODEX.md"))).exists(), true);
    QVERIFY(server.requestCount() >= 2);
    for (const RecordedRequest &received : server.requests()) {
        QCOMPARE(received.path, QByteArray("/v1/responses"));
        QCOMPARE(received.header("authorization"), QByteArray("Bearer sk-agentdesk-real-codex"));
    }
    // Codex sums the turn's two requests: 4,000 input (800 cached), 400 output; priced.
    QCOMPARE(run.outcome->totalUsage().inputTokens, 3200);
    QCOMPARE(run.outcome->totalUsage().cacheReadTokens, 800);
    QCOMPARE(run.outcome->cost->nanodollars(), 3200 * 1250 + 800 * 125 + 400 * 10000);
    for (const AgentEvent &event : run.events) {
        QVERIFY2(event.kind != AgentEvent::Kind::Error, qPrintable(event.text));
        QVERIFY2(!event.text.contains(QLatin1String("Reading additional input")),
                 qPrintable(event.text));
    }
}

void TestRealClis::claudeCodeWaitsForAnAnswer()
{
    const QString claude = realCli("AGENTDESK_REAL_CLAUDE", QStringLiteral("claude"));
    if (claude.isEmpty())
        QSKIP(
            "The real Claude Code CLI is not installed (AGENTDESK_REAL_CLAUDE or claude on PATH).");
    FakeProviderServer server;
    QVERIFY(server.listen());
    const QString command = QStringLiteral("sh -c 'echo checked > REAL_CLAUDE.txt'");
    server.setResponder([command](const RecordedRequest &request) {
        if (request.body.contains("\"tool_result\""))
            return test::anthropic::textTurn({QStringLiteral("Done.")}, 1000, 100);
        const QJsonObject input{{QStringLiteral("command"), command},
                                {QStringLiteral("description"), QStringLiteral("Write the file")}};
        return test::anthropic::toolTurn(
            QString(), QStringLiteral("toolu_01"), QStringLiteral("Bash"),
            {QString::fromUtf8(QJsonDocument(input).toJson(QJsonDocument::Compact))}, 1000, 100);
    });
    test::TempRepository repository;
    QVERIFY(repository.isValid());
    QTemporaryDir home;
    QVERIFY(home.isValid());

    ClaudeCodeSettings settings;
    settings.cli.executable = claude;
    settings.cli.environment = {{QStringLiteral("HOME"), home.path()}};
    settings.baseUrl = server.baseUrl().toString();
    settings.apiKey = QStringLiteral("sk-ant-agentdesk-real-claude");
    CliBackend backend(std::make_shared<ClaudeCodeAdapter>(settings));
    Run run;
    run.attach(backend);
    AgentRequest request;
    request.worktree = repository.path();
    request.prompt = QStringLiteral("Write REAL_CLAUDE.txt.");
    request.model = QStringLiteral("claude-sonnet-4-5");
    request.permissions = PermissionPolicy::AskUser;
    request.remainingBudget = Money::fromCents(50);
    QVERIFY(backend.start(request).ok());
    QTRY_VERIFY_WITH_TIMEOUT(backend.isWaitingForInput() || run.outcome.has_value(), 120000);
    QVERIFY2(!run.outcome, run.outcome ? qPrintable(run.outcome->reason) : "");
    const PermissionRequest question = backend.pendingPermissions().first();
    QCOMPARE(question.toolName, QStringLiteral("Bash"));
    QCOMPARE(question.subject(), command);
    QVERIFY(!QFile::exists(repository.filePath(QStringLiteral("REAL_CLAUDE.txt"))));
    QVERIFY(backend.answerPermission(question.requestId, PermissionDecision::allowOnce()).ok());
    QTRY_VERIFY_WITH_TIMEOUT(run.outcome.has_value(), 120000);
    QVERIFY2(run.outcome->succeeded(), qPrintable(run.outcome->reason));
    QVERIFY(QFile::exists(repository.filePath(QStringLiteral("REAL_CLAUDE.txt"))));
    QCOMPARE(costSourceName(run.outcome->costSource), QStringLiteral("reported"));
    // Two provider responses (the scripted server names its model claude-sonnet-4-5-20250929).
    QCOMPARE(run.outcome->requests,
             (QMap<QString, int>{{QStringLiteral("claude-sonnet-4-5-20250929"), 2}}));
    // "allow once" wrote nothing into the worktree's Claude settings.
    QVERIFY(!QFile::exists(repository.filePath(QStringLiteral(".claude/settings.local.json"))));
}

QTEST_GUILESS_MAIN(TestRealClis)
#include "tst_realclis.moc"
