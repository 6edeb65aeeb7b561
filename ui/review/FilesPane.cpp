#include "ui/review/FilesPane.h"

#include "itemmodels/DiffFilesModel.h"
#include "ui/review/ReviewFormat.h"

#include <QApplication>
#include <QHeaderView>
#include <QLabel>
#include <QStyle>
#include <QStyledItemDelegate>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace agentdesk::ui {

using itemmodels::DiffFilesModel;

namespace {

// Paints the path column with FilesPane::elidedPath (the file's name stays readable) and the
// status as one letter.
class PathDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.column() == DiffFilesModel::StatusColumn) {
            // One letter, as git and the diff's file headers show it (the word is the
            // tooltip): the room goes to the file's name.
            option->text = option->text.left(1).toUpper();
            return;
        }
        if (index.column() != DiffFilesModel::PathColumn)
            return;
        const QStyle *style = option->widget ? option->widget->style() : QApplication::style();
        const int margin =
            style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, option->widget) + 1;
        option->text = FilesPane::elidedPath(option->text, option->fontMetrics,
                                             option->rect.width() - 2 * margin);
    }
};

} // namespace

QString FilesPane::elidedPath(const QString &path, const QFontMetrics &metrics, int width)
{
    if (metrics.horizontalAdvance(path) <= width)
        return path;
    const QStringList parts = path.split(u'/');
    const QString ellipsis = QStringLiteral("…/");
    // Drop leading folders one at a time while it still does not fit.
    for (qsizetype first = 1; first < parts.size(); ++first) {
        const QString candidate = ellipsis + parts.mid(first).join(u'/');
        if (metrics.horizontalAdvance(candidate) <= width)
            return candidate;
    }
    const QString name = parts.size() > 1 ? ellipsis + parts.constLast() : parts.constLast();
    return metrics.elidedText(name, Qt::ElideRight, width);
}

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
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setItemDelegate(new PathDelegate(m_view)); // folders give way before the name
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
