// The git facts the decide layer is built on: how a branch stands against its base, which
// paths it touches, the base's checkouts and what is in the way there (uncommitted changes,
// ignored files), bringing a task branch up to date inside its worktree, and reject/restore.

#include "DecideFixture.h"
#include "git/BranchFacts.h"
#include "git/BranchSync.h"
#include "git/GitLibrary.h"
#include "git/MergeEngine.h"
#include "git/TaskWorktrees.h"

#include <QTest>

using namespace agentdesk;
using namespace agentdesk::git;
using namespace agentdesk::test;

namespace {

// main: a.txt, b.txt, c.txt, .gitignore (.env). Branch `task` edits a.txt, renames b.txt to
// b2.txt, adds new.txt; main then moves twice (c.txt, d.txt).
bool makeRepository(TempRepository &repo)
{
    return repo.writeFile(s("a.txt"), "a1\na2\na3\n") &&
           repo.writeFile(s("b.txt"), "b\nb\nb\nb\nb\n") && repo.writeFile(s("c.txt"), "c\n") &&
           repo.writeFile(s(".gitignore"), ".env\nbuild/\n") &&
           !repo.commitAll(s("base")).isEmpty() && checkout(repo, s("task"), true) &&
           repo.writeFile(s("a.txt"), "a1\nTASK\na3\n") &&
           repo.git({s("mv"), s("b.txt"), s("b2.txt")}).ok() &&
           repo.writeFile(s("new.txt"), "new\n") && !repo.commitAll(s("task")).isEmpty() &&
           checkout(repo, s("main")) && repo.writeFile(s("c.txt"), "c on main\n") &&
           !repo.commitAll(s("main 1")).isEmpty() && repo.writeFile(s("d.txt"), "d\n") &&
           !repo.commitAll(s("main 2")).isEmpty();
}

TaskWorktreeSpec spec(const TempRepository &repo, const QString &id, const QString &base)
{
    TaskWorktreeSpec spec;
    spec.taskId = id;
    spec.title = s("task ") + id;
    spec.baseCommit = base;
    spec.root = repo.scratchPath(s("worktrees"));
    return spec;
}

} // namespace

class TestGitFacts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void standingMatchesGit();
    void touchedPathsMatchGit();
    void branchHeadIgnoresTagsOfTheSameName();
    void checkoutsOfFindsDirtyAndIgnoredPaths();
    void checkoutsOfLinkedWorktree();
    void ignoredEnvClashIsRefusedBeforeAnythingMoves();
    void mergeBaseIntoBranchInItsWorktree();
    void mergeBaseIntoBranchConflictChangesNothing();
    void mergeBaseIntoBranchRefusesDirtyWorktree();
    void mergeBaseIntoBranchLosesRaceCleanly();
    void rejectThenRestoreIsByteIdentical();
    void restoreAfterBranchDeletedOrUnderNewName();
    void restoreRefusesBranchThatMovedOn();
    void cleanRejectStillArchivesHead();

private:
    GitLibrary m_library;
};

void TestGitFacts::standingMatchesGit()
{
    TempRepository repo;
    QVERIFY(makeRepository(repo));
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    Result<BranchStanding> standing = BranchFacts::standing(*opened, s("task"), s("main"));
    QVERIFY2(standing.ok(), qPrintable(standing.errorMessage()));
    const QList<QByteArray> counts =
        repo.git({s("rev-list"), s("--left-right"), s("--count"), s("task...main")})
            .out.trimmed()
            .split('\t');
    QCOMPARE(counts.size(), 2);
    QCOMPARE(standing->ahead, counts.at(0).toInt());
    QCOMPARE(standing->behind, counts.at(1).toInt());
    QCOMPARE(standing->ahead, 1);
    QCOMPARE(standing->behind, 2);
    QCOMPARE(standing->mergeBase,
             QString::fromUtf8(repo.git({s("merge-base"), s("task"), s("main")}).out.trimmed()));
    QCOMPARE(standing->branchHead, repo.revParse(s("task")));
    QCOMPARE(standing->baseHead, repo.revParse(s("main")));
    QCOMPARE(BranchFacts::standing(*opened, s("gone"), s("main")).errorCode(), s("branch-missing"));
}

void TestGitFacts::touchedPathsMatchGit()
{
    TempRepository repo;
    QVERIFY(makeRepository(repo));
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    Result<QStringList> touched = BranchFacts::touchedPaths(*opened, s("task"), s("main"));
    QVERIFY2(touched.ok(), qPrintable(touched.errorMessage()));
    // Both sides of the rename; nothing main changed since the merge base.
    QStringList git = QString::fromUtf8(repo.git({s("diff"), s("--name-only"), s("--no-renames"),
                                                  s("main...task")})
                                            .out.trimmed())
                          .split(QLatin1Char('\n'));
    git.sort();
    QCOMPARE(*touched, git);
    QCOMPARE(*touched, (QStringList{s("a.txt"), s("b.txt"), s("b2.txt"), s("new.txt")}));
}

void TestGitFacts::branchHeadIgnoresTagsOfTheSameName()
{
    TempRepository repo;
    QVERIFY(makeRepository(repo));
    QVERIFY(repo.git({s("tag"), s("main"), s("task")}).ok());
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    QCOMPARE(BranchFacts::branchHead(*opened, s("main")).value(),
             repo.revParse(s("refs/heads/main")));
    QVERIFY(!BranchFacts::branchExists(*opened, s("nope")));
}

void TestGitFacts::checkoutsOfFindsDirtyAndIgnoredPaths()
{
    TempRepository repo;
    QVERIFY(makeRepository(repo));
    QVERIFY(repo.writeFile(s("a.txt"), "my unsaved edit\n"));
    QVERIFY(repo.writeFile(s(".env"), "SECRET=local\n"));
    QVERIFY(repo.writeFile(s("build/out.o"), "object\n"));
    QVERIFY(repo.writeFile(s("untracked.txt"), "mine\n"));
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    Result<QList<BranchCheckout>> checkouts = BranchFacts::checkoutsOf(
        *opened, s("main"),
        {s("a.txt"), s(".env"), s("c.txt"), s("build/out.o"), s("build"), s("untracked.txt")});
    QVERIFY2(checkouts.ok(), qPrintable(checkouts.errorMessage()));
    QCOMPARE(checkouts->size(), 1);
    QCOMPARE(checkouts->first().workdir, opened->workdir());
    QCOMPARE(checkouts->first().dirtyPaths, (QStringList{s("a.txt"), s("untracked.txt")}));
    QCOMPARE(checkouts->first().ignoredPaths,
             (QStringList{s(".env"), s("build"), s("build/out.o")}));
    // The task branch is checked out nowhere.
    QVERIFY(BranchFacts::checkoutsOf(*opened, s("task"), {s("a.txt")})->isEmpty());
}

void TestGitFacts::checkoutsOfLinkedWorktree()
{
    TempRepository repo;
    QVERIFY(makeRepository(repo));
    const QString linked = repo.scratchPath(s("release-checkout"));
    QVERIFY(repo.git({s("worktree"), s("add"), s("-q"), s("-b"), s("release"), linked, s("main")})
                .ok());
    QVERIFY(writeBytes(linked + s("/c.txt"), "edited in the release checkout\n"));
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    Result<QList<BranchCheckout>> checkouts =
        BranchFacts::checkoutsOf(*opened, s("release"), {s("c.txt"), s("a.txt")});
    QVERIFY2(checkouts.ok(), qPrintable(checkouts.errorMessage()));
    QCOMPARE(checkouts->size(), 1);
    QCOMPARE(QFileInfo(checkouts->first().workdir).canonicalFilePath(),
             QFileInfo(linked).canonicalFilePath());
    QCOMPARE(checkouts->first().dirtyPaths, QStringList{s("c.txt")});
}

void TestGitFacts::ignoredEnvClashIsRefusedBeforeAnythingMoves()
{
    // The task force-adds a .env the base ignores; the user's checkout of main has its own
    // ignored .env. Merging must stop at once, naming it, with main and the file untouched.
    TempRepository repo;
    QVERIFY(makeRepository(repo));
    QVERIFY(checkout(repo, s("envtask"), true));
    QVERIFY(repo.writeFile(s(".env"), "FROM=task\n"));
    QVERIFY(repo.git({s("add"), s("-f"), s(".env")}).ok());
    QVERIFY(repo.git({s("commit"), s("-q"), s("-m"), s("task adds .env")}).ok());
    QVERIFY(checkout(repo, s("main")));
    QVERIFY(repo.writeFile(s(".env"), "SECRET=local\n"));
    const QString before = repo.revParse(s("main"));
    const qsizetype reflogBefore = repo.git({s("reflog"), s("refs/heads/main")}).out.count('\n');
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    MergeRequest merge;
    merge.baseBranch = s("main");
    merge.source = s("envtask");
    merge.mode = MergeMode::Squash;
    merge.message = s("env");
    bool reachedRefUpdate = false;
    merge.beforeRefUpdate = [&] { reachedRefUpdate = true; };
    Result<MergeOutcome> outcome = MergeEngine::mergeIntoBase(*opened, merge);
    QCOMPARE(outcome.errorCode(), s("ignored-file-clash"));
    QVERIFY2(outcome.errorMessage().contains(s(": .env.")), qPrintable(outcome.errorMessage()));
    QVERIFY(!reachedRefUpdate);
    QCOMPARE(repo.revParse(s("main")), before);
    QCOMPARE(readBytes(repo.filePath(s(".env"))), QByteArray("SECRET=local\n"));
    QCOMPARE(repo.git({s("reflog"), s("refs/heads/main")}).out.count('\n'), reflogBefore);

    // Control: with the local file moved away, the same merge lands and writes the task's.
    QVERIFY(QFile::rename(repo.filePath(s(".env")), repo.scratchPath(s("env.saved"))));
    outcome = MergeEngine::mergeIntoBase(*opened, merge);
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QCOMPARE(readBytes(repo.filePath(s(".env"))), QByteArray("FROM=task\n"));
}

void TestGitFacts::mergeBaseIntoBranchInItsWorktree()
{
    TempRepository repo;
    QVERIFY(makeRepository(repo));
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    TaskWorktrees worktrees(*opened);
    Result<TaskWorktree> wt = worktrees.create(spec(repo, s("7"), s("main~2")));
    QVERIFY2(wt.ok(), qPrintable(wt.errorMessage()));
    QVERIFY(writeBytes(wt->path + s("/a.txt"), "a1\nWT\na3\n"));
    const QString head = commitIn(repo, wt->path, s("work"));
    QVERIFY(!head.isEmpty());
    const QString main = repo.revParse(s("main"));
    const QString expectedTree =
        QString::fromUtf8(repo.git({s("merge-tree"), s("--write-tree"), head, main}).out.trimmed());

    BaseIntoBranchRequest request;
    request.worktreePath = wt->path;
    request.branch = wt->branch;
    request.expectedHead = head;
    request.baseCommit = main;
    request.message = s("Merge main into the task");
    Result<BaseIntoBranchOutcome> outcome = BranchSync::mergeBaseIntoBranch(*opened, request);
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QCOMPARE(outcome->kind, BaseIntoBranchOutcome::Kind::Merged);
    QCOMPARE(repo.revParse(wt->branch), outcome->newHead);
    QCOMPARE(parentsOf(repo, outcome->newHead), head + QLatin1Char(' ') + main);
    QCOMPARE(treeOf(repo, outcome->newHead), expectedTree);
    // The worktree follows: its files and index are the new commit, nothing left over.
    QCOMPARE(statusOf(repo, wt->path), QByteArray());
    QCOMPARE(readBytes(wt->path + s("/d.txt")), QByteArray("d\n"));
    QCOMPARE(readBytes(wt->path + s("/a.txt")), QByteArray("a1\nWT\na3\n"));
    QCOMPARE(QString::fromUtf8(repo.git({s("rev-parse"), s("HEAD")}, wt->path).out.trimmed()),
             outcome->newHead);
    // The user's checkout was not touched.
    QCOMPARE(repo.revParse(s("main")), main);

    // Once merged, doing it again changes nothing.
    request.expectedHead = outcome->newHead;
    outcome = BranchSync::mergeBaseIntoBranch(*opened, request);
    QVERIFY(outcome.ok());
    QCOMPARE(outcome->kind, BaseIntoBranchOutcome::Kind::UpToDate);
}

void TestGitFacts::mergeBaseIntoBranchConflictChangesNothing()
{
    TempRepository repo;
    QVERIFY(makeRepository(repo));
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    TaskWorktrees worktrees(*opened);
    Result<TaskWorktree> wt = worktrees.create(spec(repo, s("8"), s("main~2")));
    QVERIFY(wt.ok());
    QVERIFY(writeBytes(wt->path + s("/c.txt"), "c from the task\n"));
    const QString head = commitIn(repo, wt->path, s("work"));
    BaseIntoBranchRequest request;
    request.worktreePath = wt->path;
    request.branch = wt->branch;
    request.expectedHead = head;
    request.baseCommit = repo.revParse(s("main"));
    Result<BaseIntoBranchOutcome> outcome = BranchSync::mergeBaseIntoBranch(*opened, request);
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QCOMPARE(outcome->kind, BaseIntoBranchOutcome::Kind::Conflicts);
    QCOMPARE(outcome->conflictingPaths, QStringList{s("c.txt")});
    QCOMPARE(repo.revParse(wt->branch), head);
    QCOMPARE(statusOf(repo, wt->path), QByteArray());
    QCOMPARE(readBytes(wt->path + s("/c.txt")), QByteArray("c from the task\n"));
}

void TestGitFacts::mergeBaseIntoBranchRefusesDirtyWorktree()
{
    TempRepository repo;
    QVERIFY(makeRepository(repo));
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    TaskWorktrees worktrees(*opened);
    Result<TaskWorktree> wt = worktrees.create(spec(repo, s("9"), s("main~2")));
    QVERIFY(wt.ok());
    QVERIFY(writeBytes(wt->path + s("/stray.txt"), "not committed\n"));
    const QString head = repo.revParse(wt->branch);
    BaseIntoBranchRequest request;
    request.worktreePath = wt->path;
    request.branch = wt->branch;
    request.expectedHead = head;
    request.baseCommit = repo.revParse(s("main"));
    Result<BaseIntoBranchOutcome> outcome = BranchSync::mergeBaseIntoBranch(*opened, request);
    QCOMPARE(outcome.errorCode(), s("worktree-dirty"));
    QVERIFY(outcome.errorMessage().contains(s("stray.txt")));
    QCOMPARE(repo.revParse(wt->branch), head);
    // An ignored file is no obstacle (build output).
    QVERIFY(QFile::remove(wt->path + s("/stray.txt")));
    QVERIFY(writeBytes(wt->path + s("/build/out.o"), "object\n"));
    outcome = BranchSync::mergeBaseIntoBranch(*opened, request);
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
    QCOMPARE(readBytes(wt->path + s("/build/out.o")), QByteArray("object\n"));
}

void TestGitFacts::mergeBaseIntoBranchLosesRaceCleanly()
{
    TempRepository repo;
    QVERIFY(makeRepository(repo));
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    TaskWorktrees worktrees(*opened);
    Result<TaskWorktree> wt = worktrees.create(spec(repo, s("10"), s("main~2")));
    QVERIFY(wt.ok());
    QVERIFY(writeBytes(wt->path + s("/a.txt"), "a1\nWT\na3\n"));
    const QString head = commitIn(repo, wt->path, s("work"));
    QString racer;
    BaseIntoBranchRequest request;
    request.worktreePath = wt->path;
    request.branch = wt->branch;
    request.expectedHead = head;
    request.baseCommit = repo.revParse(s("main"));
    request.beforeRefUpdate = [&] {
        racer = QString::fromUtf8(
            repo.git({s("commit-tree"), s("-p"), head, s("-m"), s("racer"), head + s("^{tree}")})
                .out.trimmed());
        repo.git({s("update-ref"), s("refs/heads/") + wt->branch, racer});
    };
    Result<BaseIntoBranchOutcome> outcome = BranchSync::mergeBaseIntoBranch(*opened, request);
    QCOMPARE(outcome.errorCode(), s("branch-moved"));
    QVERIFY(!racer.isEmpty());
    QCOMPARE(repo.revParse(wt->branch), racer);
    // No file of the base was written into the worktree.
    QVERIFY(!QFileInfo::exists(wt->path + s("/d.txt")));
}

void TestGitFacts::rejectThenRestoreIsByteIdentical()
{
    TempRepository repo;
    QVERIFY(makeRepository(repo));
    QVERIFY(repo.writeFile(s("tool.sh"), "#!/bin/sh\necho tool\n"));
    QVERIFY(repo.writeFile(s("gone.txt"), "to be deleted\n"));
    QVERIFY(!repo.commitAll(s("more files")).isEmpty());
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    TaskWorktrees worktrees(*opened);
    Result<TaskWorktree> wt = worktrees.create(spec(repo, s("21"), s("main")));
    QVERIFY(wt.ok());
    QVERIFY(writeBytes(wt->path + s("/committed.txt"), "on the branch\n"));
    const QString head = commitIn(repo, wt->path, s("task work"));
    QVERIFY(!head.isEmpty());

    // Uncommitted state of every kind: modified, deleted, executable bit, untracked text in a
    // new folder, untracked binary, untracked executable, untracked symlink, a staged change.
    QByteArray binary;
    for (int i = 0; i < 2048; ++i)
        binary.append(char(i * 7 % 256));
    QVERIFY(writeBytes(wt->path + s("/a.txt"), "a1\nuncommitted\na3\n"));
    QVERIFY(QFile::remove(wt->path + s("/gone.txt")));
    QVERIFY(QFile(wt->path + s("/c.txt"))
                .setPermissions(QFile(wt->path + s("/c.txt")).permissions() |
                                QFileDevice::ExeOwner | QFileDevice::ExeGroup));
    QVERIFY(writeBytes(wt->path + s("/notes/draft.md"), "# draft\n\nnot yet committed\n"));
    QVERIFY(writeBytes(wt->path + s("/assets/blob.bin"), binary));
    QVERIFY(writeBytes(wt->path + s("/run.sh"), "#!/bin/sh\necho run\n"));
    QVERIFY(
        QFile(wt->path + s("/run.sh"))
            .setPermissions(QFile(wt->path + s("/run.sh")).permissions() | QFileDevice::ExeOwner));
    QVERIFY(QFile::link(s("notes/draft.md"), wt->path + s("/draft-link")));
    QVERIFY(writeBytes(wt->path + s("/b.txt"), "staged change\n"));
    QVERIFY(repo.git({s("add"), s("b.txt")}, wt->path).ok());
    const QMap<QString, QByteArray> before = snapshot(wt->path);
    // Staged changes come back unstaged: compare the porcelain status with that folded.
    QByteArray statusBefore = statusOf(repo, wt->path);
    QVERIFY(statusBefore.contains("M  b.txt\n"));
    statusBefore.replace("M  b.txt\n", " M b.txt\n");

    Result<RemovedWorktree> removed = worktrees.remove(wt->name, Identity(), ArchiveWhen::Always);
    QVERIFY2(removed.ok(), qPrintable(removed.errorMessage()));
    QVERIFY(!QFileInfo::exists(wt->path));
    QCOMPARE(removed->archiveRef, s("refs/agentdesk/archive/21/1"));
    QCOMPARE(repo.revParse(removed->archiveRef + s("^")), head);

    TaskWorktreeSpec again = spec(repo, s("21"), QString());
    again.name = wt->name;
    Result<RestoredWorktree> restored = worktrees.restore(removed->archiveRef, again);
    QVERIFY2(restored.ok(), qPrintable(restored.errorMessage()));
    QVERIFY(restored->reusedBranch);
    QCOMPARE(restored->headCommit, head);
    QCOMPARE(restored->worktree.branch, wt->branch);
    QCOMPARE(restored->worktree.headId, head);
    QVERIFY(restored->worktree.locked);
    QCOMPARE(snapshot(restored->worktree.path), before);
    QCOMPARE(statusOf(repo, restored->worktree.path), statusBefore);
    QCOMPARE(restored->uncommittedPaths,
             (QStringList{s("a.txt"), s("assets/blob.bin"), s("b.txt"), s("c.txt"), s("draft-link"),
                          s("gone.txt"), s("notes/draft.md"), s("run.sh")}));
}

void TestGitFacts::restoreAfterBranchDeletedOrUnderNewName()
{
    TempRepository repo;
    QVERIFY(makeRepository(repo));
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    TaskWorktrees worktrees(*opened);
    Result<TaskWorktree> wt = worktrees.create(spec(repo, s("22"), s("main")));
    QVERIFY(wt.ok());
    QVERIFY(writeBytes(wt->path + s("/a.txt"), "committed\n"));
    const QString head = commitIn(repo, wt->path, s("work"));
    QVERIFY(writeBytes(wt->path + s("/untracked.txt"), "only here\n"));
    QVERIFY(writeBytes(wt->path + s("/a.txt"), "uncommitted\n"));
    const QMap<QString, QByteArray> before = snapshot(wt->path);
    Result<RemovedWorktree> removed = worktrees.remove(wt->name, Identity(), ArchiveWhen::Always);
    QVERIFY(removed.ok());
    // The branch is deleted too: the archive alone brings everything back.
    QVERIFY(repo.git({s("branch"), s("-q"), s("-D"), wt->branch}).ok());

    TaskWorktreeSpec same = spec(repo, s("22"), QString());
    same.name = wt->name;
    Result<RestoredWorktree> restored = worktrees.restore(removed->archiveRef, same);
    QVERIFY2(restored.ok(), qPrintable(restored.errorMessage()));
    QVERIFY(!restored->reusedBranch);
    QCOMPARE(repo.revParse(wt->branch), head);
    QCOMPARE(snapshot(restored->worktree.path), before);
    QCOMPARE(statusOf(repo, restored->worktree.path), QByteArray(" M a.txt\n?? untracked.txt\n"));

    // The same archive restored again as another task, beside the first.
    Result<RestoredWorktree> copy =
        worktrees.restore(removed->archiveRef, spec(repo, s("23"), QString()));
    QVERIFY2(copy.ok(), qPrintable(copy.errorMessage()));
    QCOMPARE(copy->worktree.branch, s("agentdesk/23-task-23"));
    QCOMPARE(snapshot(copy->worktree.path), before);
    QCOMPARE(worktrees.restore(s("refs/agentdesk/archive/22/99"), spec(repo, s("24"), QString()))
                 .errorCode(),
             s("archive-not-found"));
    QCOMPARE(worktrees.restore(s("main"), spec(repo, s("25"), QString())).errorCode(),
             s("archive-not-found"));
}

void TestGitFacts::restoreRefusesBranchThatMovedOn()
{
    TempRepository repo;
    QVERIFY(makeRepository(repo));
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    TaskWorktrees worktrees(*opened);
    Result<TaskWorktree> wt = worktrees.create(spec(repo, s("26"), s("main")));
    QVERIFY(wt.ok());
    QVERIFY(writeBytes(wt->path + s("/x.txt"), "x\n"));
    Result<RemovedWorktree> removed = worktrees.remove(wt->name, Identity(), ArchiveWhen::Always);
    QVERIFY(removed.ok());
    QVERIFY(repo.git({s("branch"), s("-f"), wt->branch, s("main~1")}).ok());
    TaskWorktreeSpec same = spec(repo, s("26"), QString());
    same.name = wt->name;
    QCOMPARE(worktrees.restore(removed->archiveRef, same).errorCode(), s("branch-exists"));
    QVERIFY(!QFileInfo::exists(wt->path));
}

void TestGitFacts::cleanRejectStillArchivesHead()
{
    TempRepository repo;
    QVERIFY(makeRepository(repo));
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    TaskWorktrees worktrees(*opened);
    Result<TaskWorktree> wt = worktrees.create(spec(repo, s("27"), s("main")));
    QVERIFY(wt.ok());
    QVERIFY(writeBytes(wt->path + s("/x.txt"), "x\n"));
    const QString head = commitIn(repo, wt->path, s("work"));
    const QMap<QString, QByteArray> before = snapshot(wt->path);
    Result<RemovedWorktree> removed = worktrees.remove(wt->name, Identity(), ArchiveWhen::Always);
    QVERIFY(removed.ok());
    QVERIFY(!removed->archiveRef.isEmpty());
    QCOMPARE(repo.revParse(removed->archiveRef + s("^")), head);
    QCOMPARE(treeOf(repo, removed->archiveRef), treeOf(repo, head));
    QVERIFY(repo.git({s("branch"), s("-q"), s("-D"), wt->branch}).ok());
    TaskWorktreeSpec same = spec(repo, s("27"), QString());
    same.name = wt->name;
    Result<RestoredWorktree> restored = worktrees.restore(removed->archiveRef, same);
    QVERIFY2(restored.ok(), qPrintable(restored.errorMessage()));
    QVERIFY(restored->uncommittedPaths.isEmpty());
    QCOMPARE(snapshot(restored->worktree.path), before);
    QCOMPARE(statusOf(repo, restored->worktree.path), QByteArray());
}

QTEST_GUILESS_MAIN(TestGitFacts)
#include "tst_gitfacts.moc"
