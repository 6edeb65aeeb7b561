#include "ui/review/FilesPane.h"

#include "itemmodels/DiffFilesModel.h"
#include "ui/review/ReviewFormat.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace agentdesk::ui {

using itemmodels::DiffFilesModel;

FilesPane::FilesPane(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("filesPane"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 2, 4);
    layout->setSpacing(4);
    m_label = new QLabel(this);
    m_label->setObjectName(QStringLiteral("filesSummaryLabel"));
    m_label->setTextFormat(Qt::RichText);
    layout->addWidget(m_label);
    m_model = new DiffFilesModel(this);
    m_view = new QTreeView(this);
    m_view->setObjectName(QStringLiteral("filesView"));
    m_view->setAccessibleName(tr("Changed files"));
    m_view->setModel(m_model);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setTextElideMode(Qt::ElideLeft); // the file name matters more than the folders
    QHeaderView *header = m_view->header();
    header->setStretchLastSection(false);
    header->setMinimumSectionSize(28);
    header->setSectionResizeMode(DiffFilesModel::PathColumn, QHeaderView::Stretch);
    for (int column : {int(DiffFilesModel::StatusColumn), int(DiffFilesModel::AddedColumn),
                       int(DiffFilesModel::RemovedColumn), int(DiffFilesModel::FlagsColumn)})
        header->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    layout->addWidget(m_view, 1);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (!m_showing && current.isValid())
                    Q_EMIT fileChosen(current.row());
            });
}

void FilesPane::setDocument(const review::DiffDocumentPtr &document,
                            const std::vector<review::Finding> &findings, int sinceIteration)
{
    m_showing = true;
    m_model->setDocument(document);
    m_model->setFindings(findings);
    m_showing = false;
    int added = 0;
    int removed = 0;
    const int files = document ? document->fileCount() : 0;
    for (int i = 0; i < files; ++i) {
        added += document->file(i).added;
        removed += document->file(i).removed;
    }
    const QPalette &p = palette();
    m_label->setText(
        tr("<b>Files</b> — %n changed, ", nullptr, files) +
        reviewformat::coloured(QStringLiteral("+%1").arg(added), reviewformat::Tone::Good, p) +
        QLatin1Char(' ') +
        reviewformat::coloured(QStringLiteral("−%1").arg(removed), reviewformat::Tone::Bad, p) +
        (sinceIteration > 0 ? tr(" since iteration %1").arg(sinceIteration) : QString()));
}

void FilesPane::showFile(int file)
{
    if (file < 0 || file >= m_model->rowCount())
        return;
    m_showing = true;
    m_view->setCurrentIndex(m_model->index(file, DiffFilesModel::PathColumn));
    m_showing = false;
}

int FilesPane::preferredHeight() const
{
    const int rows = std::clamp(m_model->rowCount(), 3, 12);
    const int rowHeight = std::max(m_view->sizeHintForRow(0), fontMetrics().height() + 4);
    return m_label->sizeHint().height() + m_view->header()->sizeHint().height() + rows * rowHeight +
           24;
}

} // namespace agentdesk::ui
