// Issue 5's "done means", as a script would do it: the real `agentdesk` executable dispatches a
// task with --wait against the scripted provider server (reached through ANTHROPIC_BASE_URL),
// and `agentdesk show --json` shows the task ready for review with its committed diff, a
// validation of that commit, anchored findings, a three-part report and an exact cost. Then
// the process is killed mid-task and the next start finds the task Interrupted and resumes it.

#include "../engine/EngineHarness.h"
#include "TestProcess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QtTest>

#include <csignal>

using namespace agentdesk;
using namespace agentdesk::test;

namespace {

void scriptTask(FakeProviderServer &server)
{
    server.enqueue(toolCall(QStringLiteral("tu_1"), QStringLiteral("write_file"),
                            {{QStringLiteral("path"), QStringLiteral("calc.py")},
                             {QStringLiteral("content"), QString::fromUtf8(kCalcWithDiv)}},
                            1000, 200));
    server.enqueue(toolCall(QStringLiteral("tu_2"), QStringLiteral("write_file"),
                            {{QStringLiteral("path"), QStringLiteral("test_calc.py")},
                             {QStringLiteral("content"), QString::fromUtf8(kTestWithDiv)}},
                            1200, 150));
    server.enqueue(toolCall(QStringLiteral("tu_3"), QStringLiteral("finish"),
                            finishInput(QStringLiteral("Added div with a test.")), 1600, 80));
    server.enqueue(toolCall(QStringLiteral("tr_1"), QStringLiteral("submit_review"), reviewInput(),
                            3000, 300));
}

} // namespace

class TestHeadlessDispatch : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;
    std::unique_ptr<TempRepository> m_repo;
    FakeProviderServer m_server;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = isolatedEnvironment(m_home.path());
        env.insert(QStringLiteral("ANTHROPIC_BASE_URL"), m_server.baseUrl().toString());
        env.insert(QStringLiteral("ANTHROPIC_API_KEY"), QStringLiteral("sk-ant-headless-test"));
        return env;
    }

    // Runs agentdesk while this thread keeps serving the scripted provider.
    ProcessOutput run(const QStringList &arguments, QProcess *keep = nullptr)
    {
        return runAgentdesk(arguments, environment(), keep);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(!agentdeskBinary().isEmpty());
        QVERIFY(m_server.listen());
    }

    void init()
    {
        m_repo = std::make_unique<TempRepository>();
        m_repo->writeFile(QStringLiteral(".gitignore"), "__pycache__/\n");
        makePythonProject(*m_repo);
    }

    void dispatchWaitThenShowJson()
    {
        scriptTask(m_server);
        const ProcessOutput dispatched =
            run({QStringLiteral("dispatch"), QStringLiteral("--repo"), m_repo->path(),
                 QStringLiteral("--title"), QStringLiteral("Add div"), QStringLiteral("--prompt"),
                 QStringLiteral("Add a div function with a test."), QStringLiteral("--implementer"),
                 QStringLiteral("anthropic:claude-sonnet-4-5"), QStringLiteral("--reviewer"),
                 QStringLiteral("anthropic:claude-haiku-4-5"), QStringLiteral("--budget"),
                 QStringLiteral("1.00"), QStringLiteral("--validate"),
                 QStringLiteral("/usr/bin/python3 -m pytest -rA -p no:cacheprovider"),
                 QStringLiteral("--wait"), QStringLiteral("--json")});
        QVERIFY2(dispatched.exitCode == 0, dispatched.err.constData());
        const QJsonObject task = QJsonDocument::fromJson(dispatched.out).object();
        QCOMPARE(task.value(QStringLiteral("state")).toString(),
                 QStringLiteral("ready-for-review"));
        const qint64 id = task.value(QStringLiteral("id")).toInteger();

        const ProcessOutput shown =
            run({QStringLiteral("show"), QString::number(id), QStringLiteral("--json")});
        QVERIFY2(shown.exitCode == 0, shown.err.constData());
        const QJsonObject json = QJsonDocument::fromJson(shown.out).object();
        QCOMPARE(json, task);

        const QString branch = json.value(QStringLiteral("branch")).toString();
        const QString head = m_repo->revParse(branch);
        const QJsonArray iterations = json.value(QStringLiteral("iterations")).toArray();
        QCOMPARE(iterations.size(), 1);
        QCOMPARE(iterations.first().toObject().value(QStringLiteral("head_commit")).toString(),
                 head);
        const QJsonObject validation =
            json.value(QStringLiteral("validations")).toArray().first().toObject();
        QCOMPARE(validation.value(QStringLiteral("commit")).toString(), head);
        QCOMPARE(validation.value(QStringLiteral("passed")).toInt(), 2);
        const QJsonObject finding =
            json.value(QStringLiteral("findings")).toArray().first().toObject();
        QVERIFY(finding.value(QStringLiteral("anchored")).toBool());
        QCOMPARE(finding.value(QStringLiteral("start_line")).toInt(), 6);
        const QString report =
            iterations.first().toObject().value(QStringLiteral("report")).toString();
        for (const char *section :
             {"## What changed", "## Which tests passed", "## Decisions to review"})
            QVERIFY2(report.contains(QLatin1String(section)), qPrintable(report));
        // Exact: sonnet 3,800 in and 430 out; haiku 3,000 in and 300 out, at $/MTok 3/15, 1/5.
        const qint64 expected = 3800 * sonnetIn + 430 * sonnetOut + 3000 * haikuIn + 300 * haikuOut;
        QCOMPARE(json.value(QStringLiteral("cost_nanodollars")).toInteger(), expected);
        // The key went where it belongs and nowhere else.
        QVERIFY(m_server.requests().last().header("x-api-key") == "sk-ant-headless-test");
        QVERIFY(!shown.out.contains("sk-ant-headless-test"));
        QVERIFY(!dispatched.err.contains("sk-ant-headless-test"));

        const ProcessOutput listed = run({QStringLiteral("list")});
        QVERIFY(listed.out.contains("Add div"));
        QVERIFY(listed.out.contains("Ready for review"));
        // The cost once, with its one dollar sign (Money::format has it).
        QVERIFY2(!listed.out.contains("$$"), listed.out.constData());
        QVERIFY2(listed.out.contains("$0."), listed.out.constData());
    }

    // Headless parity with the window's acknowledge: the reviewer's priority-1 finding blocks
    // the merge until `acknowledge TASK --all`; a finding number not of the task is refused
    // and changes nothing; --undo takes it back.
    void acknowledgeFindingsHeadless()
    {
        scriptTask(m_server);
        const ProcessOutput dispatched =
            run({QStringLiteral("dispatch"), QStringLiteral("--repo"), m_repo->path(),
                 QStringLiteral("--title"), QStringLiteral("Add div"), QStringLiteral("--prompt"),
                 QStringLiteral("Add a div function with a test."), QStringLiteral("--implementer"),
                 QStringLiteral("anthropic:claude-sonnet-4-5"), QStringLiteral("--reviewer"),
                 QStringLiteral("anthropic:claude-haiku-4-5"), QStringLiteral("--validate"),
                 QStringLiteral("/usr/bin/python3 -m pytest -rA -p no:cacheprovider"),
                 QStringLiteral("--wait"), QStringLiteral("--json")});
        QVERIFY2(dispatched.exitCode == 0, dispatched.err.constData());
        const QJsonObject task = QJsonDocument::fromJson(dispatched.out).object();
        const QString id = QString::number(task.value(QStringLiteral("id")).toInteger());
        const QJsonObject finding =
            task.value(QStringLiteral("findings")).toArray().first().toObject();
        QVERIFY(!finding.value(QStringLiteral("acknowledged")).toBool());
        const QString findingId = QString::number(finding.value(QStringLiteral("id")).toInteger());
        QVERIFY(!findingId.isEmpty() && findingId != QLatin1String("0"));

        const auto acknowledged = [&] {
            const ProcessOutput shown = run({QStringLiteral("show"), id, QStringLiteral("--json")});
            return QJsonDocument::fromJson(shown.out)
                .object()
                .value(QStringLiteral("findings"))
                .toArray()
                .first()
                .toObject()
                .value(QStringLiteral("acknowledged"))
                .toBool();
        };

        const ProcessOutput usage = run({QStringLiteral("acknowledge"), id});
        QCOMPARE(usage.exitCode, 2);
        QVERIFY2(usage.err.contains("--all"), usage.err.constData());
        const ProcessOutput foreign =
            run({QStringLiteral("acknowledge"), id, QStringLiteral("987654")});
        QCOMPARE(foreign.exitCode, 1);
        QVERIFY2(foreign.err.contains("987654 is not a finding of this task"),
                 foreign.err.constData());
        QVERIFY(!acknowledged());

        const ProcessOutput all = run({QStringLiteral("acknowledge"), id, QStringLiteral("--all")});
        QVERIFY2(all.exitCode == 0, all.err.constData());
        QVERIFY2(all.out.contains(QByteArray("Acknowledged finding ").append(findingId.toUtf8())),
                 all.out.constData());
        QVERIFY(acknowledged());

        const ProcessOutput undone =
            run({QStringLiteral("acknowledge"), id, findingId, QStringLiteral("--undo")});
        QVERIFY2(undone.exitCode == 0, undone.err.constData());
        QVERIFY(!acknowledged());
    }

    // Issue 16 item 9: `validate TASK` runs the tests again on the branch's head without an
    // agent and records it as the pipeline does; the gate judges that head by it.
    void validateRevalidatesTheBranchHead()
    {
        scriptTask(m_server);
        const ProcessOutput dispatched =
            run({QStringLiteral("dispatch"), QStringLiteral("--repo"), m_repo->path(),
                 QStringLiteral("--title"), QStringLiteral("Add div"), QStringLiteral("--prompt"),
                 QStringLiteral("Add a div function with a test."), QStringLiteral("--implementer"),
                 QStringLiteral("anthropic:claude-sonnet-4-5"), QStringLiteral("--reviewer"),
                 QStringLiteral("anthropic:claude-haiku-4-5"), QStringLiteral("--validate"),
                 QStringLiteral("/usr/bin/python3 -m pytest -rA -p no:cacheprovider"),
                 QStringLiteral("--wait"), QStringLiteral("--json")});
        QVERIFY2(dispatched.exitCode == 0, dispatched.err.constData());
        const QJsonObject task = QJsonDocument::fromJson(dispatched.out).object();
        const QString id = QString::number(task.value(QStringLiteral("id")).toInteger());
        const QString worktree = task.value(QStringLiteral("worktree")).toString();
        const QString branch = task.value(QStringLiteral("branch")).toString();
        const int requests = m_server.requestCount();

        const ProcessOutput usage = run({QStringLiteral("validate")});
        QCOMPARE(usage.exitCode, 2);
        QVERIFY2(usage.err.contains("task number"), usage.err.constData());
        QVERIFY(run({QStringLiteral("acknowledge"), id, QStringLiteral("--all")}).exitCode == 0);

        const auto commitTest = [&](const QByteArray &content) {
            QFile file(worktree + QStringLiteral("/test_calc.py"));
            if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
                return QString();
            file.write(content);
            file.close();
            const QStringList identity{QStringLiteral("-c"), QStringLiteral("user.name=U"),
                                       QStringLiteral("-c"), QStringLiteral("user.email=u@e")};
            m_repo->git(identity + QStringList{QStringLiteral("commit"), QStringLiteral("-am"),
                                               QStringLiteral("user change")},
                        worktree);
            return m_repo->revParse(branch);
        };
        const auto latestValidation = [&] {
            const ProcessOutput shown = run({QStringLiteral("show"), id, QStringLiteral("--json")});
            QJsonObject latest;
            for (const QJsonValue &v : QJsonDocument::fromJson(shown.out)
                                           .object()
                                           .value(QStringLiteral("validations"))
                                           .toArray())
                if (v.toObject().value(QStringLiteral("id")).toInteger() >=
                    latest.value(QStringLiteral("id")).toInteger())
                    latest = v.toObject();
            return latest;
        };

        // A commit that breaks a test: validated on the new head, failed, and the merge refused.
        const QString broken = commitTest(QByteArray(kTestWithDiv).replace("== 2", "== 3"));
        QVERIFY(!broken.isEmpty());
        QVERIFY(broken != task.value(QStringLiteral("iterations"))
                              .toArray()
                              .first()
                              .toObject()
                              .value(QStringLiteral("head_commit"))
                              .toString());
        const ProcessOutput failed = run({QStringLiteral("validate"), id});
        QVERIFY2(failed.exitCode == 1, failed.err.constData());
        QVERIFY2(failed.out.contains("failed (1 passed, 1 failed"), failed.out.constData());
        QJsonObject latest = latestValidation();
        QCOMPARE(latest.value(QStringLiteral("commit")).toString(), broken);
        QCOMPARE(latest.value(QStringLiteral("failed")).toInt(), 1);
        const ProcessOutput refused = run({QStringLiteral("merge"), id});
        QVERIFY2(refused.exitCode != 0, refused.out.constData());

        // Fixed again: it passes on that head, and the gate lets it land.
        const QString fixed =
            commitTest(kTestWithDiv + "\n\ndef test_more():\n    assert add(1, 1) == 2\n");
        QVERIFY(!fixed.isEmpty() && fixed != broken);
        const ProcessOutput passed = run({QStringLiteral("validate"), id});
        QVERIFY2(passed.exitCode == 0, passed.err.constData());
        QVERIFY2(passed.out.contains("passed (3 passed, 0 failed"), passed.out.constData());
        latest = latestValidation();
        QCOMPARE(latest.value(QStringLiteral("commit")).toString(), fixed);
        QCOMPARE(latest.value(QStringLiteral("passed")).toInt(), 3);
        QCOMPARE(m_server.requestCount(), requests); // no model call
        const ProcessOutput merged = run({QStringLiteral("merge"), id});
        QVERIFY2(merged.exitCode == 0, merged.err.constData());
        QCOMPARE(m_repo->revParse(QStringLiteral("main:test_calc.py")),
                 m_repo->revParse(fixed + QStringLiteral(":test_calc.py")));
        // Merged: its worktree is gone, so there is nothing to validate.
        const ProcessOutput gone = run({QStringLiteral("validate"), id});
        QCOMPARE(gone.exitCode, 1);
        QVERIFY2(gone.err.contains("has no branch and worktree"), gone.err.constData());
    }

    void killedMidTaskIsInterruptedThenResumes()
    {
        // The first model call stalls; the process is killed (no chance to clean up).
        const ScriptedResponse stalled = stalledCall();
        m_server.enqueue(stalled);
        const int before = m_server.requestCount();
        QProcess process;
        run({QStringLiteral("dispatch"), QStringLiteral("--repo"), m_repo->path(),
             QStringLiteral("--title"), QStringLiteral("Killed"), QStringLiteral("--prompt"),
             QStringLiteral("Add div."), QStringLiteral("--validate"),
             QStringLiteral("/usr/bin/python3 -m pytest -rA -p no:cacheprovider"),
             QStringLiteral("--wait")},
            &process);
        QVERIFY(m_server.waitForRequests(before + 1, 60000));
        ::kill(pid_t(process.processId()), SIGKILL);
        QVERIFY(process.waitForFinished(10000));
        m_server.closeAll();

        // Still marked running in the store: the next start reconciles it.
        ProcessOutput listed = run({QStringLiteral("list"), QStringLiteral("--json")});
        QJsonArray tasks = QJsonDocument::fromJson(listed.out).array();
        QJsonObject killed;
        for (const QJsonValue &value : tasks) {
            if (value.toObject().value(QStringLiteral("title")).toString() ==
                QLatin1String("Killed"))
                killed = value.toObject();
        }
        QCOMPARE(killed.value(QStringLiteral("state")).toString(), QStringLiteral("implementing"));
        const QString worktree = killed.value(QStringLiteral("worktree")).toString();
        QVERIFY(QFileInfo(worktree).isDir());

        scriptTask(m_server);
        const qint64 id = killed.value(QStringLiteral("id")).toInteger();
        const ProcessOutput resumed = run({QStringLiteral("resume"), QString::number(id),
                                           QStringLiteral("--wait"), QStringLiteral("--json")});
        QVERIFY2(resumed.err.contains("Interrupted"), resumed.err.constData());
        QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
        QCOMPARE(QJsonDocument::fromJson(resumed.out).object().value(QStringLiteral("state")),
                 QJsonValue(QStringLiteral("ready-for-review")));
        QVERIFY(QFileInfo(worktree + QStringLiteral("/test_calc.py")).exists());
    }
};

QTEST_GUILESS_MAIN(TestHeadlessDispatch)
#include "tst_headlessdispatch.moc"
