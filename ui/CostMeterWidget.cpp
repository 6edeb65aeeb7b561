#include "ui/CostMeterWidget.h"

#include "watch/WatchPalette.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

namespace agentdesk::ui {

CostMeterWidget::CostMeterWidget(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("costMeter"));
    setFocusPolicy(Qt::TabFocus);
    setCursor(Qt::PointingHandCursor);
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    setSpend(Money(), Money());
}

void CostMeterWidget::setSpend(Money spentToday, Money dailyBudget)
{
    m_spent = spentToday;
    m_budget = dailyBudget;
    updateDescriptions();
}

void CostMeterWidget::setUsageNotice(const QString &text, const QString &detail, bool limit)
{
    m_notice = text;
    m_noticeDetail = detail;
    m_noticeIsLimit = limit;
    updateGeometry();
    updateDescriptions();
}

void CostMeterWidget::updateDescriptions()
{
    QString tip = summaryText();
    if (!m_noticeDetail.isEmpty())
        tip += QLatin1Char('\n') + m_noticeDetail;
    setToolTip(tip + QLatin1Char('\n') + tr("Click for the breakdown by task, role and model."));
    setAccessibleName(tr("Cost today"));
    setAccessibleDescription(m_notice.isEmpty() ? summaryText()
                                                : summaryText() + QStringLiteral(" · ") + m_notice);
    update();
}

QString CostMeterWidget::summaryText() const
{
    if (m_budget.nanodollars() <= 0)
        return tr("%1 today, no daily budget").arg(m_spent.format());
    return tr("%1 of %2 today").arg(m_spent.format(), m_budget.format(2));
}

double CostMeterWidget::fraction() const
{
    if (m_budget.nanodollars() <= 0)
        return 0.0;
    return qBound(0.0, double(m_spent.nanodollars()) / double(m_budget.nanodollars()), 1.0);
}

QSize CostMeterWidget::sizeHint() const
{
    const QFontMetrics metrics(font());
    const int notice = m_notice.isEmpty() ? 0 : metrics.horizontalAdvance(m_notice) + 20;
    return QSize(qMax(200, metrics.horizontalAdvance(summaryText()) + notice + 24),
                 metrics.height() + 16);
}

QSize CostMeterWidget::minimumSizeHint() const
{
    return sizeHint();
}

void CostMeterWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const QRectF frame = QRectF(rect()).adjusted(0.5, 2.5, -0.5, -2.5);

    QPainterPath outline;
    outline.addRoundedRect(frame, 5, 5);
    painter.fillPath(outline, pal.color(QPalette::Base));

    // The bar fills the frame's bottom edge: green while there is room, amber past 80 %, red
    // at the budget.
    const double filled = fraction();
    if (filled > 0.0) {
        const QColor bar = watchui::WatchPalette::budgetColor(pal, filled);
        QRectF barRect = frame;
        barRect.setTop(frame.bottom() - 4);
        barRect.setWidth(frame.width() * filled);
        painter.save();
        painter.setClipPath(outline);
        painter.fillRect(barRect, bar);
        painter.restore();
    }
    painter.setPen(QPen(hasFocus() ? pal.color(QPalette::Highlight) : pal.color(QPalette::Mid), 1));
    painter.drawPath(outline);

    painter.setPen(pal.color(QPalette::Text));
    const QRectF textRect = frame.adjusted(10, 0, -10, -3);
    painter.drawText(textRect, Qt::AlignVCenter | Qt::AlignLeft, summaryText());
    if (!m_notice.isEmpty()) {
        // The window's state after the spend, in the budget bar's warning or error colour.
        painter.setPen(m_noticeIsLimit ? watchui::WatchPalette::danger(pal)
                                       : watchui::WatchPalette::warning(pal));
        painter.drawText(textRect, Qt::AlignVCenter | Qt::AlignRight, m_notice);
    }
}

void CostMeterWidget::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && rect().contains(event->position().toPoint()))
        Q_EMIT activated();
}

void CostMeterWidget::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Space || event->key() == Qt::Key_Return ||
        event->key() == Qt::Key_Enter) {
        Q_EMIT activated();
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace agentdesk::ui
