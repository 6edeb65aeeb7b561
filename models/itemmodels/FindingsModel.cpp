#include "itemmodels/FindingsModel.h"

#include <algorithm>

namespace agentdesk::itemmodels {

FindingsModel::FindingsModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void FindingsModel::setFindings(std::vector<review::Finding> findings)
{
    beginResetModel();
    m_findings = std::move(findings);
    m_visible.clear();
    for (int i = 0; i < int(m_findings.size()); ++i) {
        if (passes(m_findings[size_t(i)]))
            m_visible.push_back(i);
    }
    endResetModel();
}

bool FindingsModel::passes(const review::Finding &finding) const
{
    return finding.priority <= m_maximumPriority &&
           (m_categories.isEmpty() || m_categories.contains(finding.category)) &&
           (m_showAcknowledged || !finding.acknowledged);
}

void FindingsModel::refilter()
{
    beginResetModel();
    m_visible.clear();
    for (int i = 0; i < int(m_findings.size()); ++i) {
        if (passes(m_findings[size_t(i)]))
            m_visible.push_back(i);
    }
    endResetModel();
}

void FindingsModel::setMaximumPriority(int priority)
{
    m_maximumPriority = std::clamp(priority, 0, 3);
    refilter();
}

void FindingsModel::setCategories(const QSet<review::FindingCategory> &categories)
{
    m_categories = categories;
    refilter();
}

void FindingsModel::setShowAcknowledged(bool show)
{
    m_showAcknowledged = show;
    refilter();
}

int FindingsModel::rowOfFinding(int findingIndex) const
{
    const auto it = std::lower_bound(m_visible.begin(), m_visible.end(), findingIndex);
    return it != m_visible.end() && *it == findingIndex ? int(it - m_visible.begin()) : -1;
}

bool FindingsModel::setAcknowledged(int findingIndex, bool acknowledged)
{
    if (findingIndex < 0 || findingIndex >= int(m_findings.size()))
        return false;
    review::Finding &finding = m_findings[size_t(findingIndex)];
    if (finding.acknowledged == acknowledged)
        return true;
    finding.acknowledged = acknowledged;
    const int row = rowOfFinding(findingIndex);
    if (row >= 0) {
        if (!passes(finding)) {
            beginRemoveRows({}, row, row);
            m_visible.erase(m_visible.begin() + row);
            endRemoveRows();
        } else {
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        }
    }
    Q_EMIT acknowledgedChanged(findingIndex, acknowledged);
    return true;
}

int FindingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_visible.size());
}

int FindingsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FindingsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int findingIndex = m_visible[size_t(index.row())];
    const review::Finding &finding = m_findings[size_t(findingIndex)];
    switch (role) {
    case FindingIndexRole:
        return findingIndex;
    case PriorityRole:
        return finding.priority;
    case CategoryRole:
        return review::categoryId(finding.category);
    case FileRole:
        return finding.file;
    case LineRole:
        return finding.startLine;
    case SideRole:
        return finding.side == review::Side::Old ? QStringLiteral("old") : QStringLiteral("new");
    case ConfidenceRole:
        return finding.confidence;
    case AcknowledgedRole:
        return finding.acknowledged;
    case AnchoredRole:
        return finding.anchored;
    case Qt::ToolTipRole:
        return finding.body;
    case Qt::CheckStateRole:
        return index.column() == AcknowledgedColumn
                   ? QVariant(finding.acknowledged ? Qt::Checked : Qt::Unchecked)
                   : QVariant();
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case PriorityColumn:
        return QStringLiteral("P%1").arg(finding.priority);
    case CategoryColumn:
        return review::categoryLabel(finding.category);
    case TitleColumn:
        return finding.title;
    case LocationColumn:
        return finding.startLine > 0
                   ? QStringLiteral("%1:%2").arg(finding.file).arg(finding.startLine)
                   : finding.file;
    case ConfidenceColumn:
        return QStringLiteral("%1%").arg(qRound(finding.confidence * 100));
    default:
        return {};
    }
}

bool FindingsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) ||
        index.column() != AcknowledgedColumn || role != Qt::CheckStateRole)
        return false;
    return setAcknowledged(m_visible[size_t(index.row())],
                           value.value<Qt::CheckState>() == Qt::Checked);
}

Qt::ItemFlags FindingsModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == AcknowledgedColumn)
        flags |= Qt::ItemIsUserCheckable;
    return flags;
}

QVariant FindingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case PriorityColumn:
        return tr("Priority");
    case CategoryColumn:
        return tr("Category");
    case TitleColumn:
        return tr("Finding");
    case LocationColumn:
        return tr("Where");
    case ConfidenceColumn:
        return tr("Confidence");
    case AcknowledgedColumn:
        return tr("Acknowledged");
    default:
        return {};
    }
}

} // namespace agentdesk::itemmodels
