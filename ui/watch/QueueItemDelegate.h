#pragma once

#include <QStyledItemDelegate>

namespace agentdesk::watchui {

// Paints a TaskQueueModel row as a compact card in the queue's single visible column,
// reading every other column's values through the model's roles:
//
//   Generate unit tests for src/utils/dateFormat.ts
//   (Ready for review)  [====----] $0.38 / $1.00  took 6 min
//   ⚑ 3 flags · 1 blocking  (2 behind)  (conflicts)  then the reason, activity or models
//
// Group rows are a header with a disclosure arrow and the count; an empty group is dimmed.
class QueueItemDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit QueueItemDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    // One tooltip for the whole card: every column's tooltip, one per line.
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;
    static QString cardToolTip(const QModelIndex &index);

    // The expanded/collapsed state the arrow of a group row shows (the view knows it).
    void setExpandedQuery(std::function<bool(const QModelIndex &)> isExpanded);

private:
    void paintGroup(QPainter *painter, const QStyleOptionViewItem &option,
                    const QModelIndex &index) const;
    void paintTask(QPainter *painter, const QStyleOptionViewItem &option,
                   const QModelIndex &index) const;

    std::function<bool(const QModelIndex &)> m_isExpanded;
};

} // namespace agentdesk::watchui
