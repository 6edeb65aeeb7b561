#include "DiffViewSample.h"
#include "FileDeltaFactory.h"
#include "diff/CodeFont.h"
#include "diff/DiffHighlighter.h"
#include "diff/DiffView.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

using namespace agentdesk;
using namespace agentdesk::diffview;
using agentdesk::test::FileDeltaFactory;

namespace {

review::DiffDocumentPtr build(const std::vector<git::FileDelta> &deltas)
{
    auto result = review::DiffDocument::build(deltas);
    return result.ok() ? result.value() : nullptr;
}

// A file of `lines` lines where every tenth line changed: many hunks' worth of changes in one
// hunk with long context runs between them.
git::FileDelta longFile(const QString &path, int lines)
{
    QByteArray hunk =
        "@@ -1," + QByteArray::number(lines) + " +1," + QByteArray::number(lines) + " @@\n";
    for (int i = 1; i <= lines; ++i) {
        const QByteArray text =
            "int value" + QByteArray::number(i) + " = " + QByteArray::number(i) + ";";
        if (i % 40 == 0)
            hunk += "-" + text + "\n+" + text + " // changed\n";
        else
            hunk += " " + text + "\n";
    }
    return FileDeltaFactory::make(path, path, hunk);
}

bool measuresFixed(const QFont &font)
{
    const QFontMetricsF fm(font);
    return fm.horizontalAdvance(u'i') == fm.horizontalAdvance(u'M') &&
           fm.horizontalAdvance(u'W') == fm.horizontalAdvance(u'M');
}

QImage grab(DiffView &view)
{
    QImage image(view.viewport()->size(), QImage::Format_RGB32);
    view.viewport()->render(&image);
    return image;
}

bool rowVisible(const DiffView &view, int displayIndex)
{
    const QRect rect = view.displayRowRect(displayIndex);
    return rect.isValid() && rect.intersects(view.viewport()->rect());
}

} // namespace

class TestDiffView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_view = std::make_unique<DiffView>();
        m_view->resize(1200, 700);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    }
    void cleanup() { m_view.reset(); }

    // What is painted at each row's position is the document's row, in its colours.
    void paintedRowsMatchDocument_data()
    {
        QTest::addColumn<QByteArray>("hunks");
        QTest::addColumn<QString>("path");
        QTest::newRow("modify") << QByteArray("@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n") << u"f.cpp"_qs;
        QTest::newRow("crlf, no final newline")
            << QByteArray("@@ -1,2 +1,2 @@\n a\r\n-b\r\n\\ No newline at end of file\n+c\r\n")
            << u"w.txt"_qs;
        QTest::newRow("unicode") << QByteArray("@@ -1,2 +1,3 @@\n ünï\n-😀 a\n+😀 b\n+新\n")
                                 << u"u.md"_qs;
        QTest::newRow("deleted lines") << QByteArray("@@ -1,3 +1,1 @@\n-x\n-y\n z\n") << u"d.py"_qs;
    }
    void paintedRowsMatchDocument()
    {
        QFETCH(QByteArray, hunks);
        QFETCH(QString, path);
        const auto document = build({FileDeltaFactory::make(path, path, hunks)});
        QVERIFY(document);
        m_view->setDocument(document);
        const QImage image = grab(*m_view);
        const review::DiffFile &file = document->file(0);
        const DiffColors &colors = m_view->colors();
        const int divider = m_view->viewport()->width() / 2;
        for (int r = 0; r < int(file.rows.size()); ++r) {
            const review::DiffRow &row = file.rows[size_t(r)];
            const int display = m_view->layout().displayIndexOf(0, r);
            const QRect rect = m_view->displayRowRect(display);
            const auto hit = m_view->hitAt(QPoint(divider + 100, rect.center().y()));
            QVERIFY(hit);
            QCOMPARE(hit->kind, DisplayKind::Row);
            QCOMPARE(hit->index, r);
            // Sample right of any text on each side: the row's background.
            const QColor left = image.pixelColor(divider - 3, rect.center().y());
            const QColor right =
                image.pixelColor(m_view->viewport()->width() - 3, rect.center().y());
            const QColor expectedLeft = !row.hasOld() ? colors.emptySide
                                        : row.kind == review::RowKind::Context
                                            ? colors.base
                                            : colors.removedBackground;
            const QColor expectedRight = !row.hasNew() ? colors.emptySide
                                         : row.kind == review::RowKind::Context
                                             ? colors.base
                                             : colors.addedBackground;
            QCOMPARE(left.rgb(), expectedLeft.rgb());
            QCOMPARE(right.rgb(), expectedRight.rgb());
        }
    }

    void placeholdersAndHeaders()
    {
        const auto document = build(test::sampleDeltas());
        m_view->setDocument(document);
        const DiffLayout &layout = m_view->layout();
        QCOMPARE(layout.fileStarts().size(), size_t(3));
        QCOMPARE(layout.at(layout.fileStarts()[2]).kind, DisplayKind::FileHeader);
        // The binary file is a header and a placeholder, nothing else.
        QCOMPARE(layout.count() - layout.fileStarts()[2], 2);
        QCOMPARE(layout.at(layout.count() - 1).kind, DisplayKind::Placeholder);
    }

    void unifiedModeSplitsModifiedRows()
    {
        const auto document =
            build({FileDeltaFactory::make(u"f"_qs, u"f"_qs, "@@ -1,2 +1,2 @@\n a\n-b\n+B\n")});
        m_view->setDocument(document);
        QCOMPARE(m_view->layout().count(), 3); // header, context, modified
        m_view->setMode(DiffView::Mode::Unified);
        QCOMPARE(m_view->layout().count(), 4);
        QCOMPARE(m_view->layout().at(2).side, UnifiedSide::OldOnly);
        QCOMPARE(m_view->layout().at(3).side, UnifiedSide::NewOnly);
        const QImage image = grab(*m_view);
        const int x = m_view->viewport()->width() - 3;
        QCOMPARE(image.pixelColor(x, m_view->displayRowRect(2).center().y()).rgb(),
                 m_view->colors().removedBackground.rgb());
        QCOMPARE(image.pixelColor(x, m_view->displayRowRect(3).center().y()).rgb(),
                 m_view->colors().addedBackground.rgb());
    }

    void expandCollapsedRegion()
    {
        m_view->setDocument(build({longFile(u"long.cpp"_qs, 200)}));
        const DiffLayout &layout = m_view->layout();
        int fold = -1;
        for (int i = 0; i < layout.count() && fold < 0; ++i) {
            if (layout.at(i).kind == DisplayKind::Fold && rowVisible(*m_view, i))
                fold = i;
        }
        QVERIFY(fold >= 0);
        const int before = layout.count();
        const int hidden =
            m_view->document()->file(0).folds[size_t(layout.at(fold).index)].rowCount;
        QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {},
                          m_view->displayRowRect(fold).center());
        QCOMPARE(m_view->layout().count(), before + hidden - 1);
        QCOMPARE(m_view->layout().at(fold).kind, DisplayKind::Row);
    }

    void activatingFindingScrollsToItsLine()
    {
        m_view->setDocument(build({longFile(u"a.cpp"_qs, 400), longFile(u"b.cpp"_qs, 400)}));
        review::Finding finding;
        finding.title = u"Overflow"_qs;
        finding.file = u"b.cpp"_qs;
        finding.startLine = 241; // in a fold, which must open for it
        finding.endLine = 242;
        finding.priority = 0;
        m_view->setFindings({finding});
        QVERIFY(m_view->findings()[0].anchored);
        const int row = m_view->document()->file(1).rowForLine(review::Side::New, 241);
        const int display = m_view->layout().displayIndexOf(1, row);
        QCOMPARE(m_view->layout().at(display).kind, DisplayKind::Row);
        QVERIFY(!rowVisible(*m_view, display));

        QSignalSpy activated(m_view.get(), &DiffView::findingActivated);
        m_view->activateFinding(0);
        QCOMPARE(activated.size(), 1);
        QVERIFY(rowVisible(*m_view, display));
        // The gutter mark is painted in the finding's priority colour on the new side.
        const QImage image = grab(*m_view);
        const QRect rect = m_view->displayRowRect(display);
        QCOMPARE(image.pixelColor(m_view->viewport()->width() / 2 + 1, rect.center().y()).rgb(),
                 m_view->colors().priorityColor(0).rgb());

        // Clicking the inline note expands it and activates the finding again.
        const int note = m_view->layout().findingRows()[0];
        QCOMPARE(m_view->layout().at(note).kind, DisplayKind::Note);
        const int collapsedLines = m_view->layout().at(note).lines;
        QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {},
                          m_view->displayRowRect(note).center());
        QCOMPARE(activated.size(), 2);
        QCOMPARE(activated.last().at(0).toInt(), 0);
        QVERIFY(m_view->layout().at(note).lines >= collapsedLines);
    }

    void scrollToLineApi()
    {
        m_view->setDocument(build({longFile(u"a.cpp"_qs, 1000)}));
        QVERIFY(m_view->scrollToLine(0, review::Side::Old, 777));
        const int row = m_view->document()->file(0).rowForLine(review::Side::Old, 777);
        const int display = m_view->layout().displayIndexOf(0, row);
        QVERIFY(rowVisible(*m_view, display));
        const auto hit = m_view->hitAt(m_view->displayRowRect(display).center());
        QVERIFY(hit);
        QCOMPARE(hit->index, row);
        QVERIFY(!m_view->scrollToLine(0, review::Side::Old, 5000));
    }

    void unanchoredFindingsAtTopOfFile()
    {
        m_view->setDocument(build(test::sampleDeltas()));
        auto findings = test::sampleFindings();
        findings[0].startLine = 300; // not in the diff
        findings[0].endLine = 300;
        m_view->setFindings(findings);
        QVERIFY(!m_view->findings()[0].anchored);
        QCOMPARE(m_view->layout().findingRows()[0], 1); // right below the file header
        QCOMPARE(m_view->layout().at(1).kind, DisplayKind::Note);
    }

    void keyboardNavigation()
    {
        m_view->setDocument(build(
            {longFile(u"a.cpp"_qs, 300), longFile(u"b.cpp"_qs, 300), longFile(u"c.cpp"_qs, 300)}));
        review::Finding first;
        first.file = u"b.cpp"_qs;
        first.startLine = 80;
        review::Finding second = first;
        second.file = u"c.cpp"_qs;
        second.startLine = 160;
        m_view->setFindings({first, second});
        QCOMPARE(m_view->currentFile(), 0);

        QTest::keyClick(m_view.get(), Qt::Key_Down, Qt::ControlModifier);
        QCOMPARE(m_view->currentFile(), 1);
        QTest::keyClick(m_view.get(), Qt::Key_Down, Qt::ControlModifier);
        QCOMPARE(m_view->currentFile(), 2);
        QTest::keyClick(m_view.get(), Qt::Key_Up, Qt::ControlModifier);
        QCOMPARE(m_view->currentFile(), 1);

        // Next change from the top of file b: its first changed line, 40.
        QTest::keyClick(m_view.get(), Qt::Key_Down, Qt::AltModifier);
        const review::DiffFile &b = m_view->document()->file(1);
        const int changeRow = b.rowForLine(review::Side::New, 40);
        QVERIFY(rowVisible(*m_view, m_view->layout().displayIndexOf(1, changeRow)));
        QTest::keyClick(m_view.get(), Qt::Key_Down, Qt::AltModifier);
        QVERIFY(rowVisible(
            *m_view, m_view->layout().displayIndexOf(1, b.rowForLine(review::Side::New, 80))));

        QSignalSpy activated(m_view.get(), &DiffView::findingActivated);
        QTest::keyClick(m_view.get(), Qt::Key_N);
        QTest::keyClick(m_view.get(), Qt::Key_N);
        QCOMPARE(m_view->currentFinding(), 1);
        QCOMPARE(m_view->currentFile(), 2);
        QTest::keyClick(m_view.get(), Qt::Key_N, Qt::ShiftModifier);
        QCOMPARE(m_view->currentFinding(), 0);
        QCOMPARE(activated.size(), 3);
    }

    // An unclosed block comment at the end of one hunk must not colour the next hunk.
    void highlightingResetsAtHunks()
    {
        const auto document =
            build({FileDeltaFactory::make(u"h.cpp"_qs, u"h.cpp"_qs,
                                          "@@ -1,2 +1,2 @@\n int a;\n-/* open\n+/* open\n@@ -10,1 "
                                          "+10,1 @@\n-int b;\n+int c;\n")});
        DiffHighlighter highlighter;
        highlighter.setPalette(QApplication::palette());
        highlighter.setDocument(document);
        const review::DiffFile &file = document->file(0);
        const int secondHunkRow = file.rowForLine(review::Side::New, 10);
        const int firstRow = file.rowForLine(review::Side::New, 1);
        const auto spansOf = [&](int row) {
            const auto spans = highlighter.spans(0, review::Side::New, row);
            return std::vector<DiffHighlighter::Span>(spans.begin(), spans.end());
        };
        const auto first = spansOf(firstRow);
        const auto second = spansOf(secondHunkRow);
        QVERIFY(!first.empty()); // "int" is a keyword
        // "int c;" starts with the same keyword span as "int a;": not comment-coloured.
        QCOMPARE(second.front().start, first.front().start);
        QCOMPARE(second.front().length, first.front().length);
        QCOMPARE(second.front().style, first.front().style);

        // Lines over the limit stay plain.
        const QByteArray longLine(DiffHighlighter::maxLineLength + 1, 'x');
        const auto plain = build({FileDeltaFactory::make(
            u"p.cpp"_qs, u"p.cpp"_qs, "@@ -1 +1 @@\n-int a;\n+int " + longLine + ";\n")});
        highlighter.setDocument(plain);
        QVERIFY(highlighter.spans(0, review::Side::New, 0).empty());
        QVERIFY(!highlighter.spans(0, review::Side::Old, 0).empty());
    }

    // A block comment that opens in one 128-line segment and closes in a later one keeps its
    // colour across the boundary, whichever segment is painted first.
    void highlightingCarriesAcrossSegments()
    {
        const int lines = 900;
        QByteArray hunk = "@@ -0,0 +1," + QByteArray::number(lines) + " @@\n";
        for (int i = 1; i <= lines; ++i) {
            if (i == 100)
                hunk += "+/* a long comment opens here\n";
            else if (i == 850)
                hunk += "+   and closes here */\n";
            else if (i > 100 && i < 850)
                hunk += "+   comment line " + QByteArray::number(i) + "\n";
            else
                hunk +=
                    "+int value" + QByteArray::number(i) + " = " + QByteArray::number(i) + ";\n";
        }
        const auto document = build({FileDeltaFactory::make(QString(), u"c.cpp"_qs, hunk)});
        QVERIFY(document);
        const review::DiffFile &file = document->file(0);
        const auto spansOf = [&](DiffHighlighter &highlighter, int line) {
            const auto spans =
                highlighter.spans(0, review::Side::New, file.rowForLine(review::Side::New, line));
            return std::vector<DiffHighlighter::Span>(spans.begin(), spans.end());
        };
        // One span over the whole line, in the comment's colour (style indexes are each
        // highlighter's own).
        QColor commentColor;
        const auto isComment = [&](DiffHighlighter &highlighter, int line) {
            const auto spans = spansOf(highlighter, line);
            const int length =
                int(file.sideText(file.rows[size_t(file.rowForLine(review::Side::New, line))],
                                  review::Side::New)
                        .size());
            return spans.size() == 1 &&
                   highlighter.style(spans.front().style).color == commentColor &&
                   spans.front().start == 0 && spans.front().length == length;
        };

        DiffHighlighter inOrder;
        inOrder.setPalette(QApplication::palette());
        inOrder.setDocument(document);
        const auto opening = spansOf(inOrder, 110);
        QCOMPARE(opening.size(), size_t(1));
        const quint16 comment = opening.front().style;
        commentColor = inOrder.style(comment).color;
        QVERIFY(commentColor.isValid());
        const auto code = spansOf(inOrder, 1);
        QVERIFY(!code.empty());
        QVERIFY(code.front().style != comment);
        QVERIFY(isComment(inOrder, 128)); // the last line of segment 0
        QVERIFY(isComment(inOrder, 129)); // the first of segment 1
        QVERIFY(isComment(inOrder, 300));
        // After it closes, code is code again.
        QCOMPARE(spansOf(inOrder, 860).front().style, code.front().style);

        // Painted first, segment 1 highlights segment 0 before itself.
        DiffHighlighter jumped;
        jumped.setPalette(QApplication::palette());
        jumped.setDocument(document);
        QVERIFY(isComment(jumped, 200));
        QCOMPARE(jumped.highlightedSegments(), 2);

        // Far from any highlighted line, at most maxBackfillSegments are done first and the
        // start is a guess; once the lines before are highlighted, the guess is redone.
        DiffHighlighter far;
        far.setPalette(QApplication::palette());
        far.setDocument(document);
        const int farLine = 6 * DiffHighlighter::segmentLines + 10;
        spansOf(far, farLine);
        QCOMPARE(far.highlightedSegments(), DiffHighlighter::maxBackfillSegments + 1);
        QVERIFY(!isComment(far, farLine));
        spansOf(far, 10);
        spansOf(far, DiffHighlighter::segmentLines + 10);
        QVERIFY(isComment(far, 2 * DiffHighlighter::segmentLines + 1));
        QVERIFY(isComment(far, farLine));
    }

    // The code font is chosen by measuring, not by QFontInfo::fixedPitch() (false for Noto Sans
    // Mono under Qt 6.4): whatever the machine's default, the chosen font has equal advances.
    void codeFontHasEqualAdvances()
    {
        QVERIFY(measuresFixed(codeFont()));
        QVERIFY(hasEqualAdvances(codeFont()));
    }

    void firstFixedFontSkipsProportionalCandidates()
    {
        const QFont proportional(u"DejaVu Sans"_qs);
        if (measuresFixed(proportional))
            QSKIP("no proportional font installed to put first");
        const QList<QFont> candidates = codeFontCandidates();
        QList<QFont> withProportionalFirst{proportional};
        withProportionalFirst.append(candidates);
        QVERIFY(!hasEqualAdvances(proportional));
        const QFont chosen = firstFixedFont(withProportionalFirst);
        QVERIFY(measuresFixed(chosen));
        QCOMPARE(chosen, firstFixedFont(candidates));
    }

    // A suggested fix is code: its lines and indentation survive into the note (the prose
    // wrap collapsed leading blanks, turning Python into something else).
    void suggestedFixKeepsIndentation()
    {
        const QString fix = u"if value is None:\n    return fallback\n\treturn int(value)\n"_qs;
        QCOMPARE(DiffLayout::wrapCode(fix, 40),
                 (QStringList{u"if value is None:"_qs, u"    return fallback"_qs,
                              u"    return int(value)"_qs}));
        // A long line continues under its own indentation.
        QCOMPARE(DiffLayout::wrapCode(u"    abcdefghijklmnop"_qs, 12),
                 (QStringList{u"    abcdefgh"_qs, u"    ijklmnop"_qs}));
        review::Finding finding;
        finding.body = u"Missing check."_qs;
        finding.suggestedFix = fix;
        QCOMPARE(DiffLayout::noteLines(finding, true, 40), 2 + 1 + 1 + 3);
    }

    // An expanded flag's title cut on its header line (side by side) is shown whole.
    void expandedNoteShowsTheWholeTitle()
    {
        review::Finding finding;
        finding.title = u"config_get_int() passes NULL to strtol for a missing key"_qs;
        finding.body = u"Missing check."_qs;
        const QStringList lines = DiffLayout::expandedTitleLines(finding, 30);
        QVERIFY(lines.size() >= 2);
        QCOMPARE(lines.join(u' '), finding.title);
        QCOMPARE(DiffLayout::noteLines(finding, true, 30), 2 + int(lines.size()) + 1);
        finding.title = u"Short"_qs;
        QVERIFY(DiffLayout::expandedTitleLines(finding, 30).isEmpty());
        QCOMPARE(DiffLayout::noteLines(finding, true, 30), 3);
    }

    // Under a dark palette a theme's grey docstrings were hard to read: every highlight
    // colour is brought to 4.5:1 against the diff's background, and a readable one is kept.
    void highlightColoursReadOnTheBackground()
    {
        const QColor background(0x0d, 0x11, 0x17);
        const QColor text(0xe6, 0xed, 0xf3);
        const QColor grey(0x5c, 0x63, 0x70); // a dark theme's comment colour
        QVERIFY(DiffHighlighter::contrast(grey, background) < 4.5);
        QVERIFY(DiffHighlighter::contrast(DiffHighlighter::readable(grey, background, text),
                                          background) >= 4.5);
        const QColor keyword(0xff, 0x7b, 0x72);
        QCOMPARE(DiffHighlighter::readable(keyword, background, text), keyword);
    }

    void wordWrapGrowsRows()
    {
        const QByteArray longText(500, 'w');
        m_view->setDocument(build({FileDeltaFactory::make(
            u"w.txt"_qs, u"w.txt"_qs, "@@ -1 +1 @@\n-a\n+" + longText + "\n")}));
        QCOMPARE(m_view->layout().at(1).lines, 1);
        m_view->setWordWrap(true);
        QVERIFY(m_view->layout().at(1).lines > 1);
    }

private:
    std::unique_ptr<DiffView> m_view;
};

QTEST_MAIN(TestDiffView)
#include "tst_diffview.moc"
