#include "watch/DailySpendChart.h"

#include "watch/WatchPalette.h"

#include <QHelpEvent>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

namespace agentdesk::watchui {

namespace {

constexpr int leftMargin = 52;
constexpr int rightMargin = 8;
constexpr int topMargin = 18;
constexpr int bottomMargin = 22;

// 1, 2 or 5 × a power of ten, in nanodollars: a step that gives 3–5 gridlines.
qint64 niceStep(qint64 maximum)
{
    qint64 step = 10'000'000; // one cent
    while (true) {
        for (const qint64 factor : {1, 2, 5}) {
            if (maximum / (step * factor) <= 4)
                return step * factor;
        }
        step *= 10;
    }
}

QString axisLabel(qint64 nanos)
{
    const Money amount = Money::fromNanodollars(nanos);
    // Whole dollars read better on an axis when the steps are whole.
    if (nanos % Money::nanosPerDollar == 0)
        return QStringLiteral("$%1").arg(nanos / Money::nanosPerDollar);
    return amount.format(2);
}

} // namespace

DailySpendChart::DailySpendChart(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("dailySpendChart"));
    setAccessibleName(tr("Spend per day"));
    setAttribute(Qt::WA_Hover);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void DailySpendChart::setDays(const QList<Day> &days, Money dailyBudget)
{
    m_days = days;
    m_budget = dailyBudget;
    QStringList spoken;
    const QLocale locale;
    for (const Day &day : m_days)
        spoken.append(QStringLiteral("%1: %2").arg(locale.toString(day.date, QLocale::ShortFormat),
                                                   day.spent.format(2)));
    setAccessibleDescription(spoken.join(QStringLiteral("; ")));
    update();
}

QSize DailySpendChart::sizeHint() const
{
    return QSize(560, 190);
}

QSize DailySpendChart::minimumSizeHint() const
{
    return QSize(300, 150);
}

QRectF DailySpendChart::plotArea() const
{
    return QRectF(rect()).adjusted(leftMargin, topMargin, -rightMargin, -bottomMargin);
}

qint64 DailySpendChart::scaleMaximum() const
{
    qint64 maximum = qMax<qint64>(m_budget.nanodollars(), 0);
    for (const Day &day : m_days)
        maximum = qMax(maximum, day.spent.nanodollars());
    if (maximum <= 0)
        maximum = Money::nanosPerDollar;
    const qint64 step = niceStep(maximum);
    return ((maximum + step - 1) / step) * step;
}

QRectF DailySpendChart::barRect(int index) const
{
    if (index < 0 || index >= m_days.size())
        return {};
    const QRectF plot = plotArea();
    const qreal slot = plot.width() / qreal(m_days.size());
    const qreal width = qMax<qreal>(4, slot * 0.62);
    const qreal height = plot.height() *
                         qreal(qMax<qint64>(0, m_days.at(index).spent.nanodollars())) /
                         qreal(scaleMaximum());
    return QRectF(plot.left() + slot * index + (slot - width) / 2, plot.bottom() - height, width,
                  height);
}

int DailySpendChart::barAt(const QPoint &point) const
{
    const QRectF plot = plotArea();
    if (m_days.isEmpty() || point.x() < plot.left() || point.x() >= plot.right())
        return -1;
    const int index = int((point.x() - plot.left()) / (plot.width() / qreal(m_days.size())));
    return index >= 0 && index < m_days.size() ? index : -1;
}

bool DailySpendChart::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int index = barAt(help->pos());
        if (index < 0) {
            QToolTip::hideText();
            event->ignore();
            return true;
        }
        const Day &day = m_days.at(index);
        QString text = QStringLiteral("%1: %2").arg(
            QLocale().toString(day.date, QStringLiteral("ddd d MMM")), day.spent.format(4));
        if (m_budget.nanodollars() > 0 && day.spent > m_budget)
            text += tr(" (over the %1 daily budget)").arg(m_budget.format(2));
        QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

void DailySpendChart::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const QRectF plot = plotArea();
    const QColor text = pal.color(QPalette::Text);
    QColor grid = text;
    grid.setAlphaF(0.12f);
    QColor axisText = text;
    axisText.setAlphaF(0.65f);

    QFont small = font();
    small.setPointSizeF(qMax(7.0, font().pointSizeF() * 0.85));
    painter.setFont(small);
    const QFontMetrics metrics(small);

    // Gridlines with their amounts.
    const qint64 top = scaleMaximum();
    const qint64 step = niceStep(top);
    for (qint64 value = 0; value <= top; value += step) {
        const qreal y = plot.bottom() - plot.height() * qreal(value) / qreal(top);
        painter.setPen(QPen(grid, 1));
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        painter.setPen(axisText);
        painter.drawText(QRectF(0, y - metrics.height() / 2.0, leftMargin - 8, metrics.height()),
                         Qt::AlignRight | Qt::AlignVCenter, axisLabel(value));
    }

    if (m_days.isEmpty()) {
        painter.setPen(axisText);
        painter.drawText(plot, Qt::AlignCenter, tr("No spending recorded yet"));
        return;
    }

    // Bars: today (the last) in full colour, earlier days lighter; over budget in red.
    const QColor accent = WatchPalette::accent(pal);
    const QColor danger = WatchPalette::danger(pal);
    const qreal slot = plot.width() / qreal(m_days.size());
    for (int i = 0; i < m_days.size(); ++i) {
        const Day &day = m_days.at(i);
        const bool over = m_budget.nanodollars() > 0 && day.spent > m_budget;
        QColor color = over ? danger : accent;
        if (i != m_days.size() - 1)
            color.setAlphaF(0.55f);
        const QRectF bar = barRect(i);
        if (bar.height() > 0) {
            QPainterPath path;
            path.addRoundedRect(bar.adjusted(0, 0, 0, 2), 2, 2);
            painter.save();
            painter.setClipRect(QRectF(bar.left(), bar.top(), bar.width(), bar.height()));
            painter.fillPath(path, color);
            painter.restore();
        }
        // Day labels: every day when they fit, else every other day and always today.
        QString label = QString::number(day.date.day());
        // The first day names its month, when there is room.
        if (i == 0) {
            const QString withMonth = QLocale().toString(day.date, QStringLiteral("d MMM"));
            if (metrics.horizontalAdvance(withMonth) + 2 < slot)
                label = withMonth;
        }
        const bool fits = metrics.horizontalAdvance(QStringLiteral("00")) + 4 < slot;
        if (fits || i % 2 == (m_days.size() - 1) % 2) {
            painter.setPen(i == m_days.size() - 1 ? text : axisText);
            painter.drawText(
                QRectF(plot.left() + slot * i, plot.bottom() + 3, slot, metrics.height()),
                Qt::AlignHCenter | Qt::AlignTop, i == m_days.size() - 1 ? tr("today") : label);
        }
    }

    // The budget line, labelled at its right end.
    if (m_budget.nanodollars() > 0) {
        const qreal y = plot.bottom() - plot.height() * qreal(m_budget.nanodollars()) / qreal(top);
        QPen dashed(WatchPalette::warning(pal), 1.5, Qt::DashLine);
        painter.setPen(dashed);
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        const QString label = tr("daily budget %1").arg(m_budget.format(2));
        const qreal width = metrics.horizontalAdvance(label) + 8;
        const QRectF box(plot.right() - width, y - metrics.height() - 2, width, metrics.height());
        painter.setPen(WatchPalette::warning(pal));
        painter.drawText(box, Qt::AlignRight | Qt::AlignVCenter, label);
    }
}

} // namespace agentdesk::watchui
