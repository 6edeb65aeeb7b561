#pragma once

#include "core/Money.h"

#include <QWidget>

namespace agentdesk::ui {

// The toolbar's cost meter: today's spend against the daily budget, as a figure and a bar.
// It only displays what it is given; the application feeds it from the cost ledger.
class CostMeterWidget : public QWidget
{
    Q_OBJECT

public:
    explicit CostMeterWidget(QWidget *parent = nullptr);

    void setSpend(Money spentToday, Money dailyBudget);
    Money spentToday() const { return m_spent; }
    Money dailyBudget() const { return m_budget; }
    // "$0.42 of $10.00 today", as shown and as given to accessibility tools.
    QString summaryText() const;
    // Issue 19: a subscription window worth knowing about, after the spend — "Claude limit ·
    // resumes 14:00" (`limit`: drawn as an error) or "Claude 85% used" (a warning); `detail` is
    // the tooltip's longer sentence. Empty text clears it.
    void setUsageNotice(const QString &text, const QString &detail, bool limit);
    QString usageNotice() const { return m_notice; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    // The user clicked the meter (or pressed Space/Enter on it): show the breakdown.
    void activated();

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    double fraction() const;

    void updateDescriptions();

    Money m_spent;
    Money m_budget;
    QString m_notice;
    QString m_noticeDetail;
    bool m_noticeIsLimit = false;
};

} // namespace agentdesk::ui
