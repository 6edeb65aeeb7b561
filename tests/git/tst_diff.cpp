#include "TempRepository.h"
#include "git/DiffEngine.h"
#include "git/GitLibrary.h"
#include "git/Repository.h"

#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QTest>

#include <atomic>

using namespace agentdesk;
using namespace agentdesk::git;
using agentdesk::test::TempRepository;

namespace {

// Every awkward input from the issue, in one repository: `base` on main, `topic` changing it,
// and main moving on afterwards (which the diff must not show, as it starts at the merge base).
struct BadInputRepository
{
    TempRepository repo;
    bool ok = false;

    BadInputRepository()
    {
        QByteArray longText;
        for (int i = 0; i < 40; ++i)
            longText += "line number " + QByteArray::number(i) + " of a file that gets renamed\n";
        ok = repo.writeFile(QStringLiteral("crlf.txt"), "one\r\ntwo\r\nthree\r\n") &&
             repo.writeFile(QStringLiteral("latin1.txt"), "caf\xe9\n") &&
             repo.writeFile(QStringLiteral("no-newline.txt"), "a\nb") &&
             repo.writeFile(QStringLiteral("to-delete.txt"), "bye\nbye\n") &&
             repo.writeFile(QStringLiteral("mode.sh"), "#!/bin/sh\n") &&
             repo.writeFile(QStringLiteral("old name.txt"), longText) &&
             repo.writeFile(QStringLiteral("becomes-link"), "was a file\n") &&
             repo.writeFile(QStringLiteral("big.dat"), QByteArray(3000, 'x')) &&
             repo.writeFile(QStringLiteral("copy-source.txt"), longText + "source\n") &&
             repo.writeFile(QStringLiteral("binary.bin"), QByteArray("\x00\x01\x02\x03", 4)) &&
             !repo.commitAll(QStringLiteral("base")).isEmpty();
        ok = ok && repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"),
                             QStringLiteral("topic")})
                       .ok();
        QByteArray renamed = longText;
        renamed.replace("line number 3 ", "line NUMBER 3 ");
        ok = ok && repo.writeFile(QStringLiteral("crlf.txt"), "one\r\nTWO\r\nthree\r\n") &&
             repo.writeFile(QStringLiteral("latin1.txt"), "caf\xe9 cr\xe8me\n") &&
             repo.writeFile(QStringLiteral("no-newline.txt"), "a\nb\nc") &&
             repo.removeFile(QStringLiteral("to-delete.txt")) &&
             repo.setExecutable(QStringLiteral("mode.sh"), true) &&
             repo.removeFile(QStringLiteral("old name.txt")) &&
             repo.writeFile(QStringLiteral("dir with space/néw nämé.txt"), renamed) &&
             repo.makeSymlink(QStringLiteral("becomes-link"), QStringLiteral("crlf.txt")) &&
             repo.makeSymlink(QStringLiteral("link"), QStringLiteral("target/path")) &&
             repo.writeFile(QStringLiteral("empty.txt"), QByteArray()) &&
             repo.writeFile(QStringLiteral("big.dat"), QByteArray(3000, 'y')) &&
             repo.writeFile(QStringLiteral("copy-source.txt"), longText + "changed source\n") &&
             repo.writeFile(QStringLiteral("copy.txt"), longText + "source\n") &&
             repo.writeFile(QStringLiteral("binary.bin"), QByteArray("\x00\x01\x02\x04", 4)) &&
             repo.git({QStringLiteral("add"), QStringLiteral("-A")}).ok() &&
             repo.git({QStringLiteral("update-index"), QStringLiteral("--add"),
                       QStringLiteral("--cacheinfo"),
                       QStringLiteral("160000,1234567890123456789012345678901234567890,submodule")})
                 .ok() &&
             repo.git({QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"),
                       QStringLiteral("topic")})
                 .ok();
        ok = ok &&
             repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("main")})
                 .ok() &&
             repo.writeFile(QStringLiteral("main-only.txt"), "landed on main later\n") &&
             !repo.commitAll(QStringLiteral("main moves on")).isEmpty();
    }
};

// `git diff --numstat -z` as path -> "added removed" ("-" for binary files).
QMap<QString, QString> gitNumstat(const TempRepository &repo, const QStringList &extraArguments)
{
    const QByteArray out = repo.git(QStringList{QStringLiteral("diff"), QStringLiteral("--numstat"),
                                                QStringLiteral("-z")} +
                                    extraArguments + QStringList{QStringLiteral("main...topic")})
                               .out;
    QMap<QString, QString> result;
    const QList<QByteArray> fields = out.split('\0');
    for (int i = 0; i < fields.size(); ++i) {
        const QList<QByteArray> parts = fields[i].split('\t');
        if (parts.size() != 3)
            continue;
        QByteArray path = parts[2];
        if (path.isEmpty() && i + 2 < fields.size()) { // rename or copy: old\0new follow
            path = fields[i + 2];
            i += 2;
        }
        result.insert(QString::fromUtf8(path), QString::fromUtf8(parts[0] + ' ' + parts[1]));
    }
    return result;
}

QMap<QString, FileDelta> byPath(const std::vector<FileDelta> &files)
{
    QMap<QString, FileDelta> result;
    for (const FileDelta &file : files)
        result.insert(file.displayPath(), file);
    return result;
}

} // namespace

class TestDiff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void numstatMatchesGit_data();
    void numstatMatchesGit();
    void startsAtMergeBase();
    void renameWithEdits();
    void lineEndingsAndEncodings();
    void emptyBinaryLinkSubmoduleAndModes();
    void sizeGuardSkipsContent();
    void realFileOverDefaultGuard();
    void hunksAndLineNumbers();
    void cancelled();
    void unknownRevision();
    void typeChangeLinesAndExactBinaryRename();
    void configCannotRunPrograms();

private:
    Result<CommitDiff> diff(const DiffOptions &options = DiffOptions());
    GitLibrary m_library;
    std::unique_ptr<BadInputRepository> m_fixture;
};

void TestDiff::initTestCase()
{
    m_fixture = std::make_unique<BadInputRepository>();
    QVERIFY(m_fixture->ok);
}

Result<CommitDiff> TestDiff::diff(const DiffOptions &options)
{
    Result<Repository> repo = Repository::open(m_fixture->repo.path());
    if (!repo)
        return repo.error();
    return DiffEngine::diffCommits(*repo, QStringLiteral("main"), QStringLiteral("topic"), options);
}

void TestDiff::numstatMatchesGit_data()
{
    QTest::addColumn<bool>("copies");
    QTest::addColumn<QStringList>("gitArguments");
    QTest::newRow("renames") << false << QStringList{QStringLiteral("-M")};
    QTest::newRow("renames and copies")
        << true << QStringList{QStringLiteral("-M"), QStringLiteral("-C")};
}

void TestDiff::numstatMatchesGit()
{
    QFETCH(bool, copies);
    QFETCH(QStringList, gitArguments);
    DiffOptions options;
    options.detectCopies = copies;
    Result<CommitDiff> result = diff(options);
    QVERIFY2(result.ok(), qPrintable(result.errorMessage()));
    QMap<QString, QString> ours;
    for (const FileDelta &file : result->files)
        ours.insert(file.displayPath(),
                    file.binary ? QStringLiteral("- -")
                                : QStringLiteral("%1 %2").arg(file.added).arg(file.removed));
    const QMap<QString, QString> git = gitNumstat(m_fixture->repo, gitArguments);
    QVERIFY(git.size() >= 14);
    QCOMPARE(ours, git);
}

void TestDiff::startsAtMergeBase()
{
    Result<CommitDiff> result = diff();
    QVERIFY(result.ok());
    QCOMPARE(result->baseId, m_fixture->repo.revParse(QStringLiteral("main~1")));
    QCOMPARE(result->toId, m_fixture->repo.revParse(QStringLiteral("topic")));
    QVERIFY(!byPath(result->files).contains(QStringLiteral("main-only.txt")));
}

void TestDiff::renameWithEdits()
{
    Result<CommitDiff> result = diff();
    QVERIFY(result.ok());
    const FileDelta file =
        byPath(result->files).value(QStringLiteral("dir with space/néw nämé.txt"));
    QCOMPARE(file.status, DeltaStatus::Renamed);
    QCOMPARE(file.oldPath, QStringLiteral("old name.txt"));
    QVERIFY(file.similarity >= 90 && file.similarity < 100);
    QCOMPARE(file.added, 1);
    QCOMPARE(file.removed, 1);
    const FileDelta copy = byPath(result->files).value(QStringLiteral("copy.txt"));
    QCOMPARE(copy.status, DeltaStatus::Copied);
    QCOMPARE(copy.oldPath, QStringLiteral("copy-source.txt"));
    const FileDelta deleted = byPath(result->files).value(QStringLiteral("to-delete.txt"));
    QCOMPARE(deleted.status, DeltaStatus::Deleted);
    QVERIFY(deleted.newPath.isEmpty());
    QCOMPARE(deleted.removed, 2);
}

void TestDiff::lineEndingsAndEncodings()
{
    Result<CommitDiff> result = diff();
    QVERIFY(result.ok());
    const QMap<QString, FileDelta> files = byPath(result->files);

    const FileDelta crlf = files.value(QStringLiteral("crlf.txt"));
    QVERIFY(!crlf.lines.empty());
    for (const DiffLine &line : crlf.lines) {
        QVERIFY(line.crlf);
        QVERIFY(!crlf.lineText(line).contains('\r'));
    }

    const FileDelta latin1 = files.value(QStringLiteral("latin1.txt"));
    QCOMPARE(latin1.lines.size(), size_t(2));
    QCOMPARE(latin1.lineText(latin1.lines[0]), QByteArray("caf\xe9"));
    QCOMPARE(latin1.lines[0].origin, '-');
    QCOMPARE(latin1.lineText(latin1.lines[1]), QByteArray("caf\xe9 cr\xe8me"));
    QCOMPARE(latin1.lines[1].origin, '+');

    // "a\nb" -> "a\nb\nc": the old last line lacked its newline, the new one still does.
    const FileDelta noNewline = files.value(QStringLiteral("no-newline.txt"));
    QCOMPARE(noNewline.added, 2);
    QCOMPARE(noNewline.removed, 1);
    const DiffLine &last = noNewline.lines.back();
    QCOMPARE(noNewline.lineText(last), QByteArray("c"));
    QVERIFY(!last.hasNewline);
    bool sawOldB = false;
    for (const DiffLine &line : noNewline.lines) {
        if (line.origin == '-') {
            QCOMPARE(noNewline.lineText(line), QByteArray("b"));
            QVERIFY(!line.hasNewline);
            sawOldB = true;
        }
    }
    QVERIFY(sawOldB);
}

void TestDiff::emptyBinaryLinkSubmoduleAndModes()
{
    Result<CommitDiff> result = diff();
    QVERIFY(result.ok());
    const QMap<QString, FileDelta> files = byPath(result->files);

    const FileDelta empty = files.value(QStringLiteral("empty.txt"));
    QCOMPARE(empty.status, DeltaStatus::Added);
    QVERIFY(empty.oldPath.isEmpty());
    QVERIFY(empty.lines.empty());
    QCOMPARE(empty.added, 0);

    const FileDelta binary = files.value(QStringLiteral("binary.bin"));
    QVERIFY(binary.binary);
    QVERIFY(binary.lines.empty());

    const FileDelta link = files.value(QStringLiteral("link"));
    QCOMPARE(link.newMode, quint32(0120000));
    QCOMPARE(link.lines.size(), size_t(1));
    QCOMPARE(link.lineText(link.lines[0]), QByteArray("target/path"));

    const FileDelta typeChange = files.value(QStringLiteral("becomes-link"));
    QCOMPARE(typeChange.status, DeltaStatus::TypeChanged);
    QCOMPARE(typeChange.oldMode, quint32(0100644));
    QCOMPARE(typeChange.newMode, quint32(0120000));

    const FileDelta submodule = files.value(QStringLiteral("submodule"));
    QCOMPARE(submodule.status, DeltaStatus::Added);
    QCOMPARE(submodule.newMode, quint32(0160000));

    const FileDelta mode = files.value(QStringLiteral("mode.sh"));
    QCOMPARE(mode.status, DeltaStatus::Modified);
    QCOMPARE(mode.oldMode, quint32(0100644));
    QCOMPARE(mode.newMode, quint32(0100755));
    QVERIFY(mode.hunks.empty());
    QCOMPARE(mode.added + mode.removed, 0);
}

void TestDiff::sizeGuardSkipsContent()
{
    DiffOptions options;
    options.maxFileBytes = 2000;
    Result<CommitDiff> result = diff(options);
    QVERIFY(result.ok());
    const QMap<QString, FileDelta> files = byPath(result->files);
    const FileDelta big = files.value(QStringLiteral("big.dat"));
    QVERIFY(big.tooLarge);
    QCOMPARE(big.oldSize, qint64(3000));
    QCOMPARE(big.newSize, qint64(3000));
    QVERIFY(big.lines.empty());
    QVERIFY(big.hunks.empty());
    QVERIFY(big.text.isEmpty());
    // No lines kept, but git's counts (it diffed the file anyway).
    QCOMPARE(big.added, 1);
    QCOMPARE(big.removed, 1);
    QVERIFY(!files.value(QStringLiteral("crlf.txt")).tooLarge);

    // The default guard (8 MB) lets it through with its content.
    Result<CommitDiff> unguarded = diff();
    QVERIFY(unguarded.ok());
    const FileDelta loaded = byPath(unguarded->files).value(QStringLiteral("big.dat"));
    QVERIFY(!loaded.tooLarge);
    QCOMPARE(loaded.added, 1);
}

void TestDiff::realFileOverDefaultGuard()
{
    TempRepository repo;
    const QByteArray line(99, 'z');
    QByteArray big;
    big.reserve(9 * 1024 * 1024);
    while (big.size() < 9 * 1024 * 1024)
        big += line + '\n';
    QVERIFY(repo.writeFile(QStringLiteral("small.txt"), "s\n"));
    const QString base = repo.commitAll(QStringLiteral("base"));
    QVERIFY(repo.writeFile(QStringLiteral("huge.txt"), big));
    QVERIFY(repo.writeFile(QStringLiteral("small.txt"), "t\n"));
    const QString head = repo.commitAll(QStringLiteral("huge"));
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    Result<CommitDiff> result = DiffEngine::diffCommits(*opened, base, head);
    QVERIFY(result.ok());
    const QMap<QString, FileDelta> files = byPath(result->files);
    const FileDelta huge = files.value(QStringLiteral("huge.txt"));
    QVERIFY(huge.tooLarge);
    QCOMPARE(huge.status, DeltaStatus::Added);
    QCOMPARE(huge.newSize, qint64(big.size()));
    QVERIFY(huge.text.isEmpty());
    QCOMPARE(files.value(QStringLiteral("small.txt")).added, 1);
}

void TestDiff::hunksAndLineNumbers()
{
    TempRepository repo;
    QByteArray text;
    for (int i = 1; i <= 30; ++i)
        text += "line " + QByteArray::number(i) + '\n';
    QVERIFY(repo.writeFile(QStringLiteral("f.txt"), text));
    const QString base = repo.commitAll(QStringLiteral("base"));
    QByteArray changed = text;
    changed.replace("line 2\n", "line two\n");
    changed.replace("line 25\n", "");
    QVERIFY(repo.writeFile(QStringLiteral("f.txt"), changed));
    const QString head = repo.commitAll(QStringLiteral("change"));
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    Result<CommitDiff> result = DiffEngine::diffCommits(*opened, base, head);
    QVERIFY(result.ok());
    QCOMPARE(result->files.size(), size_t(1));
    const FileDelta &file = result->files.front();
    QCOMPARE(file.hunks.size(), size_t(2));
    QStringList headers;
    for (const DiffHunk &hunk : file.hunks)
        headers << hunk.header;
    const QByteArray cliDiff = repo.git({QStringLiteral("diff"), base, head}).out;
    for (const QString &header : headers)
        QVERIFY2(cliDiff.contains(QByteArray(header.toUtf8() + "\n")), qPrintable(header));
    const DiffHunk &second = file.hunks[1];
    const DiffLine &removed = file.lines[size_t(second.firstLine + 3)];
    QCOMPARE(removed.origin, '-');
    QCOMPARE(removed.oldLineNo, 25);
    QCOMPARE(removed.newLineNo, -1);
    QCOMPARE(file.lineText(removed), QByteArray("line 25"));
    QCOMPARE(second.firstLine + second.lineCount, int(file.lines.size()));
}

void TestDiff::cancelled()
{
    std::atomic_bool cancel{true};
    DiffOptions options;
    options.cancelled = &cancel;
    QCOMPARE(diff(options).errorCode(), QStringLiteral("cancelled"));
}

void TestDiff::unknownRevision()
{
    Result<Repository> repo = Repository::open(m_fixture->repo.path());
    QVERIFY(repo.ok());
    QCOMPARE(
        DiffEngine::diffCommits(*repo, QStringLiteral("main"), QStringLiteral("nope")).errorCode(),
        QStringLiteral("unknown-revision"));
}

void TestDiff::typeChangeLinesAndExactBinaryRename()
{
    TempRepository repo;
    QVERIFY(repo.writeFile(QStringLiteral("f"), "was a file\n"));
    QVERIFY(repo.writeFile(QStringLiteral("logo.png"), QByteArray("\x89PNG\0\0\x01", 8)));
    QVERIFY(repo.writeFile(QStringLiteral("quote\"d\ttab.txt"), "q\n"));
    const QString base = repo.commitAll(QStringLiteral("base"));
    QVERIFY(repo.removeFile(QStringLiteral("f")));
    QVERIFY(repo.makeSymlink(QStringLiteral("f"), QStringLiteral("target")));
    QVERIFY(repo.removeFile(QStringLiteral("logo.png")));
    QVERIFY(repo.writeFile(QStringLiteral("art/logo.png"), QByteArray("\x89PNG\0\0\x01", 8)));
    QVERIFY(repo.writeFile(QStringLiteral("quote\"d\ttab.txt"), "q\nr\n"));
    const QString head = repo.commitAll(QStringLiteral("change"));
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    Result<CommitDiff> result = DiffEngine::diffCommits(*opened, base, head);
    QVERIFY2(result.ok(), qPrintable(result.errorMessage()));
    const QMap<QString, FileDelta> files = byPath(result->files);
    QCOMPARE(files.size(), 3);

    // git prints a type change as a deletion and a creation: both sides' lines, one delta.
    const FileDelta typeChange = files.value(QStringLiteral("f"));
    QCOMPARE(typeChange.status, DeltaStatus::TypeChanged);
    QCOMPARE(typeChange.removed, 1);
    QCOMPARE(typeChange.added, 1);
    QCOMPARE(typeChange.hunks.size(), size_t(2));
    QCOMPARE(typeChange.lineText(typeChange.lines.back()), QByteArray("target"));
    QVERIFY(!typeChange.lines.back().hasNewline);

    // An exact rename has no patch, yet git's numstat calls the file binary.
    const FileDelta logo = files.value(QStringLiteral("art/logo.png"));
    QCOMPARE(logo.status, DeltaStatus::Renamed);
    QCOMPARE(logo.similarity, 100);
    QVERIFY(logo.binary);

    // A name git quotes in its patch headers comes verbatim from the raw records.
    const FileDelta quoted = files.value(QStringLiteral("quote\"d\ttab.txt"));
    QCOMPARE(quoted.added, 1);
    QCOMPARE(quoted.lineText(quoted.lines.back()), QByteArray("r"));
}

// The repository's configuration names an external diff, a textconv driver and an fsmonitor
// hook, each a script that leaves a marker; the environment names an external diff too. None
// may run, and the diff is the plain content.
void TestDiff::configCannotRunPrograms()
{
    TempRepository repo;
    const QString marker = repo.scratchPath(QStringLiteral("ran"));
    const QString script = repo.scratchPath(QStringLiteral("hook.sh"));
    QFile file(script);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("#!/bin/sh\necho ran >> '" + marker.toUtf8() + "'\necho converted\n");
    file.close();
    QVERIFY(file.setPermissions(file.permissions() | QFileDevice::ExeUser));
    QVERIFY(repo.writeFile(QStringLiteral(".gitattributes"), "*.txt diff=conv\n"));
    QVERIFY(repo.writeFile(QStringLiteral("a.txt"), "one\n"));
    const QString base = repo.commitAll(QStringLiteral("base"));
    QVERIFY(repo.writeFile(QStringLiteral("a.txt"), "one\ntwo\n"));
    const QString head = repo.commitAll(QStringLiteral("change"));
    QVERIFY(!head.isEmpty());
    for (const QStringList &setting : {QStringList{QStringLiteral("diff.external"), script},
                                       QStringList{QStringLiteral("diff.conv.textconv"), script},
                                       QStringList{QStringLiteral("core.fsmonitor"), script}})
        QVERIFY(repo.git(QStringList{QStringLiteral("config")} + setting).ok());
    qputenv("GIT_EXTERNAL_DIFF", script.toUtf8());
    Result<Repository> opened = Repository::open(repo.path());
    QVERIFY(opened.ok());
    DiffOptions options;
    options.method = DiffMethod::GitCommandLine;
    Result<CommitDiff> result = DiffEngine::diffCommits(*opened, base, head, options);
    qunsetenv("GIT_EXTERNAL_DIFF");
    QVERIFY2(result.ok(), qPrintable(result.errorMessage()));
    QCOMPARE(result->files.size(), size_t(1));
    const FileDelta &delta = result->files.front();
    QCOMPARE(delta.added, 1);
    QCOMPARE(delta.lineText(delta.lines.back()), QByteArray("two"));
    QVERIFY2(!QFileInfo::exists(marker), "a configured program ran");
}

QTEST_GUILESS_MAIN(TestDiff)
#include "tst_diff.moc"
