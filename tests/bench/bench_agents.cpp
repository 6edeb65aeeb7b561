// CLI agent handling: how fast stream-json is parsed, how long a short Claude Code run takes
// end to end through a real process (the fake CLI replaying the success recording), and how
// long a cancel takes to bring down a process group.

#include "BenchUtil.h"

#include "agents/cli/ClaudeCodeAdapter.h"
#include "agents/cli/ClaudeCodeParser.h"
#include "agents/cli/CliBackend.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTemporaryDir>
#include <QThread>

using namespace agentdesk;
using namespace agentdesk::agents;

namespace {

QList<QByteArray> recordingLines(const QString &name)
{
    QFile file(QStringLiteral(AGENTDESK_AGENTS_TEST_DATA "/claude-code/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read the recording %s", qPrintable(name));
    QList<QByteArray> lines = file.readAll().split('\n');
    lines.removeAll(QByteArray());
    return lines;
}

double parseLinesPerSecond(double *megabytesPerSecond)
{
    const QList<QByteArray> lines =
        recordingLines(QStringLiteral("claude-stream-json-partial.jsonl"));
    qint64 bytes = 0;
    int parsed = 0;
    QElapsedTimer timer;
    timer.start();
    for (int round = 0; round < 2000; ++round) {
        ClaudeCodeParser parser;
        for (const QByteArray &line : lines) {
            bytes += line.size();
            parsed += int(parser.parseLine(line).size() >= 0);
        }
    }
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    *megabytesPerSecond = double(bytes) / (1024.0 * 1024.0) / seconds;
    return double(parsed) / seconds;
}

// Runs one step and returns the milliseconds from start() (or from cancel(), when
// `cancelAfterStart`) to finished().
double timedRun(const QString &bin, const QString &worktree, const QMap<QString, QString> &controls,
                bool cancelAfterStart)
{
    ClaudeCodeSettings settings;
    settings.cli.searchPath = {bin};
    settings.cli.environment = controls;
    CliBackend backend(std::make_shared<ClaudeCodeAdapter>(settings));
    backend.setKillGraceMs(200);
    QEventLoop loop;
    QObject::connect(&backend, &AgentBackend::finished, &loop, &QEventLoop::quit);
    AgentRequest request;
    request.worktree = worktree;
    request.prompt = QStringLiteral("Create the check file.");
    request.model = QStringLiteral("claude-sonnet-4-5");
    QElapsedTimer timer;
    timer.start();
    if (!backend.start(request).ok())
        qFatal("could not start the fake CLI");
    if (cancelAfterStart) {
        // Cancel once the CLI has started its child, so the whole group has to be stopped.
        const QString pidFile = controls.value(QStringLiteral("FAKECLI_SPAWN_CHILD"));
        while (!QFile::exists(pidFile)) {
            loop.processEvents();
            QThread::msleep(2);
        }
        QFile::remove(pidFile);
        timer.restart();
        backend.cancel();
    }
    loop.exec();
    return double(timer.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir bin;
    QTemporaryDir worktree;
    if (!QFile::link(QStringLiteral(AGENTDESK_FAKECLI_PATH),
                     bin.filePath(QStringLiteral("claude"))))
        qFatal("cannot link the fake CLI");

    double megabytesPerSecond = 0;
    const double linesPerSecond = parseLinesPerSecond(&megabytesPerSecond);

    const QMap<QString, QString> replay{
        {QStringLiteral("FAKECLI_REPLAY"),
         QStringLiteral(AGENTDESK_AGENTS_TEST_DATA
                        "/claude-code/claude-stream-json-success.jsonl")}};
    QList<double> runs;
    for (int i = 0; i < 20; ++i)
        runs.append(timedRun(bin.path(), worktree.path(), replay, false));

    const QMap<QString, QString> hanging{
        {QStringLiteral("FAKECLI_HANG"), QStringLiteral("1")},
        {QStringLiteral("FAKECLI_CHILD_IGNORE_TERM"), QStringLiteral("1")},
        {QStringLiteral("FAKECLI_SPAWN_CHILD"), worktree.filePath(QStringLiteral("child.pid"))}};
    QList<double> cancels;
    for (int i = 0; i < 10; ++i)
        cancels.append(timedRun(bin.path(), worktree.path(), hanging, true));

    bench::printResult({{QStringLiteral("parse_lines_per_s"), linesPerSecond},
                        {QStringLiteral("parse_mb_per_s"), megabytesPerSecond},
                        {QStringLiteral("run_ms_p50"), bench::percentile(runs, 50)},
                        {QStringLiteral("run_ms_p99"), bench::percentile(runs, 99)},
                        {QStringLiteral("cancel_ms_p50"), bench::percentile(cancels, 50)},
                        {QStringLiteral("peak_rss_mb"), bench::peakRssMb()}});
    return 0;
}
