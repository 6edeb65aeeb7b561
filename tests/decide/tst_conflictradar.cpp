// The conflict radar: each waiting task against the base (stale? conflicting?) and each pair
// against each other, computed in memory and checked against `git merge-tree`.

#include "DecideFixture.h"
#include "git/GitLibrary.h"
#include "git/MergeEngine.h"
#include "tasks/decide/ConflictRadar.h"
#include "tasks/decide/DecideJson.h"

#include <QJsonArray>
#include <QTest>

using namespace agentdesk;
using namespace agentdesk::tasks;
using namespace agentdesk::test;

namespace {

// Three tasks from one base: 1 and 2 edit the same line of shared.txt, 3 edits other.txt.
// Then main moves: it edits other.txt's line too (3 now conflicts with the base) and adds
// more.txt.
bool makeRepository(TempRepository &repo)
{
    const auto task = [&](const char *branch, const char *file, const QByteArray &content) {
        return checkout(repo, s("main")) && checkout(repo, s(branch), true) &&
               repo.writeFile(s(file), content) && !repo.commitAll(s(branch)).isEmpty();
    };
    return repo.writeFile(s("shared.txt"), "s1\ns2\ns3\n") &&
           repo.writeFile(s("other.txt"), "o1\no2\no3\n") && !repo.commitAll(s("base")).isEmpty() &&
           task("agentdesk/1-a", "shared.txt", "s1\nFROM ONE\ns3\n") &&
           task("agentdesk/2-b", "shared.txt", "s1\nFROM TWO\ns3\n") &&
           task("agentdesk/3-c", "other.txt", "o1\nFROM THREE\no3\n") &&
           checkout(repo, s("main")) && repo.writeFile(s("other.txt"), "o1\nMAIN\no3\n") &&
           repo.writeFile(s("more.txt"), "more\n") && !repo.commitAll(s("main moves")).isEmpty();
}

QStringList gitConflicts(const TempRepository &repo, const QString &ours, const QString &theirs)
{
    const ProcessOutput out = repo.git(
        {s("merge-tree"), s("--write-tree"), s("--name-only"), s("--no-messages"), ours, theirs});
    QList<QByteArray> lines = out.out.split('\n');
    lines.removeFirst();
    QStringList paths;
    for (const QByteArray &line : lines)
        if (!line.isEmpty())
            paths << QString::fromUtf8(line);
    paths.sort();
    return paths;
}

const QList<RadarTask> kTasks = {
    {1, s("agentdesk/1-a")}, {2, s("agentdesk/2-b")}, {3, s("agentdesk/3-c")}};

} // namespace

class TestConflictRadar : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void entriesAndPairsMatchGit();
    void mergingOneMakesTheOtherStaleAndConflicting();
    void missingBranchIsAnEntryError();
    void cancelStops();
    void jsonForm();

private:
    git::GitLibrary m_library;
};

void TestConflictRadar::entriesAndPairsMatchGit()
{
    TempRepository repo;
    QVERIFY(makeRepository(repo));
    QVERIFY(repo.writeFile(s("other.txt"), "a local edit the radar must not see or touch\n"));
    const QByteArray statusBefore = statusOf(repo, repo.path());
    Result<git::Repository> opened = git::Repository::open(repo.path());
    QVERIFY(opened.ok());
    Result<RadarReport> report = ConflictRadar::compute(*opened, s("main"), kTasks);
    QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
    QCOMPARE(report->baseHead, repo.revParse(s("main")));
    QCOMPARE(report->entries.size(), 3);
    for (const RadarEntry &entry : report->entries) {
        QCOMPARE(entry.headCommit, repo.revParse(entry.branch));
        const QList<QByteArray> counts =
            repo.git({s("rev-list"), s("--left-right"), s("--count"), entry.branch + s("...main")})
                .out.trimmed()
                .split('\t');
        QCOMPARE(entry.ahead, counts.value(0).toInt());
        QCOMPARE(entry.behind, counts.value(1).toInt());
        QVERIFY(entry.isStale());
        QCOMPARE(entry.conflictingPaths, gitConflicts(repo, s("main"), entry.branch));
        QVERIFY(entry.error.isEmpty());
    }
    QVERIFY(!report->entries.at(0).conflictsWithBase);
    QVERIFY(!report->entries.at(1).conflictsWithBase);
    QVERIFY(report->entries.at(2).conflictsWithBase);
    QCOMPARE(report->entries.at(2).conflictingPaths, QStringList{s("other.txt")});

    // Only 1 and 2 clash with each other, on shared.txt, as git says.
    QCOMPARE(report->pairs.size(), 1);
    QCOMPARE(report->pairs.first().first, TaskId(1));
    QCOMPARE(report->pairs.first().second, TaskId(2));
    QCOMPARE(report->pairs.first().paths, QStringList{s("shared.txt")});
    QCOMPARE(report->pairs.first().paths,
             gitConflicts(repo, s("agentdesk/1-a"), s("agentdesk/2-b")));
    QVERIFY(gitConflicts(repo, s("agentdesk/1-a"), s("agentdesk/3-c")).isEmpty());

    // In memory only: no work tree, index or ref changed.
    QCOMPARE(statusOf(repo, repo.path()), statusBefore);
    QCOMPARE(repo.revParse(s("HEAD")), report->baseHead);
}

void TestConflictRadar::mergingOneMakesTheOtherStaleAndConflicting()
{
    // "Done means": two tasks touching the same file; the radar shows the pair before either
    // merges; once the first lands, the second is behind and conflicts with the base.
    TempRepository repo;
    QVERIFY(makeRepository(repo));
    Result<git::Repository> opened = git::Repository::open(repo.path());
    QVERIFY(opened.ok());
    const QList<RadarTask> waiting = kTasks.mid(0, 2);
    Result<RadarReport> before = ConflictRadar::compute(*opened, s("main"), waiting);
    QVERIFY(before.ok());
    QCOMPARE(before->pairs.size(), 1);
    QVERIFY(!before->entries.at(1).conflictsWithBase);
    const int behindBefore = before->entries.at(1).behind;

    git::MergeRequest merge;
    merge.baseBranch = s("main");
    merge.source = s("agentdesk/1-a");
    merge.mode = git::MergeMode::Squash;
    merge.message = s("task 1");
    QVERIFY(git::MergeEngine::mergeIntoBase(*opened, merge).ok());

    Result<RadarReport> after = ConflictRadar::compute(*opened, s("main"), waiting.mid(1));
    QVERIFY(after.ok());
    QCOMPARE(after->entries.size(), 1);
    QCOMPARE(after->entries.first().behind, behindBefore + 1);
    QVERIFY(after->entries.first().conflictsWithBase);
    QCOMPARE(after->entries.first().conflictingPaths, QStringList{s("shared.txt")});
    QVERIFY(after->pairs.isEmpty());
}

void TestConflictRadar::missingBranchIsAnEntryError()
{
    TempRepository repo;
    QVERIFY(makeRepository(repo));
    Result<git::Repository> opened = git::Repository::open(repo.path());
    QVERIFY(opened.ok());
    QList<RadarTask> tasks = kTasks;
    tasks.insert(1, RadarTask{7, s("agentdesk/7-gone")});
    Result<RadarReport> report = ConflictRadar::compute(*opened, s("main"), tasks);
    QVERIFY(report.ok());
    QCOMPARE(report->entries.size(), 4);
    QCOMPARE(report->entries.at(1).taskId, TaskId(7));
    QVERIFY(report->entries.at(1).error.contains(s("agentdesk/7-gone")));
    QCOMPARE(report->pairs.size(), 1);
    QCOMPARE(ConflictRadar::compute(*opened, s("gone"), kTasks).errorCode(), s("branch-missing"));
}

void TestConflictRadar::cancelStops()
{
    TempRepository repo;
    QVERIFY(makeRepository(repo));
    Result<git::Repository> opened = git::Repository::open(repo.path());
    QVERIFY(opened.ok());
    std::atomic_bool cancel{true};
    QCOMPARE(ConflictRadar::compute(*opened, s("main"), kTasks, &cancel).errorCode(),
             s("cancelled"));
}

void TestConflictRadar::jsonForm()
{
    TempRepository repo;
    QVERIFY(makeRepository(repo));
    Result<git::Repository> opened = git::Repository::open(repo.path());
    QVERIFY(opened.ok());
    Result<RadarReport> report = ConflictRadar::compute(*opened, s("main"), kTasks);
    QVERIFY(report.ok());
    const QJsonObject json = radarReportToJson(*report);
    QCOMPARE(json.value(s("tasks")).toArray().size(), 3);
    const QJsonObject third = json.value(s("tasks")).toArray().at(2).toObject();
    QCOMPARE(third.value(s("conflictsWithBase")).toBool(), true);
    QCOMPARE(third.value(s("stale")).toBool(), true);
    const QJsonObject pair = json.value(s("pairs")).toArray().first().toObject();
    QCOMPARE(pair.value(s("tasks")).toArray(), (QJsonArray{1, 2}));
    QCOMPARE(pair.value(s("paths")).toArray(), QJsonArray{s("shared.txt")});
}

QTEST_GUILESS_MAIN(TestConflictRadar)
#include "tst_conflictradar.moc"
