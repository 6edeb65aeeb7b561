#pragma once

#include "itemmodels/queue/Calibration.h"

#include "core/Money.h"
#include "itemmodels/queue/SplitSaving.h"
#include "store/StoreTypes.h"

#include <QDate>
#include <QDialog>
#include <QHash>
#include <QList>

class QLabel;
class QTabWidget;
class QTableWidget;

namespace agentdesk::watchui {

class DailySpendChart;

// Opened from the toolbar's cost meter: today against the daily budget, spend per day over
// the last 14 days, tables by task, role and model (each with a total row first that adds up
// to the ledger), and what the implementer/reviewer split saved. It shows the values it is given;
// the application reads them from the store.
class CostBreakdownDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Table
    {
        ByTask,
        ByRole,
        ByModel,
    };
    static constexpr int chartDays = 14;
    // The cost column's cells carry their exact nanodollars in this role.
    static constexpr int NanodollarsRole = Qt::UserRole + 1;

    explicit CostBreakdownDialog(QWidget *parent = nullptr);

    void setData(const QList<store::CostLine> &byTask, const QList<store::CostLine> &byRole,
                 const QList<store::CostLine> &byModel, const QList<store::CostLine> &byDay,
                 Money today, Money dailyBudget, const QHash<tasks::TaskId, QString> &titles,
                 const itemmodels::SplitSaving &saving);
    // Per reviewer model: findings by priority and category, acknowledged, and what became
    // of the tasks it reviewed (the calibration tab).
    void setCalibration(const QList<itemmodels::CalibrationRow> &rows);
    QTableWidget *calibrationTable() const { return m_calibration; }
    // The chart's last day (default: today, local time).
    void setChartEndDate(const QDate &date);
    // What the tables cover, e.g. "All time" or "Last 14 days" (the default).
    void setPeriodText(const QString &text);

    QTableWidget *table(Table which) const;
    // The total row's exact amount (the first row: "All tasks", "All roles", "All models").
    Money tableTotal(Table which) const;
    DailySpendChart *chart() const { return m_chart; }
    QString todayText() const;
    QString savingText() const;

private:
    void fillTable(QTableWidget *table, const QList<store::CostLine> &lines,
                   const QString &totalLabel,
                   const std::function<QString(const store::CostLine &)> &name);
    void updateChart();

    QLabel *m_today = nullptr;
    QLabel *m_period = nullptr;
    QLabel *m_saving = nullptr;
    QLabel *m_savingNote = nullptr;
    DailySpendChart *m_chart = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTableWidget *m_calibration = nullptr;
    QTableWidget *m_tables[3] = {nullptr, nullptr, nullptr};
    QList<store::CostLine> m_byDay;
    Money m_dailyBudget;
    QDate m_chartEnd;
};

} // namespace agentdesk::watchui
