#include "ui/review/TimelinePanel.h"

#include "diff/CodeFont.h"

#include <QHeaderView>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

namespace agentdesk::ui {

using itemmodels::TimelineModel;

TimelinePanel::TimelinePanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("timelinePanel"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    m_model = new TimelineModel(this);
    m_view = new QTreeView(splitter);
    m_view->setObjectName(QStringLiteral("timelineView"));
    m_view->setAccessibleName(tr("Timeline of the agent's steps"));
    m_view->setModel(m_model);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->header()->setStretchLastSection(true);
    m_view->header()->setSectionResizeMode(TimelineModel::TimeColumn,
                                           QHeaderView::ResizeToContents);
    m_view->header()->setSectionResizeMode(TimelineModel::KindColumn,
                                           QHeaderView::ResizeToContents);
    m_detail = new QPlainTextEdit(splitter);
    m_detail->setObjectName(QStringLiteral("timelineDetail"));
    m_detail->setAccessibleName(tr("Selected step in full"));
    m_detail->setReadOnly(true);
    m_detail->setFont(diffview::codeFont());
    m_detail->setPlaceholderText(tr("Select a step to read it in full."));
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                m_detail->setPlainText(current.isValid()
                                           ? current.data(TimelineModel::DetailRole).toString()
                                           : QString());
            });
    connect(m_model, &QAbstractItemModel::modelReset, m_detail, &QPlainTextEdit::clear);
}

} // namespace agentdesk::ui
