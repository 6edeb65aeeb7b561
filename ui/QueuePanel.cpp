#include "ui/QueuePanel.h"

#include <QAbstractItemModel>
#include <QHeaderView>
#include <QLabel>
#include <QStackedLayout>
#include <QTreeView>
#include <QVBoxLayout>

namespace agentdesk::ui {

QueuePanel::QueuePanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("queuePanel"));

    auto *title = new QLabel(tr("Queue"), this);
    title->setObjectName(QStringLiteral("queueTitle"));
    QFont titleFont = title->font();
    titleFont.setBold(true);
    title->setFont(titleFont);

    m_view = new QTreeView(this);
    m_view->setObjectName(QStringLiteral("queueView"));
    m_view->setAccessibleName(tr("Task queue"));
    m_view->setHeaderHidden(true);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);

    m_emptyHint = new QLabel(this);
    m_emptyHint->setObjectName(QStringLiteral("queueEmptyHint"));
    m_emptyHint->setAlignment(Qt::AlignCenter);
    m_emptyHint->setWordWrap(true);
    m_emptyHint->setMargin(16);
    m_emptyHint->setForegroundRole(QPalette::PlaceholderText);
    setEmptyHint(tr("No tasks yet.\n\nOpen a repository, then dispatch a task with New Task "
                    "(Ctrl+N)."));

    auto *stackHost = new QWidget(this);
    m_stack = new QStackedLayout(stackHost);
    m_stack->addWidget(m_emptyHint);
    m_stack->addWidget(m_view);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 0, 0);
    layout->addWidget(title);
    layout->addWidget(stackHost, 1);
    updateEmptyState();
}

void QueuePanel::setModel(QAbstractItemModel *model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    m_view->setModel(model);
    if (model) {
        connect(model, &QAbstractItemModel::rowsInserted, this, &QueuePanel::updateEmptyState);
        connect(model, &QAbstractItemModel::rowsRemoved, this, &QueuePanel::updateEmptyState);
        connect(model, &QAbstractItemModel::modelReset, this, &QueuePanel::updateEmptyState);
    }
    updateEmptyState();
}

void QueuePanel::setEmptyHint(const QString &text)
{
    m_emptyHint->setText(text);
}

bool QueuePanel::isShowingEmptyState() const
{
    return m_stack->currentWidget() == m_emptyHint;
}

void QueuePanel::updateEmptyState()
{
    const bool empty = !m_model || m_model->rowCount() == 0;
    m_stack->setCurrentWidget(empty ? static_cast<QWidget *>(m_emptyHint) : m_view);
}

} // namespace agentdesk::ui
