#include "FileDeltaFactory.h"
#include "review/DiffDocument.h"

#include <QTest>

using namespace agentdesk;
using namespace agentdesk::review;
using agentdesk::test::FileDeltaFactory;

namespace {

// One line per row: kind, then "old|new" as "line:text" or "_" for an empty side.
QString dumpRow(const DiffFile &file, const DiffRow &row)
{
    static const char kinds[] = {' ', '+', '-', '~', '.'};
    const QChar kind = QLatin1Char(kinds[int(row.kind)]);
    if (row.kind == RowKind::Gap) {
        return QStringLiteral("%1 %2..%3|%4..%5")
            .arg(kind)
            .arg(row.oldLine)
            .arg(row.oldLine + row.gapLines - 1)
            .arg(row.newLine)
            .arg(row.newLine + row.gapLines - 1);
    }
    const QString oldSide = row.hasOld() ? QString::number(row.oldLine) + u':' + file.oldText(row)
                                         : QStringLiteral("_");
    const QString newSide = row.hasNew() ? QString::number(row.newLine) + u':' + file.newText(row)
                                         : QStringLiteral("_");
    return kind + u' ' + oldSide + u'|' + newSide;
}

QStringList dump(const DiffFile &file)
{
    QStringList lines;
    for (const DiffRow &row : file.rows)
        lines << dumpRow(file, row);
    return lines;
}

DiffDocumentPtr buildOne(const git::FileDelta &delta, DiffBuildOptions options = {})
{
    auto result = DiffDocument::build({delta}, options);
    return result.ok() ? result.value() : nullptr;
}

} // namespace

class TestDiffDocument : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rows_data()
    {
        QTest::addColumn<QByteArray>("hunks");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("modify with context")
            << QByteArray("@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n")
            << QStringList{u"  1:a|1:a"_qs, u"~ 2:b|2:B"_qs, u"  3:c|3:c"_qs};
        QTest::newRow("more removed than added")
            << QByteArray("@@ -1,3 +1,1 @@\n-x\n-y\n-z\n+X\n")
            << QStringList{u"~ 1:x|1:X"_qs, u"- 2:y|_"_qs, u"- 3:z|_"_qs};
        QTest::newRow("more added than removed") << QByteArray("@@ -1 +1,2 @@\n-x\n+X\n+Y\n")
                                                 << QStringList{u"~ 1:x|1:X"_qs, u"+ _|2:Y"_qs};
        QTest::newRow("separate runs stay apart")
            << QByteArray("@@ -1,3 +1,3 @@\n-a\n b\n+c\n")
            << QStringList{u"- 1:a|_"_qs, u"  2:b|1:b"_qs, u"+ _|2:c"_qs};
        QTest::newRow("gaps between hunks")
            << QByteArray("@@ -5,2 +5,2 @@\n e\n-f\n+F\n@@ -20,1 +20,2 @@\n t\n+u\n")
            << QStringList{u". 1..4|1..4"_qs,   u"  5:e|5:e"_qs,   u"~ 6:f|6:F"_qs,
                           u". 7..19|7..19"_qs, u"  20:t|20:t"_qs, u"+ _|21:u"_qs};
        QTest::newRow("pure insertion after line 3")
            << QByteArray("@@ -3,0 +4,2 @@\n+n1\n+n2\n")
            << QStringList{u". 1..3|1..3"_qs, u"+ _|4:n1"_qs, u"+ _|5:n2"_qs};
        QTest::newRow("unicode") << QByteArray("@@ -1 +1 @@\n-// Grüße 😀\n+// こんにちは 😀\n")
                                 << QStringList{
                                        QString::fromUtf8("~ 1:// Grüße 😀|1:// こんにちは 😀")};
        QTest::newRow("latin-1 bytes") << QByteArray("@@ -1 +1 @@\n-caf\xe9\n+caf\xc3\xa9\n")
                                       << QStringList{QString::fromUtf8("~ 1:café|1:café")};
        QTest::newRow("crlf") << QByteArray("@@ -1,2 +1,2 @@\n a\r\n-b\r\n+c\r\n")
                              << QStringList{u"  1:a|1:a"_qs, u"~ 2:b|2:c"_qs};
    }
    void rows()
    {
        QFETCH(QByteArray, hunks);
        QFETCH(QStringList, expected);
        const DiffDocumentPtr doc =
            buildOne(FileDeltaFactory::make(u"f.txt"_qs, u"f.txt"_qs, hunks));
        QVERIFY(doc);
        QCOMPARE(dump(doc->file(0)), expected);
    }

    void flags()
    {
        const DiffDocumentPtr doc = buildOne(FileDeltaFactory::make(
            u"f.txt"_qs, u"f.txt"_qs,
            "@@ -1,2 +1,2 @@\n a\r\n-caf\xe9\n\\ No newline at end of file\n+cafe\r\n"));
        QVERIFY(doc);
        const DiffFile &file = doc->file(0);
        QCOMPARE(file.rows.size(), size_t(2));
        QCOMPARE(file.rows[0].flags, quint8(OldCrlf | NewCrlf));
        QCOMPARE(file.rows[1].flags, quint8(OldLatin1 | OldNoNewline | NewCrlf));
        QVERIFY(!file.oldText(file.rows[0]).contains(u'\r'));
    }

    void intraRangesOnModifiedRows()
    {
        const DiffDocumentPtr doc = buildOne(
            FileDeltaFactory::make(u"f.cpp"_qs, u"f.cpp"_qs,
                                   "@@ -1,2 +1,2 @@\n-int count = 0;\n-x\n+int total = 0;\n+y\n"));
        QVERIFY(doc);
        const DiffFile &file = doc->file(0);
        const DiffRow &row = file.rows[0];
        QCOMPARE(row.kind, RowKind::Modified);
        QCOMPARE(file.oldIntra(row).size(), size_t(1));
        QCOMPARE(file.oldText(row).mid(file.oldIntra(row)[0].start, file.oldIntra(row)[0].length),
                 u"count");
        QCOMPARE(file.newText(row).mid(file.newIntra(row)[0].start, file.newIntra(row)[0].length),
                 u"total");
        QCOMPARE(file.newIntra(file.rows[1]).size(), size_t(1));
    }

    void wholeFileStates_data()
    {
        QTest::addColumn<QString>("oldPath");
        QTest::addColumn<QString>("newPath");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("hunks");
        QTest::addColumn<int>("placeholder");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("added") << QString() << u"new.txt"_qs << int(git::DeltaStatus::Added)
                               << QByteArray("@@ -0,0 +1,2 @@\n+one\n+two\n")
                               << int(Placeholder::None)
                               << QStringList{u"+ _|1:one"_qs, u"+ _|2:two"_qs};
        QTest::newRow("deleted") << u"old.txt"_qs << QString() << int(git::DeltaStatus::Deleted)
                                 << QByteArray("@@ -1,2 +0,0 @@\n-one\n-two\n")
                                 << int(Placeholder::None)
                                 << QStringList{u"- 1:one|_"_qs, u"- 2:two|_"_qs};
        QTest::newRow("renamed with edits")
            << u"src/a b.cpp"_qs << u"src/ünï côdé.cpp"_qs << int(git::DeltaStatus::Renamed)
            << QByteArray("@@ -1,2 +1,2 @@\n keep\n-old\n+new\n") << int(Placeholder::None)
            << QStringList{u"  1:keep|1:keep"_qs, u"~ 2:old|2:new"_qs};
        QTest::newRow("pure rename")
            << u"a.txt"_qs << u"b.txt"_qs << int(git::DeltaStatus::Renamed) << QByteArray()
            << int(Placeholder::NoContent) << QStringList();
        QTest::newRow("empty file added")
            << QString() << u"empty.txt"_qs << int(git::DeltaStatus::Added) << QByteArray()
            << int(Placeholder::NoContent) << QStringList();
        QTest::newRow("lock file")
            << u"package-lock.json"_qs << u"package-lock.json"_qs << int(git::DeltaStatus::Modified)
            << QByteArray("@@ -1 +1 @@\n-{}\n+{ }\n") << int(Placeholder::Generated)
            << QStringList{u"~ 1:{}|1:{ }"_qs};
    }
    void wholeFileStates()
    {
        QFETCH(QString, oldPath);
        QFETCH(QString, newPath);
        QFETCH(int, status);
        QFETCH(QByteArray, hunks);
        QFETCH(int, placeholder);
        QFETCH(QStringList, expected);
        const DiffDocumentPtr doc =
            buildOne(FileDeltaFactory::make(oldPath, newPath, hunks, git::DeltaStatus(status)));
        QVERIFY(doc);
        const DiffFile &file = doc->file(0);
        QCOMPARE(int(file.placeholder), placeholder);
        QCOMPARE(dump(file), expected);
        QCOMPARE(file.oldPath, oldPath);
        QCOMPARE(file.newPath, newPath);
        QCOMPARE(int(file.status), status);
    }

    void binaryAndTooLarge()
    {
        git::FileDelta binary = FileDeltaFactory::make(u"logo.png"_qs, u"logo.png"_qs, {});
        binary.binary = true;
        git::FileDelta huge = FileDeltaFactory::make(u"dump.sql"_qs, u"dump.sql"_qs, {});
        huge.tooLarge = true;
        huge.newSize = 50 * 1024 * 1024;
        git::FileDelta modeOnly = FileDeltaFactory::make(u"run.sh"_qs, u"run.sh"_qs, {});
        modeOnly.newMode = 0100755;
        git::FileDelta minified = FileDeltaFactory::make(
            u"app.js"_qs, u"app.js"_qs, "@@ -1 +1 @@\n-a\n+" + QByteArray(5000, 'x') + "\n");
        auto result = DiffDocument::build({binary, huge, modeOnly, minified});
        QVERIFY(result.ok());
        const DiffDocument &doc = *result.value();
        QCOMPARE(doc.file(0).placeholder, Placeholder::Binary);
        QVERIFY(doc.file(0).rows.empty());
        QCOMPARE(doc.file(1).placeholder, Placeholder::TooLarge);
        QCOMPARE(doc.file(1).newSize, 50 * 1024 * 1024);
        QCOMPARE(doc.file(2).placeholder, Placeholder::NoContent);
        QVERIFY(doc.file(2).modeChanged());
        QCOMPARE(doc.file(3).placeholder, Placeholder::Generated);
        QCOMPARE(doc.file(3).rows.size(), size_t(1)); // expandable on demand
    }

    void foldsLongContextRuns()
    {
        QByteArray hunk = "@@ -1,31 +1,31 @@\n";
        for (int i = 1; i <= 15; ++i)
            hunk += " c" + QByteArray::number(i) + "\n";
        hunk += "-old\n+new\n";
        for (int i = 17; i <= 31; ++i)
            hunk += " c" + QByteArray::number(i) + "\n";
        const DiffDocumentPtr doc = buildOne(FileDeltaFactory::make(u"f"_qs, u"f"_qs, hunk));
        QVERIFY(doc);
        const DiffFile &file = doc->file(0);
        // Leading run: everything but the 3 lines next to the change; trailing run likewise.
        QCOMPARE(file.folds.size(), size_t(2));
        QCOMPARE(file.folds[0].firstRow, 0);
        QCOMPARE(file.folds[0].rowCount, 12);
        QCOMPARE(file.folds[1].firstRow, 19);
        QCOMPARE(file.folds[1].rowCount, 12);
    }

    void anchoringIndex()
    {
        auto result = DiffDocument::build(
            {FileDeltaFactory::make(
                 u"a.cpp"_qs, u"a.cpp"_qs,
                 "@@ -10,3 +10,4 @@\n x\n-y\n+Y\n+Z\n w\n@@ -40 +41 @@\n-p\n+q\n"),
             FileDeltaFactory::make(u"old/name.cpp"_qs, u"new/name.cpp"_qs, "@@ -1 +1 @@\n-a\n+b\n",
                                    git::DeltaStatus::Renamed)});
        QVERIFY(result.ok());
        const DiffDocument &doc = *result.value();
        QCOMPARE(doc.fileIndex(u"new/name.cpp"_qs), 1);
        QCOMPARE(doc.fileIndex(u"old/name.cpp"_qs), 1);
        QCOMPARE(doc.fileIndex(u"missing.cpp"_qs), -1);

        const DiffFile &a = doc.file(0);
        // Rows: gap(1..9), x, y~Y, +Z, w, gap(13..39 | 14..40), p~q
        auto newRow = doc.locate(u"a.cpp"_qs, Side::New, 12);
        QVERIFY(newRow);
        QCOMPARE(dumpRow(a, a.rows[size_t(newRow->row)]), u"+ _|12:Z"_qs);
        auto oldRow = doc.locate(u"a.cpp"_qs, Side::Old, 11);
        QVERIFY(oldRow);
        QCOMPARE(dumpRow(a, a.rows[size_t(oldRow->row)]), u"~ 11:y|11:Y"_qs);
        QCOMPARE(doc.locate(u"a.cpp"_qs, Side::Old, 41), std::nullopt);
        QCOMPARE(dumpRow(a, a.rows[size_t(doc.locate(u"a.cpp"_qs, Side::New, 41)->row)]),
                 u"~ 40:p|41:q"_qs);
        QVERIFY(!doc.locate(u"a.cpp"_qs, Side::New, 20));
        QCOMPARE(a.rows[size_t(a.rowOrGapForLine(Side::New, 20))].kind, RowKind::Gap);
        QCOMPARE(a.rowOrGapForLine(Side::New, 500), -1);

        std::vector<Finding> findings(4);
        findings[0].file = u"a.cpp"_qs;
        findings[0].startLine = 12;
        findings[1].file = u"a.cpp"_qs;
        findings[1].startLine = 20; // hidden between hunks
        findings[1].endLine = 22;
        findings[2].file = u"a.cpp"_qs;
        findings[2].startLine = 30; // range reaching into the second hunk
        findings[2].endLine = 41;
        findings[3].file = u"old/name.cpp"_qs;
        findings[3].side = Side::Old;
        findings[3].startLine = 1;
        doc.anchor(findings);
        QCOMPARE(findings[0].anchored, true);
        QCOMPARE(findings[1].anchored, false);
        QCOMPARE(findings[2].anchored, true);
        QCOMPARE(findings[3].anchored, true);
    }

    void cancelledBuild()
    {
        std::atomic_bool cancel = true;
        auto result = DiffDocument::build(
            {FileDeltaFactory::make(u"f"_qs, u"f"_qs, "@@ -1 +1 @@\n-a\n+b\n")}, {}, &cancel);
        QVERIFY(!result.ok());
        QCOMPARE(result.errorCode(), u"cancelled");
    }

    // ARCHITECTURE.md §9: under 4 MB per 10,000 displayed rows, for typical code lines.
    void memoryPerTenThousandRows()
    {
        std::vector<git::FileDelta> deltas;
        for (int f = 0; f < 100; ++f) {
            QByteArray hunk = "@@ -1,50 +1,50 @@\n";
            for (int i = 0; i < 50; ++i) {
                const QByteArray code = "    result += compute(value_" + QByteArray::number(i) +
                                        ", options.threshold);";
                hunk += "-" + code + "\n+" + code + " // tuned\n";
            }
            deltas.push_back(
                FileDeltaFactory::make(u"f%1.cpp"_qs.arg(f), u"f%1.cpp"_qs.arg(f), hunk));
        }
        auto result = DiffDocument::build(deltas);
        QVERIFY(result.ok());
        QCOMPARE(result.value()->totalRows(), 5000);
        QVERIFY2(result.value()->memoryBytes() * 2 < 4 * 1024 * 1024,
                 qPrintable(QString::number(result.value()->memoryBytes())));
    }
};

QTEST_GUILESS_MAIN(TestDiffDocument)
#include "tst_diffdocument.moc"
