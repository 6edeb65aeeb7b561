// Issue 6 through the engine: the merge gate refusing with its reasons, acknowledging a
// blocking finding, merging, the conflict radar before and after, a stale task re-validated
// on the new base and landed, a conflicting one stopped with its paths, reject and restore.

#include "EngineHarness.h"

#include "git/GitLibrary.h"
#include "tasks/engine/GateQuery.h"

#include <QFile>

using namespace agentdesk;
using namespace agentdesk::test;
using tasks::TaskState;

namespace {

const QJsonObject kCleanReview{{QStringLiteral("findings"), QJsonArray()},
                               {QStringLiteral("verdict"), QStringLiteral("correct")},
                               {QStringLiteral("explanation"), QStringLiteral("Fine.")},
                               {QStringLiteral("confidence"), 0.9},
                               {QStringLiteral("decisions_to_review"), QJsonArray()}};

// One implementer that writes `files` and finishes, then one review.
void scriptWrite(FakeProviderServer &server, const QList<QPair<QString, QByteArray>> &files,
                 const QJsonObject &review)
{
    int n = 0;
    for (const auto &[path, content] : files)
        server.enqueue(toolCall(QStringLiteral("tu_%1").arg(++n), QStringLiteral("write_file"),
                                {{QStringLiteral("path"), path},
                                 {QStringLiteral("content"), QString::fromUtf8(content)}},
                                1000, 100));
    server.enqueue(toolCall(QStringLiteral("tu_f"), QStringLiteral("finish"),
                            finishInput(QStringLiteral("Done.")), 1200, 50));
    server.enqueue(
        toolCall(QStringLiteral("tr_1"), QStringLiteral("submit_review"), review, 2000, 100));
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestDecide : public QObject
{
    Q_OBJECT

private:
    git::GitLibrary library;
    std::unique_ptr<TempRepository> repo;

    tasks::TaskId runTask(EngineHarness &h, const QString &title,
                          const QList<QPair<QString, QByteArray>> &files, const QJsonObject &review)
    {
        scriptWrite(h.server, files, review);
        tasks::TaskSpec spec = h.spec(*repo);
        spec.title = title;
        const tasks::TaskId id = h.dispatch(spec);
        if (h.waitFinished(id) != std::optional<TaskState>(TaskState::ReadyForReview))
            return 0;
        return id;
    }

    tasks::GateAnswer gate(EngineHarness &h, tasks::TaskId id)
    {
        QSignalSpy ready(h.engine.get(), &tasks::Engine::gateReady);
        h.engine->requestGate(id);
        if (!ready.wait(20000))
            return {};
        return ready.first().at(1).value<tasks::GateAnswer>();
    }

    tasks::RadarReport radar(EngineHarness &h)
    {
        QSignalSpy ready(h.engine.get(), &tasks::Engine::radarReady);
        h.engine->requestRadar(repo->path(), QStringLiteral("main"));
        if (!ready.wait(20000))
            return {};
        return ready.first().at(0).value<tasks::RadarReport>();
    }

    std::pair<bool, QString> operation(EngineHarness &h, const std::function<void()> &start)
    {
        QSignalSpy done(h.engine.get(), &tasks::Engine::operationFinished);
        start();
        if (!done.wait(20000))
            return {false, QStringLiteral("no answer")};
        return {done.first().at(2).toBool(), done.first().at(3).toString()};
    }

private Q_SLOTS:
    void init()
    {
        repo = std::make_unique<TempRepository>();
        repo->writeFile(QStringLiteral(".gitignore"), "__pycache__/\n");
        repo->writeFile(QStringLiteral("README.md"), "# calc\n");
        makePythonProject(*repo);
    }
    void cleanup() { repo.reset(); }

    void gateMergeRadarStaleAndConflict()
    {
        EngineHarness h;
        h.open();
        // A: div, with a blocking (priority 1) null-check finding.
        const tasks::TaskId a = runTask(h, QStringLiteral("Add div"),
                                        {{QStringLiteral("calc.py"), kCalcWithDiv},
                                         {QStringLiteral("test_calc.py"), kTestWithDiv}},
                                        reviewInput());
        QVERIFY(a > 0);
        // B: a README change, no conflict with A.
        const tasks::TaskId b =
            runTask(h, QStringLiteral("Docs"),
                    {{QStringLiteral("README.md"), "# calc\n\nUsage.\n"}}, kCleanReview);
        QVERIFY(b > 0);
        // C: rewrites calc.py differently: conflicts with A.
        const tasks::TaskId c =
            runTask(h, QStringLiteral("Add mul"),
                    {{QStringLiteral("calc.py"),
                      "def add(a, b):\n    return a + b\n\n\ndef mul(a, b):\n    return a * b\n"}},
                    kCleanReview);
        QVERIFY(c > 0);

        // The radar shows the A/C conflict before anything merges; nobody is behind yet.
        tasks::RadarReport before = radar(h);
        QCOMPARE(before.entries.size(), 3);
        for (const tasks::RadarEntry &entry : before.entries)
            QCOMPARE(entry.behind, 0);
        QCOMPARE(before.pairs.size(), 1);
        QCOMPARE(QSet<tasks::TaskId>({before.pairs.first().first, before.pairs.first().second}),
                 QSet<tasks::TaskId>({a, c}));
        QCOMPARE(before.pairs.first().paths, QStringList{QStringLiteral("calc.py")});

        // The gate refuses A until its blocking finding is acknowledged.
        tasks::GateAnswer answer = gate(h, a);
        QVERIFY(!answer.allowed());
        QCOMPARE(answer.reasons.size(), 1);
        QCOMPARE(answer.reasons.first().kind, tasks::GateReason::Kind::BlockingFindings);
        auto refused = operation(h, [&] { h.engine->merge(a); });
        QVERIFY(!refused.first);
        QVERIFY2(refused.second.contains(QStringLiteral("not acknowledged")),
                 qPrintable(refused.second));
        const qint64 finding = answer.reasons.first().findingIds.value(0);
        QVERIFY(finding > 0);
        QVERIFY(operation(h, [&] { h.engine->acknowledge(a, finding, true); }).first);
        QVERIFY(gate(h, a).allowed());

        // Merge A: the base had not moved; it lands as one squash commit with the report.
        const QString mainBefore = repo->revParse(QStringLiteral("main"));
        QVERIFY(operation(h, [&] { h.engine->merge(a); }).first);
        QCOMPARE(h.waitFinished(a), std::optional<TaskState>(TaskState::Merged));
        QCOMPARE(repo->revParse(QStringLiteral("main^")), mainBefore);
        QCOMPARE(repo->git({QStringLiteral("show"), QStringLiteral("main:calc.py")}).out,
                 kCalcWithDiv);
        QVERIFY(
            repo->git({QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%B"),
                       QStringLiteral("main")})
                .out.contains(QByteArray(QByteArray("AgentDesk-Task: ") + QByteArray::number(a))));
        // Its worktree is gone, its state archived; its branch is kept.
        QVERIFY(!QFileInfo::exists(h.reader()->loadTask(a)->task.worktreePath));
        QVERIFY(!repo->revParse(h.reader()->loadTask(a)->task.branch).isEmpty());

        // B is now stale (1 behind); C conflicts with the base.
        tasks::RadarReport after = radar(h);
        QCOMPARE(after.entries.size(), 2);
        for (const tasks::RadarEntry &entry : after.entries) {
            QCOMPARE(entry.behind, 1);
            QCOMPARE(entry.conflictsWithBase, entry.taskId == c);
        }
        QVERIFY(gate(h, b).allowed()); // stale is not a reason: the merge validates again

        // Merging B brings the new base in, validates that commit, and lands it.
        const int validationsBefore = h.reader()->validations(b)->size();
        QVERIFY(operation(h, [&] { h.engine->merge(b); }).first);
        QCOMPARE(h.waitFinished(b), std::optional<TaskState>(TaskState::Merged));
        const auto validations = h.reader()->validations(b);
        QCOMPARE(validations->size(), validationsBefore + 1);
        QCOMPARE(validations->last().passed, 2); // A's test is on the new base too
        QCOMPARE(repo->git({QStringLiteral("show"), QStringLiteral("main:README.md")}).out,
                 QByteArray("# calc\n\nUsage.\n"));
        QCOMPARE(repo->git({QStringLiteral("show"), QStringLiteral("main:calc.py")}).out,
                 kCalcWithDiv);

        // C: the gate names the conflicting path; merging is refused with it.
        tasks::GateAnswer cGate = gate(h, c);
        QVERIFY(!cGate.allowed());
        QCOMPARE(cGate.reasons.first().kind, tasks::GateReason::Kind::WouldConflict);
        QCOMPARE(cGate.reasons.first().paths, QStringList{QStringLiteral("calc.py")});
        const QString mainNow = repo->revParse(QStringLiteral("main"));
        auto conflicted = operation(h, [&] { h.engine->merge(c); });
        QVERIFY(!conflicted.first);
        QVERIFY(conflicted.second.contains(QStringLiteral("calc.py")));
        QCOMPARE(repo->revParse(QStringLiteral("main")), mainNow);
        QCOMPARE(h.reader()->taskState(c)->value(), TaskState::ReadyForReview);

        // Reject C (with an uncommitted edit in its worktree), then restore it: byte-identical.
        const QString worktree = h.reader()->loadTask(c)->task.worktreePath;
        QFile scratch(worktree + QStringLiteral("/notes.txt"));
        QVERIFY(scratch.open(QIODevice::WriteOnly));
        scratch.write("uncommitted notes\n");
        scratch.close();
        const QByteArray calcBefore = readFile(worktree + QStringLiteral("/calc.py"));
        QVERIFY(operation(h, [&] { h.engine->reject(c); }).first);
        QCOMPARE(h.reader()->taskState(c)->value(), TaskState::Rejected);
        QVERIFY(!QFileInfo::exists(worktree));
        const QString reason = h.reader()->loadTask(c)->task.stateReason;
        QVERIFY2(reason.contains(QStringLiteral("refs/agentdesk/archive/")), qPrintable(reason));

        auto restored = operation(h, [&] { h.engine->restore(c); });
        QVERIFY2(restored.first, qPrintable(restored.second));
        const tasks::TaskId copy = restored.second.section(QLatin1Char(' '), -1).toLongLong();
        QVERIFY(copy > c);
        auto restoredTask = h.reader()->loadTask(copy);
        QCOMPARE(restoredTask->task.state, TaskState::Paused);
        const QString again = restoredTask->task.worktreePath;
        QCOMPARE(readFile(again + QStringLiteral("/calc.py")), calcBefore);
        QCOMPARE(readFile(again + QStringLiteral("/notes.txt")), QByteArray("uncommitted notes\n"));
    }
};

QTEST_GUILESS_MAIN(TestDecide)
#include "tst_decide.moc"
