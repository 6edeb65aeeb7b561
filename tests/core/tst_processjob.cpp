#include "core/ProcessJob.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <optional>

using agentdesk::ProcessJob;
using agentdesk::ProcessRequest;
using agentdesk::ProcessResult;

namespace {

ProcessRequest shell(const QString &script, int timeoutMs = 60000)
{
    ProcessRequest request;
    request.program = QStringLiteral("/bin/sh");
    request.arguments = {QStringLiteral("-c"), script};
    request.timeoutMs = timeoutMs;
    return request;
}

// A process that is gone: no /proc entry, or only a zombie waiting for a reaper.
bool isGone(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray line = stat.readAll();
    const qsizetype close = line.lastIndexOf(')');
    return close >= 0 && line.mid(close + 2, 1) == "Z";
}

// The script prints the pid of a grandchild that would outlive a kill of the shell alone.
const QString kGrandchild = QStringLiteral("sleep 600 & echo $!; wait");

} // namespace

class TestProcessJob : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void runKeepsOutputAndExitCode()
    {
        const ProcessResult result =
            ProcessJob::run(shell(QStringLiteral("echo out; echo err >&2; exit 3")));
        QVERIFY(result.started);
        QCOMPARE(result.exitCode, 3);
        QCOMPARE(result.out, QByteArray("out\n"));
        QCOMPARE(result.err, QByteArray("err\n"));
        QVERIFY(!result.ok());
        QVERIFY(!result.timedOut);
    }

    void runMergesChannelsWhenAsked()
    {
        ProcessRequest request = shell(QStringLiteral("echo one; echo two >&2; echo three"));
        request.mergeChannels = true;
        const ProcessResult result = ProcessJob::run(request);
        QVERIFY(result.ok());
        QCOMPARE(result.out, QByteArray("one\ntwo\nthree\n"));
    }

    void runStreamsToAConsumerThatMayStop()
    {
        QByteArray seen;
        const ProcessResult result = ProcessJob::run(
            shell(QStringLiteral("echo first; sleep 600")), [&seen](const QByteArray &chunk) {
                seen += chunk;
                return !seen.contains("first"); // enough: stop the child
            });
        QVERIFY(result.cancelled);
        QCOMPARE(seen, QByteArray("first\n"));
        QVERIFY(result.out.isEmpty()); // the consumer took it
    }

    void runTimeoutKillsTheWholeGroup()
    {
        QByteArray pid;
        const ProcessResult result =
            ProcessJob::run(shell(kGrandchild, 3000), [&pid](const QByteArray &chunk) {
                pid += chunk;
                return true;
            });
        QVERIFY(result.timedOut);
        QVERIFY(!result.ok());
        const qint64 grandchild = pid.trimmed().toLongLong();
        QVERIFY(grandchild > 0);
        QTRY_VERIFY(isGone(grandchild));
    }

    void runCancelFlagStopsIt()
    {
        std::atomic_bool cancelled{true};
        const ProcessResult result =
            ProcessJob::run(shell(QStringLiteral("sleep 600")), {}, &cancelled);
        QVERIFY(result.cancelled);
        QVERIFY(!result.ok());
    }

    void runSaysWhenTheProgramIsMissing()
    {
        ProcessRequest request;
        request.program = QStringLiteral("/nonexistent/agentdesk-no-such-program");
        const ProcessResult result = ProcessJob::run(request);
        QVERIFY(!result.started);
        QVERIFY(!result.startError.isEmpty());
    }

    void startCallsBackLaterOnce()
    {
        ProcessJob job;
        int calls = 0;
        ProcessResult seen;
        job.start(shell(QStringLiteral("echo hello")), [&](const ProcessResult &result) {
            ++calls;
            seen = result;
        });
        QCOMPARE(calls, 0); // never from inside start()
        QVERIFY(job.isRunning());
        QTRY_COMPARE(calls, 1);
        QVERIFY(seen.ok());
        QCOMPARE(seen.out, QByteArray("hello\n"));
        QVERIFY(!job.isRunning());
    }

    void startTimeoutAndCancelKillTheGroup_data()
    {
        QTest::addColumn<bool>("cancel");
        QTest::newRow("timeout") << false;
        QTest::newRow("cancel") << true;
    }

    void startTimeoutAndCancelKillTheGroup()
    {
        QFETCH(bool, cancel);
        QTemporaryDir dir;
        const QString pidFile = dir.filePath(QStringLiteral("pid"));
        ProcessJob job;
        std::optional<ProcessResult> seen;
        job.start(shell(QStringLiteral("sleep 600 & echo $! > '%1'; echo $!; wait").arg(pidFile),
                        cancel ? 0 : 3000),
                  [&](const ProcessResult &result) { seen = result; });
        if (cancel) {
            // Once the grandchild runs.
            QTRY_VERIFY(QFileInfo(pidFile).size() > 0);
            job.cancel();
        }
        QTRY_VERIFY_WITH_TIMEOUT(seen.has_value(), 30000);
        QCOMPARE(seen->cancelled, cancel);
        QCOMPARE(seen->timedOut, !cancel);
        const qint64 grandchild = seen->out.trimmed().toLongLong();
        QVERIFY(grandchild > 0);
        QTRY_VERIFY(isGone(grandchild));
    }

    void startWithAMissingProgramFails()
    {
        ProcessJob job;
        std::optional<ProcessResult> seen;
        ProcessRequest request;
        request.program = QStringLiteral("/nonexistent/agentdesk-no-such-program");
        job.start(request, [&](const ProcessResult &result) { seen = result; });
        QVERIFY(!seen);
        QTRY_VERIFY(seen.has_value());
        QVERIFY(!seen->started);
        QVERIFY(!seen->startError.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestProcessJob)

#include "tst_processjob.moc"
