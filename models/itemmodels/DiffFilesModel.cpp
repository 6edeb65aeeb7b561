#include "itemmodels/DiffFilesModel.h"

namespace agentdesk::itemmodels {

DiffFilesModel::DiffFilesModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

QString DiffFilesModel::statusId(git::DeltaStatus status)
{
    return git::deltaStatusId(status);
}

void DiffFilesModel::setDocument(review::DiffDocumentPtr document)
{
    beginResetModel();
    m_document = std::move(document);
    recount();
    endResetModel();
}

void DiffFilesModel::setFindings(const std::vector<review::Finding> &findings)
{
    m_findings = findings;
    recount();
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, FlagsColumn), index(rowCount() - 1, FlagsColumn));
}

void DiffFilesModel::recount()
{
    const size_t files = m_document ? size_t(m_document->fileCount()) : 0;
    m_flags.assign(files, 0);
    m_blocking.assign(files, 0);
    if (!m_document)
        return;
    for (const review::Finding &finding : m_findings) {
        const int file = m_document->fileIndex(finding.file);
        if (file < 0)
            continue;
        ++m_flags[size_t(file)];
        if (finding.isBlocking())
            ++m_blocking[size_t(file)];
    }
}

int DiffFilesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_document ? 0 : m_document->fileCount();
}

int DiffFilesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DiffFilesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const review::DiffFile &file = m_document->file(row);
    switch (role) {
    case FileIndexRole:
        return row;
    case PathRole:
        return file.displayPath();
    case OldPathRole:
        return file.oldPath;
    case StatusRole:
        return statusId(file.status);
    case AddedRole:
        return file.added;
    case RemovedRole:
        return file.removed;
    case FlagCountRole:
        return m_flags[size_t(row)];
    case BlockingFlagCountRole:
        return m_blocking[size_t(row)];
    case Qt::ToolTipRole:
        if (!file.oldPath.isEmpty() && !file.newPath.isEmpty() && file.oldPath != file.newPath)
            return tr("%1 (from %2)").arg(file.newPath, file.oldPath);
        return file.displayPath();
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case PathColumn:
        return file.displayPath();
    case StatusColumn:
        return statusId(file.status);
    case AddedColumn:
        return file.added;
    case RemovedColumn:
        return file.removed;
    case FlagsColumn: // blank when none, so the files with findings stand out
        return m_flags[size_t(row)] > 0 ? QVariant(m_flags[size_t(row)]) : QVariant();
    default:
        return {};
    }
}

QVariant DiffFilesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case AddedColumn:
            return tr("Lines added");
        case RemovedColumn:
            return tr("Lines removed");
        case FlagsColumn:
            return tr("Reviewer findings in the file");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    // Narrow headers: the list sits beside the diff and the path needs the width.
    switch (section) {
    case PathColumn:
        return tr("File");
    case StatusColumn:
        return tr("Status");
    case AddedColumn:
        return tr("+");
    case RemovedColumn:
        return tr("−");
    case FlagsColumn:
        return tr("Flags");
    default:
        return {};
    }
}

} // namespace agentdesk::itemmodels
