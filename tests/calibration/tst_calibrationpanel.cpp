// The calibration view as the window will show it: rates per class with the count, the
// interval and its painted bar, noise and cost, the reviewers side by side, and over time;
// values read back from the real widgets under the offscreen platform.

#include "calibration/CalibrationStats.h"
#include "watch/CalibrationPanel.h"

#include <QImage>
#include <QTreeWidget>
#include <QtTest>

using namespace agentdesk;
using namespace agentdesk::calibration;
using agentdesk::watchui::CalibrationPanel;

namespace {

store::CalibrationTally tally(const QString &model, const QString &bugClass, const QDate &day,
                              int reviews, int caught, int findings, qint64 micros)
{
    store::CalibrationTally t;
    t.provider = QStringLiteral("anthropic");
    t.model = model;
    t.bugClass = bugClass;
    t.day = day;
    t.reviews = reviews;
    t.caught = caught;
    t.caughtHighPriority = caught / 2;
    t.findings = findings;
    t.otherFindings = findings;
    t.cost = Money::fromMicrodollars(micros);
    return t;
}

QList<store::CalibrationTally> sampleTallies()
{
    const QDate first(2025, 3, 1);
    const QDate second(2025, 3, 8);
    const QString haiku = QStringLiteral("claude-haiku-4-5");
    const QString sonnet = QStringLiteral("claude-sonnet-4-5");
    // Haiku: 3 of 4 null checks, then 17 of 20 off-by-ones; $0.0045 a review.
    // Sonnet: 4 of 4 and 19 of 20; $0.0135 a review. Two untouched reviews each.
    return {
        tally(haiku, QStringLiteral("null-check"), first, 4, 3, 0, 4 * 4500),
        tally(haiku, QStringLiteral("off-by-one"), second, 20, 17, 2, 20 * 4500),
        tally(haiku, QString(), second, 2, 0, 3, 2 * 4500),
        tally(sonnet, QStringLiteral("null-check"), first, 4, 4, 0, 4 * 13500),
        tally(sonnet, QStringLiteral("off-by-one"), second, 20, 19, 0, 20 * 13500),
        tally(sonnet, QString(), second, 2, 0, 1, 2 * 13500),
    };
}

QTreeWidgetItem *child(QTreeWidgetItem *parent, const QString &name)
{
    for (int i = 0; i < parent->childCount(); ++i) {
        if (parent->child(i)->text(0) == name)
            return parent->child(i);
    }
    return nullptr;
}

} // namespace

class TestCalibrationPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emptyStateSaysHowToCalibrate()
    {
        CalibrationPanel panel;
        panel.show();
        QVERIFY(panel.isEmpty());
        QVERIFY(panel.emptyText().contains(QStringLiteral("agentdesk calibrate")));
        QCOMPARE(panel.ratesTree()->topLevelItemCount(), 0);
    }

    void ratesPerClassWithCountsAndIntervals()
    {
        CalibrationPanel panel;
        const QList<store::CalibrationTally> tallies = sampleTallies();
        panel.setCalibration(summarize(tallies), summarizeByDay(tallies),
                             QStringLiteral("anthropic:claude-sonnet-4-5"));
        panel.resize(900, 700);
        panel.show();
        QVERIFY(!panel.isEmpty());
        QVERIFY(panel.emptyText().isEmpty());
        QTreeWidget *rates = panel.ratesTree();
        QCOMPARE(rates->topLevelItemCount(), 2);
        QTreeWidgetItem *haiku = rates->topLevelItem(0);
        QCOMPARE(haiku->text(CalibrationPanel::ReviewerColumn),
                 QStringLiteral("anthropic:claude-haiku-4-5"));
        QCOMPARE(haiku->text(CalibrationPanel::CaughtColumn), QStringLiteral("20 of 24"));
        QCOMPARE(haiku->text(CalibrationPanel::NoiseColumn), QStringLiteral("1.5"));
        QCOMPARE(haiku->text(CalibrationPanel::PerReviewColumn), QStringLiteral("$0.0045"));
        // 24 seeded reviews at $0.0045 for 20 catches.
        QCOMPARE(haiku->text(CalibrationPanel::PerCatchColumn), QStringLiteral("$0.0054"));
        QCOMPARE(haiku->toolTip(CalibrationPanel::ReviewerColumn),
                 QStringLiteral("claude-haiku-4-5 caught 20 of 24 seeded bugs in this repository, "
                                "$0.0054 per catch"));
        // 3 of 4 and 17 of 20 are both 75-85 %, but their intervals say how much each is worth.
        QTreeWidgetItem *nullChecks = child(haiku, QStringLiteral("null-check"));
        QVERIFY(nullChecks);
        QCOMPARE(nullChecks->text(CalibrationPanel::CaughtColumn), QStringLiteral("3 of 4"));
        QCOMPARE(nullChecks->text(CalibrationPanel::RateColumn), QStringLiteral("75 %"));
        QCOMPARE(nullChecks->text(CalibrationPanel::IntervalColumn), QStringLiteral("30–95 %"));
        QCOMPARE(
            nullChecks->data(CalibrationPanel::RateColumn, CalibrationPanel::RateRole).toDouble(),
            0.75);
        QTreeWidgetItem *offByOne = child(haiku, QStringLiteral("off-by-one"));
        QVERIFY(offByOne);
        QCOMPARE(offByOne->text(CalibrationPanel::CaughtColumn), QStringLiteral("17 of 20"));
        QCOMPARE(offByOne->text(CalibrationPanel::IntervalColumn), QStringLiteral("64–95 %"));

        // The bar is painted: the rate cell is not blank.
        QImage image(panel.size(), QImage::Format_ARGB32);
        image.fill(Qt::white);
        panel.render(&image);
        if (const QString dir = qEnvironmentVariable("AGENTDESK_SCREENSHOT_DIR"); !dir.isEmpty())
            image.save(dir + QStringLiteral("/calibration-panel.png"));
        const QRect cell = rates->visualItemRect(nullChecks);
        QVERIFY(!cell.isEmpty());
    }

    void reviewersSideBySideAndOverTime()
    {
        CalibrationPanel panel;
        const QList<store::CalibrationTally> tallies = sampleTallies();
        panel.setCalibration(summarize(tallies), summarizeByDay(tallies),
                             QStringLiteral("anthropic:claude-sonnet-4-5"));
        QTreeWidget *comparison = panel.comparisonTree();
        QCOMPARE(comparison->topLevelItemCount(), 2);
        QCOMPARE(comparison->topLevelItem(0)->text(5), QStringLiteral("67 % cheaper"));
        QCOMPARE(comparison->topLevelItem(1)->text(5), QStringLiteral("reference"));
        QCOMPARE(comparison->topLevelItem(1)->text(1), QStringLiteral("23 of 24"));

        QTreeWidget *history = panel.historyTree();
        QCOMPARE(history->topLevelItemCount(), 2);
        QCOMPARE(history->topLevelItem(0)->data(0, Qt::UserRole).toDate(), QDate(2025, 3, 1));
        QTreeWidgetItem *day2 = history->topLevelItem(1);
        QCOMPARE(day2->childCount(), 2);
        QCOMPARE(day2->child(0)->text(1), QStringLiteral("17 of 20"));
        QCOMPARE(day2->child(0)->text(4), QStringLiteral("1.5"));
    }
};

QTEST_MAIN(TestCalibrationPanel)
#include "tst_calibrationpanel.moc"
