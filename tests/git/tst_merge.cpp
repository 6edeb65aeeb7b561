#include "TempRepository.h"
#include "git/GitLibrary.h"
#include "git/MergeEngine.h"
#include "git/Repository.h"

#include <QFile>
#include <QTest>

using namespace agentdesk;
using namespace agentdesk::git;
using agentdesk::test::TempRepository;

namespace {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool checkout(TempRepository &repo, const QString &branch, bool create = false)
{
    QStringList arguments{QStringLiteral("checkout"), QStringLiteral("-q")};
    if (create)
        arguments << QStringLiteral("-b");
    return repo.git(arguments << branch).ok();
}

// main: a.txt, b.txt, c.txt. Branch `task` edits a.txt; main then edits c.txt (a clean merge).
// Branch `clash` edits a.txt differently from `task` (a conflict with it once task is merged).
bool makeDivergedRepository(TempRepository &repo)
{
    return repo.writeFile(QStringLiteral("a.txt"), "a1\na2\na3\n") &&
           repo.writeFile(QStringLiteral("b.txt"), "b\n") &&
           repo.writeFile(QStringLiteral("c.txt"), "c\n") &&
           !repo.commitAll(QStringLiteral("base")).isEmpty() &&
           checkout(repo, QStringLiteral("clash"), true) &&
           repo.writeFile(QStringLiteral("a.txt"), "a1\nCLASH\na3\n") &&
           !repo.commitAll(QStringLiteral("clash")).isEmpty() &&
           checkout(repo, QStringLiteral("main")) && checkout(repo, QStringLiteral("task"), true) &&
           repo.writeFile(QStringLiteral("a.txt"), "a1\nTASK\na3\n") &&
           repo.writeFile(QStringLiteral("new.txt"), "new\n") &&
           !repo.commitAll(QStringLiteral("task")).isEmpty() &&
           checkout(repo, QStringLiteral("main")) &&
           repo.writeFile(QStringLiteral("c.txt"), "c changed on main\n") &&
           !repo.commitAll(QStringLiteral("main moves")).isEmpty();
}

struct MergeTreeResult
{
    bool clean = false;
    QString tree;
    QStringList conflicts;
};

MergeTreeResult gitMergeTree(const TempRepository &repo, const QString &ours, const QString &theirs)
{
    const test::ProcessOutput out =
        repo.git({QStringLiteral("merge-tree"), QStringLiteral("--write-tree"),
                  QStringLiteral("--name-only"), QStringLiteral("--no-messages"), ours, theirs});
    MergeTreeResult result;
    result.clean = out.exitCode == 0;
    QList<QByteArray> lines = out.out.split('\n');
    result.tree = QString::fromUtf8(lines.takeFirst());
    for (const QByteArray &line : lines)
        if (!line.isEmpty())
            result.conflicts << QString::fromUtf8(line);
    result.conflicts.sort();
    return result;
}

MergeRequest request(const QString &source, MergeMode mode = MergeMode::MergeCommit)
{
    MergeRequest merge;
    merge.baseBranch = QStringLiteral("main");
    merge.source = source;
    merge.mode = mode;
    merge.message = QStringLiteral("Merge %1").arg(source);
    merge.identity = Identity{QStringLiteral("Merger"), QStringLiteral("merger@example.invalid")};
    return merge;
}

} // namespace

class TestMerge : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void predictMatchesMergeTree_data();
    void predictMatchesMergeTree();
    void predictFastForwardAndUpToDate();
    void predictDoesNotTouchWorkTree();
    void fastForwardUpdatesCheckout();
    void mergeCommitUpdatesCheckout();
    void squashCommit();
    void squashNeverFastForwards();
    void conflictLeavesBaseAlone();
    void dirtyCheckoutTouchedByMergeIsRefused();
    void dirtyCheckoutElsewhereIsKept();
    void staleExpectedBaseIsRefused();
    void compareAndSwapLosesRace();
    void deletedBaseIsAClearError();
    void baseNotCheckedOut();

private:
    GitLibrary m_library;
};

void TestMerge::predictMatchesMergeTree_data()
{
    QTest::addColumn<QString>("ours");
    QTest::addColumn<QString>("theirs");
    QTest::addColumn<bool>("conflicts");
    QTest::newRow("task into main") << "main"
                                    << "task" << false;
    QTest::newRow("two task branches") << "task"
                                       << "clash" << true;
    QTest::newRow("clash into main") << "main"
                                     << "clash" << false;
}

void TestMerge::predictMatchesMergeTree()
{
    QFETCH(QString, ours);
    QFETCH(QString, theirs);
    QFETCH(bool, conflicts);
    TempRepository repo;
    QVERIFY(makeDivergedRepository(repo));
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    Result<MergePrediction> prediction = MergeEngine::predict(*opened, ours, theirs);
    QVERIFY2(prediction.ok(), qPrintable(prediction.errorMessage()));
    const MergeTreeResult git = gitMergeTree(repo, ours, theirs);
    QCOMPARE(prediction->conflicts, conflicts);
    QCOMPARE(prediction->conflicts, !git.clean);
    QCOMPARE(prediction->conflictingPaths, git.conflicts);
    if (!conflicts) {
        QCOMPARE(prediction->mergedTreeId, git.tree);
    } else {
        QCOMPARE(prediction->conflictingPaths, QStringList{QStringLiteral("a.txt")});
    }
    QVERIFY(!prediction->fastForward && !prediction->upToDate);
    QCOMPARE(prediction->baseId, repo.revParse(QStringLiteral("main~1")));
}

void TestMerge::predictFastForwardAndUpToDate()
{
    TempRepository repo;
    QVERIFY(makeDivergedRepository(repo));
    QVERIFY(
        repo.git({QStringLiteral("branch"), QStringLiteral("ahead"), QStringLiteral("main")}).ok());
    QVERIFY(checkout(repo, QStringLiteral("ahead")));
    QVERIFY(!repo.commitAll(QStringLiteral("ahead")).isEmpty());
    QVERIFY(checkout(repo, QStringLiteral("main")));
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    Result<MergePrediction> ff =
        MergeEngine::predict(*opened, QStringLiteral("main"), QStringLiteral("ahead"));
    QVERIFY(ff.ok());
    QVERIFY(ff->fastForward);
    QVERIFY(!ff->conflicts);
    Result<MergePrediction> upToDate =
        MergeEngine::predict(*opened, QStringLiteral("ahead"), QStringLiteral("main"));
    QVERIFY(upToDate.ok());
    QVERIFY(upToDate->upToDate);
}

void TestMerge::predictDoesNotTouchWorkTree()
{
    TempRepository repo;
    QVERIFY(makeDivergedRepository(repo));
    QVERIFY(repo.writeFile(QStringLiteral("a.txt"), "local edit\n"));
    const QByteArray statusBefore =
        repo.git({QStringLiteral("status"), QStringLiteral("--porcelain")}).out;
    const QString headBefore = repo.revParse(QStringLiteral("HEAD"));
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    QVERIFY(MergeEngine::predict(*opened, QStringLiteral("task"), QStringLiteral("clash")).ok());
    QCOMPARE(repo.git({QStringLiteral("status"), QStringLiteral("--porcelain")}).out, statusBefore);
    QCOMPARE(readFile(repo.filePath(QStringLiteral("a.txt"))), QByteArray("local edit\n"));
    QCOMPARE(repo.revParse(QStringLiteral("HEAD")), headBefore);
}

void TestMerge::fastForwardUpdatesCheckout()
{
    TempRepository repo;
    QVERIFY(repo.writeFile(QStringLiteral("a.txt"), "a\n"));
    const QString base = repo.commitAll(QStringLiteral("base"));
    QVERIFY(checkout(repo, QStringLiteral("task"), true));
    QVERIFY(repo.writeFile(QStringLiteral("a.txt"), "a from task\n"));
    QVERIFY(repo.writeFile(QStringLiteral("added.txt"), "added\n"));
    const QString task = repo.commitAll(QStringLiteral("task"));
    QVERIFY(checkout(repo, QStringLiteral("main")));
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    MergeRequest merge = request(QStringLiteral("task"));
    merge.expectedBaseId = base;
    Result<MergeOutcome> outcome = MergeEngine::mergeIntoBase(*opened, merge);
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QCOMPARE(outcome->kind, MergeOutcome::Kind::FastForward);
    QCOMPARE(outcome->oldBaseId, base);
    QCOMPARE(outcome->newBaseId, task);
    QCOMPARE(repo.revParse(QStringLiteral("main")), task);
    QCOMPARE(outcome->updatedCheckout, opened->workdir());
    QCOMPARE(readFile(repo.filePath(QStringLiteral("a.txt"))), QByteArray("a from task\n"));
    QCOMPARE(readFile(repo.filePath(QStringLiteral("added.txt"))), QByteArray("added\n"));
    QCOMPARE(repo.git({QStringLiteral("status"), QStringLiteral("--porcelain")}).out, QByteArray());
}

void TestMerge::squashNeverFastForwards()
{
    // The task branch descends from main (main did not move): a squash still lands as one
    // commit on top of main, not as the task's own commits.
    TempRepository repo;
    QVERIFY(repo.writeFile(QStringLiteral("a.txt"), "a\n"));
    const QString base = repo.commitAll(QStringLiteral("base"));
    QVERIFY(checkout(repo, QStringLiteral("task"), true));
    QVERIFY(repo.writeFile(QStringLiteral("a.txt"), "a from task\n"));
    repo.commitAll(QStringLiteral("task 1"));
    QVERIFY(repo.writeFile(QStringLiteral("b.txt"), "b\n"));
    const QString task = repo.commitAll(QStringLiteral("task 2"));
    QVERIFY(checkout(repo, QStringLiteral("main")));
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    MergeRequest merge = request(QStringLiteral("task"), MergeMode::Squash);
    merge.expectedBaseId = base;
    Result<MergeOutcome> outcome = MergeEngine::mergeIntoBase(*opened, merge);
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QCOMPARE(outcome->kind, MergeOutcome::Kind::Squash);
    QVERIFY(outcome->newBaseId != task);
    QCOMPARE(repo.git({QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%P"),
                       QStringLiteral("main")})
                 .out.trimmed(),
             base.toLatin1());
    QCOMPARE(repo.git({QStringLiteral("rev-parse"), QStringLiteral("main^{tree}")}).out,
             repo.git({QStringLiteral("rev-parse"), QStringLiteral("task^{tree}")}).out);
}

void TestMerge::mergeCommitUpdatesCheckout()
{
    TempRepository repo;
    QVERIFY(makeDivergedRepository(repo));
    const QString oldMain = repo.revParse(QStringLiteral("main"));
    const QString expectedTree =
        gitMergeTree(repo, QStringLiteral("main"), QStringLiteral("task")).tree;
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    Result<MergeOutcome> outcome =
        MergeEngine::mergeIntoBase(*opened, request(QStringLiteral("task")));
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QCOMPARE(outcome->kind, MergeOutcome::Kind::MergeCommit);
    const QString parents = QString::fromUtf8(
        repo.git({QStringLiteral("log"), QStringLiteral("-1"),
                  QStringLiteral("--format=%P|%T|%an|%s"), QStringLiteral("main")})
            .out.trimmed());
    QCOMPARE(parents, oldMain + QLatin1Char(' ') + repo.revParse(QStringLiteral("task")) +
                          QLatin1Char('|') + expectedTree + QStringLiteral("|Merger|Merge task"));
    QCOMPARE(readFile(repo.filePath(QStringLiteral("a.txt"))), QByteArray("a1\nTASK\na3\n"));
    QCOMPARE(readFile(repo.filePath(QStringLiteral("c.txt"))), QByteArray("c changed on main\n"));
    QCOMPARE(repo.git({QStringLiteral("status"), QStringLiteral("--porcelain")}).out, QByteArray());
}

void TestMerge::squashCommit()
{
    TempRepository repo;
    QVERIFY(makeDivergedRepository(repo));
    const QString oldMain = repo.revParse(QStringLiteral("main"));
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    MergeRequest merge = request(QStringLiteral("task"), MergeMode::Squash);
    merge.allowFastForward = false;
    Result<MergeOutcome> outcome = MergeEngine::mergeIntoBase(*opened, merge);
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QCOMPARE(outcome->kind, MergeOutcome::Kind::Squash);
    QCOMPARE(repo.git({QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%P"),
                       QStringLiteral("main")})
                 .out.trimmed(),
             oldMain.toLatin1());
    QCOMPARE(readFile(repo.filePath(QStringLiteral("new.txt"))), QByteArray("new\n"));
    QCOMPARE(repo.git({QStringLiteral("status"), QStringLiteral("--porcelain")}).out, QByteArray());
}

void TestMerge::conflictLeavesBaseAlone()
{
    TempRepository repo;
    QVERIFY(makeDivergedRepository(repo));
    QVERIFY(repo.git({QStringLiteral("merge"), QStringLiteral("-q"), QStringLiteral("task")}).ok());
    const QString before = repo.revParse(QStringLiteral("main"));
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    Result<MergeOutcome> outcome =
        MergeEngine::mergeIntoBase(*opened, request(QStringLiteral("clash")));
    QCOMPARE(outcome.errorCode(), QStringLiteral("merge-conflict"));
    QVERIFY(outcome.errorMessage().contains(QStringLiteral("a.txt")));
    QCOMPARE(repo.revParse(QStringLiteral("main")), before);
    QCOMPARE(repo.git({QStringLiteral("status"), QStringLiteral("--porcelain")}).out, QByteArray());
}

void TestMerge::dirtyCheckoutTouchedByMergeIsRefused()
{
    TempRepository repo;
    QVERIFY(makeDivergedRepository(repo));
    const QString before = repo.revParse(QStringLiteral("main"));
    QVERIFY(repo.writeFile(QStringLiteral("a.txt"), "my unsaved edit\n"));
    QVERIFY(repo.writeFile(QStringLiteral("new.txt"), "untracked, same path as the task's\n"));
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    Result<MergeOutcome> outcome =
        MergeEngine::mergeIntoBase(*opened, request(QStringLiteral("task")));
    QCOMPARE(outcome.errorCode(), QStringLiteral("checkout-dirty"));
    QVERIFY2(outcome.errorMessage().contains(QStringLiteral("a.txt, new.txt")),
             qPrintable(outcome.errorMessage()));
    QCOMPARE(repo.revParse(QStringLiteral("main")), before);
    QCOMPARE(readFile(repo.filePath(QStringLiteral("a.txt"))), QByteArray("my unsaved edit\n"));
}

void TestMerge::dirtyCheckoutElsewhereIsKept()
{
    TempRepository repo;
    QVERIFY(makeDivergedRepository(repo));
    QVERIFY(repo.writeFile(QStringLiteral("b.txt"), "unrelated local edit\n"));
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    Result<MergeOutcome> outcome =
        MergeEngine::mergeIntoBase(*opened, request(QStringLiteral("task")));
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QCOMPARE(readFile(repo.filePath(QStringLiteral("b.txt"))),
             QByteArray("unrelated local edit\n"));
    QCOMPARE(readFile(repo.filePath(QStringLiteral("a.txt"))), QByteArray("a1\nTASK\na3\n"));
    QCOMPARE(repo.git({QStringLiteral("status"), QStringLiteral("--porcelain")}).out,
             QByteArray(" M b.txt\n"));
}

void TestMerge::staleExpectedBaseIsRefused()
{
    TempRepository repo;
    QVERIFY(makeDivergedRepository(repo));
    const QString before = repo.revParse(QStringLiteral("main"));
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    MergeRequest merge = request(QStringLiteral("task"));
    merge.expectedBaseId = repo.revParse(QStringLiteral("main~1"));
    QCOMPARE(MergeEngine::mergeIntoBase(*opened, merge).errorCode(), QStringLiteral("base-moved"));
    QCOMPARE(repo.revParse(QStringLiteral("main")), before);
}

void TestMerge::compareAndSwapLosesRace()
{
    TempRepository repo;
    QVERIFY(makeDivergedRepository(repo));
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    MergeRequest merge = request(QStringLiteral("task"));
    merge.expectedBaseId = repo.revParse(QStringLiteral("main"));
    QString racer;
    // Someone else moves main (the git command line, as a user would) after our checks.
    merge.beforeRefUpdate = [&] {
        racer = QString::fromUtf8(
            repo.git({QStringLiteral("commit-tree"), QStringLiteral("-p"), QStringLiteral("main"),
                      QStringLiteral("-m"), QStringLiteral("racer"), QStringLiteral("main^{tree}")})
                .out.trimmed());
        repo.git({QStringLiteral("update-ref"), QStringLiteral("refs/heads/main"), racer});
    };
    Result<MergeOutcome> outcome = MergeEngine::mergeIntoBase(*opened, merge);
    QCOMPARE(outcome.errorCode(), QStringLiteral("base-moved"));
    QVERIFY(!racer.isEmpty());
    QCOMPARE(repo.revParse(QStringLiteral("main")), racer);
    QCOMPARE(readFile(repo.filePath(QStringLiteral("a.txt"))), QByteArray("a1\na2\na3\n"));
}

void TestMerge::deletedBaseIsAClearError()
{
    TempRepository repo;
    QVERIFY(makeDivergedRepository(repo));
    QVERIFY(repo.git({QStringLiteral("branch"), QStringLiteral("release"), QStringLiteral("main")})
                .ok());
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    QVERIFY(repo.git({QStringLiteral("branch"), QStringLiteral("-q"), QStringLiteral("-D"),
                      QStringLiteral("release")})
                .ok());
    MergeRequest merge = request(QStringLiteral("task"));
    merge.baseBranch = QStringLiteral("release");
    const Result<MergeOutcome> outcome = MergeEngine::mergeIntoBase(*opened, merge);
    QCOMPARE(outcome.errorCode(), QStringLiteral("base-missing"));
    QVERIFY(outcome.errorMessage().contains(QStringLiteral("release")));
}

void TestMerge::baseNotCheckedOut()
{
    TempRepository repo;
    QVERIFY(makeDivergedRepository(repo));
    QVERIFY(repo.git({QStringLiteral("branch"), QStringLiteral("release"), QStringLiteral("main")})
                .ok());
    QVERIFY(repo.writeFile(QStringLiteral("a.txt"), "dirty but not the base's checkout\n"));
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    MergeRequest merge = request(QStringLiteral("task"));
    merge.baseBranch = QStringLiteral("release");
    Result<MergeOutcome> outcome = MergeEngine::mergeIntoBase(*opened, merge);
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QVERIFY(outcome->updatedCheckout.isEmpty());
    QCOMPARE(repo.revParse(QStringLiteral("release")), outcome->newBaseId);
    QCOMPARE(repo.git({QStringLiteral("show"), QStringLiteral("release:a.txt")}).out,
             QByteArray("a1\nTASK\na3\n"));
    QCOMPARE(readFile(repo.filePath(QStringLiteral("a.txt"))),
             QByteArray("dirty but not the base's checkout\n"));
}

QTEST_GUILESS_MAIN(TestMerge)
#include "tst_merge.moc"
