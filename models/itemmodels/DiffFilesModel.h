#pragma once

#include "review/DiffDocument.h"
#include "review/Finding.h"

#include <QAbstractTableModel>

namespace agentdesk::itemmodels {

// The files of a diff document for the review page's file list: path, status, +/- counts and
// how many findings flag each file. Rows are the document's files in order.
class DiffFilesModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        PathColumn,
        StatusColumn,
        AddedColumn,
        RemovedColumn,
        FlagsColumn,
        ColumnCount,
    };
    enum Role
    {
        FileIndexRole = Qt::UserRole + 1, // int: index in the document
        PathRole,                         // QString: new path, or old path for a deletion
        OldPathRole,
        StatusRole, // QString: "added", "deleted", "modified", "renamed", ...
        AddedRole,
        RemovedRole,
        FlagCountRole,
        BlockingFlagCountRole, // priority-0 findings
    };

    explicit DiffFilesModel(QObject *parent = nullptr);

    void setDocument(review::DiffDocumentPtr document);
    // Recounts flags per file; the rows stay, only the flag columns change.
    void setFindings(const std::vector<review::Finding> &findings);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    static QString statusId(git::DeltaStatus status);

private:
    review::DiffDocumentPtr m_document;
    std::vector<int> m_flags;
    std::vector<int> m_blocking;
    std::vector<review::Finding> m_findings;
    void recount();
};

} // namespace agentdesk::itemmodels
