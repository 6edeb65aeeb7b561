#include "TestProcess.h"

#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QtTest>

using agentdesk::test::agentdeskBinary;
using agentdesk::test::runProcess;

// Runs the real `agentdesk` executable, headless, as a script would.
class TestCommandLine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY2(!agentdeskBinary().isEmpty(), "AGENTDESK_BINARY is not set"); }

    void versionNamesFourVersions_data()
    {
        QTest::addColumn<QString>("argument");
        QTest::newRow("--version") << QStringLiteral("--version");
        QTest::newRow("-v") << QStringLiteral("-v");
        QTest::newRow("version") << QStringLiteral("version");
    }

    void versionNamesFourVersions()
    {
        QFETCH(QString, argument);
        // No display: the headless path must not need one.
        qunsetenv("QT_QPA_PLATFORM");
        qunsetenv("DISPLAY");
        const auto result = runProcess(agentdeskBinary(), {argument});
        qputenv("QT_QPA_PLATFORM", "offscreen");
        QVERIFY2(result.ok(), result.err.constData());
        const QString out = QString::fromUtf8(result.out);
        const QRegularExpression version(QStringLiteral("^%1 \\d+\\.\\d+\\.\\d+$"));
        for (const char *name : {"AgentDesk", "Qt", "libgit2", "KSyntaxHighlighting"}) {
            const QRegularExpression line(
                version.pattern().arg(QRegularExpression::escape(QLatin1String(name))),
                QRegularExpression::MultilineOption);
            QVERIFY2(line.match(out).hasMatch(), qPrintable(out));
        }
        QVERIFY(out.contains(QStringLiteral("Qt ") + QString::fromLatin1(qVersion())));
    }

    void helpListsTheCommands()
    {
        const auto result = runProcess(agentdeskBinary(), {QStringLiteral("--help")});
        QVERIFY(result.ok());
        const QString out = QString::fromUtf8(result.out);
        QVERIFY(out.startsWith(QStringLiteral("Usage: agentdesk")));
        QVERIFY(out.contains(QStringLiteral("version")));
        QVERIFY(out.contains(QStringLiteral("XDG_CONFIG_HOME")));
        QVERIFY(out.contains(QStringLiteral("--demo")));
    }

    // `agentdesk --demo` is not headless: the window opens (offscreen here) and starts the demo,
    // whose two tasks `agentdesk list` then shows from the same database.
    void demoFlagOpensTheWindowAndStartsTheDemo()
    {
        // A fresh data folder: the suite's home outlives runs, and demo tasks left there by an
        // earlier run must not make this pass.
        QTemporaryDir home;
        QVERIFY(home.isValid());
        const char *variables[] = {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"};
        QList<QByteArray> saved;
        for (const char *variable : variables) {
            saved.append(qgetenv(variable));
            qputenv(variable, home.filePath(QString::fromLatin1(variable)).toLocal8Bit());
        }
        const auto restore = qScopeGuard([&] {
            for (int i = 0; i < 3; ++i)
                qputenv(variables[i], saved.at(i));
        });
        QProcess window;
        window.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        window.start(agentdeskBinary(), {QStringLiteral("--demo")});
        QVERIFY(window.waitForStarted());
        QString listed;
        for (int attempt = 0; attempt < 600 && window.state() == QProcess::Running; ++attempt) {
            listed = QString::fromUtf8(runProcess(agentdeskBinary(), {QStringLiteral("list")}).out);
            if (listed.count(QStringLiteral("[Demo]")) >= 2)
                break;
            QTest::qWait(200);
        }
        const bool ran = window.state() == QProcess::Running;
        window.kill();
        window.waitForFinished();
        QVERIFY2(ran, "the window exited");
        QVERIFY2(listed.count(QStringLiteral("[Demo]")) >= 2, qPrintable(listed));
    }

    void unknownCommandIsAClearError()
    {
        const auto result = runProcess(agentdeskBinary(), {QStringLiteral("frobnicate")});
        QVERIFY(!result.crashed);
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.err.contains("unknown command 'frobnicate'"));
        QVERIFY(result.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
