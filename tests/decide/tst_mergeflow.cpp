// The one-action merge on real repositories with real validation runs: land when the base did
// not move; merge the moved base into the task, validate again and land; stop on a failed
// re-validation, a conflict, a dirty base checkout; compare-and-swap races retried, bounded.

#include "DecideFixture.h"
#include "git/GitLibrary.h"
#include "tasks/decide/DecideJson.h"
#include "tasks/decide/MergeFlow.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace agentdesk;
using namespace agentdesk::tasks;
using namespace agentdesk::test;

namespace {

// Passes unless the checked-out tree holds broken.txt; prints cargo's test lines, which the
// validation runner parses.
const char *kValidate =
    "if test -f broken.txt; then echo 'test checks::all ... FAILED'; "
    "echo 'test result: FAILED. 0 passed; 1 failed; 0 ignored;'; exit 101; fi; "
    "echo 'test checks::all ... ok'; echo 'test result: ok. 1 passed; 0 failed; 0 ignored;'";

struct Task
{
    git::TaskWorktree worktree;
    QString head; // validated
};

// main: a.txt, c.txt. One task worktree whose branch edits a.txt (committed, validated).
bool makeTask(TempRepository &repo, Task *task)
{
    if (!repo.writeFile(s("a.txt"), "a1\na2\na3\n") || !repo.writeFile(s("c.txt"), "c\n") ||
        !repo.writeFile(s(".gitignore"), "build/\n") || repo.commitAll(s("base")).isEmpty())
        return false;
    Result<git::Repository> opened = git::Repository::open(repo.path());
    if (!opened)
        return false;
    git::TaskWorktrees worktrees(*opened);
    git::TaskWorktreeSpec spec;
    spec.taskId = s("4");
    spec.title = s("fix a");
    spec.baseCommit = s("main");
    spec.root = repo.scratchPath(s("worktrees"));
    Result<git::TaskWorktree> created = worktrees.create(spec);
    if (!created)
        return false;
    task->worktree = *created;
    if (!writeBytes(task->worktree.path + s("/a.txt"), "a1\nTASK\na3\n"))
        return false;
    task->head = commitIn(repo, task->worktree.path, s("task: fix a"));
    return !task->head.isEmpty();
}

MergeFlowRequest flowRequest(const TempRepository &repo, const Task &task,
                             LandingStrategy strategy = LandingStrategy::Squash)
{
    MergeFlowRequest request;
    request.repositoryPath = repo.path();
    request.baseBranch = s("main");
    request.taskBranch = task.worktree.branch;
    request.worktreePath = task.worktree.path;
    request.validatedCommit = task.head;
    request.validation.command = s(kValidate);
    request.validation.sandbox = false;
    request.validation.timeoutMs = 120000;
    request.strategy = strategy;
    request.message = s("Fix a\n\nThe task's report.\n");
    request.identity = git::Identity{s("Merger"), s("merger@example.invalid")};
    return request;
}

MergeFlowResult run(MergeFlow &flow, const MergeFlowRequest &request)
{
    QSignalSpy finished(&flow, &MergeFlow::finished);
    if (!flow.start(request))
        return {};
    if (!finished.wait(240000) || finished.size() != 1)
        return {};
    return finished.first().first().value<MergeFlowResult>();
}

QString message(const TempRepository &repo, const QString &revision)
{
    return QString::fromUtf8(repo.git({s("log"), s("-1"), s("--format=%B"), revision}).out);
}

} // namespace

class TestMergeFlow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void landsWhenTheBaseDidNotMove_data();
    void landsWhenTheBaseDidNotMove();
    void landsAfterTheBaseMovedWithRevalidation_data();
    void landsAfterTheBaseMovedWithRevalidation();
    void failedRevalidationBlocksTheMerge();
    void conflictStopsWithThePaths();
    void baseMovingDuringValidationIsMergedAndValidatedAgain();
    void compareAndSwapRaceIsRetried();
    void baseThatKeepsMovingStopsTheFlow();
    void staleValidatedCommitIsRefused();
    void dirtyBaseCheckoutStops();
    void cancelDuringValidation();

private:
    git::GitLibrary m_library;
};

void TestMergeFlow::landsWhenTheBaseDidNotMove_data()
{
    QTest::addColumn<int>("strategy");
    QTest::newRow("squash") << int(LandingStrategy::Squash);
    QTest::newRow("merge commit") << int(LandingStrategy::MergeCommit);
    QTest::newRow("fast-forward only") << int(LandingStrategy::FastForwardOnly);
}

void TestMergeFlow::landsWhenTheBaseDidNotMove()
{
    QFETCH(int, strategy);
    TempRepository repo;
    Task task;
    QVERIFY(makeTask(repo, &task));
    const QString oldMain = repo.revParse(s("main"));
    MergeFlow flow;
    QSignalSpy validated(&flow, &MergeFlow::validated);
    QSignalSpy steps(&flow, &MergeFlow::stepChanged);
    const MergeFlowResult result = run(flow, flowRequest(repo, task, LandingStrategy(strategy)));
    QVERIFY2(result.landed, qPrintable(result.errorMessage));
    QCOMPARE(result.attempts, 1);
    QCOMPARE(result.validations, 0);
    QCOMPARE(validated.size(), 0);
    QVERIFY(!steps.isEmpty());
    QCOMPARE(result.landedCommit, task.head);
    QCOMPARE(result.oldBaseId, oldMain);
    QCOMPARE(result.newBaseId, repo.revParse(s("main")));
    QVERIFY(result.mergedBaseIntoBranchCommit.isEmpty());
    QCOMPARE(treeOf(repo, s("main")), treeOf(repo, task.head));
    switch (LandingStrategy(strategy)) {
    case LandingStrategy::Squash:
        QCOMPARE(parentsOf(repo, s("main")), oldMain);
        QCOMPARE(message(repo, s("main")).trimmed(), s("Fix a\n\nThe task's report."));
        break;
    case LandingStrategy::MergeCommit:
        QCOMPARE(parentsOf(repo, s("main")), oldMain + QLatin1Char(' ') + task.head);
        break;
    case LandingStrategy::FastForwardOnly:
        QCOMPARE(repo.revParse(s("main")), task.head);
        break;
    }
    // The user's checkout of main followed, and is clean.
    QCOMPARE(QFileInfo(result.updatedCheckout).canonicalFilePath(),
             QFileInfo(repo.path()).canonicalFilePath());
    QCOMPARE(readBytes(repo.filePath(s("a.txt"))), QByteArray("a1\nTASK\na3\n"));
    QCOMPARE(statusOf(repo, repo.path()), QByteArray());
    QVERIFY(!flow.isRunning());
}

void TestMergeFlow::landsAfterTheBaseMovedWithRevalidation_data()
{
    landsWhenTheBaseDidNotMove_data();
}

void TestMergeFlow::landsAfterTheBaseMovedWithRevalidation()
{
    QFETCH(int, strategy);
    TempRepository repo;
    Task task;
    QVERIFY(makeTask(repo, &task));
    QVERIFY(repo.writeFile(s("c.txt"), "c moved on main\n"));
    const QString movedMain = repo.commitAll(s("main moves"));
    MergeFlow flow;
    QSignalSpy validated(&flow, &MergeFlow::validated);
    QSignalSpy updated(&flow, &MergeFlow::branchUpdated);
    const MergeFlowResult result = run(flow, flowRequest(repo, task, LandingStrategy(strategy)));
    QVERIFY2(result.landed, qPrintable(result.errorMessage));
    QCOMPARE(result.validations, 1);
    QCOMPARE(result.attempts, 1);

    // The base was merged into the task branch, in its worktree, with the right parents...
    const QString merged = result.mergedBaseIntoBranchCommit;
    QCOMPARE(updated.size(), 1);
    QCOMPARE(updated.first().first().toString(), merged);
    QCOMPARE(repo.revParse(task.worktree.branch), merged);
    QCOMPARE(parentsOf(repo, merged), task.head + QLatin1Char(' ') + movedMain);
    QCOMPARE(statusOf(repo, task.worktree.path), QByteArray());
    QCOMPARE(readBytes(task.worktree.path + s("/c.txt")), QByteArray("c moved on main\n"));
    // ...that exact commit was validated, and passed...
    QCOMPARE(validated.size(), 1);
    const ValidationResult validation = validated.first().first().value<ValidationResult>();
    QCOMPARE(validation.commit, merged);
    QVERIFY(validation.passedOverall());
    QCOMPARE(validation.passed(), 1);
    // ...and what landed is exactly its tree.
    QCOMPARE(result.landedCommit, merged);
    QCOMPARE(treeOf(repo, s("main")), treeOf(repo, merged));
    switch (LandingStrategy(strategy)) {
    case LandingStrategy::Squash:
        QCOMPARE(parentsOf(repo, s("main")), movedMain);
        break;
    case LandingStrategy::MergeCommit:
        QCOMPARE(parentsOf(repo, s("main")), movedMain + QLatin1Char(' ') + merged);
        break;
    case LandingStrategy::FastForwardOnly:
        QCOMPARE(repo.revParse(s("main")), merged);
        break;
    }
    QCOMPARE(readBytes(repo.filePath(s("a.txt"))), QByteArray("a1\nTASK\na3\n"));
    QCOMPARE(statusOf(repo, repo.path()), QByteArray());
}

void TestMergeFlow::failedRevalidationBlocksTheMerge()
{
    TempRepository repo;
    Task task;
    QVERIFY(makeTask(repo, &task));
    QVERIFY(repo.writeFile(s("broken.txt"), "main now breaks the task's tests\n"));
    const QString movedMain = repo.commitAll(s("main moves"));
    MergeFlow flow;
    QSignalSpy validated(&flow, &MergeFlow::validated);
    const MergeFlowResult result = run(flow, flowRequest(repo, task));
    QVERIFY(!result.landed);
    QCOMPARE(result.errorCode, s("revalidation-failed"));
    QVERIFY2(result.errorMessage.contains(s("0 passed, 1 failed")),
             qPrintable(result.errorMessage));
    QCOMPARE(repo.revParse(s("main")), movedMain);
    QCOMPARE(validated.size(), 1);
    const ValidationResult validation = validated.first().first().value<ValidationResult>();
    QVERIFY(!validation.passedOverall());
    QCOMPARE(validation.failed(), 1);
    QCOMPARE(validation.commit, result.mergedBaseIntoBranchCommit);
    // The branch keeps the merge (a revision starts from it); nothing else changed.
    QCOMPARE(repo.revParse(task.worktree.branch), result.mergedBaseIntoBranchCommit);
    QCOMPARE(statusOf(repo, repo.path()), QByteArray());
}

void TestMergeFlow::conflictStopsWithThePaths()
{
    TempRepository repo;
    Task task;
    QVERIFY(makeTask(repo, &task));
    QVERIFY(repo.writeFile(s("a.txt"), "a1\nMAIN\na3\n"));
    const QString movedMain = repo.commitAll(s("main edits the same line"));
    MergeFlow flow;
    QSignalSpy validated(&flow, &MergeFlow::validated);
    const MergeFlowResult result = run(flow, flowRequest(repo, task));
    QVERIFY(!result.landed);
    QCOMPARE(result.errorCode, s("merge-conflict"));
    QCOMPARE(result.conflictingPaths, QStringList{s("a.txt")});
    QVERIFY(result.errorMessage.contains(s("a.txt")));
    QCOMPARE(validated.size(), 0);
    QCOMPARE(repo.revParse(s("main")), movedMain);
    QCOMPARE(repo.revParse(task.worktree.branch), task.head);
    QCOMPARE(statusOf(repo, task.worktree.path), QByteArray());
    QCOMPARE(mergeFlowResultToJson(result).value(s("error")).toObject().value(s("code")).toString(),
             s("merge-conflict"));
}

void TestMergeFlow::baseMovingDuringValidationIsMergedAndValidatedAgain()
{
    TempRepository repo;
    Task task;
    QVERIFY(makeTask(repo, &task));
    QVERIFY(checkout(repo, s("elsewhere"), true)); // main is checked out nowhere
    const QString first = commitOnBranch(repo, s("main"), s("one.txt"), "one\n");
    QVERIFY(!first.isEmpty());
    MergeFlow flow;
    QString second;
    QSignalSpy validated(&flow, &MergeFlow::validated);
    connect(&flow, &MergeFlow::branchUpdated, this, [&] {
        if (second.isEmpty())
            second = commitOnBranch(repo, s("main"), s("two.txt"), "two\n");
    });
    const MergeFlowResult result = run(flow, flowRequest(repo, task));
    QVERIFY2(result.landed, qPrintable(result.errorMessage));
    QVERIFY(!second.isEmpty());
    QCOMPARE(result.validations, 2);
    QCOMPARE(validated.size(), 2);
    QCOMPARE(result.attempts, 2);
    const QString merged = result.mergedBaseIntoBranchCommit;
    QCOMPARE(parentsOf(repo, merged).section(QLatin1Char(' '), 1), second);
    QCOMPARE(validated.last().first().value<ValidationResult>().commit, merged);
    QCOMPARE(parentsOf(repo, s("main")), second);
    QCOMPARE(treeOf(repo, s("main")), treeOf(repo, merged));
    QCOMPARE(repo.git({s("show"), s("main:two.txt")}).out, QByteArray("two\n"));
}

void TestMergeFlow::compareAndSwapRaceIsRetried()
{
    TempRepository repo;
    Task task;
    QVERIFY(makeTask(repo, &task));
    QVERIFY(checkout(repo, s("elsewhere"), true));
    MergeFlowRequest request = flowRequest(repo, task);
    QString racer;
    request.beforeBaseUpdate = [&] {
        if (racer.isEmpty())
            racer = commitOnBranch(repo, s("main"), s("racer.txt"), "racer\n");
    };
    MergeFlow flow;
    const MergeFlowResult result = run(flow, request);
    QVERIFY2(result.landed, qPrintable(result.errorMessage));
    QVERIFY(!racer.isEmpty());
    QCOMPARE(result.attempts, 2);
    QCOMPARE(result.validations, 1);
    QCOMPARE(result.oldBaseId, racer);
    QCOMPARE(parentsOf(repo, s("main")), racer);
    QCOMPARE(parentsOf(repo, result.mergedBaseIntoBranchCommit),
             task.head + QLatin1Char(' ') + racer);
    QCOMPARE(treeOf(repo, s("main")), treeOf(repo, result.mergedBaseIntoBranchCommit));
}

void TestMergeFlow::baseThatKeepsMovingStopsTheFlow()
{
    TempRepository repo;
    Task task;
    QVERIFY(makeTask(repo, &task));
    QVERIFY(checkout(repo, s("elsewhere"), true));
    MergeFlowRequest request = flowRequest(repo, task);
    request.maxAttempts = 2;
    QStringList racers;
    request.beforeBaseUpdate = [&] {
        racers << commitOnBranch(repo, s("main"), s("racer%1.txt").arg(racers.size()), "r\n");
    };
    MergeFlow flow;
    const MergeFlowResult result = run(flow, request);
    QVERIFY(!result.landed);
    QCOMPARE(result.errorCode, s("base-kept-moving"));
    QCOMPARE(result.attempts, 2);
    QCOMPARE(racers.size(), 2);
    QCOMPARE(repo.revParse(s("main")), racers.last());
    QVERIFY(result.errorMessage.contains(s("main kept moving")));
}

void TestMergeFlow::staleValidatedCommitIsRefused()
{
    TempRepository repo;
    Task task;
    QVERIFY(makeTask(repo, &task));
    const QString oldMain = repo.revParse(s("main"));
    MergeFlowRequest request = flowRequest(repo, task);
    request.validatedCommit = oldMain;
    MergeFlow flow;
    const MergeFlowResult result = run(flow, request);
    QCOMPARE(result.errorCode, s("validation-stale"));
    QVERIFY(result.errorMessage.contains(task.head.left(7)));
    QCOMPARE(repo.revParse(s("main")), oldMain);
}

void TestMergeFlow::dirtyBaseCheckoutStops()
{
    TempRepository repo;
    Task task;
    QVERIFY(makeTask(repo, &task));
    QVERIFY(repo.writeFile(s("a.txt"), "my unsaved edit\n"));
    const QString oldMain = repo.revParse(s("main"));
    MergeFlow flow;
    const MergeFlowResult result = run(flow, flowRequest(repo, task));
    QCOMPARE(result.errorCode, s("checkout-dirty"));
    QVERIFY(result.errorMessage.contains(s("a.txt")));
    QCOMPARE(repo.revParse(s("main")), oldMain);
    QCOMPARE(readBytes(repo.filePath(s("a.txt"))), QByteArray("my unsaved edit\n"));
}

void TestMergeFlow::cancelDuringValidation()
{
    TempRepository repo;
    Task task;
    QVERIFY(makeTask(repo, &task));
    QVERIFY(checkout(repo, s("elsewhere"), true));
    const QString movedMain = commitOnBranch(repo, s("main"), s("one.txt"), "one\n");
    MergeFlowRequest request = flowRequest(repo, task);
    request.validation.command = s("sleep 120");
    MergeFlow flow;
    connect(&flow, &MergeFlow::stepChanged, this, [&](const QString &step) {
        if (step.startsWith(s("Validating")))
            QTimer::singleShot(0, &flow, [&] { flow.cancel(); });
    });
    const MergeFlowResult result = run(flow, request);
    QCOMPARE(result.errorCode, s("cancelled"));
    QVERIFY(!result.landed);
    QCOMPARE(repo.revParse(s("main")), movedMain);
}

QTEST_GUILESS_MAIN(TestMergeFlow)
#include "tst_mergeflow.moc"
