#include "TempRepository.h"
#include "app/commands/DiffCommand.h"
#include "git/GitLibrary.h"
#include "tst_difforacle.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTest>

using namespace agentdesk;
using agentdesk::test::TempRepository;

namespace {

struct CommandOutput
{
    int status = -1;
    QString out;
    QString err;
};

CommandOutput run(const QStringList &arguments)
{
    CommandOutput result;
    QTextStream out(&result.out);
    QTextStream err(&result.err);
    result.status = app::runDiffCommand(arguments, out, err);
    out.flush();
    err.flush();
    return result;
}

// The JSON's files as git's listing would show them (tst_difforacle.h).
std::vector<test::GitDiffEntry> entriesOf(const QJsonObject &root)
{
    std::vector<test::GitDiffEntry> entries;
    for (const QJsonValue &value : root.value(QStringLiteral("files")).toArray()) {
        const QJsonObject file = value.toObject();
        git::FileDelta delta;
        const QString status = file.value(QStringLiteral("status")).toString();
        for (const auto candidate :
             {git::DeltaStatus::Added, git::DeltaStatus::Deleted, git::DeltaStatus::Modified,
              git::DeltaStatus::Renamed, git::DeltaStatus::Copied, git::DeltaStatus::TypeChanged})
            if (git::deltaStatusId(candidate) == status)
                delta.status = candidate;
        delta.similarity = file.value(QStringLiteral("similarity")).toInt();
        delta.oldPath = file.value(QStringLiteral("oldPath")).toString();
        delta.newPath = file.value(QStringLiteral("newPath")).toString();
        delta.added = file.value(QStringLiteral("added")).toInt();
        delta.removed = file.value(QStringLiteral("removed")).toInt();
        delta.binary = file.value(QStringLiteral("binary")).toBool();
        entries.push_back(test::entriesOf({delta}).front());
    }
    return entries;
}

// Twelve near-identical files, eight moved (two of them copied first) with edits: the pairing
// git chooses is the test.
bool buildRenames(TempRepository &repo)
{
    const auto text = [](int i, bool edited) {
        QByteArray out;
        for (int l = 0; l < 40; ++l)
            out += "    shared_call(" + QByteArray::number(l) + ");\n";
        out += "// file " + QByteArray::number(i) + (edited ? " edited\n" : "\n");
        return out;
    };
    bool ok = true;
    for (int i = 0; i < 12 && ok; ++i)
        ok = repo.writeFile(QStringLiteral("old/f%1.cpp").arg(i), text(i, false));
    ok = ok && !repo.commitAll(QStringLiteral("base")).isEmpty() &&
         repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"),
                   QStringLiteral("renames")})
             .ok();
    for (int i = 0; i < 8 && ok; ++i)
        ok = repo.removeFile(QStringLiteral("old/f%1.cpp").arg(i)) &&
             repo.writeFile(QStringLiteral("new/g%1.cpp").arg(11 - i), text(i, i % 2 == 1));
    ok = ok && repo.writeFile(QStringLiteral("old/f9.cpp"), text(9, true)) &&
         repo.writeFile(QStringLiteral("new/copy.cpp"), text(9, false));
    return ok && !repo.commitAll(QStringLiteral("renames")).isEmpty();
}

} // namespace

class TestDiffCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void jsonMatchesGitNumstat();
    void jsonListsGitsPairing();
    void withoutGitOnPath();
    void textListsFilesAndTotals();
    void badArguments_data();
    void badArguments();

private:
    git::GitLibrary m_library;
    TempRepository m_repo;
};

void TestDiffCommand::initTestCase()
{
    QVERIFY(m_repo.writeFile(QStringLiteral("a.txt"), "one\ntwo\nthree\n"));
    QVERIFY(m_repo.writeFile(QStringLiteral("gone.txt"), "bye\n"));
    QVERIFY(!m_repo.commitAll(QStringLiteral("base")).isEmpty());
    QVERIFY(m_repo
                .git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"),
                      QStringLiteral("topic")})
                .ok());
    QVERIFY(m_repo.writeFile(QStringLiteral("a.txt"), "one\nTWO\nthree\nfour\n"));
    QVERIFY(m_repo.removeFile(QStringLiteral("gone.txt")));
    QVERIFY(m_repo.writeFile(QStringLiteral("dir/new file.txt"), "n\n"));
    QVERIFY(!m_repo.commitAll(QStringLiteral("topic")).isEmpty());
}

void TestDiffCommand::jsonMatchesGitNumstat()
{
    const CommandOutput output = run({QStringLiteral("--repo"), m_repo.path(),
                                      QStringLiteral("main..topic"), QStringLiteral("--json")});
    QCOMPARE(output.status, 0);
    QVERIFY(output.err.isEmpty());
    const QJsonObject root = QJsonDocument::fromJson(output.out.toUtf8()).object();
    QCOMPARE(root.value(QStringLiteral("to")).toString(), m_repo.revParse(QStringLiteral("topic")));
    QCOMPARE(root.value(QStringLiteral("base")).toString(),
             m_repo.revParse(QStringLiteral("main")));
    QStringList ours;
    int rows = 0;
    for (const QJsonValue &value : root.value(QStringLiteral("files")).toArray()) {
        const QJsonObject file = value.toObject();
        const QString path = file.value(QStringLiteral("newPath")).toString().isEmpty()
                                 ? file.value(QStringLiteral("oldPath")).toString()
                                 : file.value(QStringLiteral("newPath")).toString();
        ours << QStringLiteral("%1\t%2\t%3")
                    .arg(file.value(QStringLiteral("added")).toInt())
                    .arg(file.value(QStringLiteral("removed")).toInt())
                    .arg(path);
        QVERIFY(file.value(QStringLiteral("rows")).toInt() > 0);
        rows += file.value(QStringLiteral("rows")).toInt();
    }
    ours.sort();
    QStringList git =
        QString::fromUtf8(m_repo
                              .git({QStringLiteral("diff"), QStringLiteral("--numstat"),
                                    QStringLiteral("-M"), QStringLiteral("main...topic")})
                              .out)
            .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    git.sort();
    QCOMPARE(ours, git);
    const QJsonObject totals = root.value(QStringLiteral("totals")).toObject();
    QCOMPARE(totals.value(QStringLiteral("files")).toInt(), 3);
    QCOMPARE(totals.value(QStringLiteral("added")).toInt(), 3);
    QCOMPARE(totals.value(QStringLiteral("removed")).toInt(), 2);
    QCOMPARE(totals.value(QStringLiteral("rows")).toInt(), rows);
}

// Paths, statuses with similarity and counts, in git's order, as `git diff -M -C` lists them.
void TestDiffCommand::jsonListsGitsPairing()
{
    TempRepository repo;
    QVERIFY(buildRenames(repo));
    const CommandOutput output = run({QStringLiteral("--repo"), repo.path(),
                                      QStringLiteral("main..renames"), QStringLiteral("--json")});
    QCOMPARE(output.status, 0);
    const std::vector<test::GitDiffEntry> ours =
        entriesOf(QJsonDocument::fromJson(output.out.toUtf8()).object());
    const std::vector<test::GitDiffEntry> git =
        test::gitDiffEntries(repo.path(), {QStringLiteral("-M"), QStringLiteral("-C")},
                             QStringLiteral("main...renames"));
    QVERIFY(git.size() >= 10);
    QVERIFY2(ours == git, qPrintable(test::entryDifferences(ours, git).join(QLatin1Char('\n'))));
}

// With no git on PATH the command still answers (libgit2 computes the diff) with the same
// files and counts on a range without renames.
void TestDiffCommand::withoutGitOnPath()
{
    const QString binary = test::agentdeskBinary();
    if (binary.isEmpty())
        QSKIP("AGENTDESK_BINARY is not set");
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("PATH"), QStringLiteral("/nonexistent"));
    process.setProcessEnvironment(environment);
    process.start(binary, {QStringLiteral("diff"), QStringLiteral("--repo"), m_repo.path(),
                           QStringLiteral("main..topic"), QStringLiteral("--json")});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 0);
    const QJsonObject root = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
    const std::vector<test::GitDiffEntry> git =
        test::gitDiffEntries(m_repo.path(), {QStringLiteral("-M"), QStringLiteral("-C")},
                             QStringLiteral("main...topic"));
    QCOMPARE(git.size(), size_t(3));
    std::vector<test::GitDiffEntry> ours = entriesOf(root);
    const auto byPath = [](const test::GitDiffEntry &a, const test::GitDiffEntry &b) {
        return (a.newPath.isEmpty() ? a.oldPath : a.newPath) <
               (b.newPath.isEmpty() ? b.oldPath : b.newPath);
    };
    std::vector<test::GitDiffEntry> sortedGit = git;
    std::sort(ours.begin(), ours.end(), byPath);
    std::sort(sortedGit.begin(), sortedGit.end(), byPath);
    QVERIFY2(ours == sortedGit,
             qPrintable(test::entryDifferences(ours, sortedGit).join(QLatin1Char('\n'))));
}

void TestDiffCommand::textListsFilesAndTotals()
{
    const CommandOutput output =
        run({QStringLiteral("--repo"), m_repo.path(), QStringLiteral("main..topic")});
    QCOMPARE(output.status, 0);
    QVERIFY2(output.out.contains(QStringLiteral("dir/new file.txt")), qPrintable(output.out));
    QVERIFY(output.out.contains(QStringLiteral("deleted")));
    QVERIFY(
        output.out.contains(QStringLiteral("3 files changed, 3 insertions(+), 2 deletions(-)")));
}

void TestDiffCommand::badArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    QTest::newRow("no repo") << QStringList{QStringLiteral("a..b")} << 2 << "--repo";
    QTest::newRow("no range") << QStringList{QStringLiteral("--repo"), QStringLiteral("/x")} << 2
                              << "FROM..TO";
    QTest::newRow("missing repo") << QStringList{QStringLiteral("--repo"),
                                                 QStringLiteral("/no/such/dir"),
                                                 QStringLiteral("a..b")}
                                  << 1 << "does not exist";
    QTest::newRow("unknown flag") << QStringList{QStringLiteral("--bogus")} << 2 << "--bogus";
}

void TestDiffCommand::badArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, status);
    QFETCH(QString, message);
    const CommandOutput output = run(arguments);
    QCOMPARE(output.status, status);
    QVERIFY2(output.err.contains(message), qPrintable(output.err));
    QVERIFY(output.out.isEmpty());
}

QTEST_GUILESS_MAIN(TestDiffCommand)
#include "tst_diffcommand.moc"
