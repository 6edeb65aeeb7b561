// DiffDocumentStream against DiffDocument::build on a real repository's diff: files built while
// git prints the diff must give the same document as one built from the finished files, also
// for the files whose binary flag (an exact rename of a binary file) or size guard is decided
// only after their patch was parsed. And the diff's merge base is git's own.

#include "TempRepository.h"
#include "git/DiffEngine.h"
#include "git/GitLibrary.h"
#include "git/Repository.h"
#include "review/DiffDocument.h"
#include "review/DiffDocumentStream.h"

#include <QTest>

using namespace agentdesk;
using agentdesk::test::TempRepository;

namespace {

QByteArray lines(int count, const QByteArray &salt)
{
    QByteArray text;
    for (int i = 0; i < count; ++i)
        text += "line " + QByteArray::number(i) + (i % 7 == 0 ? salt : QByteArray()) + '\n';
    return text;
}

} // namespace

class TestDiffDocumentStream : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void streamedEqualsBuilt_data()
    {
        QTest::addColumn<int>("method");
        QTest::newRow("git") << int(git::DiffMethod::GitCommandLine);
        QTest::newRow("libgit2") << int(git::DiffMethod::Libgit2);
    }
    void streamedEqualsBuilt()
    {
        QFETCH(int, method);
        TempRepository repo;
        QByteArray binary("\x89PNG\0\0", 6);
        binary += lines(50, "b");
        QVERIFY(repo.isValid());
        QVERIFY(repo.writeFile(u"a.txt"_qs, lines(200, "")));
        QVERIFY(repo.writeFile(u"big.txt"_qs, lines(3000, "")));
        QVERIFY(repo.writeFile(u"icon.png"_qs, binary));
        QVERIFY(repo.writeFile(u"gone.txt"_qs, lines(20, "g")));
        QVERIFY(!repo.commitAll(u"base"_qs).isEmpty());
        QVERIFY(repo.git({u"checkout"_qs, u"-q"_qs, u"-b"_qs, u"topic"_qs}).ok());
        QVERIFY(repo.writeFile(u"a.txt"_qs, lines(200, " changed")));
        QVERIFY(repo.writeFile(u"big.txt"_qs, lines(3000, " changed")));
        QVERIFY(repo.removeFile(u"icon.png"_qs));
        QVERIFY(repo.writeFile(u"img/icon.png"_qs, binary)); // exact rename: no patch printed
        QVERIFY(repo.removeFile(u"gone.txt"_qs));
        QVERIFY(repo.writeFile(u"new.txt"_qs, lines(30, "n")));
        QVERIFY(!repo.commitAll(u"change"_qs).isEmpty());

        Result<git::Repository> opened = git::Repository::open(repo.path());
        QVERIFY(opened.ok());
        review::DiffDocumentStream stream;
        std::vector<size_t> seen;
        git::DiffOptions options;
        options.method = git::DiffMethod(method);
        options.maxFileBytes = 20000; // big.txt is over the guard, decided after its patch
        options.fileParsed = [&](size_t index, const git::FileDelta &file) {
            seen.push_back(index);
            stream.add(index, file);
        };
        Result<git::CommitDiff> diff =
            git::DiffEngine::diffCommits(*opened, u"main"_qs, u"topic"_qs, options);
        QVERIFY2(diff.ok(), qPrintable(diff.errorMessage()));
        QCOMPARE(diff->baseId,
                 QString::fromLatin1(
                     repo.git({u"merge-base"_qs, u"main"_qs, u"topic"_qs}).out.trimmed()));
        Result<review::DiffDocumentPtr> streamed = stream.finish(diff->files);
        Result<review::DiffDocumentPtr> built = review::DiffDocument::build(diff->files);
        QVERIFY(streamed.ok() && built.ok());
        QCOMPARE(seen.size(), diff->files.size());
        for (size_t i = 0; i < seen.size(); ++i)
            QCOMPARE(seen[i], i);
        const review::DiffDocument &a = **streamed;
        const review::DiffDocument &b = **built;
        QCOMPARE(a.fileCount(), b.fileCount());
        QCOMPARE(a.totalRows(), b.totalRows());
        bool sawBinary = false, sawTooLarge = false;
        for (int i = 0; i < a.fileCount(); ++i) {
            const review::DiffFile &x = a.file(i);
            const review::DiffFile &y = b.file(i);
            QCOMPARE(x.displayPath(), y.displayPath());
            QCOMPARE(int(x.placeholder), int(y.placeholder));
            QCOMPARE(x.text, y.text);
            QCOMPARE(x.rows.size(), y.rows.size());
            QCOMPARE(x.intra, y.intra);
            QCOMPARE(x.oldSize, y.oldSize);
            QCOMPARE(x.newSize, y.newSize);
            sawBinary |= x.placeholder == review::Placeholder::Binary;
            sawTooLarge |= x.placeholder == review::Placeholder::TooLarge;
        }
        QVERIFY(sawTooLarge);
        if (options.method == git::DiffMethod::GitCommandLine)
            QVERIFY(sawBinary); // the exact rename of icon.png: binary by its content
    }

private:
    git::GitLibrary m_library;
};

QTEST_GUILESS_MAIN(TestDiffDocumentStream)
#include "tst_diffdocumentstream.moc"
