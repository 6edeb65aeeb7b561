#include "core/AppPaths.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

using agentdesk::AppPaths;

class TestAppPaths : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void followsXdgDirectories()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        qputenv("XDG_CONFIG_HOME", (dir.path() + QStringLiteral("/cfg")).toUtf8());
        qputenv("XDG_DATA_HOME", (dir.path() + QStringLiteral("/data")).toUtf8());
        QCOMPARE(AppPaths::configDir(), dir.path() + QStringLiteral("/cfg/agentdesk"));
        QCOMPARE(AppPaths::dataDir(), dir.path() + QStringLiteral("/data/agentdesk"));
        QCOMPARE(AppPaths::databaseFile(),
                 dir.path() + QStringLiteral("/data/agentdesk/agentdesk.sqlite"));
        QVERIFY(AppPaths::ensureCreated());
        QVERIFY(QFileInfo(AppPaths::worktreesDir()).isDir());
        QVERIFY(QFileInfo(AppPaths::configDir()).isDir());
    }

    void ignoresRelativeValues()
    {
        // The XDG specification says relative paths are invalid and must be ignored.
        qputenv("XDG_DATA_HOME", "relative/path");
        QVERIFY(QFileInfo(AppPaths::dataDir()).isAbsolute());
        QVERIFY(AppPaths::dataDir().endsWith(QStringLiteral("/.local/share/agentdesk")));
    }
};

QTEST_GUILESS_MAIN(TestAppPaths)
#include "tst_apppaths.moc"
