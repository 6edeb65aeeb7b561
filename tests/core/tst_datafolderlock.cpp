// One engine per data folder: a second process is refused and told who holds the folder; a
// holder killed with SIGKILL never blocks the next start; probing who holds it never
// disturbs either.

#include "core/DataFolderLock.h"
#include "core/ProcessIdentity.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cstdio>

using namespace agentdesk;

namespace {

const char holderFlag[] = "--hold-lock";

// Takes the lock, says so, and holds it until killed.
int runHolder(const QString &path)
{
    auto lock = DataFolderLock::acquire(path, QStringLiteral("agentdesk run"));
    if (!lock) {
        std::printf("refused %s\n", qPrintable(lock.errorCode()));
        std::fflush(stdout);
        return 1;
    }
    std::printf("held %lld\n", static_cast<long long>(ProcessIdentity::current().pid));
    std::fflush(stdout);
    for (;;)
        QThread::sleep(60);
}

} // namespace

class TestDataFolderLock : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString startHolder(QProcess &child, const QString &path)
    {
        child.start(QCoreApplication::applicationFilePath(),
                    {QString::fromLatin1(holderFlag), path});
        if (!child.waitForReadyRead(60000))
            return QString();
        return QString::fromLatin1(child.readLine().trimmed());
    }

private Q_SLOTS:
    void secondProcessIsRefusedWithTheOwner()
    {
        const QString path = m_dir.filePath(QStringLiteral("busy.lock"));
        QProcess holder;
        const QString said = startHolder(holder, path);
        QVERIFY2(said.startsWith(QLatin1String("held ")), qPrintable(said));
        const qint64 holderPid = said.mid(5).toLongLong();

        const auto owner = DataFolderLock::owner(path);
        QVERIFY(owner.has_value());
        QCOMPARE(owner->process.pid, holderPid);
        QVERIFY(owner->process.isAlive());
        QCOMPARE(owner->program, QStringLiteral("agentdesk run"));

        const auto second = DataFolderLock::acquire(path, QStringLiteral("agentdesk dispatch"));
        QVERIFY(!second.ok());
        QCOMPARE(second.errorCode(), QStringLiteral("data-folder-busy"));
        QVERIFY2(second.errorMessage().contains(QStringLiteral("pid %1").arg(holderPid)),
                 qPrintable(second.errorMessage()));
        QVERIFY(second.errorMessage().contains(QLatin1String("agentdesk run")));

        // And a third process likewise (not only this one).
        QProcess third;
        QCOMPARE(startHolder(third, path), QStringLiteral("refused data-folder-busy"));
        QVERIFY(third.waitForFinished(60000));

        holder.kill();
        QVERIFY(holder.waitForFinished(60000));
    }

    // SIGKILL leaves the file with the dead owner's record: the next start takes it over.
    void lockOfAKilledProcessIsTakenOver()
    {
        const QString path = m_dir.filePath(QStringLiteral("stale.lock"));
        QProcess holder;
        const QString said = startHolder(holder, path);
        QVERIFY2(said.startsWith(QLatin1String("held ")), qPrintable(said));
        const qint64 deadPid = said.mid(5).toLongLong();
        holder.kill();
        QVERIFY(holder.waitForFinished(60000));

        QVERIFY(!DataFolderLock::owner(path).has_value());
        auto lock = DataFolderLock::acquire(path, QStringLiteral("AgentDesk window"));
        QVERIFY2(lock.ok(), qPrintable(lock.errorMessage()));
        QVERIFY((*lock)->tookOverFrom().has_value());
        QCOMPARE((*lock)->tookOverFrom()->process.pid, deadPid);
        QVERIFY(!(*lock)->tookOverFrom()->process.isAlive());
        const auto owner = DataFolderLock::owner(path);
        QVERIFY(owner.has_value());
        QVERIFY(owner->process.isCurrentProcess());

        // Released on destruction: another process can take it at once.
        lock = makeError(QStringLiteral("released"), QString());
        QVERIFY(!DataFolderLock::owner(path).has_value());
        QProcess next;
        QVERIFY(startHolder(next, path).startsWith(QLatin1String("held ")));
        next.kill();
        QVERIFY(next.waitForFinished(60000));
    }

    void processIdentityTellsAReusedPidApart()
    {
        const ProcessIdentity self = ProcessIdentity::current();
        QVERIFY(!self.token.isEmpty());
        QVERIFY(self.isAlive());
        ProcessIdentity impostor = self;
        impostor.token = QStringLiteral("1@another-boot");
        QVERIFY(!impostor.isAlive());
        const ProcessIdentity nobody;
        QVERIFY(!nobody.isAlive());
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc >= 3 && qstrcmp(argv[1], holderFlag) == 0)
        return runHolder(QString::fromLocal8Bit(argv[2]));
    TestDataFolderLock test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_datafolderlock.moc"
