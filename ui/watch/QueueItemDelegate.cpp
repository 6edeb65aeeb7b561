#include "watch/QueueItemDelegate.h"

#include "itemmodels/queue/TaskQueueModel.h"
#include "watch/WatchPalette.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QHelpEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

namespace agentdesk::watchui {

using itemmodels::TaskQueueModel;

namespace {

constexpr int horizontalPadding = 10;
constexpr int verticalPadding = 6;
constexpr int lineGap = 3;
constexpr int costBarWidth = 40;
constexpr int costBarHeight = 6;
constexpr int spacing = 8;

QFont titleFont(const QFont &base)
{
    QFont font = base;
    font.setWeight(QFont::DemiBold);
    return font;
}

QFont smallFont(const QFont &base)
{
    QFont font = base;
    if (base.pointSizeF() > 0)
        font.setPointSizeF(base.pointSizeF() * 0.88);
    else
        font.setPixelSize(qMax(9, int(base.pixelSize() * 0.88)));
    return font;
}

QColor mix(const QColor &a, const QColor &b, double amountOfB)
{
    return QColor::fromRgbF(float(a.redF() * (1 - amountOfB) + b.redF() * amountOfB),
                            float(a.greenF() * (1 - amountOfB) + b.greenF() * amountOfB),
                            float(a.blueF() * (1 - amountOfB) + b.blueF() * amountOfB));
}

// A rounded pill of `text` in `color` on its tint, starting at `left`. Returns its right edge.
int drawPill(QPainter *painter, const QPalette &palette, const QFont &font, const QString &text,
             const QColor &color, int left, int top, bool selected)
{
    const QFontMetrics metrics(font);
    const int width = metrics.horizontalAdvance(text) + 10;
    const QRectF pill(left, top, width, metrics.height() + 2);
    QPainterPath path;
    path.addRoundedRect(pill, pill.height() / 2, pill.height() / 2);
    if (selected)
        painter->fillPath(path, palette.color(QPalette::Base));
    painter->fillPath(path, WatchPalette::tint(palette, color));
    painter->setPen(color);
    painter->setFont(font);
    painter->drawText(pill, Qt::AlignCenter, text);
    return int(pill.right());
}

} // namespace

QueueItemDelegate::QueueItemDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{}

void QueueItemDelegate::setExpandedQuery(std::function<bool(const QModelIndex &)> isExpanded)
{
    m_isExpanded = std::move(isExpanded);
}

QSize QueueItemDelegate::sizeHint(const QStyleOptionViewItem &option,
                                  const QModelIndex &index) const
{
    const QFont base = option.font;
    const int small = QFontMetrics(smallFont(base)).height();
    if (index.data(TaskQueueModel::IsGroupRole).toBool())
        return QSize(200, small + 2 * verticalPadding + 4);
    const int title = QFontMetrics(titleFont(base)).height();
    return QSize(280, verticalPadding + title + lineGap + (small + 2) + lineGap + small +
                          verticalPadding);
}

QString QueueItemDelegate::cardToolTip(const QModelIndex &index)
{
    if (!index.isValid())
        return QString();
    if (index.data(TaskQueueModel::IsGroupRole).toBool())
        return index.siblingAtColumn(TaskQueueModel::TitleColumn).data(Qt::ToolTipRole).toString();
    QStringList lines{index.siblingAtColumn(TaskQueueModel::TitleColumn).data().toString()};
    for (int column = TaskQueueModel::StateColumn; column < TaskQueueModel::ColumnCount; ++column) {
        if (column == TaskQueueModel::FlagsColumn &&
            index.data(TaskQueueModel::OpenFindingsRole).toInt() == 0)
            continue;
        const QString text = index.siblingAtColumn(column).data(Qt::ToolTipRole).toString();
        if (!text.isEmpty())
            lines.append(text);
    }
    return lines.join(QLatin1Char('\n'));
}

bool QueueItemDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view,
                                  const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event->type() != QEvent::ToolTip)
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    const QString text = cardToolTip(index);
    if (text.isEmpty()) {
        QToolTip::hideText();
        return false;
    }
    QToolTip::showText(event->globalPos(), text, view, option.rect);
    return true;
}

void QueueItemDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const
{
    if (index.data(TaskQueueModel::IsGroupRole).toBool())
        paintGroup(painter, option, index);
    else
        paintTask(painter, option, index);
}

void QueueItemDelegate::paintGroup(QPainter *painter, const QStyleOptionViewItem &option,
                                   const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QPalette &palette = opt.palette;
    const bool enabled = opt.state & QStyle::State_Enabled;
    const auto group = TaskQueueModel::Group(index.data(TaskQueueModel::GroupRole).toInt());
    const int count = index.data(TaskQueueModel::GroupTaskCountRole).toInt();

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->fillRect(opt.rect, palette.color(QPalette::Window));
    if (index.row() > 0) {
        painter->setPen(mix(palette.color(QPalette::Window), palette.color(QPalette::Text), 0.15));
        painter->drawLine(opt.rect.topLeft(), opt.rect.topRight());
    }
    const QColor text =
        enabled ? palette.color(QPalette::Text) : palette.color(QPalette::Disabled, QPalette::Text);
    const QRect area = opt.rect.adjusted(horizontalPadding - 4, 0, -horizontalPadding, 0);

    // The disclosure arrow, drawn as a small triangle so it reads the same in every style.
    const bool expanded = m_isExpanded ? m_isExpanded(index) : true;
    const QPointF centre(area.left() + 5, area.center().y() + 0.5);
    QPainterPath arrow;
    if (expanded) {
        arrow.moveTo(centre + QPointF(-4, -2));
        arrow.lineTo(centre + QPointF(4, -2));
        arrow.lineTo(centre + QPointF(0, 3));
    } else {
        arrow.moveTo(centre + QPointF(-2, -4));
        arrow.lineTo(centre + QPointF(3, 0));
        arrow.lineTo(centre + QPointF(-2, 4));
    }
    arrow.closeSubpath();
    if (count > 0)
        painter->fillPath(arrow, mix(text, palette.color(QPalette::Window), 0.35));

    QFont font = titleFont(smallFont(opt.font));
    font.setCapitalization(QFont::AllUppercase);
    font.setLetterSpacing(QFont::AbsoluteSpacing, 0.6);
    painter->setFont(font);
    painter->setPen(text);
    const QString title = TaskQueueModel::groupTitle(group);
    const QRect titleRect = area.adjusted(16, 0, 0, 0);
    painter->drawText(titleRect, Qt::AlignVCenter | Qt::AlignLeft, title);
    const int titleWidth = QFontMetrics(font).horizontalAdvance(title);

    // The count, in the group's colour when the group needs the user.
    QColor countColor = mix(text, palette.color(QPalette::Window), 0.25);
    if (count > 0 && group == TaskQueueModel::Group::NeedsReview)
        countColor = WatchPalette::accent(palette);
    else if (count > 0 && group == TaskQueueModel::Group::PausedOrFailed)
        countColor = WatchPalette::warning(palette);
    const QFont countFont = smallFont(opt.font);
    const QFontMetrics countMetrics(countFont);
    const QString countText = QString::number(count);
    const QRectF pill(titleRect.left() + titleWidth + 8,
                      area.center().y() - countMetrics.height() / 2.0,
                      qMax(countMetrics.height(), countMetrics.horizontalAdvance(countText) + 10),
                      countMetrics.height());
    QPainterPath pillPath;
    pillPath.addRoundedRect(pill, pill.height() / 2, pill.height() / 2);
    painter->fillPath(pillPath, WatchPalette::tint(palette, countColor));
    painter->setPen(countColor);
    painter->setFont(countFont);
    painter->drawText(pill, Qt::AlignCenter, countText);

    if ((opt.state & QStyle::State_HasFocus) && opt.widget) {
        QStyleOptionFocusRect focus;
        focus.initFrom(opt.widget);
        focus.rect = opt.rect.adjusted(1, 1, -1, -1);
        focus.backgroundColor = palette.color(QPalette::Window);
        const QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
        style->drawPrimitive(QStyle::PE_FrameFocusRect, &focus, painter, opt.widget);
    }
    painter->restore();
}

void QueueItemDelegate::paintTask(QPainter *painter, const QStyleOptionViewItem &option,
                                  const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    const QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, opt.widget);

    const QPalette &palette = opt.palette;
    const bool selected = opt.state & QStyle::State_Selected;
    const QColor text = palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    const QColor background = palette.color(selected ? QPalette::Highlight : QPalette::Base);
    const QColor dim = mix(text, background, 0.38);

    const auto state = tasks::TaskState(index.data(TaskQueueModel::StateRole).toInt());
    const auto column = [&](int c) { return index.siblingAtColumn(c); };
    const QFont title = titleFont(opt.font);
    const QFont small = smallFont(opt.font);
    const QFontMetrics titleMetrics(title);
    const QFontMetrics smallMetrics(small);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QRect area =
        opt.rect.adjusted(horizontalPadding, verticalPadding, -horizontalPadding, -verticalPadding);

    // Line 1: the title, the whole width.
    painter->setFont(title);
    painter->setPen(text);
    const QRect titleRect(area.left(), area.top(), area.width(), titleMetrics.height());
    painter->drawText(
        titleRect, Qt::AlignVCenter | Qt::AlignLeft,
        titleMetrics.elidedText(index.data().toString(), Qt::ElideRight, titleRect.width()));

    // Line 2: state chip, cost against budget, elapsed time, and the models when there is room.
    const int line2 = area.top() + titleMetrics.height() + lineGap;
    const int chipHeight = smallMetrics.height() + 2;
    const QString stateText = column(TaskQueueModel::StateColumn).data().toString();
    const QColor stateColor = WatchPalette::stateColor(palette, state);
    const QRectF chip(area.left(), line2, smallMetrics.horizontalAdvance(stateText) + 12,
                      chipHeight);
    QPainterPath chipPath;
    chipPath.addRoundedRect(chip, 4, 4);
    if (selected)
        painter->fillPath(chipPath, palette.color(QPalette::Base));
    painter->fillPath(chipPath, WatchPalette::tint(palette, stateColor));
    painter->setPen(QPen(stateColor, 1));
    painter->setFont(small);
    painter->drawText(chip, Qt::AlignCenter, stateText);
    int x = int(chip.right()) + spacing;

    const qint64 budget = index.data(TaskQueueModel::BudgetRole).toLongLong();
    const qint64 spent = index.data(TaskQueueModel::SpentRole).toLongLong();
    if (budget > 0) {
        const double fraction = double(spent) / double(budget);
        const QRectF track(x, line2 + (chipHeight - costBarHeight) / 2.0, costBarWidth,
                           costBarHeight);
        QPainterPath trackPath;
        trackPath.addRoundedRect(track, 3, 3);
        painter->fillPath(trackPath, mix(background, text, 0.14));
        QRectF filled = track;
        filled.setWidth(track.width() * qBound(0.0, fraction, 1.0));
        if (filled.width() > 0) {
            painter->save();
            painter->setClipPath(trackPath);
            painter->fillRect(filled, WatchPalette::budgetColor(palette, fraction));
            painter->restore();
        }
        x += costBarWidth + 5;
    }
    const QString cost = column(TaskQueueModel::CostColumn).data().toString();
    painter->setPen(text);
    painter->drawText(QRect(x, line2, smallMetrics.horizontalAdvance(cost), chipHeight),
                      Qt::AlignVCenter | Qt::AlignLeft, cost);
    x += smallMetrics.horizontalAdvance(cost) + spacing;
    const QString elapsed = column(TaskQueueModel::ElapsedColumn).data().toString();
    if (!elapsed.isEmpty()) {
        painter->setPen(dim);
        painter->drawText(QRect(x, line2, smallMetrics.horizontalAdvance(elapsed), chipHeight),
                          Qt::AlignVCenter | Qt::AlignLeft, elapsed);
        x += smallMetrics.horizontalAdvance(elapsed) + spacing;
    }
    const QString models = column(TaskQueueModel::ModelsColumn).data().toString();
    bool modelsShown = false;
    if (!models.isEmpty() && area.right() - x >= smallMetrics.horizontalAdvance(models)) {
        painter->setPen(dim);
        painter->drawText(QRect(x, line2, area.right() - x, chipHeight),
                          Qt::AlignVCenter | Qt::AlignRight, models);
        modelsShown = true;
    }

    // Line 3: the reviewer's flags and the base badges, then why it stopped, what it is
    // doing, or else the models.
    const int line3 = line2 + chipHeight + lineGap;
    x = area.left();
    painter->setFont(small);
    const QString flags = column(TaskQueueModel::FlagsColumn).data().toString();
    if (!flags.isEmpty()) {
        const bool blocking = index.data(TaskQueueModel::BlockingFindingsRole).toInt() > 0;
        const QString flagText = QStringLiteral("⚑ ") + flags;
        const int width = smallMetrics.horizontalAdvance(flagText);
        painter->setPen(blocking && !selected ? WatchPalette::danger(palette) : text);
        painter->drawText(QRect(x, line3, width, smallMetrics.height()),
                          Qt::AlignVCenter | Qt::AlignLeft, flagText);
        x += width + spacing;
    }
    if (const int behind = index.data(TaskQueueModel::BehindRole).toInt(); behind > 0)
        x = drawPill(painter, palette, small, tr("%1 behind").arg(behind),
                     WatchPalette::warning(palette), x, line3 - 1, selected) +
            4;
    if (index.data(TaskQueueModel::ConflictsRole).toBool())
        x = drawPill(painter, palette, small, tr("conflicts"), WatchPalette::danger(palette), x,
                     line3 - 1, selected) +
            4;
    const bool hasMarks = x > area.left();
    const QString reason = index.data(TaskQueueModel::StateReasonRole).toString();
    const QString activity = index.data(TaskQueueModel::ActivityRole).toString();
    QString detail;
    QColor detailColor = dim;
    if (!reason.isEmpty() && !tasks::isTerminalState(state)) {
        detail = reason;
        if (!selected)
            detailColor = state == tasks::TaskState::Failed ? WatchPalette::danger(palette)
                                                            : WatchPalette::warning(palette);
    } else if (!activity.isEmpty() && tasks::isRunningState(state)) {
        detail = activity;
    } else if (!modelsShown && !hasMarks) {
        detail = models;
    }
    if (!detail.isEmpty()) {
        if (hasMarks)
            x += spacing / 2;
        painter->setPen(detailColor);
        const QRect detailRect(x, line3, qMax(0, area.right() - x), smallMetrics.height());
        painter->drawText(detailRect, Qt::AlignVCenter | Qt::AlignLeft,
                          smallMetrics.elidedText(detail, Qt::ElideRight, detailRect.width()));
    }

    if ((opt.state & QStyle::State_HasFocus) && opt.widget) {
        QStyleOptionFocusRect focus;
        focus.initFrom(opt.widget);
        focus.rect = opt.rect.adjusted(1, 1, -1, -1);
        focus.backgroundColor = background;
        style->drawPrimitive(QStyle::PE_FrameFocusRect, &focus, painter, opt.widget);
    }
    painter->restore();
}

} // namespace agentdesk::watchui
