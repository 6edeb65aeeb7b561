#pragma once

#include <QStyledItemDelegate>

namespace agentdesk::watchui {

// Paints a TaskQueueModel row as a compact card in the queue's single visible column,
// reading every other column's values through the model's roles:
//
//   Fix the null check in the parser               3 flags · 1 blocking  [4 behind]
//   (Implementing)  [====----] $0.42 / $1.00   3 min             sonnet-4-5 / haiku-4-5
//   Editing src/parser.cpp   (the reason, the activity, or the models)
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
