// Claude Code's questions and usage windows, through the real CliBackend + AgentProcess and the
// fake CLI replaying real recordings (tests/agents/data/claude-code/claude-permission-*.jsonl,
// claude-rate-limit-*.jsonl: Claude Code 2.1.197 against a loopback server). The fake reads its
// standard input as the real CLI does: the `user` message first, a `control_request` blocks
// until the matching `control_response`, and after `result` it waits for standard input to
// close.
#include "AgentsTestSupport.h"

#include "agents/cli/ClaudeCodeAdapter.h"
#include "agents/cli/ClaudeControlProtocol.h"
#include "agents/cli/CliBackend.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QtTest>

using namespace agentdesk;
using namespace agentdesk::agents;
using agentdesk::test::Run;

namespace {

const QString recordedCommand = QStringLiteral(R"(python3 -c 'open("ran.txt","w").write("x")')");

QList<QJsonObject> stdinMessages(const QString &path)
{
    QList<QJsonObject> messages;
    for (const QByteArray &line : test::readLines(path))
        messages.append(QJsonDocument::fromJson(line).object());
    return messages;
}

// The `response` object of a control_response line.
QJsonObject answerOf(const QJsonObject &message)
{
    return message.value(QLatin1String("response"))
        .toObject()
        .value(QLatin1String("response"))
        .toObject();
}

} // namespace

class TestClaudeControl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void questionWaitsThenAllowOnce();
    void denyWithMessage();
    void allowAlwaysIsRememberedForTheRun();
    void rulesFromEarlierRunsAnswerWithoutWaiting();
    void unattendedPolicyDeniesAtOnce();
    void waitingStopsTheWallClock();
    void unansweredQuestionTimesOut();
    void cancelWhileWaiting();
    void staleAnswerIsRefused();
    void unhandledControlRequestIsRefused();
    void rateLimitWarningIsAnEvent();
    void rejectedWindowEndsTheRunUsageLimited();
    void requestsAreCountedPerProviderCall();
    void answerShapes();
    void usageWindowDescription();

private:
    ClaudeCodeSettings settings(const QString &replay, QMap<QString, QString> controls = {}) const;
    AgentRequest askingRequest() const;
    QString stdinRecord(const QString &name) const { return m_worktree.filePath(name); }

    QTemporaryDir m_bin;
    QTemporaryDir m_worktree;
};

void TestClaudeControl::initTestCase()
{
    QVERIFY(m_bin.isValid() && m_worktree.isValid());
    QVERIFY(QFile::link(test::fakeCliPath(), m_bin.filePath(QStringLiteral("claude"))));
}

ClaudeCodeSettings TestClaudeControl::settings(const QString &replay,
                                               QMap<QString, QString> controls) const
{
    ClaudeCodeSettings settings;
    settings.cli.searchPath = {m_bin.path()};
    controls.insert(QStringLiteral("FAKECLI_REPLAY"), test::agentsDataPath(replay));
    settings.cli.environment = controls;
    return settings;
}

AgentRequest TestClaudeControl::askingRequest() const
{
    AgentRequest request;
    request.worktree = m_worktree.path();
    request.prompt = QStringLiteral("Run it.");
    request.model = QStringLiteral("claude-sonnet-4-5");
    request.permissions = PermissionPolicy::AskUser;
    return request;
}

void TestClaudeControl::questionWaitsThenAllowOnce()
{
    const QString record = stdinRecord(QStringLiteral("allow-once.txt"));
    CliBackend backend(std::make_shared<ClaudeCodeAdapter>(
        settings(QStringLiteral("claude-code/claude-permission-allow.jsonl"),
                 {{QStringLiteral("FAKECLI_STDIN_RECORD"), record}})));
    Run run;
    run.attach(backend);
    QSignalSpy waiting(&backend, &AgentBackend::waitingForInputChanged);
    QVERIFY(backend.start(askingRequest()).ok());
    QTRY_VERIFY_WITH_TIMEOUT(backend.isWaitingForInput(), 20000);

    // Waiting: the question is there to show, the process is alive, nothing has ended.
    QCOMPARE(waiting.count(), 1);
    QCOMPARE(waiting.at(0).at(0).toBool(), true);
    const QList<PermissionRequest> pending = backend.pendingPermissions();
    QCOMPARE(pending.size(), 1);
    QCOMPARE(pending.first().toolName, QStringLiteral("Bash"));
    QCOMPARE(pending.first().subject(), recordedCommand);
    QCOMPARE(pending.first().reason, QStringLiteral("This command requires approval"));
    QCOMPARE(pending.first().toolUseId, QStringLiteral("toolu_01"));
    QCOMPARE(pending.first().summary(), QStringLiteral("Bash: ") + recordedCommand);
    QCOMPARE(run.count(AgentEvent::Kind::PermissionRequest), 1);
    QVERIFY(test::processIsAlive(backend.processId()));
    QVERIFY(!run.outcome);

    QVERIFY(
        backend.answerPermission(pending.first().requestId, PermissionDecision::allowOnce()).ok());
    QTRY_VERIFY_WITH_TIMEOUT(run.outcome.has_value(), 20000);
    QVERIFY2(run.outcome->succeeded(), qPrintable(run.outcome->reason));
    QCOMPARE(waiting.count(), 2);
    QCOMPARE(waiting.at(1).at(0).toBool(), false);
    QCOMPARE(run.count(AgentEvent::Kind::PermissionDecided), 1);
    QVERIFY(run.outcome->grantedRules.isEmpty());

    const QList<QJsonObject> input = stdinMessages(record);
    QCOMPARE(input.size(), 2); // the prompt, then exactly one answer
    QCOMPARE(input.at(1).value(QLatin1String("type")).toString(),
             QStringLiteral("control_response"));
    QCOMPARE(
        input.at(1).value(QLatin1String("response")).toObject().value(QLatin1String("request_id")),
        QJsonValue(pending.first().requestId));
    const QJsonObject answer = answerOf(input.at(1));
    QCOMPARE(answer.value(QLatin1String("behavior")).toString(), QStringLiteral("allow"));
    QCOMPARE(answer.value(QLatin1String("updatedInput")).toObject(), pending.first().input);
    QVERIFY(!answer.contains(QLatin1String("updatedPermissions")));
}

void TestClaudeControl::denyWithMessage()
{
    const QString record = stdinRecord(QStringLiteral("deny.txt"));
    CliBackend backend(std::make_shared<ClaudeCodeAdapter>(settings(
        QStringLiteral("claude-code/claude-permission-allow.jsonl"),
        {{QStringLiteral("FAKECLI_STDIN_RECORD"), record},
         {QStringLiteral("FAKECLI_ON_DENY"),
          test::agentsDataPath(QStringLiteral("claude-code/claude-permission-deny.jsonl"))}})));
    Run run;
    run.attach(backend);
    QVERIFY(backend.start(askingRequest()).ok());
    QTRY_VERIFY_WITH_TIMEOUT(backend.isWaitingForInput(), 20000);
    const QString id = backend.pendingPermissions().first().requestId;
    QVERIFY(
        backend.answerPermission(id, PermissionDecision::deny(QStringLiteral("Not in this task.")))
            .ok());
    QTRY_VERIFY_WITH_TIMEOUT(run.outcome.has_value(), 20000);
    QVERIFY2(run.outcome->succeeded(), qPrintable(run.outcome->reason));
    const QJsonObject answer = answerOf(stdinMessages(record).at(1));
    QCOMPARE(answer,
             (QJsonObject{{QStringLiteral("behavior"), QStringLiteral("deny")},
                          {QStringLiteral("message"), QStringLiteral("Not in this task.")}}));
    // The denied tool's result, as the CLI reported it after the answer.
    const auto result = std::find_if(run.events.cbegin(), run.events.cend(), [](auto &e) {
        return e.kind == AgentEvent::Kind::ToolResult;
    });
    QVERIFY(result != run.events.cend());
    QCOMPARE(result->text, QStringLiteral("Not in this task."));
    QVERIFY(result->payload.value(QLatin1String("is_error")).toBool());
}

void TestClaudeControl::allowAlwaysIsRememberedForTheRun()
{
    // The recording asks twice for the same command (allowed once each time). Allowed always
    // the first time, the second question is answered by the rule: the run waits only once.
    const QString record = stdinRecord(QStringLiteral("always.txt"));
    CliBackend backend(std::make_shared<ClaudeCodeAdapter>(
        settings(QStringLiteral("claude-code/claude-permission-twice.jsonl"),
                 {{QStringLiteral("FAKECLI_STDIN_RECORD"), record}})));
    Run run;
    run.attach(backend);
    QSignalSpy waiting(&backend, &AgentBackend::waitingForInputChanged);
    QVERIFY(backend.start(askingRequest()).ok());
    QTRY_VERIFY_WITH_TIMEOUT(backend.isWaitingForInput(), 20000);
    QVERIFY(backend
                .answerPermission(backend.pendingPermissions().first().requestId,
                                  PermissionDecision::allowAlways())
                .ok());
    QTRY_VERIFY_WITH_TIMEOUT(run.outcome.has_value(), 20000);
    QVERIFY2(run.outcome->succeeded(), qPrintable(run.outcome->reason));
    QCOMPARE(waiting.count(), 2); // true once, false once
    QCOMPARE(run.count(AgentEvent::Kind::PermissionRequest), 2);
    QCOMPARE(run.count(AgentEvent::Kind::PermissionDecided), 2);
    const PermissionRule rule{QStringLiteral("Bash"), recordedCommand};
    QCOMPARE(run.outcome->grantedRules, QList<PermissionRule>{rule});
    QCOMPARE(rule.toString(), QStringLiteral("Bash(") + recordedCommand + QLatin1Char(')'));

    const QList<QJsonObject> input = stdinMessages(record);
    QCOMPARE(input.size(), 3);
    // The CLI itself is told to stop asking for the rest of its session — never to write the
    // rule into the worktree's .claude/settings.local.json.
    const QJsonArray updates =
        answerOf(input.at(1)).value(QLatin1String("updatedPermissions")).toArray();
    QCOMPARE(updates.size(), 1);
    const QJsonObject update = updates.first().toObject();
    QCOMPARE(update.value(QLatin1String("destination")).toString(), QStringLiteral("session"));
    QCOMPARE(update.value(QLatin1String("type")).toString(), QStringLiteral("addRules"));
    QCOMPARE(update.value(QLatin1String("rules")).toArray().first().toObject(),
             (QJsonObject{{QStringLiteral("toolName"), QStringLiteral("Bash")},
                          {QStringLiteral("ruleContent"), recordedCommand}}));
    QCOMPARE(answerOf(input.at(2)).value(QLatin1String("behavior")).toString(),
             QStringLiteral("allow"));
    const auto byRule = std::find_if(run.events.cbegin(), run.events.cend(), [](auto &e) {
        return e.kind == AgentEvent::Kind::PermissionDecided &&
               e.payload.value(QLatin1String("by")).toString() == QLatin1String("rule");
    });
    QVERIFY(byRule != run.events.cend());
}

void TestClaudeControl::rulesFromEarlierRunsAnswerWithoutWaiting()
{
    const QString argvRecord = m_worktree.filePath(QStringLiteral("earlier-argv.txt"));
    CliBackend backend(std::make_shared<ClaudeCodeAdapter>(
        settings(QStringLiteral("claude-code/claude-permission-twice.jsonl"),
                 {{QStringLiteral("FAKECLI_RECORD"), argvRecord}})));
    Run run;
    run.attach(backend);
    QSignalSpy waiting(&backend, &AgentBackend::waitingForInputChanged);
    AgentRequest request = askingRequest();
    request.alwaysAllowed = {PermissionRule{QStringLiteral("Bash"), recordedCommand}};
    QVERIFY(backend.start(request).ok());
    QTRY_VERIFY_WITH_TIMEOUT(run.outcome.has_value(), 20000);
    QVERIFY2(run.outcome->succeeded(), qPrintable(run.outcome->reason));
    QCOMPARE(waiting.count(), 0);
    QVERIFY(run.outcome->grantedRules.isEmpty()); // nothing new
    // The CLI gets the task's rules up front, so it does not ask at all.
    QVERIFY(test::readLines(argvRecord).contains("argv\tBash(" + recordedCommand.toUtf8() + ')'));
}

void TestClaudeControl::unattendedPolicyDeniesAtOnce()
{
    const QString record = stdinRecord(QStringLiteral("policy.txt"));
    CliBackend backend(std::make_shared<ClaudeCodeAdapter>(settings(
        QStringLiteral("claude-code/claude-permission-allow.jsonl"),
        {{QStringLiteral("FAKECLI_STDIN_RECORD"), record},
         {QStringLiteral("FAKECLI_ON_DENY"),
          test::agentsDataPath(QStringLiteral("claude-code/claude-permission-deny.jsonl"))}})));
    Run run;
    run.attach(backend);
    QSignalSpy waiting(&backend, &AgentBackend::waitingForInputChanged);
    AgentRequest request = askingRequest();
    request.permissions = PermissionPolicy::DenyUnlisted;
    QVERIFY(backend.start(request).ok());
    QTRY_VERIFY_WITH_TIMEOUT(run.outcome.has_value(), 20000);
    QVERIFY2(run.outcome->succeeded(), qPrintable(run.outcome->reason));
    QCOMPARE(waiting.count(), 0);
    // The question is visible in the timeline, with who answered it.
    QCOMPARE(run.count(AgentEvent::Kind::PermissionRequest), 1);
    const auto decided = std::find_if(run.events.cbegin(), run.events.cend(), [](auto &e) {
        return e.kind == AgentEvent::Kind::PermissionDecided;
    });
    QCOMPARE(decided->payload.value(QLatin1String("by")).toString(), QStringLiteral("policy"));
    QCOMPARE(decided->payload.value(QLatin1String("answer")).toString(), QStringLiteral("deny"));
    const QString message =
        answerOf(stdinMessages(record).at(1)).value(QLatin1String("message")).toString();
    QVERIFY2(message.contains(QLatin1String("not allowed in advance")), qPrintable(message));
}

void TestClaudeControl::waitingStopsTheWallClock()
{
    // A wall clock shorter than the wait: it must not count the time the question is open.
    CliBackend backend(std::make_shared<ClaudeCodeAdapter>(
        settings(QStringLiteral("claude-code/claude-permission-allow.jsonl"))));
    Run run;
    run.attach(backend);
    AgentRequest request = askingRequest();
    request.wallClockLimitMs = 3000;
    QVERIFY(backend.start(request).ok());
    QTRY_VERIFY_WITH_TIMEOUT(backend.isWaitingForInput(), 20000);
    QTest::qWait(3500);
    QVERIFY(!run.outcome);
    QVERIFY(test::processIsAlive(backend.processId()));
    QVERIFY(backend
                .answerPermission(backend.pendingPermissions().first().requestId,
                                  PermissionDecision::allowOnce())
                .ok());
    QTRY_VERIFY_WITH_TIMEOUT(run.outcome.has_value(), 20000);
    QVERIFY2(run.outcome->succeeded(), qPrintable(run.outcome->reason));
    QVERIFY(run.outcome->waitedMs >= 3500);
}

void TestClaudeControl::unansweredQuestionTimesOut()
{
    const QString record = stdinRecord(QStringLiteral("timeout.txt"));
    CliBackend backend(std::make_shared<ClaudeCodeAdapter>(settings(
        QStringLiteral("claude-code/claude-permission-allow.jsonl"),
        {{QStringLiteral("FAKECLI_STDIN_RECORD"), record},
         {QStringLiteral("FAKECLI_ON_DENY"),
          test::agentsDataPath(QStringLiteral("claude-code/claude-permission-deny.jsonl"))}})));
    Run run;
    run.attach(backend);
    QSignalSpy waiting(&backend, &AgentBackend::waitingForInputChanged);
    AgentRequest request = askingRequest();
    request.permissionTimeoutMs = 200;
    QVERIFY(backend.start(request).ok());
    QTRY_VERIFY_WITH_TIMEOUT(run.outcome.has_value(), 20000);
    QVERIFY2(run.outcome->succeeded(), qPrintable(run.outcome->reason));
    QCOMPARE(waiting.count(), 2);
    const QJsonObject answer = answerOf(stdinMessages(record).at(1));
    QCOMPARE(answer.value(QLatin1String("behavior")).toString(), QStringLiteral("deny"));
    QVERIFY(answer.value(QLatin1String("message")).toString().contains(QLatin1String("in time")));
}

void TestClaudeControl::cancelWhileWaiting()
{
    CliBackend backend(std::make_shared<ClaudeCodeAdapter>(
        settings(QStringLiteral("claude-code/claude-permission-allow.jsonl"))));
    backend.setKillGraceMs(500);
    Run run;
    run.attach(backend);
    QSignalSpy waiting(&backend, &AgentBackend::waitingForInputChanged);
    QVERIFY(backend.start(askingRequest()).ok());
    QTRY_VERIFY_WITH_TIMEOUT(backend.isWaitingForInput(), 20000);
    const qint64 pid = backend.processId();
    backend.cancel();
    QTRY_VERIFY_WITH_TIMEOUT(run.outcome.has_value(), 20000);
    QCOMPARE(outcomeKindName(run.outcome->kind), outcomeKindName(OutcomeKind::Cancelled));
    QCOMPARE(waiting.count(), 2);
    QVERIFY(!backend.isWaitingForInput());
    QTRY_VERIFY_WITH_TIMEOUT(!test::processIsAlive(pid), 10000);
}

void TestClaudeControl::staleAnswerIsRefused()
{
    CliBackend backend(std::make_shared<ClaudeCodeAdapter>(
        settings(QStringLiteral("claude-code/claude-permission-allow.jsonl"))));
    Run run;
    run.attach(backend);
    QVERIFY(backend.start(askingRequest()).ok());
    QTRY_VERIFY_WITH_TIMEOUT(backend.isWaitingForInput(), 20000);
    const QString id = backend.pendingPermissions().first().requestId;
    QCOMPARE(backend.answerPermission(QStringLiteral("no-such-id"), PermissionDecision::allowOnce())
                 .errorCode(),
             QStringLiteral("no-such-question"));
    QVERIFY(backend.isWaitingForInput());
    QVERIFY(backend.answerPermission(id, PermissionDecision::allowOnce()).ok());
    // A second answer to the same question (the window and `agentdesk permit` both answered).
    QCOMPARE(backend.answerPermission(id, PermissionDecision::deny()).errorCode(),
             QStringLiteral("no-such-question"));
    QTRY_VERIFY_WITH_TIMEOUT(run.outcome.has_value(), 20000);
    QVERIFY(run.outcome->succeeded());
}

void TestClaudeControl::unhandledControlRequestIsRefused()
{
    // Synthetic: the real allow recording with its control request turned into a hook callback,
    // which only hosts that registered hooks receive. Unanswered, the CLI would wait for ever.
    QByteArray replay;
    for (QByteArray line : test::readLines(
             test::agentsDataPath(QStringLiteral("claude-code/claude-permission-allow.jsonl")))) {
        line.replace(R"("subtype":"can_use_tool")", R"("subtype":"hook_callback")");
        replay += line + '\n';
    }
    const QString path = m_worktree.filePath(QStringLiteral("hook-callback.jsonl"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(replay);
    file.close();
    const QString record = stdinRecord(QStringLiteral("hook.txt"));
    ClaudeCodeSettings claude =
        settings(QString(), {{QStringLiteral("FAKECLI_STDIN_RECORD"), record}});
    claude.cli.environment.insert(QStringLiteral("FAKECLI_REPLAY"), path);
    CliBackend backend(std::make_shared<ClaudeCodeAdapter>(claude));
    Run run;
    run.attach(backend);
    QVERIFY(backend.start(askingRequest()).ok());
    QTRY_VERIFY_WITH_TIMEOUT(run.outcome.has_value(), 20000);
    QVERIFY2(run.outcome->succeeded(), qPrintable(run.outcome->reason));
    QCOMPARE(run.count(AgentEvent::Kind::PermissionRequest), 0);
    const QJsonObject response =
        stdinMessages(record).at(1).value(QLatin1String("response")).toObject();
    QCOMPARE(response.value(QLatin1String("subtype")).toString(), QStringLiteral("error"));
}

void TestClaudeControl::rateLimitWarningIsAnEvent()
{
    CliBackend backend(std::make_shared<ClaudeCodeAdapter>(
        settings(QStringLiteral("claude-code/claude-rate-limit-warning.jsonl"))));
    Run run;
    run.attach(backend);
    QVERIFY(backend.start(askingRequest()).ok());
    QTRY_VERIFY_WITH_TIMEOUT(run.outcome.has_value(), 20000);
    QVERIFY2(run.outcome->succeeded(), qPrintable(run.outcome->reason));
    QCOMPARE(run.count(AgentEvent::Kind::RateLimit), 1);
    const auto event = std::find_if(run.events.cbegin(), run.events.cend(),
                                    [](auto &e) { return e.kind == AgentEvent::Kind::RateLimit; });
    const std::optional<UsageWindow> window = UsageWindow::fromJson(event->payload);
    QVERIFY(window.has_value());
    QCOMPARE(usageWindowStatusName(window->status), QStringLiteral("allowed_warning"));
    QCOMPARE(window->windowType, QStringLiteral("five_hour"));
    QCOMPARE(window->resetsAt, QDateTime::fromSecsSinceEpoch(1796199071, Qt::UTC));
    QCOMPARE(*window->utilization, 0.91);
    QCOMPARE(window->vendor, QStringLiteral("anthropic"));
    QVERIFY(run.outcome->usageWindow.has_value()); // the meter's last reading
}

void TestClaudeControl::rejectedWindowEndsTheRunUsageLimited()
{
    CliBackend backend(std::make_shared<ClaudeCodeAdapter>(
        settings(QStringLiteral("claude-code/claude-rate-limit-rejected.jsonl"),
                 {{QStringLiteral("FAKECLI_EXIT"), QStringLiteral("1")}})));
    Run run;
    run.attach(backend);
    QVERIFY(backend.start(askingRequest()).ok());
    QTRY_VERIFY_WITH_TIMEOUT(run.outcome.has_value(), 20000);
    QCOMPARE(outcomeKindName(run.outcome->kind), outcomeKindName(OutcomeKind::UsageLimited));
    QCOMPARE(run.outcome->code, QStringLiteral("usage-limit"));
    QVERIFY(run.outcome->usageWindow.has_value());
    const UsageWindow &window = *run.outcome->usageWindow;
    QVERIFY(window.rejected());
    QCOMPARE(window.vendor, QStringLiteral("anthropic"));
    QCOMPARE(window.windowType, QStringLiteral("five_hour"));
    QCOMPARE(window.resetsAt, QDateTime::fromSecsSinceEpoch(1796199094, Qt::UTC));
    QVERIFY2(run.outcome->reason.startsWith(
                 QStringLiteral("Claude usage limit (five-hour window) — resumes at ")),
             qPrintable(run.outcome->reason));
    // The CLI's own notice is not a provider request.
    QVERIFY(run.outcome->requests.isEmpty());
}

void TestClaudeControl::requestsAreCountedPerProviderCall()
{
    CliBackend backend(std::make_shared<ClaudeCodeAdapter>(
        settings(QStringLiteral("claude-code/claude-permission-twice.jsonl"))));
    Run run;
    run.attach(backend);
    AgentRequest request = askingRequest();
    request.permissions = PermissionPolicy::DenyUnlisted;
    request.alwaysAllowed = {PermissionRule{QStringLiteral("Bash"), QString()}};
    QVERIFY(backend.start(request).ok());
    QTRY_VERIFY_WITH_TIMEOUT(run.outcome.has_value(), 20000);
    QVERIFY(run.outcome->succeeded());
    // Three responses (tool, tool, text); the scripted server reused one message id.
    QCOMPARE(run.outcome->requests, (QMap<QString, int>{{QStringLiteral("claude-sonnet-4-5"), 3}}));
}

void TestClaudeControl::answerShapes()
{
    PermissionRequest question;
    question.requestId = QStringLiteral("req-1");
    question.toolName = QStringLiteral("WebFetch");
    question.input = {{QStringLiteral("url"), QStringLiteral("https://example.invalid/")}};
    const QJsonObject once =
        QJsonDocument::fromJson(claude::encodeAnswer(question, PermissionDecision::allowOnce()))
            .object();
    QCOMPARE(once,
             (QJsonObject{
                 {QStringLiteral("type"), QStringLiteral("control_response")},
                 {QStringLiteral("response"),
                  QJsonObject{{QStringLiteral("subtype"), QStringLiteral("success")},
                              {QStringLiteral("request_id"), QStringLiteral("req-1")},
                              {QStringLiteral("response"),
                               QJsonObject{{QStringLiteral("behavior"), QStringLiteral("allow")},
                                           {QStringLiteral("updatedInput"), question.input}}}}}}));
    QVERIFY(claude::encodeAnswer(question, PermissionDecision::allowOnce()).endsWith('\n'));
    // Without the CLI's own suggestion the rule is the exact subject.
    QCOMPARE(PermissionRule::covering(question).toString(),
             QStringLiteral("WebFetch(https://example.invalid/)"));
    QCOMPARE(PermissionRule::parse(QStringLiteral("Bash(npm run:*)"))->content,
             QStringLiteral("npm run:*"));
    PermissionRequest npm;
    npm.toolName = QStringLiteral("Bash");
    npm.input = {{QStringLiteral("command"), QStringLiteral("npm run lint")}};
    QVERIFY(PermissionRule::parse(QStringLiteral("Bash(npm run:*)"))->matches(npm));
    QVERIFY(!PermissionRule::parse(QStringLiteral("Bash(npm test)"))->matches(npm));
    QVERIFY(PermissionRule::parse(QStringLiteral("Bash"))->matches(npm));
    QVERIFY(!PermissionRule::parse(QStringLiteral("(x)")).has_value());
    const std::optional<PermissionRequest> roundTrip = PermissionRequest::fromJson(npm.toJson());
    QVERIFY(!roundTrip); // no request id: not a question anyone can answer
}

void TestClaudeControl::usageWindowDescription()
{
    UsageWindow window;
    window.vendor = QStringLiteral("anthropic");
    window.status = UsageWindow::Status::Rejected;
    window.windowType = QStringLiteral("five_hour");
    const QDateTime now(QDate(2026, 12, 2), QTime(9, 30), Qt::LocalTime);
    window.resetsAt = QDateTime(QDate(2026, 12, 2), QTime(14, 0), Qt::LocalTime).toUTC();
    QCOMPARE(window.describe(now),
             QStringLiteral("Claude usage limit (five-hour window) — resumes at 14:00"));
    window.resetsAt = QDateTime(QDate(2026, 12, 4), QTime(8, 5), Qt::LocalTime).toUTC();
    QCOMPARE(window.describe(now),
             QStringLiteral("Claude usage limit (five-hour window) — resumes at Fri 4 Dec 08:05"));
    window.resetsAt = QDateTime();
    QVERIFY(window.describe(now).endsWith(QLatin1String("the reset time is unknown")));
    const std::optional<UsageWindow> copy = UsageWindow::fromJson(window.toJson());
    QCOMPARE(copy->windowType, window.windowType);
    QVERIFY(!copy->resetsAt.isValid());
}

QTEST_GUILESS_MAIN(TestClaudeControl)
#include "tst_claudecontrol.moc"
