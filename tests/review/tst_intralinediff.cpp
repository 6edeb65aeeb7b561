#include "review/IntraLineDiff.h"

#include <QTest>

using namespace agentdesk::review;

// Ranges rendered as the changed substrings, e.g. "foo|bar", for readable tables.
static QString changed(QStringView line, const std::vector<IntraRange> &ranges)
{
    QStringList parts;
    for (const IntraRange &range : ranges)
        parts << line.mid(range.start, range.length).toString();
    return parts.join(u'|');
}

class TestIntraLineDiff : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void words_data()
    {
        QTest::addColumn<QString>("oldLine");
        QTest::addColumn<QString>("newLine");
        QTest::addColumn<QString>("oldChanged");
        QTest::addColumn<QString>("newChanged");
        QTest::newRow("identical") << "int x = 1;"
                                   << "int x = 1;"
                                   << ""
                                   << "";
        QTest::newRow("one word") << "int count = 1;"
                                  << "int total = 1;"
                                  << "count"
                                  << "total";
        QTest::newRow("insert word") << "return a + b;"
                                     << "return a + b + c;"
                                     << ""
                                     << " + c";
        QTest::newRow("delete") << "foo(a, b, c);"
                                << "foo(a, c);"
                                << "b, "
                                << "";
        QTest::newRow("two places") << "if (x < 10) return y;"
                                    << "if (x <= 10) return z;"
                                    << "y"
                                    << "=|z";
        QTest::newRow("unicode") << "QString name = \"Grüße\";"
                                 << "QString name = \"Grüezi\";"
                                 << "Grüße"
                                 << "Grüezi";
        QTest::newRow("all new") << "alpha"
                                 << "beta"
                                 << "alpha"
                                 << "beta";
        QTest::newRow("empty old") << ""
                                   << "added"
                                   << ""
                                   << "added";
    }
    void words()
    {
        QFETCH(QString, oldLine);
        QFETCH(QString, newLine);
        QFETCH(QString, oldChanged);
        QFETCH(QString, newChanged);
        const IntraLineDiff::Ranges ranges = IntraLineDiff::compute(oldLine, newLine);
        QCOMPARE(changed(oldLine, ranges.oldRanges), oldChanged);
        QCOMPARE(changed(newLine, ranges.newRanges), newChanged);
    }

    // Past the length bound only the common prefix and suffix are trimmed: one range a side.
    void longLinesAreLinear()
    {
        QString oldLine(200000, u'a');
        QString newLine = oldLine;
        oldLine[100000] = u'b';
        newLine[100000] = u'c';
        newLine[150000] = u'd';
        const IntraLineDiff::Ranges ranges = IntraLineDiff::compute(oldLine, newLine);
        QCOMPARE(ranges.oldRanges.size(), size_t(1));
        QCOMPARE(ranges.oldRanges[0].start, 100000);
        QCOMPARE(ranges.oldRanges[0].length, 50001);
        QCOMPARE(ranges.newRanges[0].start, 100000);
    }

    // Many short tokens exceed the LCS cell budget: still a correct (coarser) answer.
    void tokenBudgetFallsBack()
    {
        QString oldLine;
        QString newLine;
        for (int i = 0; i < 1500; ++i) {
            oldLine += QStringLiteral("a,");
            newLine += (i == 100 || i == 1400) ? QStringLiteral("b,") : QStringLiteral("a,");
        }
        const IntraLineDiff::Ranges ranges = IntraLineDiff::compute(oldLine, newLine, 4000, 1000);
        QCOMPARE(ranges.oldRanges, (std::vector<IntraRange>{{200, 2601}}));
        QCOMPARE(ranges.newRanges, (std::vector<IntraRange>{{200, 2601}}));
        // Within the budget the same pair gives the two exact words.
        const IntraLineDiff::Ranges exact =
            IntraLineDiff::compute(oldLine, newLine, 4000, 10000000);
        QCOMPARE(changed(newLine, exact.newRanges), QStringLiteral("b|b"));
    }
};

QTEST_GUILESS_MAIN(TestIntraLineDiff)
#include "tst_intralinediff.moc"
