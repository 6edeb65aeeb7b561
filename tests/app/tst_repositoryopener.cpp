#include "app/RepositoryOpener.h"
#include "git/GitLibrary.h"

#include "TestProcess.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using agentdesk::app::RepositoryOpener;
using agentdesk::app::RepositorySummary;
using agentdesk::test::runGit;

class TestRepositoryOpener : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_repo;

    QString headCommit() const
    {
        return QString::fromUtf8(
            runGit(m_repo, {QStringLiteral("rev-parse"), QStringLiteral("HEAD")}).out.trimmed());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_repo = m_dir.filePath(QStringLiteral("project"));
        QVERIFY(QDir().mkpath(m_repo));
        QVERIFY(runGit(m_repo, {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"),
                                QStringLiteral("trunk")})
                    .ok());
        QFile file(m_repo + QStringLiteral("/README"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("hello\n");
        file.close();
        QVERIFY(runGit(m_repo, {QStringLiteral("add"), QStringLiteral("README")}).ok());
        QVERIFY(runGit(m_repo,
                       {QStringLiteral("commit"), QStringLiteral("-qm"), QStringLiteral("first")})
                    .ok());
    }

    void probeReportsBranchAndCommit()
    {
        const auto summary = RepositoryOpener::probe(m_repo);
        QVERIFY2(summary.ok(), qPrintable(summary.errorMessage()));
        QCOMPARE(summary->branch, QStringLiteral("trunk"));
        QCOMPARE(summary->commit, headCommit());
        QCOMPARE(QDir(summary->path).canonicalPath(), QDir(m_repo).canonicalPath());
    }

    void probeRefusesWhatIsNotARepository_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("code");
        QTest::newRow("missing") << m_dir.filePath(QStringLiteral("nope"))
                                 << QStringLiteral("path-not-found");
        QTest::newRow("plain folder") << m_dir.path() << QStringLiteral("not-a-repository");
    }

    void probeRefusesWhatIsNotARepository()
    {
        QFETCH(QString, path);
        QFETCH(QString, code);
        const auto summary = RepositoryOpener::probe(path);
        QVERIFY(!summary.ok());
        QCOMPARE(summary.errorCode(), code);
        QVERIFY(!summary.errorMessage().isEmpty());
    }

    void detachedHeadIsNamed()
    {
        QVERIFY(runGit(m_repo, {QStringLiteral("checkout"), QStringLiteral("-q"),
                                QStringLiteral("--detach")})
                    .ok());
        const auto summary = RepositoryOpener::probe(m_repo);
        QVERIFY2(summary.ok(), qPrintable(summary.errorMessage()));
        QCOMPARE(summary->branch, QStringLiteral("(detached HEAD)"));
        QVERIFY(runGit(m_repo,
                       {QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("trunk")})
                    .ok());
    }

    void openReportsAsynchronously()
    {
        RepositoryOpener opener;
        QSignalSpy opened(&opener, &RepositoryOpener::opened);
        QSignalSpy failed(&opener, &RepositoryOpener::failed);
        opener.open(m_repo);
        QVERIFY(opened.wait(10000));
        QCOMPARE(failed.count(), 0);
        QCOMPARE(opened.first().first().value<RepositorySummary>().commit, headCommit());

        opener.open(m_dir.path());
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.first().first().toString(), m_dir.path());
    }
};

int main(int argc, char **argv)
{
    agentdesk::git::GitLibrary git;
    QCoreApplication application(argc, argv);
    TestRepositoryOpener test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_repositoryopener.moc"
