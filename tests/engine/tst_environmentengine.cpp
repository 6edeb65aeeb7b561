#include "EngineHarness.h"
#include "git/GitLibrary.h"
#include "tasks/environment/PortBlocks.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

using namespace agentdesk;
using namespace agentdesk::test;
using tasks::TaskState;

namespace {

// An npm project whose `npm test` runs a bin from its devDependency (a local file: package,
// so nothing reaches a registry) and checks a value from the git-ignored .env: the issue's
// picture of a real project, which fails in a bare checkout (`tiny-runner: not found`).
void makeNpmProject(TempRepository &repo)
{
    repo.writeFile(QStringLiteral("tools/runner/package.json"),
                   R"({"name":"tiny-runner","version":"1.0.0","bin":{"tiny-runner":"bin.js"}})");
    repo.writeFile(
        QStringLiteral("tools/runner/bin.js"),
        "#!/usr/bin/env node\n"
        "const fs = require('fs');\n"
        "const env = fs.readFileSync('.env', 'utf8');\n"
        "const ok = /GREETING=hello/.test(env) && require('./../../src/add.js')(2, 3) === 5;\n"
        "console.log(ok ? 'Tests:       1 passed, 1 total' : 'Tests:       1 failed, 1 total');\n"
        "process.exit(ok ? 0 : 1);\n",
        true);
    repo.writeFile(QStringLiteral("src/add.js"), "module.exports = (a, b) => a + b;\n");
    repo.writeFile(QStringLiteral("package.json"),
                   R"({"name":"app","version":"1.0.0","private":true,)"
                   R"("scripts":{"test":"tiny-runner"},)"
                   R"("devDependencies":{"tiny-runner":"file:tools/runner"}})");
    repo.writeFile(QStringLiteral(".gitignore"), "node_modules/\n.env\n");
    repo.writeFile(QStringLiteral(".worktreeinclude"), ".env\n");
    repo.writeFile(QStringLiteral(".env"), "GREETING=hello\n");
}

} // namespace

class TestEnvironmentEngine : public QObject
{
    Q_OBJECT

private:
    git::GitLibrary library;

private Q_SLOTS:
    void initTestCase()
    {
        // Setup inherits the process's environment: npm stays offline in the tests.
        qputenv("npm_config_offline", "true");
        qputenv("npm_config_audit", "false");
        qputenv("npm_config_fund", "false");
    }

    void npmProjectWithoutRecipeValidatesOnHeadAndBase()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("npm")).isEmpty())
            QSKIP("npm is not installed (scripts/setup installs it)");
        TempRepository repo;
        QVERIFY(repo.isValid());
        makeNpmProject(repo);
        const ProcessOutput install =
            runProcess(QStringLiteral("npm"),
                       {QStringLiteral("install"), QStringLiteral("--offline")}, repo.path());
        QVERIFY2(install.ok(), install.err.constData());
        QVERIFY(!repo.commitAll(QStringLiteral("app")).isEmpty());

        EngineHarness h;
        QCOMPARE(h.open(), QList<tasks::TaskId>());
        h.server.enqueue(toolCall(
            QStringLiteral("tu_1"), QStringLiteral("write_file"),
            {{QStringLiteral("path"), QStringLiteral("src/add.js")},
             {QStringLiteral("content"),
              QStringLiteral("// Adds two numbers.\nmodule.exports = (a, b) => a + b;\n")}},
            1000, 200));
        h.server.enqueue(toolCall(QStringLiteral("tu_2"), QStringLiteral("finish"),
                                  finishInput(QStringLiteral("Documented add.")), 1200, 80));
        h.server.enqueue(toolCall(QStringLiteral("tr_1"), QStringLiteral("submit_review"),
                                  reviewInput(), 3000, 300));

        tasks::TaskSpec spec = h.spec(repo);
        spec.validationCommand.clear(); // no recipe, no command: everything detected
        const tasks::TaskId id = h.dispatch(spec);
        QVERIFY(id > 0);
        QCOMPARE(h.waitFinished(id, 300000), std::optional<TaskState>(TaskState::ReadyForReview));

        auto reader = h.reader();
        QVERIFY(reader);
        auto detail = reader->loadTask(id);
        QVERIFY(detail.ok());
        // The task's worktree got the ignored .env and its dependencies installed.
        const QString worktree = detail->task.worktreePath;
        QVERIFY(QFileInfo::exists(worktree + QStringLiteral("/.env")));
        QVERIFY(QFileInfo::exists(worktree + QStringLiteral("/node_modules/.bin/tiny-runner")));

        auto validations = reader->validations(id);
        QVERIFY(validations.ok());
        QCOMPARE(validations->size(), 1);
        const store::ValidationRecord &v = validations->first();
        QVERIFY2(v.exitCode == 0, qPrintable(v.outputExcerpt));
        QCOMPARE(v.baseCommit, detail->task.spec.baseCommit);
        QCOMPARE(v.passed, 1);
        QCOMPARE(v.failed, 0);
        QCOMPARE(v.basePassed, 1);
        QCOMPARE(v.baseFailed, 0);

        // The timeline says the setup ran, and what it chose.
        auto events = reader->events(id);
        QVERIFY(events.ok());
        QStringList notes;
        for (const store::StoredEvent &e : events->events)
            if (e.event.kind == tasks::TaskEventKind::Note)
                notes.append(e.event.payload.value(QStringLiteral("text")).toString());
        const QString all = notes.join(QLatin1Char('\n'));
        QVERIFY2(all.contains(QStringLiteral("Environment setup started")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("npm ci (package-lock.json at the root)")),
                 qPrintable(all));
        QVERIFY(all.contains(QStringLiteral("copied .env")));
        QVERIFY(all.contains(QStringLiteral("Environment setup of the base checkout finished")));
    }

    void failedSetupStopsAtPreparingKeepingTheWorktree()
    {
        TempRepository repo;
        QVERIFY(repo.isValid());
        repo.writeFile(QStringLiteral(".agentdesk/environment.toml"),
                       "setup = [\"echo preparing\", \"echo broken dependency >&2; exit 3\"]\n"
                       "test = \"true\"\n");
        repo.writeFile(QStringLiteral("README"), "x\n");
        QVERIFY(!repo.commitAll(QStringLiteral("recipe")).isEmpty());

        EngineHarness h;
        QCOMPARE(h.open(), QList<tasks::TaskId>());
        QList<TaskState> states;
        connect(h.engine.get(), &tasks::Engine::taskStateChanged, this,
                [&](tasks::TaskId, TaskState, TaskState to) { states.append(to); });
        tasks::TaskSpec spec = h.spec(repo);
        spec.validationCommand.clear();
        const tasks::TaskId id = h.dispatch(spec);
        QVERIFY(id > 0);
        QCOMPARE(h.waitFinished(id), std::optional<TaskState>(TaskState::Failed));
        QCOMPARE(states, (QList<TaskState>{TaskState::Preparing, TaskState::Failed}));
        auto reader = h.reader();
        auto detail = reader->loadTask(id);
        QVERIFY(detail.ok());
        QVERIFY(QFileInfo(detail->task.worktreePath).isDir());
        const QString reason = detail->task.stateReason;
        QVERIFY2(reason.contains(QStringLiteral("exit 3` exited with code 3")), qPrintable(reason));
        QVERIFY(reason.contains(QStringLiteral("broken dependency")));
        QVERIFY(h.server.requests().isEmpty()); // no agent ran
    }

    void malformedRecipeIsRefusedAtDispatch()
    {
        TempRepository repo;
        QVERIFY(repo.isValid());
        repo.writeFile(QStringLiteral(".agentdesk/environment.toml"),
                       "setup = \"true\"\nport = 2\n");
        repo.writeFile(QStringLiteral("README"), "x\n");
        QVERIFY(!repo.commitAll(QStringLiteral("recipe")).isEmpty());
        EngineHarness h;
        QCOMPARE(h.open(), QList<tasks::TaskId>());
        QString error;
        QCOMPARE(h.dispatch(h.spec(repo), &error), tasks::TaskId(0));
        QVERIFY2(error.contains(QStringLiteral("line 2")), qPrintable(error));
        QVERIFY(error.contains(QStringLiteral("then dispatch again")));
        auto reader = h.reader();
        QVERIFY(reader);
        auto tasks = reader->listTasks();
        QVERIFY(tasks.ok());
        QVERIFY(tasks->isEmpty()); // nothing was created
    }

    void twoTasksAtOnceGetTheirOwnPorts()
    {
        // Each task's setup writes what it sees into a folder both can reach, then waits until
        // the other has too: both hold their ports at the same time. Then it fails, so no
        // agent is needed.
        QTemporaryDir seen;
        QVERIFY(seen.isValid());
        const QString dir = seen.path();
        TempRepository repo;
        QVERIFY(repo.isValid());
        repo.writeFile(QStringLiteral(".agentdesk/environment.toml"),
                       QStringLiteral("setup = \"echo $AGENTDESK_PORT $AGENTDESK_PORTS "
                                      "$CONDUCTOR_PORT > %1/$TASK; i=0; while [ $(ls %1 | wc -l) "
                                      "-lt 2 ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i+1)); "
                                      "done; exit 1\"\n"
                                      "ports = 3\ntest = \"true\"\n[env]\n"
                                      "TASK = \"task${AGENTDESK_TASK_ID}\"\n")
                           .arg(dir)
                           .toUtf8());
        repo.writeFile(QStringLiteral("README"), "x\n");
        QVERIFY(!repo.commitAll(QStringLiteral("recipe")).isEmpty());

        EngineHarness h;
        QCOMPARE(h.open(), QList<tasks::TaskId>());
        tasks::TaskSpec spec = h.spec(repo);
        spec.validationCommand.clear();
        const tasks::TaskId first = h.dispatch(spec);
        spec.title = QStringLiteral("Another");
        const tasks::TaskId second = h.dispatch(spec);
        QVERIFY(first > 0 && second > 0);
        QCOMPARE(h.waitFinished(first), std::optional<TaskState>(TaskState::Failed));
        if (auto reader = h.reader(); reader) {
            auto other = reader->loadTask(second);
            QVERIFY(other.ok());
            if (other->task.state != TaskState::Failed)
                QCOMPARE(h.waitFinished(second), std::optional<TaskState>(TaskState::Failed));
        }

        QList<tasks::PortBlock> blocks;
        for (const tasks::TaskId id : {first, second}) {
            QFile file(QDir(dir).filePath(QStringLiteral("task%1").arg(id)));
            QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
            const QStringList values =
                QString::fromUtf8(file.readAll())
                    .split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
            QCOMPARE(values.size(), 3);
            QCOMPARE(values.at(1), QStringLiteral("3"));
            QCOMPARE(values.at(2), values.at(0)); // CONDUCTOR_PORT is the first port too
            blocks.append(tasks::PortBlock{values.at(0).toInt(), 3});
            QVERIFY(blocks.last().first >= tasks::PortBlocks::kLowest);
        }
        QVERIFY2(!blocks.at(0).overlaps(blocks.at(1)),
                 qPrintable(
                     QStringLiteral("%1 and %2").arg(blocks.at(0).first).arg(blocks.at(1).first)));
        // Released when the tasks stopped.
        QTRY_VERIFY(tasks::PortBlocks::instance().held().isEmpty());
    }

    void theAgentAndTheTestsSeeTheTaskPorts()
    {
        TempRepository repo;
        QVERIFY(repo.isValid());
        repo.writeFile(QStringLiteral(".agentdesk/environment.toml"),
                       "setup = []\nports = 2\ntest = \"echo test-port=$AGENTDESK_PORT\"\n");
        repo.writeFile(QStringLiteral("README"), "x\n");
        QVERIFY(!repo.commitAll(QStringLiteral("recipe")).isEmpty());

        EngineHarness h;
        QCOMPARE(h.open(), QList<tasks::TaskId>());
        h.server.enqueue(
            toolCall(QStringLiteral("tu_1"), QStringLiteral("run_command"),
                     {{QStringLiteral("command"),
                       QStringLiteral("echo agent-port=$AGENTDESK_PORT/$AGENTDESK_PORTS")}},
                     1000, 100));
        h.server.enqueue(toolCall(QStringLiteral("tu_2"), QStringLiteral("write_file"),
                                  {{QStringLiteral("path"), QStringLiteral("NOTES")},
                                   {QStringLiteral("content"), QStringLiteral("n\n")}},
                                  1000, 100));
        h.server.enqueue(toolCall(QStringLiteral("tu_3"), QStringLiteral("finish"),
                                  finishInput(QStringLiteral("Wrote notes.")), 1200, 80));
        h.server.enqueue(toolCall(QStringLiteral("tr_1"), QStringLiteral("submit_review"),
                                  reviewInput(), 3000, 300));
        tasks::TaskSpec spec = h.spec(repo);
        spec.validationCommand.clear();
        const tasks::TaskId id = h.dispatch(spec);
        QVERIFY(id > 0);
        QVERIFY(h.waitFinished(id, 120000).has_value());

        auto reader = h.reader();
        QVERIFY(reader);
        auto events = reader->events(id);
        QVERIFY(events.ok());
        int port = 0;
        for (const store::StoredEvent &e : events->events) {
            const QString text = e.event.payload.value(QStringLiteral("text")).toString();
            const QRegularExpressionMatch m =
                QRegularExpression(QStringLiteral("^Ports (\\d+)-(\\d+) reserved")).match(text);
            if (m.hasMatch()) {
                port = m.captured(1).toInt();
                QCOMPARE(m.captured(2).toInt(), port + 1);
            }
        }
        QVERIFY(port >= tasks::PortBlocks::kLowest);
        // The agent's command ran with them (its output went back to the model)...
        QVERIFY(h.server.requests().size() >= 2);
        const QByteArray toolResult = h.server.requests().at(1).body;
        QVERIFY2(toolResult.contains(QStringLiteral("agent-port=%1/2").arg(port).toUtf8()),
                 toolResult.constData());
        // ...and the tests on the head.
        auto validations = reader->validations(id);
        QVERIFY(validations.ok());
        QCOMPARE(validations->size(), 1);
        QVERIFY2(
            validations->first().outputExcerpt.contains(QStringLiteral("test-port=%1").arg(port)),
            qPrintable(validations->first().outputExcerpt));
        QTRY_VERIFY(tasks::PortBlocks::instance().held().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestEnvironmentEngine)
#include "tst_environmentengine.moc"
