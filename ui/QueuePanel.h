#pragma once

#include <QWidget>

class QAbstractItemModel;
class QLabel;
class QStackedLayout;
class QTreeView;

namespace agentdesk::ui {

// The left-hand queue: the tasks, grouped by what they need from the user. Shows an empty
// state with the next step while there is nothing to list.
class QueuePanel : public QWidget
{
    Q_OBJECT

public:
    explicit QueuePanel(QWidget *parent = nullptr);

    void setModel(QAbstractItemModel *model);
    QTreeView *view() const { return m_view; }
    // The hint shown while the queue is empty; changes once a repository is open.
    void setEmptyHint(const QString &text);
    bool isShowingEmptyState() const;

private:
    void updateEmptyState();

    QTreeView *m_view = nullptr;
    QLabel *m_emptyHint = nullptr;
    QStackedLayout *m_stack = nullptr;
    QAbstractItemModel *m_model = nullptr;
};

} // namespace agentdesk::ui
