// Provider keys leave the process environment once read: /proc/<pid>/environ (what an
// unsandboxed agent command could read of us) no longer shows them, while the program still
// has them in memory. The test re-executes itself with keys in its environment.

#include "core/LaunchEnvironment.h"
#include "core/Secrets.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QtTest>

#include <cstdio>

using namespace agentdesk;

namespace {

const char childFlag[] = "--launch-child";
const QString anthropicKey = QStringLiteral("sk-ant-api03-launchTESTkey0123456789abcdef");
const QString githubToken = QStringLiteral("ghp_launchTESTtoken0123456789abcdefXYZ");

// Prints what the process can see of itself, after taking its credentials when asked.
int runChild(bool take)
{
    if (take) {
        LaunchEnvironment::takeCredentials();
        makeProcessNonDumpable();
    }
    QFile environ(QStringLiteral("/proc/self/environ"));
    if (!environ.open(QIODevice::ReadOnly))
        return 2;
    const QByteArray block = environ.readAll();
    std::printf("proc:%s\n", block.contains(anthropicKey.toLatin1()) ? "key" : "clean");
    std::printf("proctoken:%s\n", block.contains(githubToken.toLatin1()) ? "token" : "clean");
    std::printf("marker:%s\n", block.contains("PLAIN_MARKER=visible") ? "yes" : "no");
    std::printf("getenv:%s\n", qEnvironmentVariableIsSet("ANTHROPIC_API_KEY") ? "set" : "unset");
    std::printf("memory:%s\n",
                LaunchEnvironment::value(QStringLiteral("ANTHROPIC_API_KEY")) == anthropicKey
                    ? "kept"
                    : "lost");
    std::printf("launchenv:%s\n", LaunchEnvironment::environment().value(
                                      QStringLiteral("GITHUB_TOKEN")) == githubToken
                                      ? "kept"
                                      : "lost");
    std::printf("redacts:%s\n", Secrets::containsSecret(anthropicKey) ? "yes" : "no");
    return 0;
}

QMap<QString, QString> runChildProcess(bool take)
{
    QProcess child;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("ANTHROPIC_API_KEY"), anthropicKey);
    environment.insert(QStringLiteral("GITHUB_TOKEN"), githubToken);
    environment.insert(QStringLiteral("PLAIN_MARKER"), QStringLiteral("visible"));
    child.setProcessEnvironment(environment);
    child.start(
        QCoreApplication::applicationFilePath(),
        {QString::fromLatin1(childFlag), take ? QStringLiteral("take") : QStringLiteral("keep")});
    QMap<QString, QString> answers;
    if (!child.waitForFinished(60000) || child.exitCode() != 0)
        return answers;
    for (const QByteArray &line : child.readAllStandardOutput().split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            answers.insert(QString::fromLatin1(line.left(colon)),
                           QString::fromLatin1(line.mid(colon + 1)));
    }
    return answers;
}

} // namespace

class TestLaunchEnvironment : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // The probe itself works: without the fix, the keys are there to read.
    void withoutTakingTheKeysAreReadable()
    {
        const auto seen = runChildProcess(false);
        QCOMPARE(seen.value(QStringLiteral("proc")), QStringLiteral("key"));
        QCOMPARE(seen.value(QStringLiteral("getenv")), QStringLiteral("set"));
    }

    void takenKeysAreGoneFromTheEnvironmentBlock()
    {
        const auto seen = runChildProcess(true);
        QCOMPARE(seen.value(QStringLiteral("marker")), QStringLiteral("yes"));
        QCOMPARE(seen.value(QStringLiteral("proc")), QStringLiteral("clean"));
        QCOMPARE(seen.value(QStringLiteral("proctoken")), QStringLiteral("clean"));
        QCOMPARE(seen.value(QStringLiteral("getenv")), QStringLiteral("unset"));
        QCOMPARE(seen.value(QStringLiteral("memory")), QStringLiteral("kept"));
        QCOMPARE(seen.value(QStringLiteral("launchenv")), QStringLiteral("kept"));
        QCOMPARE(seen.value(QStringLiteral("redacts")), QStringLiteral("yes"));
    }

    void credentialNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("credential");
        QTest::newRow("anthropic") << QStringLiteral("ANTHROPIC_API_KEY") << true;
        QTest::newRow("openai") << QStringLiteral("OPENAI_API_KEY") << true;
        QTest::newRow("any api key") << QStringLiteral("DEEPSEEK_API_KEY") << true;
        QTest::newRow("forge") << QStringLiteral("GH_TOKEN") << true;
        QTest::newRow("base url") << QStringLiteral("ANTHROPIC_BASE_URL") << false;
        QTest::newRow("path") << QStringLiteral("PATH") << false;
    }

    void credentialNames()
    {
        QFETCH(QString, name);
        QFETCH(bool, credential);
        QCOMPARE(LaunchEnvironment::isCredentialVariable(name), credential);
    }
};

int main(int argc, char **argv)
{
    if (argc >= 3 && qstrcmp(argv[1], childFlag) == 0) {
        // Before anything else, as main() does: no thread exists yet.
        const bool take = qstrcmp(argv[2], "take") == 0;
        QCoreApplication app(argc, argv);
        return runChild(take);
    }
    QCoreApplication app(argc, argv);
    TestLaunchEnvironment test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_launchenvironment.moc"
