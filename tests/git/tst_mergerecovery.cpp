// Issue 16, break 3: a kill during a merge into a checked-out base, at every step, on a large
// change (thousands of files). The merging process is this binary, re-executed, killing itself
// with SIGKILL at the chosen step; recoverInterruptedCheckout() then runs as the next start
// would. Every time, the user's checkout ends consistent — HEAD, index and files agree, on the
// old base or the merge — and the user's own uncommitted change survives.

#include "TempRepository.h"

#include "git/GitLibrary.h"
#include "git/MergeEngine.h"
#include "git/Repository.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace agentdesk;
using namespace agentdesk::git;
using agentdesk::test::ProcessOutput;
using agentdesk::test::runGit;
using agentdesk::test::runProcess;

namespace {

const char childFlag[] = "--merge-child";
constexpr int kAdded = 3000;
constexpr int kModified = 60;
constexpr int kDeleted = 30;

// The merging child: lands `source` on main (a squash, as AgentDesk does) and kills itself
// at `killAt` (after `files` files for FileWritten). Exit 0: it finished before that point.
int runMergeChild(const QString &repositoryPath, const QString &source, int killAt, int files)
{
    GitLibrary library;
    auto repository = Repository::open(repositoryPath);
    if (!repository)
        return 2;
    MergeRequest request;
    request.baseBranch = QStringLiteral("main");
    request.source = source;
    request.mode = MergeMode::Squash;
    request.message = QStringLiteral("Land the task\n\nAgentDesk-Task: 1\n");
    request.onStep = [killAt, files](MergeStep step, int written) {
        if (int(step) == killAt && (step != MergeStep::FileWritten || written >= files))
            ::raise(SIGKILL);
    };
    return MergeEngine::mergeIntoBase(*repository, request) ? 0 : 3;
}

QString porcelain(const QString &repository)
{
    return QString::fromUtf8(
        runGit(repository, {QStringLiteral("status"), QStringLiteral("--porcelain"),
                            QStringLiteral("--untracked-files=all")})
            .out);
}

} // namespace

class TestMergeRecovery : public QObject
{
    Q_OBJECT

private:
    GitLibrary m_git;
    QTemporaryDir m_dir;
    QString m_template;
    QString m_oldHead;

    // A fresh copy of the template repository, with the user's own uncommitted edit in a file
    // the merge does not touch.
    QString freshCheckout(const QString &name)
    {
        const QString path = m_dir.filePath(name);
        const ProcessOutput copied =
            runProcess(QStringLiteral("cp"), {QStringLiteral("-a"), m_template, path});
        if (!copied.ok())
            return QString();
        QFile notes(path + QStringLiteral("/notes.txt"));
        if (!notes.open(QIODevice::Append))
            return QString();
        notes.write("my own uncommitted line\n");
        return path;
    }

    int mergeAndKill(const QString &repository, MergeStep step, int files)
    {
        QProcess child;
        child.start(QCoreApplication::applicationFilePath(),
                    {QString::fromLatin1(childFlag), repository, QStringLiteral("task"),
                     QString::number(int(step)), QString::number(files)});
        if (!child.waitForFinished(300000))
            return -1;
        return child.exitStatus() == QProcess::CrashExit ? 9 : child.exitCode();
    }

    QString mainHead(const QString &repository)
    {
        return QString::fromUtf8(
                   runGit(repository, {QStringLiteral("rev-parse"), QStringLiteral("main")}).out)
            .trimmed();
    }

private Q_SLOTS:
    void initTestCase()
    {
        // main: 300 files and notes.txt; task: 3,000 files added, 60 changed, 30 deleted.
        m_template = m_dir.filePath(QStringLiteral("template"));
        QVERIFY(QDir().mkpath(m_template));
        const auto git = [&](const QStringList &arguments) {
            return runGit(m_template, arguments);
        };
        QVERIFY(git({QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"),
                     QStringLiteral("main")})
                    .ok());
        git({QStringLiteral("config"), QStringLiteral("core.autocrlf"), QStringLiteral("false")});
        const auto write = [&](const QString &relative, const QByteArray &content) {
            QDir().mkpath(QFileInfo(m_template + QLatin1Char('/') + relative).absolutePath());
            QFile file(m_template + QLatin1Char('/') + relative);
            return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
        };
        for (int i = 0; i < 300; ++i)
            QVERIFY(write(QStringLiteral("src/base%1.txt").arg(i),
                          QByteArray("base file ") + QByteArray::number(i) + '\n'));
        QVERIFY(write(QStringLiteral("notes.txt"), "notes\n"));
        QVERIFY(git({QStringLiteral("add"), QStringLiteral("-A")}).ok());
        QVERIFY(
            git({QStringLiteral("commit"), QStringLiteral("-qm"), QStringLiteral("base")}).ok());
        m_oldHead = mainHead(m_template);
        QVERIFY(git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"),
                     QStringLiteral("task")})
                    .ok());
        for (int i = 0; i < kAdded; ++i)
            QVERIFY(write(QStringLiteral("gen/d%1/new%2.txt").arg(i % 40).arg(i),
                          QByteArray(200 + i % 700, char('a' + i % 26)) + '\n'));
        for (int i = 0; i < kModified; ++i)
            QVERIFY(write(QStringLiteral("src/base%1.txt").arg(i),
                          QByteArray("changed by the task ") + QByteArray::number(i) + '\n'));
        for (int i = 0; i < kDeleted; ++i)
            QVERIFY(QFile::remove(m_template + QStringLiteral("/src/base%1.txt").arg(100 + i)));
        QVERIFY(git({QStringLiteral("add"), QStringLiteral("-A")}).ok());
        QVERIFY(
            git({QStringLiteral("commit"), QStringLiteral("-qm"), QStringLiteral("task")}).ok());
        QVERIFY(
            git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("main")}).ok());
        QVERIFY(porcelain(m_template).isEmpty());
    }

    void killAtEveryStep_data()
    {
        QTest::addColumn<int>("step");
        QTest::addColumn<int>("files");
        QTest::addColumn<bool>("refMoved");
        QTest::newRow("intent recorded") << int(MergeStep::IntentRecorded) << 0 << false;
        QTest::newRow("ref moved, no file written") << int(MergeStep::RefMoved) << 0 << true;
        QTest::newRow("first file") << int(MergeStep::FileWritten) << 1 << true;
        QTest::newRow("a third of the files") << int(MergeStep::FileWritten) << 1000 << true;
        QTest::newRow("two thirds") << int(MergeStep::FileWritten) << 2000 << true;
        QTest::newRow("last files") << int(MergeStep::FileWritten) << kAdded + kModified << true;
        QTest::newRow("checkout written, journal left")
            << int(MergeStep::CheckoutUpdated) << 0 << true;
    }

    void killAtEveryStep()
    {
        QFETCH(int, step);
        QFETCH(int, files);
        QFETCH(bool, refMoved);
        const QString repo = freshCheckout(QStringLiteral("kill-%1-%2").arg(step).arg(files));
        QVERIFY(!repo.isEmpty());
        QCOMPARE(mergeAndKill(repo, MergeStep(step), files), 9);
        const QString head = mainHead(repo);
        QCOMPARE(head == m_oldHead, !refMoved);
        if (refMoved && step != int(MergeStep::CheckoutUpdated)) {
            // The break, as found: HEAD moved, index and files did not (or only some).
            QVERIFY2(porcelain(repo).count(QLatin1Char('\n')) > 1, qPrintable(porcelain(repo)));
        }

        auto repository = Repository::open(repo);
        QVERIFY(repository.ok());
        const auto recovered = MergeEngine::recoverInterruptedCheckout(*repository);
        QVERIFY2(recovered.ok(), qPrintable(recovered.errorMessage()));
        QVERIFY(recovered->found);
        QCOMPARE(recovered->headId, head);
        QVERIFY(recovered->leftAlone.isEmpty());
        QCOMPARE(mainHead(repo), head);
        // HEAD, index and files agree; only the user's own edit remains uncommitted.
        QCOMPARE(porcelain(repo), QStringLiteral(" M notes.txt\n"));
        QVERIFY(QFile(repo + QStringLiteral("/notes.txt")).size() > 6);
        const int expectedFiles = refMoved ? 301 + kAdded - kDeleted : 301;
        const QString tracked = QString::fromUtf8(runGit(repo, {QStringLiteral("ls-files")}).out);
        QCOMPARE(tracked.count(QLatin1Char('\n')), expectedFiles);
        QVERIFY(!QFile::exists(repo + QStringLiteral("/.git/agentdesk-merge-journal")));
        // Done once: a second start finds nothing to finish.
        QVERIFY(!MergeEngine::recoverInterruptedCheckout(*repository)->found);
    }

    // Killed mid-checkout, and before the next start one file the kill cut short and one the
    // user edited: the cut-short one is completed, the edit kept as an uncommitted change.
    void cutShortWriteIsCompletedAndUserEditKept()
    {
        const QString repo = freshCheckout(QStringLiteral("edited"));
        QCOMPARE(mergeAndKill(repo, MergeStep::FileWritten, 1500), 9);
        const QString touchedByMerge = repo + QStringLiteral("/src/base7.txt");
        QFile edited(touchedByMerge);
        QVERIFY(edited.open(QIODevice::WriteOnly));
        edited.write("the user's own version\n");
        edited.close();
        // A new file written half-way, as a kill inside write(2) would leave it.
        const QString cut = repo + QStringLiteral("/gen/d3/new2003.txt");
        QFile partial(cut);
        QVERIFY(QDir().mkpath(QFileInfo(cut).absolutePath()));
        QVERIFY(partial.open(QIODevice::WriteOnly));
        partial.write(QByteArray(40, char('a' + 2003 % 26)));
        partial.close();

        auto repository = Repository::open(repo);
        const auto recovered = MergeEngine::recoverInterruptedCheckout(*repository);
        QVERIFY2(recovered.ok(), qPrintable(recovered.errorMessage()));
        QCOMPARE(recovered->leftAlone, QStringList{QStringLiteral("src/base7.txt")});
        QCOMPARE(porcelain(repo), QStringLiteral(" M notes.txt\n M src/base7.txt\n"));
        QFile check(touchedByMerge);
        QVERIFY(check.open(QIODevice::ReadOnly));
        QCOMPARE(check.readAll(), QByteArray("the user's own version\n"));
        QCOMPARE(QFile(cut).size(), qint64(200 + 2003 % 700 + 1));
    }

    // A merge that is not interrupted leaves no journal and needs no recovery.
    void completedMergeLeavesNothingToRecover()
    {
        const QString repo = freshCheckout(QStringLiteral("whole"));
        QCOMPARE(mergeAndKill(repo, MergeStep(-1), 0), 0);
        QVERIFY(mainHead(repo) != m_oldHead);
        QCOMPARE(porcelain(repo), QStringLiteral(" M notes.txt\n"));
        auto repository = Repository::open(repo);
        QVERIFY(!MergeEngine::recoverInterruptedCheckout(*repository)->found);
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc == 6 && qstrcmp(argv[1], childFlag) == 0)
        return runMergeChild(QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3]),
                             QByteArray(argv[4]).toInt(), QByteArray(argv[5]).toInt());
    TestMergeRecovery test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_mergerecovery.moc"
