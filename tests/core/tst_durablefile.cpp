// A file write either lands whole or changes nothing, and a full disk is an error naming it —
// never success for an empty file.

#include "core/DurableFile.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <sys/resource.h>
#include <sys/stat.h>

using namespace agentdesk;

namespace {

QByteArray contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<missing>");
}

// Limits the size of any file this process writes (writes past it fail with EFBIG, as a full
// disk fails with ENOSPC) until the guard goes.
auto limitFileSize(rlim_t bytes)
{
    rlimit original{};
    ::getrlimit(RLIMIT_FSIZE, &original);
    rlimit limited = original;
    limited.rlim_cur = bytes;
    const auto previous = std::signal(SIGXFSZ, SIG_IGN);
    ::setrlimit(RLIMIT_FSIZE, &limited);
    return qScopeGuard([original, previous] {
        ::setrlimit(RLIMIT_FSIZE, &original);
        std::signal(SIGXFSZ, previous);
    });
}

QStringList leftovers(const QString &folder)
{
    return QDir(folder).entryList(QDir::Files | QDir::Hidden).filter(QStringLiteral("agentdesk-"));
}

} // namespace

class TestDurableFile : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void writesAndKeepsPermissions()
    {
        const QString path = m_dir.filePath(QStringLiteral("script.sh"));
        QVERIFY(writeFileAtomically(path, "#!/bin/sh\necho one\n").ok());
        QVERIFY(QFile::setPermissions(path, QFile::permissions(path) | QFile::ExeOwner));
        QVERIFY(writeFileAtomically(path, "#!/bin/sh\necho two\n").ok());
        QCOMPARE(contents(path), QByteArray("#!/bin/sh\necho two\n"));
        QVERIFY(QFile::permissions(path) & QFile::ExeOwner);
        QVERIFY(leftovers(m_dir.path()).isEmpty());
    }

    void fileSizeLimitIsAClearErrorAndChangesNothing()
    {
        const QString existing = m_dir.filePath(QStringLiteral("kept.txt"));
        QVERIFY(writeFileAtomically(existing, "old").ok());
        const QString fresh = m_dir.filePath(QStringLiteral("g.txt"));
        VoidResult overwrite, create;
        {
            auto restore = limitFileSize(2);
            overwrite = writeFileAtomically(existing, "hello");
            create = writeFileAtomically(fresh, "hello");
        }
        QVERIFY(!overwrite.ok());
        QCOMPARE(overwrite.errorCode(), QStringLiteral("disk-full"));
        QVERIFY2(overwrite.errorMessage().contains(existing), qPrintable(overwrite.errorMessage()));
        QCOMPARE(contents(existing), QByteArray("old"));
        QVERIFY(!create.ok());
        QVERIFY2(!QFile::exists(fresh), "a failed write left an (empty) file behind");
        QVERIFY(leftovers(m_dir.path()).isEmpty());
    }

    // A real full disk, where this machine lets us mount a small tmpfs.
    void fullTmpfsIsAClearErrorAndChangesNothing()
    {
        QTemporaryDir mountPoint;
        QProcess mount;
        mount.start(QStringLiteral("mount"),
                    {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                     QStringLiteral("size=64k"), QStringLiteral("tmpfs"), mountPoint.path()});
        if (!mount.waitForFinished(30000) || mount.exitStatus() != QProcess::NormalExit ||
            mount.exitCode() != 0)
            QSKIP("cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN); the file size "
                  "limit test covers the same path");
        auto unmount =
            qScopeGuard([&] { QProcess::execute(QStringLiteral("umount"), {mountPoint.path()}); });
        const QString existing = mountPoint.filePath(QStringLiteral("kept.txt"));
        QVERIFY(writeFileAtomically(existing, "old").ok());
        // Fill the disk.
        QFile filler(mountPoint.filePath(QStringLiteral("filler")));
        QVERIFY(filler.open(QIODevice::WriteOnly | QIODevice::Unbuffered));
        const QByteArray block(4096, 'x');
        while (filler.write(block) == block.size()) {
        }
        filler.close();
        const VoidResult overwrite = writeFileAtomically(existing, QByteArray(8192, 'y'));
        QVERIFY(!overwrite.ok());
        QCOMPARE(overwrite.errorCode(), QStringLiteral("disk-full"));
        QVERIFY2(overwrite.errorMessage().contains(QLatin1String("No space left")),
                 qPrintable(overwrite.errorMessage()));
        QCOMPARE(contents(existing), QByteArray("old"));
        const QString fresh = mountPoint.filePath(QStringLiteral("g.txt"));
        QVERIFY(!writeFileAtomically(fresh, QByteArray(8192, 'z')).ok());
        QVERIFY(!QFile::exists(fresh));
        QVERIFY(leftovers(mountPoint.path()).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDurableFile)
#include "tst_durablefile.moc"
