#include "ui/review/FindingDelegate.h"

#include "diff/DiffColors.h"
#include "itemmodels/FindingsModel.h"
#include "review/Finding.h"

#include <QApplication>
#include <QPainter>

namespace agentdesk::ui {

using itemmodels::FindingsModel;

namespace {

constexpr int padding = 6;
constexpr int lineGap = 2;

QString secondLine(const QModelIndex &index)
{
    const auto category =
        review::categoryFromId(index.data(FindingsModel::CategoryRole).toString());
    QStringList parts;
    parts << (category ? review::categoryLabel(*category) : QString());
    const QString place =
        index.siblingAtColumn(FindingsModel::LocationColumn).data(Qt::DisplayRole).toString();
    parts << (index.data(FindingsModel::AnchoredRole).toBool()
                  ? place
                  : FindingDelegate::tr("%1 (not in the diff)").arg(place));
    parts << FindingDelegate::tr("%1% sure")
                 .arg(qRound(index.data(FindingsModel::ConfidenceRole).toDouble() * 100));
    if (index.data(FindingsModel::AcknowledgedRole).toBool())
        parts << FindingDelegate::tr("acknowledged ✓");
    return parts.join(QStringLiteral(" · "));
}

} // namespace

QSize FindingDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const QFontMetrics fm(option.font);
    return QSize(200, 2 * fm.height() + lineGap + 2 * padding);
}

void FindingDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                            const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear(); // the background and focus frame from the style; the text is ours
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    painter->save();
    const bool selected = option.state & QStyle::State_Selected;
    const QPalette &palette = option.palette;
    const QColor text = palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    QColor dim = text;
    dim.setAlphaF(0.68f);
    const bool acknowledged = index.data(FindingsModel::AcknowledgedRole).toBool();

    const QFontMetrics fm(option.font);
    const QRect area = option.rect.adjusted(padding, padding, -padding, -padding);

    // The priority pill, in the diff view's mark colour for that priority.
    const int priority = index.data(FindingsModel::PriorityRole).toInt();
    const auto colors = diffview::DiffColors::fromPalette(palette);
    QFont pillFont = option.font;
    pillFont.setBold(true);
    const QFontMetrics pillMetrics(pillFont);
    const QString pillText = QStringLiteral("P%1").arg(priority);
    const QRect pill(area.left(), area.top(), pillMetrics.horizontalAdvance(pillText) + 10,
                     fm.height());
    QColor pillColor = colors.priorityColor(priority);
    if (acknowledged)
        pillColor.setAlphaF(0.45f);
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(pillColor);
    painter->drawRoundedRect(pill, 4, 4);
    painter->setFont(pillFont);
    painter->setPen(pillColor.lightness() > 150 ? QColor(Qt::black) : QColor(Qt::white));
    painter->drawText(pill, Qt::AlignCenter, pillText);

    // Title, then the details line, both elided to the width.
    const int textLeft = pill.right() + 8;
    const int width = area.right() - textLeft;
    QFont titleFont = option.font;
    titleFont.setBold(!acknowledged);
    painter->setFont(titleFont);
    painter->setPen(acknowledged ? dim : text);
    const QString title =
        index.siblingAtColumn(FindingsModel::TitleColumn).data(Qt::DisplayRole).toString();
    painter->drawText(QRect(textLeft, area.top(), width, fm.height()), Qt::AlignVCenter,
                      QFontMetrics(titleFont).elidedText(title, Qt::ElideRight, width));
    painter->setFont(option.font);
    painter->setPen(dim);
    painter->drawText(QRect(textLeft, area.top() + fm.height() + lineGap, width, fm.height()),
                      Qt::AlignVCenter, fm.elidedText(secondLine(index), Qt::ElideMiddle, width));
    painter->restore();
}

} // namespace agentdesk::ui
