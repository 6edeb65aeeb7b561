#pragma once

#include "core/Money.h"

#include <QDate>
#include <QList>
#include <QWidget>

namespace agentdesk::watchui {

// Spend per local day as bars, the daily budget as a dashed line, days over the budget in
// red. Painted; the values are in the tooltip of each bar and in the accessible description.
class DailySpendChart : public QWidget
{
    Q_OBJECT
public:
    struct Day
    {
        QDate date;
        Money spent;
    };

    explicit DailySpendChart(QWidget *parent = nullptr);

    // `days` consecutive days ending at the last one (missing days are 0).
    void setDays(const QList<Day> &days, Money dailyBudget);
    const QList<Day> &days() const { return m_days; }
    Money dailyBudget() const { return m_budget; }
    // The bar under a point, or -1.
    int barAt(const QPoint &point) const;
    QRectF barRect(int index) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;

private:
    QRectF plotArea() const;
    qint64 scaleMaximum() const; // nanodollars at the top of the plot

    QList<Day> m_days;
    Money m_budget;
};

} // namespace agentdesk::watchui
