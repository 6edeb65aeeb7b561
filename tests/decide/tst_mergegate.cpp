// The merge gate: every reason with its exact text (a pure table over GateInputs), and the
// facts gathered from real repositories (probeGate) checked against the git command line.

#include "DecideFixture.h"
#include "git/GitLibrary.h"
#include "git/MergeEngine.h"
#include "tasks/decide/DecideJson.h"
#include "tasks/decide/GateEvaluator.h"

#include <QJsonArray>
#include <QTest>

using namespace agentdesk;
using namespace agentdesk::tasks;
using namespace agentdesk::test;

namespace {

const QString kHead = s("5d6e7f8aa11bb22cc33dd44ee55ff66778899aab");
const QString kOld = s("1a2b3c4dd11bb22cc33dd44ee55ff66778899aab");

store::ValidationRecord passing(const QString &commit)
{
    store::ValidationRecord v;
    v.commit = commit;
    v.exitCode = 0;
    v.passed = 12;
    return v;
}

store::FindingRecord finding(qint64 id, int priority, const QString &title, const QString &file,
                             int line)
{
    store::FindingRecord f;
    f.id = id;
    f.priority = priority;
    f.title = title;
    f.file = file;
    f.startLine = line;
    return f;
}

// A task that may merge: ready, validated on its head, nothing in the way.
GateInputs goodInputs()
{
    GateInputs in;
    in.state = TaskState::ReadyForReview;
    in.branch = s("agentdesk/4-fix");
    in.branchHead = kHead;
    in.baseBranch = s("main");
    in.baseHead = kOld;
    in.ahead = 1;
    in.latestValidation = passing(kHead);
    return in;
}

using Kinds = QList<GateReason::Kind>;

} // namespace

Q_DECLARE_METATYPE(agentdesk::tasks::GateInputs)

class TestMergeGate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void evaluate_data();
    void evaluate();
    void everyReasonAtOnceInOrder();
    void blockingFindingsCarryIds();
    void probeAllowsACleanTask();
    void probeSeesConflictDirtyAndIgnoredPaths();
    void probeStaleValidationAndMissingBase();
    void probeMissingBranchIsAnError();
    void linksLeavingTheRepositoryBlockUntilAcknowledged();
    void leavesRepositoryRule_data();
    void leavesRepositoryRule();
    void jsonForm();

private:
    git::GitLibrary m_library;
};

void TestMergeGate::evaluate_data()
{
    QTest::addColumn<GateInputs>("inputs");
    QTest::addColumn<bool>("allowed");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("paths");

    const auto row = [](const char *name, const GateInputs &in, GateReason::Kind kind,
                        const char *text, const QStringList &paths = {}) {
        QTest::newRow(name) << in << false << int(kind) << QString::fromUtf8(text) << paths;
    };
    QTest::newRow("allowed") << goodInputs() << true << -1 << QString() << QStringList();

    GateInputs in = goodInputs();
    in.state = TaskState::Implementing;
    row("still implementing", in, GateReason::Kind::NotReady,
        "The task is still running (implementing): wait until it is ready for review.");
    in.state = TaskState::Merged;
    row("already merged", in, GateReason::Kind::NotReady, "The task is already merged.");
    in.state = TaskState::Rejected;
    row("rejected", in, GateReason::Kind::NotReady,
        "The task was rejected: restore it before merging.");
    in.state = TaskState::Merging;
    row("merging", in, GateReason::Kind::NotReady, "A merge of this task is already in progress.");

    in = goodInputs();
    in.latestValidation.reset();
    row("never validated", in, GateReason::Kind::NotValidated,
        "No validation has run on this task: validate it before merging.");

    in = goodInputs();
    in.latestValidation = passing(kOld);
    row("validated another commit", in, GateReason::Kind::ValidationStale,
        "Validation ran on 1a2b3c4, but the branch head is 5d6e7f8: validate again.");

    in = goodInputs();
    in.latestValidation->failed = 2;
    in.latestValidation->exitCode = 1;
    row("tests failed", in, GateReason::Kind::ValidationFailed,
        "Validation of 5d6e7f8 failed: 2 tests failed (exit code 1). Request a revision to fix "
        "them.");
    in.latestValidation->failed = 1;
    row("one test failed", in, GateReason::Kind::ValidationFailed,
        "Validation of 5d6e7f8 failed: 1 test failed (exit code 1). Request a revision to fix "
        "it.");

    in = goodInputs();
    in.latestValidation->passed = 0;
    row("zero tests ran", in, GateReason::Kind::ValidationFailed,
        "Validation of 5d6e7f8 ran no tests, and a run that tests nothing is not a pass: check "
        "the validation command, then validate again.");

    in = goodInputs();
    in.latestValidation->timedOut = true;
    in.latestValidation->exitCode = -1;
    row("timed out", in, GateReason::Kind::ValidationFailed,
        "Validation of 5d6e7f8 timed out: make the tests faster or raise the validation "
        "timeout, then validate again.");

    in = goodInputs();
    in.latestValidation->exitCode = 2;
    row("non-zero exit, no failed test", in, GateReason::Kind::ValidationFailed,
        "Validation of 5d6e7f8 exited with code 2 although no test failed: check the test "
        "output, then validate again or request a revision.");

    in = goodInputs();
    in.latestValidation->exitCode = -1;
    row("did not run", in, GateReason::Kind::ValidationFailed,
        "Validation of 5d6e7f8 did not finish (the command could not run or crashed): check the "
        "validation command, then validate again.");

    in = goodInputs();
    in.findings = {finding(1, 0, s("Null dereference"), s("src/a.c"), 12),
                   finding(2, 1, s("Off by one"), s("src/b.c"), 3),
                   finding(3, 2, s("Naming"), s("src/b.c"), 4)};
    row("two blocking findings", in, GateReason::Kind::BlockingFindings,
        "2 blocking findings (priority 0\u20131) are not acknowledged: Null dereference "
        "(src/a.c:12); Off by one (src/b.c:3). Request a revision to fix them, or acknowledge "
        "them.");
    in.findings[1].acknowledged = true;
    row("one blocking finding", in, GateReason::Kind::BlockingFindings,
        "1 blocking finding (priority 0\u20131) is not acknowledged: Null dereference "
        "(src/a.c:12). Request a revision to fix it, or acknowledge it.");
    in.findings[0].status = store::FindingStatus::Resolved;
    QTest::newRow("acknowledged, resolved and minor findings do not block")
        << in << true << -1 << QString() << QStringList();

    in = goodInputs();
    in.prediction.conflicts = true;
    in.prediction.conflictingPaths = {s("src/b.c"), s("src/a.c")};
    row("would conflict", in, GateReason::Kind::WouldConflict,
        "Merging would conflict in src/a.c, src/b.c. Request a revision to resolve the "
        "conflicts with main.",
        {s("src/a.c"), s("src/b.c")});

    in = goodInputs();
    in.baseCheckoutPath = s("/home/me/project");
    in.dirtyBasePaths = {s("src/a.c")};
    row("dirty base checkout", in, GateReason::Kind::DirtyBaseCheckout,
        "The checkout of main at /home/me/project has uncommitted changes in files this task "
        "changes: src/a.c. Commit or stash them, then merge.",
        {s("src/a.c")});

    in = goodInputs();
    in.baseCheckoutPath = s("/home/me/project");
    in.ignoredBasePaths = {s(".env")};
    row("ignored file in the way", in, GateReason::Kind::DirtyBaseCheckout,
        "The checkout of main at /home/me/project has ignored files where this task writes "
        "files: .env. AgentDesk never overwrites them: move them out of the way, then merge.",
        {s(".env")});

    in = goodInputs();
    in.baseExists = false;
    in.baseHead.clear();
    row("base deleted", in, GateReason::Kind::BaseMissing,
        "The base branch main no longer exists: recreate it, then merge.");

    // A base that moved is no reason: the merge flow validates the merged result again.
    in = goodInputs();
    in.behind = 3;
    QTest::newRow("base moved") << in << true << -1 << QString() << QStringList();
}

void TestMergeGate::evaluate()
{
    QFETCH(GateInputs, inputs);
    QFETCH(bool, allowed);
    QFETCH(int, kind);
    QFETCH(QString, text);
    QFETCH(QStringList, paths);
    const GateAnswer answer = evaluateGate(inputs);
    QCOMPARE(answer.allowed(), allowed);
    QCOMPARE(answer.headCommit, inputs.branchHead);
    QCOMPARE(answer.behind, inputs.behind);
    if (allowed) {
        QVERIFY(answer.reasons.isEmpty());
        return;
    }
    QCOMPARE(answer.reasons.size(), 1);
    QCOMPARE(int(answer.reasons.first().kind), kind);
    QCOMPARE(answer.reasons.first().text, text);
    QCOMPARE(answer.reasons.first().paths, paths);
}

void TestMergeGate::everyReasonAtOnceInOrder()
{
    GateInputs in = goodInputs();
    in.state = TaskState::Validating;
    in.latestValidation = passing(kOld);
    in.findings = {finding(9, 0, s("Leak"), QString(), 0)};
    in.prediction.conflicts = true;
    in.prediction.conflictingPaths = {s("x")};
    in.dirtyBasePaths = {s("y")};
    in.ignoredBasePaths = {s(".env")};
    const GateAnswer answer = evaluateGate(in);
    Kinds kinds;
    for (const GateReason &reason : answer.reasons)
        kinds.append(reason.kind);
    QCOMPARE(kinds,
             (Kinds{GateReason::Kind::NotReady, GateReason::Kind::ValidationStale,
                    GateReason::Kind::BlockingFindings, GateReason::Kind::WouldConflict,
                    GateReason::Kind::DirtyBaseCheckout, GateReason::Kind::DirtyBaseCheckout}));
    QCOMPARE(answer.validatedCommit, kOld);
    // Without the base, conflicts and checkouts are moot.
    in.baseExists = false;
    kinds.clear();
    for (const GateReason &reason : evaluateGate(in).reasons)
        kinds.append(reason.kind);
    QCOMPARE(kinds, (Kinds{GateReason::Kind::NotReady, GateReason::Kind::BaseMissing,
                           GateReason::Kind::ValidationStale, GateReason::Kind::BlockingFindings}));
}

void TestMergeGate::blockingFindingsCarryIds()
{
    GateInputs in = goodInputs();
    for (int i = 1; i <= 5; ++i)
        in.findings.append(finding(100 + i, i % 2, s("F%1").arg(i), s("f.c"), i));
    const GateAnswer answer = evaluateGate(in);
    QCOMPARE(answer.reasons.size(), 1);
    QCOMPARE(answer.reasons.first().findingIds, (QList<qint64>{101, 102, 103, 104, 105}));
    QVERIFY2(answer.reasons.first().text.contains(s("F1 (f.c:1); F2 (f.c:2); F3 (f.c:3); and 2 "
                                                    "more.")),
             qPrintable(answer.reasons.first().text));
}

namespace {

// main with a.txt, c.txt, .gitignore; task branch `agentdesk/4-fix` edits a.txt and adds .env
// (force-added past the ignore rule).
bool makeTaskRepository(TempRepository &repo)
{
    return repo.writeFile(s("a.txt"), "a1\na2\na3\n") && repo.writeFile(s("c.txt"), "c\n") &&
           repo.writeFile(s(".gitignore"), ".env\n") && !repo.commitAll(s("base")).isEmpty() &&
           checkout(repo, s("agentdesk/4-fix"), true) &&
           repo.writeFile(s("a.txt"), "a1\nTASK\na3\n") &&
           repo.writeFile(s(".env"), "FROM=task\n") &&
           repo.git({s("add"), s("-f"), s(".env"), s("a.txt")}).ok() &&
           repo.git({s("commit"), s("-q"), s("-m"), s("task")}).ok() && checkout(repo, s("main"));
}

store::TaskRecord taskRecord()
{
    store::TaskRecord task;
    task.id = 4;
    task.branch = s("agentdesk/4-fix");
    task.spec.baseBranch = s("main");
    task.state = TaskState::ReadyForReview;
    return task;
}

} // namespace

void TestMergeGate::probeAllowsACleanTask()
{
    TempRepository repo;
    QVERIFY(makeTaskRepository(repo));
    Result<git::Repository> opened = git::Repository::open(repo.path());
    QVERIFY(opened.ok());
    const QString head = repo.revParse(s("agentdesk/4-fix"));
    Result<GateAnswer> answer = probeGate(*opened, taskRecord(), passing(head), {});
    QVERIFY2(answer.ok(), qPrintable(answer.errorMessage()));
    QVERIFY2(answer->allowed(), qPrintable(answer->reasons.value(0).text));
    QCOMPARE(answer->headCommit, head);
    QCOMPARE(answer->baseHeadCommit, repo.revParse(s("main")));
    QCOMPARE(answer->ahead, 1);
    QCOMPARE(answer->behind, 0);
}

void TestMergeGate::probeSeesConflictDirtyAndIgnoredPaths()
{
    TempRepository repo;
    QVERIFY(makeTaskRepository(repo));
    QVERIFY(repo.writeFile(s("a.txt"), "a1\nMAIN\na3\n"));
    QVERIFY(!repo.commitAll(s("main edits the same line")).isEmpty());
    QVERIFY(repo.writeFile(s("a.txt"), "a1\nunsaved\na3\n"));
    QVERIFY(repo.writeFile(s(".env"), "SECRET=local\n"));
    Result<git::Repository> opened = git::Repository::open(repo.path());
    QVERIFY(opened.ok());
    const QString head = repo.revParse(s("agentdesk/4-fix"));
    Result<GateInputs> inputs = gatherGateInputs(*opened, taskRecord(), passing(head), {});
    QVERIFY2(inputs.ok(), qPrintable(inputs.errorMessage()));
    // The prediction is git's own.
    const ProcessOutput mergeTree = repo.git({s("merge-tree"), s("--write-tree"), s("--name-only"),
                                              s("--no-messages"), s("main"), s("agentdesk/4-fix")});
    QVERIFY(mergeTree.exitCode == 1);
    QCOMPARE(inputs->prediction.conflictingPaths, QStringList{s("a.txt")});
    QVERIFY(mergeTree.out.contains("\na.txt\n"));
    QCOMPARE(inputs->behind, 1);
    QCOMPARE(inputs->baseCheckoutPath, opened->workdir());
    QCOMPARE(inputs->dirtyBasePaths, QStringList{s("a.txt")});
    QCOMPARE(inputs->ignoredBasePaths, QStringList{s(".env")});

    const GateAnswer answer = evaluateGate(*inputs);
    QCOMPARE(answer.reasons.size(), 3);
    QCOMPARE(answer.reasons.at(0).text,
             s("Merging would conflict in a.txt. Request a revision to resolve the conflicts "
               "with main."));
    QCOMPARE(answer.reasons.at(1).text,
             s("The checkout of main at %1 has uncommitted changes in files this task changes: "
               "a.txt. Commit or stash them, then merge.")
                 .arg(opened->workdir()));
    QCOMPARE(answer.reasons.at(2).text,
             s("The checkout of main at %1 has ignored files where this task writes files: "
               ".env. AgentDesk never overwrites them: move them out of the way, then merge.")
                 .arg(opened->workdir()));
}

void TestMergeGate::probeStaleValidationAndMissingBase()
{
    TempRepository repo;
    QVERIFY(makeTaskRepository(repo));
    const QString validated = repo.revParse(s("agentdesk/4-fix"));
    QVERIFY(checkout(repo, s("agentdesk/4-fix")));
    QVERIFY(repo.writeFile(s("c.txt"), "one more commit\n"));
    const QString head = repo.commitAll(s("after validation"));
    Result<git::Repository> opened = git::Repository::open(repo.path());
    QVERIFY(opened.ok());
    store::TaskRecord task = taskRecord();
    Result<GateAnswer> answer = probeGate(*opened, task, passing(validated), {});
    QVERIFY(answer.ok());
    QCOMPARE(answer->reasons.size(), 1);
    QCOMPARE(answer->reasons.first().text,
             s("Validation ran on %1, but the branch head is %2: validate again.")
                 .arg(validated.left(7), head.left(7)));

    QVERIFY(repo.git({s("branch"), s("-q"), s("-D"), s("main")}).ok());
    answer = probeGate(*opened, task, passing(head), {});
    QVERIFY2(answer.ok(), qPrintable(answer.errorMessage()));
    QCOMPARE(answer->reasons.size(), 1);
    QCOMPARE(answer->reasons.first().kind, GateReason::Kind::BaseMissing);
}

void TestMergeGate::probeMissingBranchIsAnError()
{
    TempRepository repo;
    QVERIFY(makeTaskRepository(repo));
    Result<git::Repository> opened = git::Repository::open(repo.path());
    QVERIFY(opened.ok());
    store::TaskRecord task = taskRecord();
    task.branch = s("agentdesk/5-gone");
    QCOMPARE(probeGate(*opened, task, std::nullopt, {}).errorCode(), s("branch-missing"));
}

// Issue 16, break 11: links to /etc/passwd, above the root and into .git are merged into the
// user's checkout only once the user has acknowledged each; a link inside the repository is
// never in the way.
void TestMergeGate::linksLeavingTheRepositoryBlockUntilAcknowledged()
{
    TempRepository repo;
    QVERIFY(makeTaskRepository(repo));
    QVERIFY(checkout(repo, s("agentdesk/4-fix")));
    QVERIFY(repo.makeSymlink(s("passwd"), s("/etc/passwd")));
    QVERIFY(QDir().mkpath(repo.filePath(s("docs"))));
    QVERIFY(repo.makeSymlink(s("docs/up"), s("../../..")));
    QVERIFY(repo.makeSymlink(s("cfg"), s(".git/config")));
    QVERIFY(repo.makeSymlink(s("docs/inside"), s("../a.txt")));
    const QString head = repo.commitAll(s("links"));
    QVERIFY(!head.isEmpty());
    QVERIFY(checkout(repo, s("main")));
    Result<git::Repository> opened = git::Repository::open(repo.path());
    QVERIFY(opened.ok());

    Result<GateAnswer> answer = probeGate(*opened, taskRecord(), passing(head), {});
    QVERIFY2(answer.ok(), qPrintable(answer.errorMessage()));
    QCOMPARE(answer->reasons.size(), 1);
    const GateReason &reason = answer->reasons.first();
    QCOMPARE(reason.kind, GateReason::Kind::LinkLeavesRepository);
    QCOMPARE(reason.paths, (QStringList{s("cfg"), s("docs/up"), s("passwd")}));
    QVERIFY2(reason.text.contains(s("passwd → /etc/passwd")), qPrintable(reason.text));
    QVERIFY(!reason.text.contains(s("inside")));

    // The engine files one priority-0 security finding per link: unacknowledged, they block
    // as findings (and the link reason does not repeat them)...
    QList<store::FindingRecord> findings;
    for (const QString &path : reason.paths) {
        store::FindingRecord f = finding(findings.size() + 1, 0, s("link"), path, 1);
        f.category = linkFindingCategory();
        findings.append(f);
    }
    answer = probeGate(*opened, taskRecord(), passing(head), findings);
    QCOMPARE(answer->reasons.size(), 1);
    QCOMPARE(answer->reasons.first().kind, GateReason::Kind::BlockingFindings);
    // ...and acknowledged, the merge may go ahead.
    for (store::FindingRecord &f : findings)
        f.acknowledged = true;
    answer = probeGate(*opened, taskRecord(), passing(head), findings);
    QVERIFY2(answer->allowed(), qPrintable(answer->reasons.value(0).text));
    // A finding of some other kind on the path does not stand in for the acknowledgement.
    findings.first().category = s("other");
    answer = probeGate(*opened, taskRecord(), passing(head), findings);
    QCOMPARE(answer->reasons.size(), 1);
    QCOMPARE(answer->reasons.first().paths, QStringList{s("cfg")});
}

void TestMergeGate::leavesRepositoryRule_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("target");
    QTest::addColumn<bool>("leaves");
    QTest::newRow("absolute") << s("a") << s("/etc/passwd") << true;
    QTest::newRow("above the root") << s("a/b") << s("../../x") << true;
    QTest::newRow("far above") << s("a") << s("../../..") << true;
    QTest::newRow("sibling inside") << s("a/b") << s("../c") << false;
    QTest::newRow("same folder") << s("a/b") << s("c") << false;
    QTest::newRow("into .git") << s("x") << s(".git/config") << true;
    QTest::newRow("into .GIT") << s("d/x") << s("../.GIT/hooks") << true;
    QTest::newRow("windows drive") << s("a") << s("C:\\Windows") << true;
    QTest::newRow("down and back up") << s("a") << s("b/../../c") << true;
}

void TestMergeGate::leavesRepositoryRule()
{
    QFETCH(QString, path);
    QFETCH(QString, target);
    QFETCH(bool, leaves);
    QCOMPARE(git::leavesRepository({path, target}), leaves);
}

void TestMergeGate::jsonForm()
{
    GateInputs in = goodInputs();
    in.prediction.conflicts = true;
    in.prediction.conflictingPaths = {s("a.c")};
    const QJsonObject json = gateAnswerToJson(evaluateGate(in));
    QCOMPARE(json.value(s("allowed")).toBool(true), false);
    QCOMPARE(json.value(s("head")).toString(), kHead);
    const QJsonObject reason = json.value(s("reasons")).toArray().first().toObject();
    QCOMPARE(reason.value(s("kind")).toString(), s("would-conflict"));
    QCOMPARE(reason.value(s("paths")).toArray().first().toString(), s("a.c"));
    QVERIFY(reason.value(s("text")).toString().startsWith(s("Merging would conflict")));
}

QTEST_GUILESS_MAIN(TestMergeGate)
#include "tst_mergegate.moc"
