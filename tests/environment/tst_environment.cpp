#include "TempRepository.h"
#include "TestProcess.h"
#include "git/GitLibrary.h"
#include "git/IgnoredFiles.h"
#include "tasks/environment/EnvironmentPlan.h"
#include "tasks/environment/EnvironmentRecipe.h"
#include "tasks/environment/EnvironmentSetup.h"
#include "tasks/environment/PortBlocks.h"
#include "tasks/environment/WorktreeInclude.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <optional>

using namespace agentdesk;
using namespace agentdesk::tasks;
using agentdesk::test::TempRepository;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool write(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

// Runs the plan's commands in `directory` as the engine will: /bin/sh -c, one after another.
// npm is kept offline so the test never reaches a registry.
test::ProcessOutput runSetup(const EnvironmentPlan &plan, const QString &directory)
{
    test::ProcessOutput last;
    for (const QString &command : plan.setup) {
        last = test::runProcess(s("/bin/sh"),
                                {s("-c"), s("npm_config_offline=true npm_config_audit=false "
                                            "npm_config_fund=false ") +
                                              command},
                                directory);
        if (!last.ok())
            return last;
    }
    return last;
}

} // namespace

class TestEnvironment : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void patternsFollowGitignoreRules_data();
    void patternsFollowGitignoreRules();
    void copiesOnlyIgnoredMatchingFiles();
    void ignoredPathsListsFoldersOnce();
    void copiesNeverThroughALinkedFolder();
    void setupRefusesInputsTheAgentChanged();
    void detectsThePlanFromLockfiles();
    void notesALockfileWhoseToolIsMissing();
    void detectsAPythonProject();
    void parsesARecipe();
    void malformedRecipesNameTheirLine_data();
    void malformedRecipesNameTheirLine();
    void npmProjectRunsItsDevDependencyInAFreshWorktree();
    void portBlocksNeverOverlapAndSkipPortsInUse();
    void setupGetsTheTaskPortsAndRecipeVariables();
    void cacheRunsTheSetupOncePerKeyAndCopies();

private:
    git::GitLibrary m_library;
};

void TestEnvironment::patternsFollowGitignoreRules_data()
{
    QTest::addColumn<QStringList>("patterns");
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("selected");
    QTest::newRow("name at any level") << QStringList{s(".env")} << s("app/.env") << true;
    QTest::newRow("star") << QStringList{s(".env*")} << s(".env.local") << true;
    QTest::newRow("star stays in a folder")
        << QStringList{s("config/*.json")} << s("config/sub/a.json") << false;
    QTest::newRow("anchored") << QStringList{s("/secrets.txt")} << s("sub/secrets.txt") << false;
    QTest::newRow("anchored at root") << QStringList{s("/secrets.txt")} << s("secrets.txt") << true;
    QTest::newRow("double star") << QStringList{s("**/keys/*.pem")} << s("a/b/keys/x.pem") << true;
    QTest::newRow("folder selects contents")
        << QStringList{s("local/")} << s("local/a/b.txt") << true;
    QTest::newRow("folder-only rule skips files")
        << QStringList{s("local/")} << s("local") << false;
    QTest::newRow("negation wins last")
        << QStringList{s(".env*"), s("!.env.example")} << s(".env.example") << false;
    QTest::newRow("comment") << QStringList{s("# .env")} << s(".env") << false;
    QTest::newRow("question mark") << QStringList{s("db?.sqlite")} << s("db1.sqlite") << true;
    QTest::newRow("character class")
        << QStringList{s("db[0-9].sqlite")} << s("dbx.sqlite") << false;
}

void TestEnvironment::patternsFollowGitignoreRules()
{
    QFETCH(QStringList, patterns);
    QFETCH(QString, path);
    QFETCH(bool, selected);
    QCOMPARE(WorktreeInclude::matches(patterns, path), selected);
}

void TestEnvironment::copiesOnlyIgnoredMatchingFiles()
{
    TempRepository repo;
    QVERIFY(repo.isValid());
    QVERIFY(repo.writeFile(s(".gitignore"), "node_modules/\n.env\nsecrets/\ntracked.cfg\n"));
    QVERIFY(repo.writeFile(s("tracked.cfg"), "tracked\n"));
    QVERIFY(repo.writeFile(s(".worktreeinclude"), ".env\ntracked.cfg\nnotes.txt\nsecrets/*.key\n"));
    QVERIFY(repo.git({s("add"), s("-f"), s(".gitignore"), s(".worktreeinclude"), s("tracked.cfg")})
                .ok());
    QVERIFY(repo.git({s("commit"), s("-m"), s("init")}).ok());
    QVERIFY(repo.writeFile(s(".env"), "TOKEN=local\n"));
    QVERIFY(repo.writeFile(s("tracked.cfg"), "changed locally\n"));
    QVERIFY(repo.writeFile(s("notes.txt"), "untracked but not ignored\n"));
    QVERIFY(repo.writeFile(s("secrets/app.key"), "key\n", true));
    QVERIFY(repo.writeFile(s("secrets/other.txt"), "not selected\n"));
    QVERIFY(repo.writeFile(s("node_modules/x/index.js"), "module.exports = 1;\n"));

    const QString worktree = repo.scratchPath(s("wt"));
    QVERIFY(repo.git({s("worktree"), s("add"), s("-b"), s("task"), worktree}).ok());

    Result<WorktreeInclude::Copied> copied =
        WorktreeInclude::copy(repo.path(), worktree, {s("node_modules/x/*.js")});
    QVERIFY2(copied.ok(), qPrintable(copied.errorMessage()));
    QCOMPARE(copied->files,
             (QStringList{s(".env"), s("node_modules/x/index.js"), s("secrets/app.key")}));
    QCOMPARE(readAll(worktree + s("/.env")), QByteArray("TOKEN=local\n"));
    QVERIFY(!QFileInfo(worktree + s("/.env")).isSymLink());
    QVERIFY(QFileInfo(worktree + s("/secrets/app.key")).isExecutable());
    // The tracked file keeps its committed content; the untracked, non-ignored one stays out.
    QCOMPARE(readAll(worktree + s("/tracked.cfg")), QByteArray("tracked\n"));
    QVERIFY(!QFileInfo::exists(worktree + s("/notes.txt")));
    QVERIFY(!QFileInfo::exists(worktree + s("/secrets/other.txt")));

    // Not a git work tree: a clear error, nothing copied.
    QTemporaryDir plain;
    QVERIFY(write(plain.path() + s("/.worktreeinclude"), ".env\n"));
    Result<WorktreeInclude::Copied> refused = WorktreeInclude::copy(plain.path(), worktree);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.errorCode(), s("status-failed"));
}

void TestEnvironment::copiesNeverThroughALinkedFolder()
{
    // The agent committed `secrets -> <outside>`: copying secrets/app.key into that checkout
    // must not write (or delete) anything outside it.
    TempRepository repo;
    QVERIFY(repo.isValid());
    QVERIFY(repo.writeFile(s(".gitignore"), "secrets/\n"));
    QVERIFY(repo.writeFile(s(".worktreeinclude"), "secrets/*.key\n"));
    QVERIFY(repo.git({s("add"), s(".gitignore"), s(".worktreeinclude")}).ok());
    QVERIFY(repo.git({s("commit"), s("-m"), s("init")}).ok());
    QVERIFY(repo.writeFile(s("secrets/app.key"), "key\n"));
    const QString worktree = repo.scratchPath(s("wt"));
    QVERIFY(repo.git({s("worktree"), s("add"), s("-b"), s("task"), worktree}).ok());
    QTemporaryDir outside;
    QVERIFY(write(outside.path() + s("/app.key"), "the user's own\n"));
    QVERIFY(QFile::link(outside.path(), worktree + s("/secrets")));

    Result<WorktreeInclude::Copied> copied = WorktreeInclude::copy(repo.path(), worktree);
    QVERIFY2(copied.ok(), qPrintable(copied.errorMessage()));
    QVERIFY(copied->files.isEmpty());
    QCOMPARE(readAll(outside.path() + s("/app.key")), QByteArray("the user's own\n"));
    QVERIFY(copied->notes.join(QLatin1Char('\n')).contains(s("symbolic link")));
}

void TestEnvironment::setupRefusesInputsTheAgentChanged()
{
    // Setup runs outside the sandbox: in a checkout whose package.json the agent changed, it
    // is not run at all; the recipe always comes from the user's checkout.
    QTemporaryDir user;
    QTemporaryDir checkout;
    QVERIFY(write(user.path() + s("/.agentdesk/environment.toml"), "setup = \"touch ran\"\n"));
    QVERIFY(write(checkout.path() + s("/.agentdesk/environment.toml"), "setup = \"touch evil\"\n"));
    const auto prepare = [&](const QStringList &changed) {
        EnvironmentSetup setup;
        EnvironmentSetup::Request request;
        request.sourceCheckout = user.path();
        request.directory = checkout.path();
        request.changedPaths = changed;
        std::optional<SetupOutcome> outcome;
        setup.start(request, [&](const SetupOutcome &done) { outcome = done; });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 60000); }();
        return outcome.value_or(SetupOutcome{});
    };
    const SetupOutcome refused = prepare({s("src/app.js"), s("package.json")});
    QVERIFY(!refused.ok);
    QVERIFY2(refused.error.contains(s("package.json")), qPrintable(refused.error));
    QVERIFY(!QFileInfo::exists(checkout.path() + s("/ran")));

    const SetupOutcome ran = prepare({s("src/app.js")});
    QVERIFY2(ran.ok, qPrintable(ran.error));
    QVERIFY(QFileInfo::exists(checkout.path() + s("/ran")));
    QVERIFY(!QFileInfo::exists(checkout.path() + s("/evil")));
    QVERIFY(EnvironmentSetup::isSetupInput(s("web/requirements-dev.txt")));
    QVERIFY(!EnvironmentSetup::isSetupInput(s("src/package.js")));
}

void TestEnvironment::ignoredPathsListsFoldersOnce()
{
    TempRepository repo;
    QVERIFY(repo.writeFile(s(".gitignore"), "build/\n*.log\n"));
    QVERIFY(repo.writeFile(s("a.txt"), "a\n"));
    QVERIFY(!repo.commitAll(s("init")).isEmpty());
    QVERIFY(repo.writeFile(s("build/x/y.o"), "o"));
    QVERIFY(repo.writeFile(s("run.log"), "log"));
    QVERIFY(repo.writeFile(s("new.txt"), "untracked"));
    Result<QStringList> paths = git::ignoredPaths(repo.path());
    QVERIFY(paths.ok());
    QCOMPARE(*paths, (QStringList{s("build/"), s("run.log")}));
}

void TestEnvironment::detectsThePlanFromLockfiles()
{
    if (QStandardPaths::findExecutable(s("npm")).isEmpty())
        QSKIP("npm is not installed (scripts/setup installs it)");
    QTemporaryDir dir;
    QVERIFY(write(dir.path() + s("/package.json"), "{}"));
    EnvironmentPlan none = EnvironmentPlan::detect(dir.path());
    QCOMPARE(none.kind, s("none"));
    QVERIFY(none.isEmpty());
    QVERIFY(write(dir.path() + s("/package-lock.json"), "{}"));
    QVERIFY(write(dir.path() + s("/yarn.lock"), ""));
    EnvironmentPlan npm = EnvironmentPlan::detect(dir.path());
    QCOMPARE(npm.kind, s("npm"));
    QCOMPARE(npm.setup, QStringList{s("npm ci")});
    QCOMPARE(npm.reason, s("package-lock.json at the root"));
    QCOMPARE(npm.summary(), s("npm ci (package-lock.json at the root)"));
    QCOMPARE(npm.cachePaths, QStringList{s("node_modules")});
    QCOMPARE(npm.cacheKeyFiles, (QStringList{s("package-lock.json"), s("package.json")}));
    // An install that runs the project's own scripts makes more than node_modules: not cached.
    QVERIFY(write(dir.path() + s("/package.json"), "{\"scripts\":{\"prepare\":\"tsc\"}}"));
    QVERIFY(EnvironmentPlan::detect(dir.path()).cachePaths.isEmpty());
    // A workspace has node_modules in its packages too: not cached.
    QVERIFY(write(dir.path() + s("/package.json"), "{\"workspaces\":[\"packages/*\"]}"));
    QVERIFY(EnvironmentPlan::detect(dir.path()).cachePaths.isEmpty());
}

void TestEnvironment::notesALockfileWhoseToolIsMissing()
{
    QTemporaryDir dir;
    QTemporaryDir emptyPath;
    QVERIFY(write(dir.path() + s("/yarn.lock"), ""));
    QVERIFY(write(dir.path() + s("/pnpm-lock.yaml"), ""));
    // A PATH with no tools on it: neither pnpm nor yarn nor python3 is found.
    EnvironmentPlan plan = EnvironmentPlan::detect(dir.path(), emptyPath.path());
    QCOMPARE(plan.kind, s("none"));
    QVERIFY(plan.isEmpty());
    QCOMPARE(plan.notes, (QStringList{s("pnpm-lock.yaml at the root, but pnpm is not installed"),
                                      s("yarn.lock at the root, but yarn is not installed")}));
    QVERIFY(plan.summary().contains(s("yarn is not installed")));

    // A fake yarn on the PATH is chosen.
    QVERIFY(write(emptyPath.path() + s("/yarn"), "#!/bin/sh\n"));
    QVERIFY(QFile::setPermissions(emptyPath.path() + s("/yarn"),
                                  QFileDevice::ReadOwner | QFileDevice::ExeOwner));
    EnvironmentPlan yarn = EnvironmentPlan::detect(dir.path(), emptyPath.path());
    QCOMPARE(yarn.kind, s("yarn"));
    QCOMPARE(yarn.setup, QStringList{s("yarn install --frozen-lockfile")});
    QCOMPARE(yarn.notes, QStringList{s("pnpm-lock.yaml at the root, but pnpm is not installed")});
}

void TestEnvironment::detectsAPythonProject()
{
    if (QStandardPaths::findExecutable(s("python3")).isEmpty())
        QSKIP("python3 is not installed");
    QTemporaryDir dir;
    QVERIFY(write(dir.path() + s("/requirements.txt"), "\n"));
    QVERIFY(write(dir.path() + s("/requirements-dev.txt"), "\n"));
    EnvironmentPlan plan = EnvironmentPlan::detect(dir.path());
    QCOMPARE(plan.kind, s("python"));
    QCOMPARE(plan.setup.size(), 2);
    QCOMPARE(plan.setup.first(), s("python3 -m venv --system-site-packages .venv"));
    QCOMPARE(plan.setup.last(), s(".venv/bin/python -m pip install -r 'requirements-dev.txt' -r "
                                  "'requirements.txt'"));
    QCOMPARE(plan.reason, s("requirements-dev.txt, requirements.txt at the root"));
}

void TestEnvironment::parsesARecipe()
{
    Result<EnvironmentRecipe> recipe = EnvironmentRecipe::parse(R"(
setup = ["npm ci", "npm run build"]
test = "npm test -- --run"
ports = 3
include = ".env.local"
[env]
DATABASE = "app_${AGENTDESK_TASK_ID}"
URL = "http://localhost:${AGENTDESK_PORT}/"
)");
    QVERIFY2(recipe.ok(), qPrintable(recipe.errorMessage()));
    QCOMPARE(*recipe->setup, (QStringList{s("npm ci"), s("npm run build")}));
    QCOMPARE(recipe->test, s("npm test -- --run"));
    QCOMPARE(recipe->ports, 3);
    QCOMPARE(recipe->include, QStringList{s(".env.local")});
    const auto env = recipe->environment(s("42"), 41000);
    QCOMPARE(env.size(), 2);
    QCOMPARE(env.at(0).first, s("DATABASE"));
    QCOMPARE(env.at(0).second, s("app_42"));
    QCOMPARE(env.at(1).second, s("http://localhost:41000/"));

    Result<EnvironmentRecipe> single = EnvironmentRecipe::parse("setup = \"make deps\"\n");
    QVERIFY(single.ok());
    QCOMPARE(*single->setup, QStringList{s("make deps")});
    QCOMPARE(single->ports, 0);
    Result<EnvironmentRecipe> empty = EnvironmentRecipe::parse("");
    QVERIFY(empty.ok());
    QVERIFY(!empty->setup.has_value());

    TempRepository repo;
    QVERIFY(repo.writeFile(s(".agentdesk/environment.toml"), "ports = 1\n"));
    auto loaded = EnvironmentRecipe::load(repo.path());
    QVERIFY(loaded.ok());
    QVERIFY(loaded->has_value());
    QCOMPARE((*loaded)->ports, 1);
    QTemporaryDir none;
    auto absent = EnvironmentRecipe::load(none.path());
    QVERIFY(absent.ok());
    QVERIFY(!absent->has_value());
}

void TestEnvironment::malformedRecipesNameTheirLine_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("syntax") << QByteArray("setup = \"npm ci\"\n\nports = = 2\n")
                            << s(".agentdesk/environment.toml line 3: not valid TOML");
    QTest::newRow("ports type") << QByteArray("test = \"x\"\nports = \"two\"\n")
                                << s(".agentdesk/environment.toml line 2: ports must be a whole "
                                     "number from 0 to 100");
    QTest::newRow("unknown key") << QByteArray("setpu = \"npm ci\"\n")
                                 << s(".agentdesk/environment.toml line 1: unknown key setpu");
    QTest::newRow("setup list") << QByteArray("setup = [\n  \"a\",\n  3,\n]\n")
                                << s(".agentdesk/environment.toml line 3: setup must be a string "
                                     "or a list of strings");
    QTest::newRow("env value") << QByteArray("[env]\nA = 1\n")
                               << s(".agentdesk/environment.toml line 2: env: A must be a string");
    QTest::newRow("cache outside") << QByteArray("[cache]\npaths = [\"../x\"]\nkey = [\"a\"]\n")
                                   << s(".agentdesk/environment.toml line 2: cache.paths: ../x is "
                                        "not a path inside the checkout");
    QTest::newRow("cache git")
        << QByteArray("[cache]\npaths = [\".git/hooks\"]\nkey = [\"a\"]\n")
        << s(".agentdesk/environment.toml line 2: cache.paths: .git/hooks is not a path "
             "inside the checkout");
    QTest::newRow("cache keyless") << QByteArray("[cache]\npaths = [\"out\"]\n")
                                   << s(".agentdesk/environment.toml line 1: cache needs a key");
}

void TestEnvironment::malformedRecipesNameTheirLine()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    Result<EnvironmentRecipe> recipe = EnvironmentRecipe::parse(text);
    QVERIFY(!recipe.ok());
    QCOMPARE(recipe.errorCode(), s("recipe-invalid"));
    QVERIFY2(recipe.errorMessage().startsWith(expected), qPrintable(recipe.errorMessage()));
}

// The issue's picture without the engine: an npm project whose test script runs a bin from
// its devDependency (a local file: package, so no registry) and reads a value from the ignored
// .env. A fresh worktree has neither; the .worktreeinclude copy and the detected `npm ci` give
// it both, and the test command then passes there.
void TestEnvironment::npmProjectRunsItsDevDependencyInAFreshWorktree()
{
    if (QStandardPaths::findExecutable(s("npm")).isEmpty())
        QSKIP("npm is not installed (scripts/setup installs it)");
    TempRepository repo;
    QVERIFY(repo.isValid());
    QVERIFY(repo.writeFile(
        s("tools/runner/package.json"),
        R"({"name":"tiny-runner","version":"1.0.0","bin":{"tiny-runner":"bin.js"}})"));
    QVERIFY(repo.writeFile(s("tools/runner/bin.js"),
                           "#!/usr/bin/env node\n"
                           "const fs = require('fs');\n"
                           "const env = fs.readFileSync('.env', 'utf8');\n"
                           "if (!/GREETING=hello/.test(env)) { console.log('1 failed'); "
                           "process.exit(1); }\n"
                           "console.log('1 passed');\n",
                           true));
    QVERIFY(repo.writeFile(s("package.json"),
                           R"({"name":"app","version":"1.0.0","private":true,)"
                           R"("scripts":{"test":"tiny-runner"},)"
                           R"("devDependencies":{"tiny-runner":"file:tools/runner"}})"));
    QVERIFY(repo.writeFile(s(".gitignore"), "node_modules/\n.env\n"));
    QVERIFY(repo.writeFile(s(".worktreeinclude"), ".env\n"));
    QVERIFY(repo.writeFile(s(".env"), "GREETING=hello\n"));
    const test::ProcessOutput install = test::runProcess(
        s("npm"), {s("install"), s("--offline"), s("--no-audit"), s("--no-fund")}, repo.path());
    QVERIFY2(install.ok(), install.err.constData());
    QVERIFY(QFileInfo::exists(repo.filePath(s("package-lock.json"))));
    QVERIFY(!repo.commitAll(s("app with a local test runner")).isEmpty());

    const QString worktree = repo.scratchPath(s("task"));
    QVERIFY(repo.git({s("worktree"), s("add"), s("-b"), s("task"), worktree}).ok());
    // Bare, the checkout fails as the issue describes: the runner's bin is not there.
    const test::ProcessOutput bare = test::runProcess(s("npm"), {s("test")}, worktree);
    QVERIFY(!bare.ok());

    Result<WorktreeInclude::Copied> copied = WorktreeInclude::copy(repo.path(), worktree);
    QVERIFY(copied.ok());
    QCOMPARE(copied->files, QStringList{s(".env")});
    const EnvironmentPlan plan = EnvironmentPlan::detect(worktree);
    QCOMPARE(plan.setup, QStringList{s("npm ci")});
    QElapsedTimer timer;
    timer.start();
    const test::ProcessOutput setup = runSetup(plan, worktree);
    QVERIFY2(setup.ok(), setup.err.constData());
    qInfo("npm ci (offline, one file: devDependency) took %lld ms", timer.elapsed());
    const test::ProcessOutput tests = test::runProcess(s("npm"), {s("test")}, worktree);
    QVERIFY2(tests.ok(), tests.out.constData());
    QVERIFY(tests.out.contains("1 passed"));
}

void TestEnvironment::portBlocksNeverOverlapAndSkipPortsInUse()
{
    PortBlocks &blocks = PortBlocks::instance();
    Result<PortBlock> a = blocks.reserve(s("ports-a"), 3);
    Result<PortBlock> b = blocks.reserve(s("ports-b"), 3);
    QVERIFY2(a.ok(), qPrintable(a.errorMessage()));
    QVERIFY2(b.ok(), qPrintable(b.errorMessage()));
    QCOMPARE(a->count, 3);
    QVERIFY(a->first >= PortBlocks::kLowest && a->first + a->count - 1 <= PortBlocks::kHighest);
    QVERIFY2(!a->overlaps(*b), qPrintable(QStringLiteral("%1 and %2").arg(a->first).arg(b->first)));
    // The same owner keeps its block (a task's validations use the task's ports).
    Result<PortBlock> again = blocks.reserve(s("ports-a"), 3);
    QVERIFY(again.ok());
    QCOMPARE(again->first, a->first);

    // A port something listens on is not bindable, so no block is handed out over it.
    QTcpServer listener;
    QVERIFY(listener.listen(QHostAddress::AnyIPv4, 0));
    QVERIFY(!PortBlocks::canBind(listener.serverPort()));
    QTcpServer onBlock;
    QVERIFY(onBlock.listen(QHostAddress::AnyIPv4, quint16(b->first + 1)));
    QVERIFY(!PortBlocks::canBind(b->first + 1));

    blocks.release(s("ports-a"));
    blocks.release(s("ports-b"));
    QVERIFY(blocks.heldBy(s("ports-a")).isEmpty());
    // Many blocks after another never include the occupied port.
    QStringList owners;
    for (int i = 0; i < 40; ++i) {
        const QString owner = s("many-%1").arg(i);
        Result<PortBlock> block = blocks.reserve(owner, 3);
        QVERIFY(block.ok());
        QVERIFY(!block->contains(listener.serverPort()));
        QVERIFY(!block->contains(b->first + 1));
        owners.append(owner);
    }
    const QList<PortBlock> held = blocks.held();
    for (int i = 0; i < held.size(); ++i)
        for (int j = i + 1; j < held.size(); ++j)
            QVERIFY(!held.at(i).overlaps(held.at(j)));
    for (const QString &owner : owners)
        blocks.release(owner);
    QVERIFY(blocks.held().isEmpty());

    Result<PortBlock> none = blocks.reserve(s("ports-c"), 0);
    QVERIFY(!none.ok());
    QCOMPARE(none.error().code, s("ports-invalid"));
    {
        PortLease lease(s("leased"), *blocks.reserve(s("leased"), 2));
        QCOMPARE(blocks.heldBy(s("leased")).count, 2);
    }
    QVERIFY(blocks.heldBy(s("leased")).isEmpty()); // released with the lease
}

void TestEnvironment::setupGetsTheTaskPortsAndRecipeVariables()
{
    QTemporaryDir user;
    QTemporaryDir checkout;
    QVERIFY(write(user.filePath(s(".agentdesk/environment.toml")),
                  "setup = \"echo $AGENTDESK_PORT $AGENTDESK_PORTS $CONDUCTOR_PORT $DB > seen\"\n"
                  "ports = 2\n"
                  "[env]\n"
                  "DB = \"app_${AGENTDESK_TASK_ID}_${AGENTDESK_PORT}\"\n"));
    EnvironmentSetup setup;
    EnvironmentSetup::Request request;
    request.sourceCheckout = user.path();
    request.directory = checkout.path();
    request.taskId = s("7");
    request.ports = PortBlock{24100, 2};
    std::optional<SetupOutcome> outcome;
    setup.start(request, [&](const SetupOutcome &done) { outcome = done; });
    QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 30000);
    QVERIFY2(outcome->ok, qPrintable(outcome->error));
    QCOMPARE(readAll(checkout.filePath(s("seen"))).trimmed(),
             QByteArray("24100 2 24100 app_7_24100"));
    // The tests run with the same variables.
    QStringList names;
    for (const auto &[name, value] : outcome->variables)
        names.append(name + QLatin1Char('=') + value);
    QCOMPARE(names, (QStringList{s("AGENTDESK_PORT=24100"), s("AGENTDESK_PORTS=2"),
                                 s("CONDUCTOR_PORT=24100"), s("DB=app_7_24100")}));
}

namespace {

std::optional<SetupOutcome> runSetup(const EnvironmentSetup::Request &request)
{
    EnvironmentSetup setup;
    std::optional<SetupOutcome> outcome;
    setup.start(request, [&](const SetupOutcome &done) { outcome = done; });
    if (!QTest::qWaitFor([&] { return outcome.has_value(); }, 60000))
        return std::nullopt;
    return outcome;
}

int lineCount(const QString &path)
{
    return int(readAll(path).count('\n'));
}

} // namespace

void TestEnvironment::cacheRunsTheSetupOncePerKeyAndCopies()
{
    QTemporaryDir user;
    QTemporaryDir work;
    const QString counter = work.filePath(s("setups-run"));
    const QString cacheRoot = work.filePath(s("cache"));
    QVERIFY(write(user.filePath(s(".agentdesk/environment.toml")),
                  QStringLiteral("setup = \"echo ran >> %1; mkdir -p out/deep && echo built > "
                                 "out/deep/file\"\n"
                                 "[cache]\npaths = [\"out\"]\nkey = [\"lock.txt\"]\n")
                      .arg(counter)
                      .toUtf8()));
    auto checkout = [&](const QString &name, const QByteArray &lock) {
        const QString path = work.filePath(name);
        QDir().mkpath(path);
        write(path + s("/lock.txt"), lock);
        EnvironmentSetup::Request request;
        request.sourceCheckout = user.path();
        request.directory = path;
        request.taskId = name;
        request.cacheRoot = cacheRoot;
        return request;
    };

    const auto first = runSetup(checkout(s("a"), "v1"));
    QVERIFY(first && first->ok);
    QCOMPARE(first->cache, s("miss"));
    QCOMPARE(lineCount(counter), 1);
    const QString cacheDir = EnvironmentSetup::cacheDirectory(checkout(s("a"), "v1"), first->plan);
    QVERIFY2(QFileInfo::exists(cacheDir + s("/complete")), qPrintable(cacheDir));
    QCOMPARE(readAll(cacheDir + s("/tree/out/deep/file")), QByteArray("built\n"));

    // Same key: restored, the setup does not run again.
    const auto second = runSetup(checkout(s("b"), "v1"));
    QVERIFY(second && second->ok);
    QCOMPARE(second->cache, s("hit"));
    QCOMPARE(lineCount(counter), 1);
    const QString restored = work.filePath(s("b/out/deep/file"));
    QCOMPARE(readAll(restored), QByteArray("built\n"));
    QVERIFY2(second->notes.join(s("; ")).contains(s("taken from the cache")),
             qPrintable(second->notes.join(s("; "))));
    // A copy, not a link: changing it changes neither the cache nor the other checkout.
    QVERIFY(write(restored, "changed by task b\n"));
    QCOMPARE(readAll(cacheDir + s("/tree/out/deep/file")), QByteArray("built\n"));
    QCOMPARE(readAll(work.filePath(s("a/out/deep/file"))), QByteArray("built\n"));

    // Another lockfile: another key, a real setup.
    const auto third = runSetup(checkout(s("c"), "v2"));
    QVERIFY(third && third->ok);
    QCOMPARE(third->cache, s("miss"));
    QCOMPARE(lineCount(counter), 2);

    // A tree the agent changed never fills the cache.
    EnvironmentSetup::Request touched = checkout(s("e"), "v3");
    touched.changedPaths = {s("src/x.js")};
    const auto fifth = runSetup(touched);
    QVERIFY(fifth && fifth->ok);
    QCOMPARE(fifth->cache, s("miss"));
    QVERIFY(!QFileInfo::exists(EnvironmentSetup::cacheDirectory(touched, fifth->plan)));

    // Without a cache folder nothing is cached.
    EnvironmentSetup::Request plain = checkout(s("d"), "v1");
    plain.cacheRoot.clear();
    const auto fourth = runSetup(plain);
    QVERIFY(fourth && fourth->ok);
    QCOMPARE(fourth->cache, s("none"));
    QCOMPARE(lineCount(counter), 4);

    // The agent changed a file under a cache path: its copy is validated, never the cache's.
    EnvironmentSetup::Request vendored = checkout(s("h"), "v1");
    QVERIFY(write(work.filePath(s("h/out/deep/file")), "the agent's\n"));
    vendored.changedPaths = {s("out/deep/file")};
    const auto seventh = runSetup(vendored);
    QVERIFY(seventh && seventh->ok);
    QCOMPARE(seventh->cache, s("none"));
    QCOMPARE(lineCount(counter), 5); // the setup ran instead
    QVERIFY(seventh->notes.join(s("; ")).contains(s("the task changed out/deep/file")));

    // A cache path below a folder the checkout links elsewhere is never removed or written
    // through the link.
    QTemporaryDir outside;
    QVERIFY(write(outside.filePath(s("out/keep")), "mine\n"));
    QVERIFY(write(user.filePath(s(".agentdesk/environment.toml")),
                  "setup = \"true\"\n[cache]\npaths = [\"web/out\"]\nkey = [\"lock.txt\"]\n"));
    EnvironmentSetup::Request linked = checkout(s("g"), "v1");
    QVERIFY(QFile::link(outside.path(), work.filePath(s("g/web"))));
    const auto sixth = runSetup(linked);
    QVERIFY(sixth && sixth->ok);
    QCOMPARE(sixth->cache, s("none"));
    QVERIFY2(sixth->notes.join(s("; ")).contains(s("symbolic link")),
             qPrintable(sixth->notes.join(s("; "))));
    QCOMPARE(readAll(outside.filePath(s("out/keep"))), QByteArray("mine\n"));
}

QTEST_GUILESS_MAIN(TestEnvironment)
#include "tst_environment.moc"
