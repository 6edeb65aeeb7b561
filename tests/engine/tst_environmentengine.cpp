#include "EngineHarness.h"
#include "git/GitLibrary.h"

#include <QFile>
#include <QStandardPaths>

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
};

QTEST_GUILESS_MAIN(TestEnvironmentEngine)
#include "tst_environmentengine.moc"
