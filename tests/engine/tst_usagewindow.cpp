// Issue 19, subscription windows through the engine: a Claude Code run that meets a rejected
// `rate_limit_event` pauses with the local time it resumes, the agent's queued task waits
// instead of starting, both continue on their own once the window resets, and a restarted
// engine keeps the schedule. The fake CLI prints the real CLI's recorded stream.

#include "EngineHarness.h"

#include "agents/UsageWindow.h"
#include "git/GitLibrary.h"
#include "store/StoreReader.h"

#include <QFile>
#include <QRegularExpression>

using namespace agentdesk;
using namespace agentdesk::test;
using tasks::TaskState;

namespace {

const QJsonObject kCleanReview{{QStringLiteral("findings"), QJsonArray()},
                               {QStringLiteral("verdict"), QStringLiteral("correct")},
                               {QStringLiteral("explanation"), QStringLiteral("Fine.")},
                               {QStringLiteral("confidence"), 0.9},
                               {QStringLiteral("decisions_to_review"), QJsonArray()}};

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(content) == content.size();
}

// The recorded rejected stream with its reset moved to `resetsAt`.
QByteArray rejectedStream(const QDateTime &resetsAt)
{
    QString text = QString::fromUtf8(readFile(QStringLiteral(
        AGENTDESK_AGENTS_TEST_DATA "/claude-code/claude-rate-limit-rejected.jsonl")));
    text.replace(QRegularExpression(QStringLiteral("\"resetsAt\":\\d+")),
                 QStringLiteral("\"resetsAt\":%1").arg(resetsAt.toSecsSinceEpoch()));
    return text.toUtf8();
}

// Every taskFinished() since the spy was made, so that an end reported while the test looked
// elsewhere is not missed: waits for `id`'s `nth` end (1-based) and returns its state.
std::optional<TaskState> nthFinish(QSignalSpy &finished, tasks::TaskId id, int nth,
                                   int timeoutMs = 60000)
{
    std::optional<TaskState> state;
    const bool ended = QTest::qWaitFor(
        [&] {
            int seen = 0;
            for (const QList<QVariant> &end : finished) {
                if (end.at(0).value<tasks::TaskId>() == id && ++seen == nth) {
                    state = end.at(1).value<TaskState>();
                    return true;
                }
            }
            return false;
        },
        timeoutMs);
    if (!ended)
        qWarning("task %lld did not end %d time(s) in time", id, nth);
    return state;
}

} // namespace

class TestUsageWindow : public QObject
{
    Q_OBJECT

private:
    git::GitLibrary library;
    std::unique_ptr<TempRepository> repo;

    // A fake `claude` on the search path replaying `replay` (rewritten by the tests).
    static void useFakeClaude(EngineHarness &h, const QTemporaryDir &bin, const QString &replay)
    {
        QVERIFY(QFile::link(QStringLiteral(AGENTDESK_FAKECLI_PATH),
                            bin.filePath(QStringLiteral("claude"))));
        h.config->cli.claudeCode.cli.searchPath = {bin.path()};
        h.config->cli.claudeCode.cli.environment = {
            {QStringLiteral("FAKECLI_REPLAY"), replay},
            {QStringLiteral("FAKECLI_WRITE_FILE"), QStringLiteral("CHECK_CLAUDE.md")},
            {QStringLiteral("FAKECLI_WRITE_CONTENT"), QStringLiteral("checked")}};
    }

    tasks::TaskSpec claudeSpec(EngineHarness &h, const QString &title)
    {
        tasks::TaskSpec spec = h.spec(*repo);
        spec.title = title;
        spec.implementer = {QStringLiteral("claude-code"), QStringLiteral("claude-sonnet-4-5")};
        return spec;
    }

private Q_SLOTS:
    void init()
    {
        repo = std::make_unique<TempRepository>();
        QVERIFY(repo->isValid());
        repo->writeFile(QStringLiteral(".gitignore"), "__pycache__/\n.pytest_cache/\n");
        makePythonProject(*repo);
    }
    void cleanup() { repo.reset(); }

    void rejectedWindowPausesTheAgentsTasksAndResumesThemAtTheReset()
    {
        EngineHarness h;
        h.config->settings.concurrency = 1;
        QTemporaryDir bin;
        const QString replay = bin.filePath(QStringLiteral("replay.jsonl"));
        // Seconds ahead, so that the test waits a little for the reset rather than hours.
        const QDateTime resetsAt = QDateTime::currentDateTimeUtc().addSecs(8);
        QVERIFY(writeFile(replay, rejectedStream(resetsAt)));
        useFakeClaude(h, bin, replay);
        h.open();
        QSignalSpy windows(h.engine.get(), &tasks::Engine::usageWindowReported);
        QSignalSpy finished(h.engine.get(), &tasks::Engine::taskFinished);

        const tasks::TaskId first = h.dispatch(claudeSpec(h, QStringLiteral("First")));
        const tasks::TaskId second = h.dispatch(claudeSpec(h, QStringLiteral("Second")));
        QVERIFY(first > 0 && second > 0);
        QCOMPARE(nthFinish(finished, first, 1), std::optional<TaskState>(TaskState::Paused));

        agents::UsageWindow expected;
        expected.vendor = QStringLiteral("anthropic");
        expected.status = agents::UsageWindow::Status::Rejected;
        expected.windowType = QStringLiteral("five_hour");
        expected.resetsAt = resetsAt;
        const QString resumesAt = expected.describe(); // "… — resumes at HH:mm", local time
        QVERIFY(resumesAt.startsWith(QStringLiteral("Claude usage limit (five-hour window)")));
        auto reader = h.reader();
        auto firstTask = reader->loadTask(first);
        QVERIFY2(firstTask->task.stateReason.startsWith(resumesAt),
                 qPrintable(firstTask->task.stateReason));
        // What it wrote before the window closed is kept on its branch.
        QCOMPARE(repo->git({QStringLiteral("show"),
                            firstTask->task.branch + QStringLiteral(":CHECK_CLAUDE.md")})
                     .out,
                 QByteArray("checked\n"));

        // The second never starts into the closed window: it waits, saying until when.
        QCOMPARE(nthFinish(finished, second, 1), std::optional<TaskState>(TaskState::Paused));
        auto secondTask = reader->loadTask(second);
        QVERIFY2(secondTask->task.stateReason.startsWith(resumesAt),
                 qPrintable(secondTask->task.stateReason));
        QVERIFY2(secondTask->task.worktreePath.isEmpty(),
                 qPrintable(secondTask->task.stateReason));
        auto resumes = reader->scheduledResumes();
        QCOMPARE(resumes->size(), 2);
        for (const store::ScheduledResume &resume : *resumes)
            QCOMPARE(resume.at.toSecsSinceEpoch(), resetsAt.toSecsSinceEpoch());
        auto stored = reader->usageWindows();
        QCOMPARE(stored->size(), 1);
        QCOMPARE(stored->first().agent, QStringLiteral("claude-code"));
        QCOMPARE(stored->first().status, QStringLiteral("rejected"));
        bool sawRejected = false;
        for (const QList<QVariant> &signal : windows)
            sawRejected = sawRejected || signal.at(0).value<agents::UsageWindow>().rejected();
        QVERIFY(sawRejected);

        // The plan allows it again after the reset: both continue without anyone resuming them.
        QVERIFY(writeFile(
            replay, readFile(QStringLiteral(AGENTDESK_AGENTS_TEST_DATA
                                            "/claude-code/claude-stream-json-success.jsonl"))));
        h.server.enqueue(toolCall(QStringLiteral("tr_1"), QStringLiteral("submit_review"),
                                  kCleanReview, 2000, 100));
        h.server.enqueue(toolCall(QStringLiteral("tr_2"), QStringLiteral("submit_review"),
                                  kCleanReview, 2000, 100));
        QCOMPARE(nthFinish(finished, first, 2, 120000),
                 std::optional<TaskState>(TaskState::ReadyForReview));
        QCOMPARE(nthFinish(finished, second, 2, 120000),
                 std::optional<TaskState>(TaskState::ReadyForReview));
        QVERIFY(QDateTime::currentDateTimeUtc() >= resetsAt);
        QVERIFY(reader->scheduledResumes()->isEmpty());
    }

    // The schedule is in the store: an engine opened after the pause (the window, or `agentdesk
    // run`, after a restart) resumes the task at the reset; a resume by hand clears it.
    void scheduledResumeSurvivesARestartAndAManualResumeClearsIt()
    {
        EngineHarness h;
        QTemporaryDir bin;
        const QString replay = bin.filePath(QStringLiteral("replay.jsonl"));
        const QDateTime resetsAt = QDateTime::currentDateTimeUtc().addSecs(6);
        QVERIFY(writeFile(replay, rejectedStream(resetsAt)));
        useFakeClaude(h, bin, replay);
        h.open();
        const tasks::TaskId id = h.dispatch(claudeSpec(h, QStringLiteral("Restarted")));
        QCOMPARE(h.waitFinished(id), std::optional<TaskState>(TaskState::Paused));
        h.engine.reset();

        QVERIFY(writeFile(
            replay, readFile(QStringLiteral(AGENTDESK_AGENTS_TEST_DATA
                                            "/claude-code/claude-stream-json-success.jsonl"))));
        h.server.enqueue(toolCall(QStringLiteral("tr_1"), QStringLiteral("submit_review"),
                                  kCleanReview, 2000, 100));
        h.open();
        // Still paused after the restart, still saying when it resumes.
        auto reader = h.reader();
        QCOMPARE(reader->loadTask(id)->task.state, TaskState::Paused);
        QCOMPARE(reader->scheduledResumes()->size(), 1);
        QCOMPARE(h.waitFinished(id, 120000), std::optional<TaskState>(TaskState::ReadyForReview));
        QVERIFY(reader->scheduledResumes()->isEmpty());

        // Paused again by a window far away, then resumed by hand: the schedule is gone, and the
        // user's resume is tried at once (not held back by what the window said).
        QVERIFY(writeFile(replay, rejectedStream(QDateTime::currentDateTimeUtc().addSecs(3600))));
        const tasks::TaskId later = h.dispatch(claudeSpec(h, QStringLiteral("Later")));
        QCOMPARE(h.waitFinished(later), std::optional<TaskState>(TaskState::Paused));
        QCOMPARE(reader->scheduledResumes()->size(), 1);
        QSignalSpy states(h.engine.get(), &tasks::Engine::taskStateChanged);
        h.engine->resume(later);
        QCOMPARE(h.waitFinished(later), std::optional<TaskState>(TaskState::Paused));
        bool ran = false;
        for (const QList<QVariant> &change : states)
            ran = ran || change.at(2).value<TaskState>() == TaskState::Implementing;
        QVERIFY2(ran, "a resume by hand runs the agent, whatever the window said");
        // It met the same window again, so it is scheduled once more — one row, not two.
        QCOMPARE(reader->scheduledResumes()->size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestUsageWindow)
#include "tst_usagewindow.moc"
