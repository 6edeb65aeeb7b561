#pragma once

#include <QStyledItemDelegate>

namespace agentdesk::ui {

// Paints one finding of a FindingsModel in two lines: a priority pill coloured as the diff
// view's gutter marks, the title, then category, place and confidence. Reads the model's
// roles, so it works on any column.
class FindingDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace agentdesk::ui
