#pragma once

#include "review/Finding.h"

#include <QAbstractTableModel>
#include <QSet>

#include <vector>

namespace agentdesk::itemmodels {

// The reviewer's findings for the review page's list, most severe first as given, with the
// filters the page offers (highest priority shown, categories, hide acknowledged) and an
// editable "acknowledged" check. Rows are the findings that pass the filters; FindingIndexRole
// maps a row back to the finding's index in the list given to setFindings.
class FindingsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        PriorityColumn,
        CategoryColumn,
        TitleColumn,
        LocationColumn,
        ConfidenceColumn,
        AcknowledgedColumn, // checkable
        ColumnCount,
    };
    enum Role
    {
        FindingIndexRole = Qt::UserRole + 1,
        PriorityRole,
        CategoryRole, // QString id, e.g. "null-check"
        FileRole,
        LineRole,
        SideRole, // "old" or "new"
        ConfidenceRole,
        AcknowledgedRole,
        AnchoredRole,
    };

    explicit FindingsModel(QObject *parent = nullptr);

    void setFindings(std::vector<review::Finding> findings);
    const std::vector<review::Finding> &findings() const { return m_findings; }

    // Shows findings with priority <= `priority` (0 shows blockers only; 3 shows all).
    void setMaximumPriority(int priority);
    // Shows only these categories; an empty set shows all.
    void setCategories(const QSet<review::FindingCategory> &categories);
    void setShowAcknowledged(bool show);
    bool setAcknowledged(int findingIndex, bool acknowledged);

    int findingIndex(int row) const { return m_visible.at(size_t(row)); }
    int rowOfFinding(int findingIndex) const; // -1 when filtered out

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void acknowledgedChanged(int findingIndex, bool acknowledged);

private:
    bool passes(const review::Finding &finding) const;
    void refilter();

    std::vector<review::Finding> m_findings;
    std::vector<int> m_visible;
    int m_maximumPriority = 3;
    QSet<review::FindingCategory> m_categories;
    bool m_showAcknowledged = true;
};

} // namespace agentdesk::itemmodels
