#include "TempRepository.h"
#include "git/DiffEngine.h"
#include "git/GitLibrary.h"
#include "git/Repository.h"
#include "git/TaskWorktrees.h"
#include "git/WorktreeCommitter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTest>

using namespace agentdesk;
using namespace agentdesk::git;
using agentdesk::test::TempRepository;

Q_DECLARE_METATYPE(agentdesk::git::TaskWorktrees::CreateMethod)

class TestWorktrees : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createIsSeenByGitAndSurvivesPrune_data();
    void createIsSeenByGitAndSurvivesPrune();
    void createTwiceIsRefused();
    void createFromUnknownCommitIsRefused();
    void commitAllMatchesGitStatus();
    void commitWithNothingToCommit();
    void commitOnDetachedHead();
    void commitInMissingWorktree();
    void removeArchivesUncommittedWork();
    void removeCleanWorktreeNeedsNoArchive();
    void removeWorktreeLockedByUser();
    void removeMissingWorktree();
    void uncommittedDiff();

private:
    static void makeBase(TempRepository &repo);
    GitLibrary m_library;
};

void TestWorktrees::makeBase(TempRepository &repo)
{
    QVERIFY(repo.writeFile(QStringLiteral("src/main.c"), "int main() { return 0; }\n"));
    QVERIFY(repo.writeFile(QStringLiteral("run.sh"), "#!/bin/sh\necho hi\n", true));
    QVERIFY(repo.writeFile(QStringLiteral(".gitignore"), "build/\n*.log\n"));
    QVERIFY(repo.writeFile(QStringLiteral("doomed.txt"), "to be deleted\n"));
    QVERIFY(!repo.commitAll(QStringLiteral("base")).isEmpty());
}

void TestWorktrees::createIsSeenByGitAndSurvivesPrune_data()
{
    QTest::addColumn<TaskWorktrees::CreateMethod>("method");
    QTest::newRow("git command line") << TaskWorktrees::CreateMethod::GitCommandLine;
    QTest::newRow("libgit2") << TaskWorktrees::CreateMethod::Libgit2;
}

void TestWorktrees::createIsSeenByGitAndSurvivesPrune()
{
    QFETCH(TaskWorktrees::CreateMethod, method);
    TempRepository repo;
    makeBase(repo);
    const QString base = repo.revParse(QStringLiteral("HEAD"));
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    TaskWorktrees worktrees(*opened);
    const QString root = repo.scratchPath(QStringLiteral("worktrees"));
    Result<TaskWorktree> created = worktrees.create({QStringLiteral("42"),
                                                     QStringLiteral("Fix the Typo in README!"),
                                                     QStringLiteral("main"),
                                                     root,
                                                     {}},
                                                    method);
    QVERIFY2(created.ok(), qPrintable(created.errorMessage()));
    QCOMPARE(created->name, QStringLiteral("42-fix-the-typo-in-readme"));
    QCOMPARE(created->branch, QStringLiteral("agentdesk/42-fix-the-typo-in-readme"));
    QCOMPARE(created->path, root + QStringLiteral("/42-fix-the-typo-in-readme"));
    QCOMPARE(created->headId, base);
    QVERIFY(created->locked);
    QCOMPARE(created->lockReason, TaskWorktrees::lockReason(QStringLiteral("42")));
    QVERIFY(QFileInfo(created->path + QStringLiteral("/run.sh")).isExecutable());

    const QByteArray porcelain = repo.git({QStringLiteral("worktree"), QStringLiteral("list"),
                                           QStringLiteral("--porcelain")})
                                     .out;
    QVERIFY2(porcelain.contains(QByteArray("worktree " + QFile::encodeName(created->path) + '\n')),
             porcelain.constData());
    QVERIFY(porcelain.contains("branch refs/heads/agentdesk/42-fix-the-typo-in-readme\n"));
    QVERIFY(porcelain.contains("locked agentdesk task 42"));

    // A locked worktree survives `git worktree prune`, even with an expiry of now.
    QVERIFY(repo.git({QStringLiteral("worktree"), QStringLiteral("prune"),
                      QStringLiteral("--expire=now")})
                .ok());
    Result<QList<TaskWorktree>> listed = worktrees.list();
    QVERIFY(listed.ok());
    QCOMPARE(listed->size(), 1);
    QCOMPARE(listed->first().path, created->path);
    QVERIFY(!listed->first().missing);
    QVERIFY(QFileInfo::exists(created->path + QStringLiteral("/src/main.c")));
    QVERIFY(repo.git({QStringLiteral("status"), QStringLiteral("--porcelain")}, created->path)
                .out.isEmpty());
}

void TestWorktrees::createTwiceIsRefused()
{
    TempRepository repo;
    makeBase(repo);
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    TaskWorktrees worktrees(*opened);
    const TaskWorktreeSpec spec{QStringLiteral("7"),
                                QStringLiteral("same"),
                                QStringLiteral("HEAD"),
                                repo.scratchPath(QStringLiteral("wt")),
                                {}};
    QVERIFY(worktrees.create(spec).ok());
    QCOMPARE(worktrees.create(spec).errorCode(), QStringLiteral("worktree-exists"));
    QVERIFY(repo.git({QStringLiteral("branch"), QStringLiteral("agentdesk/8-same")}).ok());
    TaskWorktreeSpec other = spec;
    other.taskId = QStringLiteral("8");
    QCOMPARE(worktrees.create(other).errorCode(), QStringLiteral("branch-exists"));
}

void TestWorktrees::createFromUnknownCommitIsRefused()
{
    TempRepository repo;
    makeBase(repo);
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    TaskWorktrees worktrees(*opened);
    QCOMPARE(worktrees
                 .create({QStringLiteral("1"),
                          QStringLiteral("x"),
                          QStringLiteral("nope"),
                          repo.scratchPath(QStringLiteral("wt")),
                          {}})
                 .errorCode(),
             QStringLiteral("unknown-revision"));
}

void TestWorktrees::commitAllMatchesGitStatus()
{
    TempRepository repo;
    makeBase(repo);
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    TaskWorktrees worktrees(*opened);
    Result<TaskWorktree> wt = worktrees.create({QStringLiteral("3"),
                                                QStringLiteral("work"),
                                                QStringLiteral("main"),
                                                repo.scratchPath(QStringLiteral("wt")),
                                                {}});
    QVERIFY(wt.ok());
    const QString dir = wt->path;
    auto write = [&](const QString &relative, const QByteArray &content) {
        const QString file = dir + QLatin1Char('/') + relative;
        QDir().mkpath(QFileInfo(file).absolutePath());
        QFile out(file);
        return out.open(QIODevice::WriteOnly) && out.write(content) == content.size();
    };
    QVERIFY(write(QStringLiteral("src/main.c"), "int main() { return 1; }\n"));
    QVERIFY(write(QStringLiteral("new dir/ünïcode file.txt"), "new\n"));
    QVERIFY(write(QStringLiteral("build/out.o"), "ignored\n"));
    QVERIFY(write(QStringLiteral("debug.log"), "ignored\n"));
    QVERIFY(QFile::remove(dir + QStringLiteral("/doomed.txt")));
    QVERIFY(QFile::link(QStringLiteral("src/main.c"), dir + QStringLiteral("/main-link")));
    QVERIFY(QFile::setPermissions(dir + QStringLiteral("/src/main.c"),
                                  QFile::permissions(dir + QStringLiteral("/src/main.c")) |
                                      QFileDevice::ExeOwner));

    const Identity identity{QStringLiteral("Task Bot"), QStringLiteral("bot@example.invalid")};
    Result<QString> commit =
        WorktreeCommitter::commitAll(dir, QStringLiteral("Task 3: work"), identity);
    QVERIFY2(commit.ok(), qPrintable(commit.errorMessage()));

    QCOMPARE(repo.revParse(QStringLiteral("agentdesk/3-work")), *commit);
    QVERIFY(repo.git({QStringLiteral("status"), QStringLiteral("--porcelain")}, dir).out.isEmpty());
    const QByteArray log = repo.git({QStringLiteral("log"), QStringLiteral("-1"),
                                     QStringLiteral("--format=%an <%ae>|%cn|%s"), *commit})
                               .out.trimmed();
    QCOMPARE(log, QByteArray("Task Bot <bot@example.invalid>|Task Bot|Task 3: work"));
    const QByteArray changes =
        repo.git({QStringLiteral("-c"), QStringLiteral("core.quotepath=off"),
                  QStringLiteral("diff"), QStringLiteral("--raw"), QStringLiteral("--no-abbrev"),
                  QStringLiteral("main"), *commit})
            .out;
    QVERIFY2(changes.contains(":100644 100755 ") && changes.contains("M\tsrc/main.c"),
             changes.constData());
    QVERIFY(changes.contains("D\tdoomed.txt"));
    QVERIFY(changes.contains("A\tnew dir/ünïcode file.txt"));
    QVERIFY(!changes.contains("build/") && !changes.contains("debug.log"));
    QVERIFY2(changes.contains(":000000 120000 ") && changes.contains("A\tmain-link"),
             changes.constData());
}

void TestWorktrees::commitWithNothingToCommit()
{
    TempRepository repo;
    makeBase(repo);
    QCOMPARE(WorktreeCommitter::commitAll(repo.path(), QStringLiteral("x"), Identity()).errorCode(),
             QStringLiteral("nothing-to-commit"));
}

void TestWorktrees::commitOnDetachedHead()
{
    TempRepository repo;
    makeBase(repo);
    QVERIFY(repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("--detach")})
                .ok());
    QVERIFY(repo.writeFile(QStringLiteral("x.txt"), "x\n"));
    const Result<QString> commit =
        WorktreeCommitter::commitAll(repo.path(), QStringLiteral("x"), Identity());
    QCOMPARE(commit.errorCode(), QStringLiteral("detached-head"));
}

void TestWorktrees::commitInMissingWorktree()
{
    TempRepository repo;
    makeBase(repo);
    const QString gone = repo.scratchPath(QStringLiteral("gone"));
    const Result<QString> commit =
        WorktreeCommitter::commitAll(gone, QStringLiteral("x"), Identity());
    QCOMPARE(commit.errorCode(), QStringLiteral("worktree-missing"));
    QVERIFY(commit.errorMessage().contains(gone));
}

void TestWorktrees::removeArchivesUncommittedWork()
{
    TempRepository repo;
    makeBase(repo);
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    TaskWorktrees worktrees(*opened);
    const QString root = repo.scratchPath(QStringLiteral("wt"));
    Result<TaskWorktree> wt = worktrees.create(
        {QStringLiteral("5"), QStringLiteral("dirty"), QStringLiteral("main"), root, {}});
    QVERIFY(wt.ok());
    QFile modified(wt->path + QStringLiteral("/src/main.c"));
    QVERIFY(modified.open(QIODevice::WriteOnly));
    modified.write("changed\n");
    modified.close();
    QFile untracked(wt->path + QStringLiteral("/notes.md"));
    QVERIFY(untracked.open(QIODevice::WriteOnly));
    untracked.write("untracked work\n");
    untracked.close();
    QFile ignored(wt->path + QStringLiteral("/trace.log"));
    QVERIFY(ignored.open(QIODevice::WriteOnly));
    ignored.write("ignored\n");
    ignored.close();

    Result<RemovedWorktree> removed = worktrees.remove(wt->name, Identity());
    QVERIFY2(removed.ok(), qPrintable(removed.errorMessage()));
    QCOMPARE(removed->archiveRef, QStringLiteral("refs/agentdesk/archive/5/1"));
    QVERIFY(!QFileInfo::exists(wt->path));
    QVERIFY(!repo.git({QStringLiteral("worktree"), QStringLiteral("list"),
                       QStringLiteral("--porcelain")})
                 .out.contains(QFile::encodeName(wt->path)));
    QCOMPARE(
        repo.git({QStringLiteral("show"), removed->archiveRef + QStringLiteral(":notes.md")}).out,
        QByteArray("untracked work\n"));
    QCOMPARE(
        repo.git({QStringLiteral("show"), removed->archiveRef + QStringLiteral(":src/main.c")}).out,
        QByteArray("changed\n"));
    QVERIFY(!repo.git({QStringLiteral("show"), removed->archiveRef + QStringLiteral(":trace.log")})
                 .ok());
    QCOMPARE(repo.revParse(removed->archiveRef + QStringLiteral("^")),
             repo.revParse(QStringLiteral("main")));
    // The branch is kept: removal never loses commits either.
    QVERIFY(!repo.revParse(QStringLiteral("agentdesk/5-dirty")).isEmpty());

    // A second iteration of the same task archives to the next number.
    QVERIFY(repo.git({QStringLiteral("branch"), QStringLiteral("-q"), QStringLiteral("-D"),
                      QStringLiteral("agentdesk/5-dirty")})
                .ok());
    wt = worktrees.create(
        {QStringLiteral("5"), QStringLiteral("dirty"), QStringLiteral("main"), root, {}});
    QVERIFY2(wt.ok(), qPrintable(wt.errorMessage()));
    QFile again(wt->path + QStringLiteral("/again.txt"));
    QVERIFY(again.open(QIODevice::WriteOnly));
    again.close();
    removed = worktrees.remove(wt->name, Identity());
    QVERIFY(removed.ok());
    QCOMPARE(removed->archiveRef, QStringLiteral("refs/agentdesk/archive/5/2"));
}

void TestWorktrees::removeCleanWorktreeNeedsNoArchive()
{
    TempRepository repo;
    makeBase(repo);
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    TaskWorktrees worktrees(*opened);
    Result<TaskWorktree> wt = worktrees.create({QStringLiteral("6"),
                                                QStringLiteral("clean"),
                                                QStringLiteral("main"),
                                                repo.scratchPath(QStringLiteral("wt")),
                                                {}});
    QVERIFY(wt.ok());
    Result<RemovedWorktree> removed = worktrees.remove(wt->name, Identity());
    QVERIFY(removed.ok());
    QVERIFY(removed->archiveRef.isEmpty());
    QVERIFY(!QFileInfo::exists(wt->path));
    QCOMPARE(worktrees.find(wt->name).errorCode(), QStringLiteral("worktree-not-found"));
    QCOMPARE(worktrees.remove(wt->name, Identity()).errorCode(),
             QStringLiteral("worktree-not-found"));
}

void TestWorktrees::removeWorktreeLockedByUser()
{
    TempRepository repo;
    makeBase(repo);
    const QString path = repo.scratchPath(QStringLiteral("mine"));
    QVERIFY(repo.git({QStringLiteral("worktree"), QStringLiteral("add"), QStringLiteral("-q"),
                      QStringLiteral("--lock"), QStringLiteral("--reason"),
                      QStringLiteral("on a USB stick"), path})
                .ok());
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    TaskWorktrees worktrees(*opened);
    const Result<RemovedWorktree> removed = worktrees.remove(QStringLiteral("mine"), Identity());
    QCOMPARE(removed.errorCode(), QStringLiteral("worktree-locked"));
    QVERIFY(removed.errorMessage().contains(QStringLiteral("on a USB stick")));
    QVERIFY(QFileInfo::exists(path + QStringLiteral("/src/main.c")));
}

void TestWorktrees::removeMissingWorktree()
{
    TempRepository repo;
    makeBase(repo);
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    TaskWorktrees worktrees(*opened);
    Result<TaskWorktree> wt = worktrees.create({QStringLiteral("9"),
                                                QStringLiteral("vanish"),
                                                QStringLiteral("main"),
                                                repo.scratchPath(QStringLiteral("wt")),
                                                {}});
    QVERIFY(wt.ok());
    QVERIFY(QDir(wt->path).removeRecursively());
    Result<TaskWorktree> found = worktrees.find(wt->name);
    QVERIFY(found.ok());
    QVERIFY(found->missing);
    QCOMPARE(worktrees.archive(wt->name, Identity()).errorCode(),
             QStringLiteral("worktree-missing"));
    QVERIFY(worktrees.remove(wt->name, Identity()).ok());
    QVERIFY(!repo.git({QStringLiteral("worktree"), QStringLiteral("list")}).out.contains("vanish"));
}

void TestWorktrees::uncommittedDiff()
{
    TempRepository repo;
    makeBase(repo);
    QVERIFY(repo.writeFile(QStringLiteral("src/main.c"), "int main() { return 2; }\n"));
    QVERIFY(repo.writeFile(QStringLiteral("fresh.txt"), "one\ntwo\n"));
    QVERIFY(repo.writeFile(QStringLiteral("x.log"), "ignored\n"));
    QVERIFY(repo.removeFile(QStringLiteral("doomed.txt")));
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    Result<std::vector<FileDelta>> files = DiffEngine::diffUncommitted(*opened);
    QVERIFY2(files.ok(), qPrintable(files.errorMessage()));
    QCOMPARE(int(files->size()), 3);
    QMap<QString, FileDelta> byPath;
    for (const FileDelta &file : *files)
        byPath.insert(file.displayPath(), file);
    QCOMPARE(byPath.value(QStringLiteral("fresh.txt")).status, DeltaStatus::Added);
    QCOMPARE(byPath.value(QStringLiteral("fresh.txt")).added, 2);
    QCOMPARE(byPath.value(QStringLiteral("doomed.txt")).status, DeltaStatus::Deleted);
    QCOMPARE(byPath.value(QStringLiteral("src/main.c")).added, 1);
    QCOMPARE(byPath.value(QStringLiteral("src/main.c")).removed, 1);
}

QTEST_GUILESS_MAIN(TestWorktrees)
#include "tst_worktrees.moc"
