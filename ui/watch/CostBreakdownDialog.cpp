#include "watch/CostBreakdownDialog.h"

#include "watch/DailySpendChart.h"
#include "watch/WatchPalette.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace agentdesk::watchui {

namespace {

enum Column
{
    NameColumn,
    CallsColumn,
    InputColumn,
    OutputColumn,
    CostColumn,
    ShareColumn,
    ColumnCount,
};

QString roleName(store::LedgerRole role)
{
    switch (role) {
    case store::LedgerRole::Implementer:
        return CostBreakdownDialog::tr("Implementer");
    case store::LedgerRole::Reviewer:
        return CostBreakdownDialog::tr("Reviewer");
    case store::LedgerRole::Other:
        break;
    }
    return CostBreakdownDialog::tr("Other");
}

QTableWidgetItem *numberItem(const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QString percentOf(qint64 part, qint64 whole)
{
    if (whole <= 0)
        return QStringLiteral("–");
    // Rounded to a whole percent, in integers.
    return QStringLiteral("%1 %").arg((part * 100 + whole / 2) / whole);
}

} // namespace

CostBreakdownDialog::CostBreakdownDialog(QWidget *parent)
    : QDialog(parent)
    , m_chartEnd(QDate::currentDate())
{
    setObjectName(QStringLiteral("costBreakdownDialog"));
    setWindowTitle(tr("Cost breakdown"));

    m_today = new QLabel(this);
    m_today->setObjectName(QStringLiteral("costTodayLabel"));
    QFont big = m_today->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    big.setWeight(QFont::DemiBold);
    m_today->setFont(big);

    auto *chartTitle = new QLabel(tr("Spend per day, last %1 days").arg(chartDays), this);
    m_chart = new DailySpendChart(this);
    chartTitle->setBuddy(m_chart);

    m_saving = new QLabel(this);
    m_saving->setObjectName(QStringLiteral("splitSavingLabel"));
    m_saving->setWordWrap(true);
    m_saving->setTextFormat(Qt::RichText);
    m_savingNote = new QLabel(this);
    m_savingNote->setWordWrap(true);
    m_savingNote->setForegroundRole(QPalette::PlaceholderText);
    m_savingNote->hide();

    m_period = new QLabel(this);
    m_period->setObjectName(QStringLiteral("costPeriodLabel"));
    setPeriodText(tr("Last %1 days").arg(chartDays));

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("costTabs"));
    const QStringList firstColumn{tr("Task"), tr("Role"), tr("Provider · model")};
    const QStringList tabNames{tr("By &task"), tr("By &role"), tr("By &model")};
    const QStringList objectNames{QStringLiteral("costByTaskTable"),
                                  QStringLiteral("costByRoleTable"),
                                  QStringLiteral("costByModelTable")};
    for (int i = 0; i < 3; ++i) {
        auto *table = new QTableWidget(0, ColumnCount, m_tabs);
        table->setObjectName(objectNames.at(i));
        table->setAccessibleName(
            tr("Cost %1").arg(QString(tabNames.at(i)).remove(QLatin1Char('&'))));
        table->setHorizontalHeaderLabels({firstColumn.at(i), tr("Calls"), tr("Input tokens"),
                                          tr("Output tokens"), tr("Cost"), tr("Share")});
        table->verticalHeader()->hide();
        table->setEditTriggers(QAbstractItemView::NoEditTriggers);
        table->setSelectionBehavior(QAbstractItemView::SelectRows);
        table->setAlternatingRowColors(true);
        table->setShowGrid(false);
        table->horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
        for (int c = CallsColumn; c < ColumnCount; ++c)
            table->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
        m_tables[i] = table;
        m_tabs->addTab(table, tabNames.at(i));
    }

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_today);
    layout->addSpacing(4);
    layout->addWidget(chartTitle);
    layout->addWidget(m_chart);
    layout->addSpacing(6);
    layout->addWidget(m_period);
    layout->addWidget(m_saving);
    layout->addWidget(m_savingNote);
    m_calibration = new QTableWidget(0, 11, m_tabs);
    m_calibration->setObjectName(QStringLiteral("calibrationTable"));
    m_calibration->setAccessibleName(tr("Reviewer calibration"));
    m_calibration->setHorizontalHeaderLabels({tr("Reviewer"), tr("Tasks"), tr("Findings"), tr("P0"),
                                              tr("P1"), tr("P2"), tr("P3"), tr("Acknowledged"),
                                              tr("Merged as-is"), tr("Merged after revision"),
                                              tr("Top categories")});
    m_calibration->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_calibration->verticalHeader()->hide();
    m_calibration->horizontalHeader()->setStretchLastSection(true);
    m_calibration->setToolTip(tr("How much to trust each reviewer model: what it flagged, how "
                                 "much of it you acknowledged as real, and whether its tasks "
                                 "merged as they were or needed a revision."));
    m_tabs->addTab(m_calibration, tr("Reviewer &calibration"));
    layout->addWidget(m_tabs, 1);
    layout->addWidget(buttons);
    resize(680, 720);

    setData({}, {}, {}, {}, Money(), Money(), {}, {});
}

void CostBreakdownDialog::setPeriodText(const QString &text)
{
    m_period->setText(tr("<b>Where it went</b> — %1").arg(text.toHtmlEscaped()));
}

void CostBreakdownDialog::setCalibration(const QList<itemmodels::CalibrationRow> &rows)
{
    m_calibration->setRowCount(int(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        const itemmodels::CalibrationRow &row = rows.at(r);
        QStringList categories;
        QList<QPair<int, QString>> ranked;
        for (auto it = row.byCategory.cbegin(); it != row.byCategory.cend(); ++it)
            ranked.append({it.value(), it.key()});
        std::sort(ranked.begin(), ranked.end(),
                  [](const auto &a, const auto &b) { return a.first > b.first; });
        for (const auto &[count, category] : ranked.mid(0, 3))
            categories.append(QStringLiteral("%1 %2").arg(category).arg(count));
        const QList<QVariant> cells{row.reviewer,
                                    row.tasksReviewed,
                                    row.findings,
                                    row.byPriority[0],
                                    row.byPriority[1],
                                    row.byPriority[2],
                                    row.byPriority[3],
                                    row.acknowledged,
                                    row.mergedAsIs,
                                    row.mergedAfterRevision,
                                    categories.join(QStringLiteral(", "))};
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem;
            item->setData(Qt::DisplayRole, cells.at(c));
            if (c > 0 && c < 10)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_calibration->setItem(r, c, item);
        }
    }
    m_calibration->resizeColumnsToContents();
}

void CostBreakdownDialog::setChartEndDate(const QDate &date)
{
    m_chartEnd = date.isValid() ? date : QDate::currentDate();
    updateChart();
}

QTableWidget *CostBreakdownDialog::table(Table which) const
{
    return m_tables[static_cast<int>(which)];
}

Money CostBreakdownDialog::tableTotal(Table which) const
{
    QTableWidget *t = table(which);
    if (t->rowCount() == 0)
        return Money();
    const QTableWidgetItem *item = t->item(0, CostColumn);
    return item ? Money::fromNanodollars(item->data(NanodollarsRole).toLongLong()) : Money();
}

QString CostBreakdownDialog::todayText() const
{
    return m_today->text();
}

QString CostBreakdownDialog::savingText() const
{
    return m_saving->text();
}

void CostBreakdownDialog::setData(const QList<store::CostLine> &byTask,
                                  const QList<store::CostLine> &byRole,
                                  const QList<store::CostLine> &byModel,
                                  const QList<store::CostLine> &byDay, Money today,
                                  Money dailyBudget, const QHash<tasks::TaskId, QString> &titles,
                                  const itemmodels::SplitSaving &saving)
{
    if (dailyBudget.nanodollars() > 0) {
        const qint64 percent = today.nanodollars() * 100 / dailyBudget.nanodollars();
        m_today->setText(tr("Today: %1 of the %2 daily budget (%3 %)")
                             .arg(today.format(2), dailyBudget.format(2))
                             .arg(percent));
    } else {
        m_today->setText(tr("Today: %1 (no daily budget)").arg(today.format(2)));
    }
    m_today->setAccessibleName(m_today->text());

    fillTable(table(Table::ByTask), byTask, tr("All tasks"),
              [&titles](const store::CostLine &line) {
                  const QString title = titles.value(line.taskId);
                  return title.isEmpty() ? tr("Task %1").arg(line.taskId) : title;
              });
    fillTable(table(Table::ByRole), byRole, tr("All roles"),
              [](const store::CostLine &line) { return roleName(line.role); });
    fillTable(table(Table::ByModel), byModel, tr("All models"), [](const store::CostLine &line) {
        return line.provider.isEmpty() ? line.model
                                       : QStringLiteral("%1 · %2").arg(line.provider, line.model);
    });

    // The split's saving, in words.
    const Money saved = saving.saved();
    const qint64 hypothetical = saving.ifImplementerModelForBoth.nanodollars();
    if (saving.actual.isZero() && hypothetical == 0) {
        m_saving->setText(tr("<b>Implementer/reviewer split:</b> nothing has run yet."));
    } else if (saved.isZero()) {
        m_saving->setText(
            tr("<b>Implementer/reviewer split:</b> no saving yet — reviews cost the same as the "
               "implementer's model would have (%1).")
                .arg(saving.actual.format(2)));
    } else if (!saved.isNegative()) {
        m_saving->setText(
            tr("<b>The implementer/reviewer split saved %1</b> (%2 less). Running each task's "
               "implementer model for the reviews too would have cost %3 instead of %4.")
                .arg(saved.format(2), percentOf(saved.nanodollars(), hypothetical),
                     saving.ifImplementerModelForBoth.format(2), saving.actual.format(2)));
    } else {
        m_saving->setText(
            tr("<b>The implementer/reviewer split cost %1 more</b> than running each task's "
               "implementer model for the reviews too (%2 instead of %3).")
                .arg((Money() - saved).format(2), saving.actual.format(2),
                     saving.ifImplementerModelForBoth.format(2)));
    }
    m_saving->setAccessibleName(
        QString(m_saving->text()).remove(QLatin1String("<b>")).remove(QLatin1String("</b>")));
    if (saving.callsNotRepriced > 0) {
        m_savingNote->setText(
            saving.callsNotRepriced == 1
                ? tr("1 review call is counted at its own cost on both sides: its task's "
                     "implementer model has no price.")
                : tr("%1 review calls are counted at their own cost on both sides: their task's "
                     "implementer model has no price.")
                      .arg(saving.callsNotRepriced));
        m_savingNote->show();
    } else {
        m_savingNote->hide();
    }

    m_byDay = byDay;
    m_dailyBudget = dailyBudget;
    updateChart();
}

void CostBreakdownDialog::updateChart()
{
    QHash<QDate, Money> perDay;
    for (const store::CostLine &line : std::as_const(m_byDay))
        perDay[line.day] += line.cost;
    QList<DailySpendChart::Day> days;
    for (int i = chartDays - 1; i >= 0; --i) {
        const QDate date = m_chartEnd.addDays(-i);
        days.append({date, perDay.value(date)});
    }
    m_chart->setDays(days, m_dailyBudget);
}

void CostBreakdownDialog::fillTable(QTableWidget *table, const QList<store::CostLine> &lines,
                                    const QString &totalLabel,
                                    const std::function<QString(const store::CostLine &)> &name)
{
    QList<store::CostLine> sorted = lines;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto &a, const auto &b) { return a.cost > b.cost; });
    Money total;
    qint64 calls = 0;
    qint64 input = 0;
    qint64 output = 0;
    for (const store::CostLine &line : std::as_const(sorted)) {
        total += line.cost;
        calls += line.calls;
        input += line.inputTokens;
        output += line.outputTokens;
    }
    const QLocale locale;
    table->setRowCount(0);
    table->setRowCount(int(sorted.size()) + 1);
    const auto fillRow = [&](int row, const QString &label, qint64 rowCalls, qint64 rowInput,
                             qint64 rowOutput, Money cost) {
        table->setItem(row, NameColumn, new QTableWidgetItem(label));
        table->setItem(row, CallsColumn, numberItem(locale.toString(rowCalls)));
        table->setItem(row, InputColumn, numberItem(locale.toString(rowInput)));
        table->setItem(row, OutputColumn, numberItem(locale.toString(rowOutput)));
        auto *costItem = numberItem(cost.format(4));
        costItem->setData(NanodollarsRole, cost.nanodollars());
        costItem->setToolTip(tr("%1 exactly").arg(cost.format(9)));
        table->setItem(row, CostColumn, costItem);
        table->setItem(row, ShareColumn,
                       numberItem(percentOf(cost.nanodollars(), total.nanodollars())));
    };
    // The total first, so it stays in sight however long the list is.
    fillRow(0, totalLabel, calls, input, output, total);
    for (int c = 0; c < ColumnCount; ++c) {
        QTableWidgetItem *item = table->item(0, c);
        QFont font = item->font();
        font.setBold(true);
        item->setFont(font);
    }
    for (int row = 0; row < sorted.size(); ++row) {
        const store::CostLine &line = sorted.at(row);
        fillRow(row + 1, name(line), line.calls, line.inputTokens, line.outputTokens, line.cost);
    }
}

} // namespace agentdesk::watchui
