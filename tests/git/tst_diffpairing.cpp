// DiffEngine's rename and copy pairing against git's own, on ranges built with the git CLI
// that exercise how git pairs: many similar files, exact renames among near-duplicates, a copy
// whose source was also modified, heavy edits around the 50 % threshold and more candidates
// than the rename limit. Every case compares the whole listing, in order, with `git diff -M
// -C --name-status -z` and `--numstat -z`, and first checks that git's answer really has the
// shape the case is about (so a fixture that stopped exercising it fails too).

#include "TempRepository.h"
#include "git/DiffEngine.h"
#include "git/GitLibrary.h"
#include "git/Repository.h"
#include "tst_difforacle.h"

#include <QTest>

#include <functional>

using namespace agentdesk;
using namespace agentdesk::git;
using agentdesk::test::GitDiffEntry;
using agentdesk::test::TempRepository;

namespace {

quint32 mix(quint32 a, quint32 b)
{
    quint32 h = a * 2654435761u ^ (b + 0x9e3779b9u + (a << 6) + (a >> 2));
    h ^= h >> 15;
    h *= 2246822519u;
    return h ^ (h >> 13);
}

// A C++-looking line; the same (seed, line) gives the same text.
QByteArray codeLine(quint32 seed, int line)
{
    static const char *const words[] = {"buffer", "cache",  "config", "cursor", "delta",
                                        "entry",  "frame",  "handle", "index",  "layer",
                                        "loader", "model",  "parser", "queue",  "reader",
                                        "record", "signal", "stream", "token",  "widget"};
    const quint32 h = mix(seed, quint32(line));
    return "    " + QByteArray(words[h % 20]) + "->" + words[(h / 20) % 20] + "(" +
           QByteArray::number(h % 997) + ", " + words[(h / 400) % 20] + "_" +
           QByteArray::number(line) + ");\n";
}

// `lines` lines; a line is the shared template's (seed 1) when `shared(line)`, else the file's.
QByteArray familyFile(quint32 seed, int lines, int sharedPercent)
{
    QByteArray text;
    for (int l = 0; l < lines; ++l)
        text += int(mix(seed + 7, quint32(l)) % 100) < sharedPercent ? codeLine(1, l)
                                                                     : codeLine(seed, l);
    return text;
}

// The file with `percent` of its lines rewritten (the first ones of every hundred).
QByteArray edited(const QByteArray &text, int percent, quint32 salt)
{
    QList<QByteArray> lines = text.split('\n');
    for (int i = 0; i < lines.size(); ++i) {
        if (!lines[i].isEmpty() && int(mix(salt, quint32(i)) % 100) < percent)
            lines[i] = codeLine(salt + 1000, i).chopped(1);
    }
    return lines.join('\n');
}

int countStatus(const std::vector<GitDiffEntry> &entries, QChar letter)
{
    return int(std::count_if(entries.begin(), entries.end(), [&](const GitDiffEntry &entry) {
        return !entry.status.isEmpty() && entry.status.front() == letter;
    }));
}

} // namespace

class TestDiffPairing : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void manySimilarFiles();
    void exactRenamesAmongNearDuplicates();
    void copyFromModifiedSource();
    void heavyEditsNearThreshold();
    void moreCandidatesThanRenameLimit();
    void copiesOverLimitRenamesUnder();
    void renamesOnlyAndNoDetection();

private:
    // Commits `base` on main, `change` on topic; returns git's entries for `gitOptions` after
    // checking ours equal them.
    std::vector<GitDiffEntry>
    compare(const std::function<bool(TempRepository &)> &base,
            const std::function<bool(TempRepository &)> &change, const DiffOptions &options = {},
            const QStringList &gitOptions = {QStringLiteral("-M"), QStringLiteral("-C")});
    GitLibrary m_library;
};

std::vector<GitDiffEntry>
TestDiffPairing::compare(const std::function<bool(TempRepository &)> &base,
                         const std::function<bool(TempRepository &)> &change,
                         const DiffOptions &options, const QStringList &gitOptions)
{
    TempRepository repo;
    std::vector<GitDiffEntry> failed;
    if (!repo.isValid() || !base(repo) || repo.commitAll(QStringLiteral("base")).isEmpty() ||
        !repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"),
                   QStringLiteral("topic")})
             .ok() ||
        !change(repo) || repo.commitAll(QStringLiteral("change")).isEmpty()) {
        qWarning("cannot build the repository");
        return failed;
    }
    QString error;
    const std::vector<GitDiffEntry> git =
        test::gitDiffEntries(repo.path(), gitOptions, QStringLiteral("main...topic"), &error);
    if (git.empty()) {
        qWarning("git: %s", qPrintable(error));
        return failed;
    }
    Result<Repository> opened = Repository::open(repo.path());
    if (!opened)
        return failed;
    Result<CommitDiff> diff =
        DiffEngine::diffCommits(*opened, QStringLiteral("main"), QStringLiteral("topic"), options);
    if (!diff) {
        qWarning("diff: %s", qPrintable(diff.errorMessage()));
        return failed;
    }
    const std::vector<GitDiffEntry> ours = test::entriesOf(diff->files);
    if (ours != git) {
        qWarning("%s", qPrintable(test::entryDifferences(ours, git).join(QLatin1Char('\n'))));
        return failed;
    }
    return git;
}

void TestDiffPairing::manySimilarFiles()
{
    // 40 files sharing 70 % of their lines; 24 move with a few edits, 4 are edited in place.
    const auto base = [](TempRepository &repo) {
        for (int i = 0; i < 40; ++i) {
            if (!repo.writeFile(QStringLiteral("src/handler%1.cpp").arg(i),
                                familyFile(quint32(100 + i), 80, 70)))
                return false;
        }
        return true;
    };
    const auto change = [](TempRepository &repo) {
        for (int i = 0; i < 40; ++i) {
            const QByteArray text = familyFile(quint32(100 + i), 80, 70);
            const QString old = QStringLiteral("src/handler%1.cpp").arg(i);
            if (i < 24) {
                if (!repo.removeFile(old) ||
                    !repo.writeFile(QStringLiteral("lib/handlers/h%1.cpp").arg(i),
                                    edited(text, 5 + i % 10, quint32(i))))
                    return false;
            } else if (i < 28 && !repo.writeFile(old, edited(text, 10, quint32(i)))) {
                return false;
            }
        }
        return true;
    };
    const std::vector<GitDiffEntry> git = compare(base, change);
    QVERIFY(!git.empty());
    QCOMPARE(countStatus(git, QLatin1Char('R')), 24);
    for (const GitDiffEntry &entry : git) {
        if (entry.status.startsWith(QLatin1Char('R')))
            QVERIFY2(entry.newPath.mid(entry.newPath.lastIndexOf(QLatin1Char('h')) + 1) ==
                         entry.oldPath.mid(entry.oldPath.indexOf(QLatin1String("handler")) + 7),
                     qPrintable(entry.text()));
    }
}

void TestDiffPairing::exactRenamesAmongNearDuplicates()
{
    // 30 files that differ in one line each: 10 renamed exactly, 6 renamed with one more line
    // changed, 3 deleted and 3 new near-duplicates added.
    const auto nearDuplicate = [](int i) -> QByteArray {
        return familyFile(1, 60, 100) + "// variant " + QByteArray::number(i) + "\n";
    };
    const auto base = [&](TempRepository &repo) {
        for (int i = 0; i < 30; ++i) {
            if (!repo.writeFile(QStringLiteral("proto/msg%1.h").arg(i, 2, 10, QLatin1Char('0')),
                                nearDuplicate(i)))
                return false;
        }
        return true;
    };
    const auto change = [&](TempRepository &repo) {
        bool ok = true;
        for (int i = 0; i < 19 && ok; ++i) {
            const QString old = QStringLiteral("proto/msg%1.h").arg(i, 2, 10, QLatin1Char('0'));
            ok = repo.removeFile(old);
            if (i < 10)
                ok = ok &&
                     repo.writeFile(QStringLiteral("api/v2/m%1.h").arg(29 - i), nearDuplicate(i));
            else if (i < 16)
                ok = ok && repo.writeFile(QStringLiteral("api/v2/e%1.h").arg(i),
                                          nearDuplicate(i) + "// edited\n");
        }
        for (int i = 0; i < 3 && ok; ++i)
            ok = repo.writeFile(QStringLiteral("api/v2/new%1.h").arg(i), nearDuplicate(100 + i));
        return ok;
    };
    const std::vector<GitDiffEntry> git = compare(base, change);
    QVERIFY(!git.empty());
    // A deleted file that several new files resemble is a copy source for all but the last,
    // which is its rename: msg00 gives one exact copy and the new near-duplicates.
    int exact = 0;
    for (const GitDiffEntry &entry : git)
        exact += entry.status.mid(1) == QLatin1String("100");
    QCOMPARE(exact, 10);
    QVERIFY(countStatus(git, QLatin1Char('C')) >= 2);
}

void TestDiffPairing::copyFromModifiedSource()
{
    // copy.cpp copies source.cpp, which is modified too (git -C finds it); plain.cpp copies a
    // file that did not change (found only with --find-copies-harder, so git says added).
    const QByteArray source = familyFile(501, 120, 0);
    const QByteArray untouched = familyFile(502, 120, 0);
    const auto base = [&](TempRepository &repo) {
        return repo.writeFile(QStringLiteral("net/source.cpp"), source) &&
               repo.writeFile(QStringLiteral("net/untouched.cpp"), untouched);
    };
    const auto change = [&](TempRepository &repo) {
        return repo.writeFile(QStringLiteral("net/source.cpp"), edited(source, 20, 9)) &&
               repo.writeFile(QStringLiteral("net/copy.cpp"), edited(source, 3, 11)) &&
               repo.writeFile(QStringLiteral("net/plain.cpp"), untouched);
    };
    const std::vector<GitDiffEntry> git = compare(base, change);
    QVERIFY(!git.empty());
    QCOMPARE(countStatus(git, QLatin1Char('C')), 1);
    QCOMPARE(countStatus(git, QLatin1Char('A')), 1);
    for (const GitDiffEntry &entry : git) {
        if (entry.status.startsWith(QLatin1Char('C')))
            QCOMPARE(entry.oldPath, QStringLiteral("net/source.cpp"));
    }
}

void TestDiffPairing::heavyEditsNearThreshold()
{
    // Renames with 40 % to 62 % of the lines rewritten: git keeps some as renames (similarity
    // around 50) and splits the rest into a deletion and an addition.
    const auto base = [](TempRepository &repo) {
        for (int i = 0; i < 12; ++i) {
            if (!repo.writeFile(QStringLiteral("old/part%1.cpp").arg(i),
                                familyFile(quint32(700 + i), 100, 0)))
                return false;
        }
        return true;
    };
    const auto change = [](TempRepository &repo) {
        for (int i = 0; i < 12; ++i) {
            if (!repo.removeFile(QStringLiteral("old/part%1.cpp").arg(i)) ||
                !repo.writeFile(
                    QStringLiteral("new/part%1.cpp").arg(i),
                    edited(familyFile(quint32(700 + i), 100, 0), 40 + 2 * i, quint32(i))))
                return false;
        }
        return true;
    };
    const std::vector<GitDiffEntry> git = compare(base, change);
    QVERIFY(!git.empty());
    QVERIFY(countStatus(git, QLatin1Char('R')) > 0);
    QVERIFY(countStatus(git, QLatin1Char('D')) > 0);
    bool nearHalf = false;
    for (const GitDiffEntry &entry : git)
        nearHalf = nearHalf ||
                   (entry.status.startsWith(QLatin1Char('R')) && entry.status.mid(1).toInt() < 60);
    QVERIFY(nearHalf);
}

void TestDiffPairing::moreCandidatesThanRenameLimit()
{
    // 1,010 files deleted and 1,010 added with one line changed: past git's rename limit
    // (1,000), so git skips inexact detection and pairs only the 3 exact renames.
    const auto small = [](int i) -> QByteArray { return familyFile(quint32(2000 + i), 6, 0); };
    const auto base = [&](TempRepository &repo) {
        for (int i = 0; i < 1013; ++i) {
            if (!repo.writeFile(QStringLiteral("a/f%1.txt").arg(i), small(i)))
                return false;
        }
        return true;
    };
    const auto change = [&](TempRepository &repo) {
        for (int i = 0; i < 1013; ++i) {
            if (!repo.removeFile(QStringLiteral("a/f%1.txt").arg(i)) ||
                !repo.writeFile(QStringLiteral("b/g%1.txt").arg(i),
                                i < 3 ? small(i) : small(i) + "one more line\n"))
                return false;
        }
        return true;
    };
    const std::vector<GitDiffEntry> git = compare(base, change);
    QVERIFY(!git.empty());
    QCOMPARE(countStatus(git, QLatin1Char('R')), 3);
    QCOMPARE(countStatus(git, QLatin1Char('D')), 1010);
}

void TestDiffPairing::copiesOverLimitRenamesUnder()
{
    // 600 renames, 5 exact, and 1,100 modified files. With -C the modified files are sources
    // too: 600 × 1,700 candidates, over 1,000², so git skips inexact detection altogether
    // (without --find-copies-harder it does not fall back to renames only) and pairs only the
    // exact ones. With -M alone, 600 × 600 fit and every rename is found.
    const auto base = [](TempRepository &repo) {
        for (int i = 0; i < 1700; ++i) {
            if (!repo.writeFile(QStringLiteral("m/f%1.txt").arg(i),
                                familyFile(quint32(5000 + i), 6, 0)))
                return false;
        }
        return true;
    };
    const auto change = [](TempRepository &repo) {
        for (int i = 0; i < 1700; ++i) {
            const QByteArray text = familyFile(quint32(5000 + i), 6, 0) + (i < 5 ? "" : "edit\n");
            const QString old = QStringLiteral("m/f%1.txt").arg(i);
            if (i < 600 ? !repo.removeFile(old) ||
                              !repo.writeFile(QStringLiteral("n/f%1.txt").arg(i), text)
                        : !repo.writeFile(old, text))
                return false;
        }
        // A copy of a modified file: what -C would find within the limit.
        return repo.writeFile(QStringLiteral("n/copy.txt"), familyFile(5600, 6, 0) + "edit\n");
    };
    const std::vector<GitDiffEntry> git = compare(base, change);
    QVERIFY(!git.empty());
    QCOMPARE(countStatus(git, QLatin1Char('R')), 5);
    QCOMPARE(countStatus(git, QLatin1Char('C')), 0);
    DiffOptions renamesOnly;
    renamesOnly.detectCopies = false;
    const std::vector<GitDiffEntry> renames =
        compare(base, change, renamesOnly, {QStringLiteral("-M")});
    QVERIFY(!renames.empty());
    QCOMPARE(countStatus(renames, QLatin1Char('R')), 600);
}

void TestDiffPairing::renamesOnlyAndNoDetection()
{
    const QByteArray source = familyFile(801, 50, 0);
    const auto base = [&](TempRepository &repo) {
        return repo.writeFile(QStringLiteral("s.cpp"), source) &&
               repo.writeFile(QStringLiteral("moved.cpp"), familyFile(802, 50, 0));
    };
    const auto change = [&](TempRepository &repo) {
        return repo.writeFile(QStringLiteral("s.cpp"), edited(source, 10, 1)) &&
               repo.writeFile(QStringLiteral("c.cpp"), source) &&
               repo.removeFile(QStringLiteral("moved.cpp")) &&
               repo.writeFile(QStringLiteral("m2.cpp"), familyFile(802, 50, 0));
    };
    DiffOptions renamesOnly;
    renamesOnly.detectCopies = false;
    std::vector<GitDiffEntry> git = compare(base, change, renamesOnly, {QStringLiteral("-M")});
    QVERIFY(!git.empty());
    QCOMPARE(countStatus(git, QLatin1Char('R')), 1);
    QCOMPARE(countStatus(git, QLatin1Char('C')), 0);
    DiffOptions none;
    none.detectRenames = none.detectCopies = false;
    git = compare(base, change, none, {QStringLiteral("--no-renames")});
    QVERIFY(!git.empty());
    QCOMPARE(countStatus(git, QLatin1Char('R')), 0);
}

QTEST_GUILESS_MAIN(TestDiffPairing)
#include "tst_diffpairing.moc"
