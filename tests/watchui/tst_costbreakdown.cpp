#include "cost/PriceTable.h"
#include "itemmodels/queue/SplitSaving.h"
#include "store/StoreReader.h"
#include "store/StoreWriter.h"
#include "watch/CostBreakdownDialog.h"
#include "watch/DailySpendChart.h"

#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace agentdesk;
using store::CostGrouping;
using store::LedgerRole;
using watchui::CostBreakdownDialog;

namespace {

tasks::TaskSpec spec(const QString &title, const QString &implementer)
{
    tasks::TaskSpec s = tasks::TaskSpec::withDefaults(tasks::RiskLevel::Low);
    s.repositoryPath = QStringLiteral("/tmp/repo");
    s.baseBranch = QStringLiteral("main");
    s.baseCommit = QStringLiteral("0123456789abcdef0123456789abcdef01234567");
    s.title = title;
    s.prompt = title;
    s.implementer = {QStringLiteral("anthropic"), implementer};
    return s;
}

// The sum of a table's rows below the total row.
Money sumOfRows(QTableWidget *table)
{
    Money sum;
    for (int row = 1; row < table->rowCount(); ++row)
        sum += Money::fromNanodollars(
            table->item(row, 4)->data(CostBreakdownDialog::NanodollarsRole).toLongLong());
    return sum;
}

} // namespace

class TestCostBreakdown : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tablesAddUpToTheLedger()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("agentdesk.sqlite"));
        auto writer = store::StoreWriter::open(path);
        QVERIFY2(writer.ok(), qPrintable(writer.errorMessage()));
        const QList<tasks::TaskId> ids{
            *(*writer)->createTask(
                spec(QStringLiteral("Generate tests"), QStringLiteral("claude-sonnet-4-5"))),
            *(*writer)->createTask(
                spec(QStringLiteral("Bump lodash"), QStringLiteral("claude-sonnet-4-5"))),
            *(*writer)->createTask(
                spec(QStringLiteral("Refactor auth"), QStringLiteral("claude-opus-4-5"))),
        };
        // Calls of every role and several models over the last days, with odd nanodollar
        // amounts, so any rounding or dropped row shows.
        const QList<QString> models{QStringLiteral("claude-sonnet-4-5"),
                                    QStringLiteral("claude-haiku-4-5"),
                                    QStringLiteral("claude-opus-4-5")};
        QList<store::LedgerEntry> ledger;
        Money total;
        Money today;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (int i = 0; i < 40; ++i) {
            store::LedgerEntry e;
            e.taskId = ids.at(i % 3);
            e.iteration = 1 + i % 2;
            e.role = i % 5 == 0 ? LedgerRole::Other
                                : (i % 2 == 0 ? LedgerRole::Reviewer : LedgerRole::Implementer);
            e.provider = QStringLiteral("anthropic");
            e.model = models.at(i % 3);
            e.inputTokens = 1000 + 137 * i;
            e.outputTokens = 50 + 13 * i;
            e.cacheReadTokens = 7 * i;
            e.cost = Money::fromNanodollars(1'234'567 + 98'765'431LL * (i % 7) + i);
            e.at = now.addDays(-(i % 9));
            QVERIFY((*writer)->recordLedger(e).ok());
            ledger.append(e);
            total += e.cost;
            if (e.at.toLocalTime().date() == QDate::currentDate())
                today += e.cost;
        }
        auto reader = store::StoreReader::open(path);
        QVERIFY(reader.ok());
        const auto byTask = (*reader)->costs(CostGrouping::Task);
        const auto byRole = (*reader)->costs(CostGrouping::Role);
        const auto byModel = (*reader)->costs(CostGrouping::Model);
        const auto byDay = (*reader)->costs(CostGrouping::Day);
        QVERIFY(byTask.ok() && byRole.ok() && byModel.ok() && byDay.ok());
        const auto spentToday = (*reader)->spentOn(QDate::currentDate());
        QVERIFY(spentToday.ok());
        QCOMPARE(*spentToday, today);

        QHash<tasks::TaskId, tasks::ModelRef> implementers;
        QHash<tasks::TaskId, QString> titles;
        const auto tasksListed = (*reader)->listTasks();
        QVERIFY(tasksListed.ok());
        for (const store::TaskSummary &summary : *tasksListed) {
            implementers.insert(summary.task.id, summary.task.spec.implementer);
            titles.insert(summary.task.id, summary.task.spec.title);
        }
        const itemmodels::SplitSaving saving =
            itemmodels::computeSplitSaving(ledger, implementers, *cost::PriceTable::loadBundled());
        QCOMPARE(saving.actual, total);

        CostBreakdownDialog dialog;
        dialog.setData(*byTask, *byRole, *byModel, *byDay, *spentToday, Money::fromCents(2000),
                       titles, saving);
        dialog.show();

        for (const auto which :
             {CostBreakdownDialog::Table::ByTask, CostBreakdownDialog::Table::ByRole,
              CostBreakdownDialog::Table::ByModel}) {
            QTableWidget *table = dialog.table(which);
            QCOMPARE(dialog.tableTotal(which), total);
            QCOMPARE(sumOfRows(table), total);
            int calls = 0;
            for (int row = 1; row < table->rowCount(); ++row)
                calls += table->item(row, 1)->text().remove(QLatin1Char(',')).toInt();
            QCOMPARE(calls, 40);
            QCOMPARE(table->item(0, 1)->text(), QStringLiteral("40"));
        }
        QCOMPARE(dialog.table(CostBreakdownDialog::Table::ByTask)->rowCount(), 1 + 3);
        QCOMPARE(dialog.table(CostBreakdownDialog::Table::ByRole)->rowCount(), 1 + 3);
        QCOMPARE(dialog.table(CostBreakdownDialog::Table::ByModel)->rowCount(), 1 + 3);
        // Tasks are named by their titles, most expensive first.
        QTableWidget *tasksTable = dialog.table(CostBreakdownDialog::Table::ByTask);
        QVERIFY(titles.values().contains(tasksTable->item(1, 0)->text()));
        QVERIFY(tasksTable->item(1, 4)->data(CostBreakdownDialog::NanodollarsRole).toLongLong() >=
                tasksTable->item(2, 4)->data(CostBreakdownDialog::NanodollarsRole).toLongLong());

        // The chart: 14 days ending today, the days' amounts as the ledger has them.
        const auto &days = dialog.chart()->days();
        QCOMPARE(days.size(), CostBreakdownDialog::chartDays);
        QCOMPARE(days.last().date, QDate::currentDate());
        Money charted;
        for (const auto &day : days)
            charted += day.spent;
        QCOMPARE(charted, total); // every call is within the last 9 days
        QCOMPARE(days.last().spent, today);
        QVERIFY(dialog.todayText().contains(today.format(2)));
        QVERIFY(dialog.todayText().contains(QStringLiteral("$20.00")));
    }

    void savingIsShownInWords()
    {
        CostBreakdownDialog dialog;
        itemmodels::SplitSaving saving;
        saving.actual = Money::fromCents(7569);
        saving.ifImplementerModelForBoth = Money::fromCents(11569);
        dialog.setData({}, {}, {}, {}, Money(), Money(), {}, saving);
        QVERIFY2(dialog.savingText().contains(QStringLiteral("saved $40.00")),
                 qPrintable(dialog.savingText()));
        QVERIFY(dialog.savingText().contains(QStringLiteral("$115.69")));
        QVERIFY(dialog.savingText().contains(QStringLiteral("35 %")));

        // A local implementer makes the split dearer: said plainly, not as a negative saving.
        saving.ifImplementerModelForBoth = Money::fromCents(7000);
        dialog.setData({}, {}, {}, {}, Money(), Money(), {}, saving);
        QVERIFY2(dialog.savingText().contains(QStringLiteral("cost $5.69 more")),
                 qPrintable(dialog.savingText()));
        QVERIFY(dialog.todayText().contains(QStringLiteral("no daily budget")));
    }

    void theChartPointsAtItsBars()
    {
        CostBreakdownDialog dialog;
        store::CostLine over;
        over.day = QDate(2026, 8, 18);
        over.cost = Money::fromCents(2500);
        dialog.setChartEndDate(QDate(2026, 8, 20));
        store::CostLine today;
        today.day = QDate(2026, 8, 20);
        today.cost = Money::fromCents(500);
        dialog.setData({}, {}, {}, {over, today}, Money(), Money::fromCents(2000), {}, {});
        dialog.resize(700, 720);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        watchui::DailySpendChart *chart = dialog.chart();
        QCOMPARE(chart->days().at(11).date, QDate(2026, 8, 18));
        QCOMPARE(chart->days().at(11).spent, Money::fromCents(2500));
        const QRectF bar = chart->barRect(11);
        QVERIFY(bar.height() > 0);
        QCOMPARE(chart->barAt(bar.center().toPoint()), 11);
        QCOMPARE(chart->barRect(10).height(), 0.0);
        QVERIFY(chart->accessibleDescription().contains(QStringLiteral("$25.00")));
        // Over the budget: painted in red (lighter than today's bar, but red).
        const QImage image = chart->grab().toImage();
        const QColor fill = image.pixelColor(bar.center().toPoint());
        QVERIFY2(fill.red() > fill.green() + 50 && fill.red() > fill.blue() + 50,
                 qPrintable(fill.name()));
        const QColor notOver = image.pixelColor(chart->barRect(13).center().toPoint());
        QVERIFY2(notOver.blue() > notOver.red() + 50, qPrintable(notOver.name()));
    }
};

QTEST_MAIN(TestCostBreakdown)
#include "tst_costbreakdown.moc"
