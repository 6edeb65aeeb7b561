#include "TempRepository.h"
#include "git/GitLibrary.h"
#include "git/Repository.h"

#include <QDir>
#include <QFile>
#include <QScopeGuard>
#include <QTest>

#include <unistd.h>

using namespace agentdesk;
using namespace agentdesk::git;
using agentdesk::test::TempRepository;

class TestRepository : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void openErrors_data();
    void openErrors();
    void openOwnedByAnotherUser();
    void opensWorkingRepository();
    void branchesAndResolve();
    void resolveUnknownRevision();
    void aheadBehindMatchesGit();
    void mergeBaseMatchesGit();
    void unrelatedHistoriesHaveNoMergeBase();
    void detachedHeadIsAClearError();

private:
    GitLibrary m_library;
};

void TestRepository::openErrors_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expectedCode");
    QTest::newRow("missing path") << "missing"
                                  << "path-not-found";
    QTest::newRow("plain folder") << "plain"
                                  << "not-a-repository";
    QTest::newRow("bare") << "bare"
                          << "bare-repository";
    QTest::newRow("no commits") << "unborn"
                                << "unborn-head";
}

void TestRepository::openErrors()
{
    QFETCH(QString, kind);
    QFETCH(QString, expectedCode);
    QTemporaryDir dir;
    QString path = dir.path() + QStringLiteral("/target");
    if (kind == QLatin1String("plain")) {
        QVERIFY(QDir().mkpath(path));
    } else if (kind == QLatin1String("bare")) {
        QVERIFY(test::runGit(dir.path(), {QStringLiteral("init"), QStringLiteral("-q"),
                                          QStringLiteral("--bare"), path})
                    .ok());
    } else if (kind == QLatin1String("unborn")) {
        QVERIFY(
            test::runGit(dir.path(), {QStringLiteral("init"), QStringLiteral("-q"), path}).ok());
    }
    const Result<Repository> repo = Repository::open(path);
    QVERIFY(!repo.ok());
    QCOMPARE(repo.errorCode(), expectedCode);
    QVERIFY2(repo.errorMessage().contains(path), qPrintable(repo.errorMessage()));
}

void TestRepository::openOwnedByAnotherUser()
{
    if (geteuid() != 0)
        QSKIP("Changing a folder's owner needs root");
    // libgit2 reads the system git configuration whatever GIT_CONFIG_NOSYSTEM says, and CI
    // images often trust every directory there.
    QFile systemConfig(QStringLiteral("/etc/gitconfig"));
    if (systemConfig.open(QIODevice::ReadOnly) && systemConfig.readAll().contains("[safe]"))
        QSKIP("/etc/gitconfig sets safe.directory: ownership is not checked here");
    TempRepository repo;
    QVERIFY(repo.isValid());
    QVERIFY(!repo.commitAll(QStringLiteral("first")).isEmpty());
    const QByteArray top = QFile::encodeName(repo.path());
    const QByteArray gitDir = QFile::encodeName(repo.path() + QStringLiteral("/.git"));
    // Give the folders back whatever happens below, so the temporary directory can go.
    const auto restore = qScopeGuard([&] {
        [[maybe_unused]] const int a = ::chown(top.constData(), 0, 0);
        [[maybe_unused]] const int b = ::chown(gitDir.constData(), 0, 0);
    });
    // 65534 is "nobody": neither us nor root, so libgit2 reports GIT_EOWNER. A container
    // without that user mapped (user namespaces, root-squashed mounts) refuses the chown.
    if (::chown(top.constData(), 65534, 65534) != 0 ||
        ::chown(gitDir.constData(), 65534, 65534) != 0)
        QSKIP("This file system does not let root give a folder to another user");
    const Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(!opened.ok());
    QCOMPARE(opened.errorCode(), QStringLiteral("repository-not-owned"));
    QVERIFY(opened.errorMessage().contains(QStringLiteral("safe.directory")));
}

void TestRepository::opensWorkingRepository()
{
    TempRepository repo;
    QVERIFY(repo.writeFile(QStringLiteral("a.txt"), "a\n"));
    QVERIFY(!repo.commitAll(QStringLiteral("first")).isEmpty());
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
    QCOMPARE(opened->workdir(), QDir(repo.path()).canonicalPath());
    QVERIFY(!opened->isLinkedWorktree());
    QCOMPARE(opened->currentBranch().valueOr(QString()), QStringLiteral("main"));
}

void TestRepository::branchesAndResolve()
{
    TempRepository repo;
    QVERIFY(repo.writeFile(QStringLiteral("a.txt"), "a\n"));
    const QString first = repo.commitAll(QStringLiteral("first"));
    QVERIFY(repo.git({QStringLiteral("branch"), QStringLiteral("feature/x")}).ok());
    QVERIFY(repo.writeFile(QStringLiteral("a.txt"), "b\n"));
    const QString second = repo.commitAll(QStringLiteral("second"));
    QVERIFY(repo.git({QStringLiteral("tag"), QStringLiteral("v1"), first}).ok());

    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    Result<QList<BranchInfo>> branches = opened->branches();
    QVERIFY(branches.ok());
    QCOMPARE(branches->size(), 2);
    for (const BranchInfo &branch : *branches) {
        if (branch.name == QLatin1String("main")) {
            QCOMPARE(branch.commitId, second);
            QVERIFY(branch.isHead);
        } else {
            QCOMPARE(branch.name, QStringLiteral("feature/x"));
            QCOMPARE(branch.commitId, first);
            QVERIFY(!branch.isHead);
        }
    }
    QCOMPARE(opened->resolveCommit(QStringLiteral("main")).valueOr(QString()), second);
    QCOMPARE(opened->resolveCommit(QStringLiteral("v1")).valueOr(QString()), first);
    QCOMPARE(opened->resolveCommit(QStringLiteral("HEAD~1")).valueOr(QString()), first);
    QCOMPARE(opened->resolveCommit(first.left(10)).valueOr(QString()), first);
}

void TestRepository::resolveUnknownRevision()
{
    TempRepository repo;
    QVERIFY(!repo.commitAll(QStringLiteral("first")).isEmpty());
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    const Result<QString> resolved = opened->resolveCommit(QStringLiteral("no-such-branch"));
    QCOMPARE(resolved.errorCode(), QStringLiteral("unknown-revision"));
    QVERIFY(resolved.errorMessage().contains(QStringLiteral("no-such-branch")));
}

void TestRepository::aheadBehindMatchesGit()
{
    TempRepository repo;
    QVERIFY(!repo.commitAll(QStringLiteral("base")).isEmpty());
    QVERIFY(repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"),
                      QStringLiteral("topic")})
                .ok());
    for (int i = 0; i < 3; ++i)
        QVERIFY(!repo.commitAll(QStringLiteral("topic %1").arg(i)).isEmpty());
    QVERIFY(
        repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("main")}).ok());
    for (int i = 0; i < 2; ++i)
        QVERIFY(!repo.commitAll(QStringLiteral("main %1").arg(i)).isEmpty());

    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    const Result<AheadBehind> counts =
        opened->aheadBehind(QStringLiteral("topic"), QStringLiteral("main"));
    QVERIFY(counts.ok());
    const QByteArray cli = repo.git({QStringLiteral("rev-list"), QStringLiteral("--left-right"),
                                     QStringLiteral("--count"), QStringLiteral("topic...main")})
                               .out.trimmed();
    QCOMPARE(QByteArray::number(counts->ahead) + '\t' + QByteArray::number(counts->behind), cli);
    QCOMPARE(counts->ahead, 3);
    QCOMPARE(counts->behind, 2);
}

void TestRepository::mergeBaseMatchesGit()
{
    TempRepository repo;
    const QString base = repo.commitAll(QStringLiteral("base"));
    QVERIFY(repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"),
                      QStringLiteral("topic")})
                .ok());
    QVERIFY(!repo.commitAll(QStringLiteral("topic")).isEmpty());
    QVERIFY(
        repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("main")}).ok());
    QVERIFY(!repo.commitAll(QStringLiteral("main")).isEmpty());
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    const QString cli = QString::fromUtf8(
        repo.git({QStringLiteral("merge-base"), QStringLiteral("main"), QStringLiteral("topic")})
            .out.trimmed());
    QCOMPARE(opened->mergeBase(QStringLiteral("main"), QStringLiteral("topic")).valueOr({}), cli);
    QCOMPARE(cli, base);
}

void TestRepository::unrelatedHistoriesHaveNoMergeBase()
{
    TempRepository repo;
    QVERIFY(!repo.commitAll(QStringLiteral("base")).isEmpty());
    QVERIFY(repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("--orphan"),
                      QStringLiteral("other")})
                .ok());
    QVERIFY(!repo.commitAll(QStringLiteral("other root")).isEmpty());
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    QCOMPARE(opened->mergeBase(QStringLiteral("main"), QStringLiteral("other")).errorCode(),
             QStringLiteral("no-merge-base"));
}

void TestRepository::detachedHeadIsAClearError()
{
    TempRepository repo;
    const QString first = repo.commitAll(QStringLiteral("first"));
    QVERIFY(repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), first}).ok());
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    const Result<QString> branch = opened->currentBranch();
    QCOMPARE(branch.errorCode(), QStringLiteral("detached-head"));
    QVERIFY(branch.errorMessage().contains(QStringLiteral("detached")));
}

QTEST_GUILESS_MAIN(TestRepository)
#include "tst_repository.moc"
