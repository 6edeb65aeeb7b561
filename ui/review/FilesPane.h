#pragma once

#include "review/DiffDocument.h"
#include "review/Finding.h"

#include <QWidget>

#include <vector>

class QFontMetrics;
class QLabel;
class QTreeView;

namespace agentdesk::itemmodels {
class DiffFilesModel;
}

namespace agentdesk::ui {

// The changed files beside the diff: a summary line (files, +/−) and the list with status,
// added/removed counts and how many findings flag each file.
class FilesPane : public QWidget
{
    Q_OBJECT
public:
    explicit FilesPane(QWidget *parent = nullptr);

    // `sinceIteration` > 0: the document is the changes since that iteration.
    void setDocument(const review::DiffDocumentPtr &document,
                     const std::vector<review::Finding> &findings, int sinceIteration);
    // Selects the file's row without emitting fileChosen (the diff scrolled there).
    void showFile(int file);
    // The height that shows the rows without scrolling (at most a dozen of them).
    int preferredHeight() const;

    QTreeView *view() const { return m_view; }
    // A path cut to `width`: whole if it fits, else the folders give way first
    // ("…/test_config.c", "…/tests/test_config.c"), the file's own name last.
    static QString elidedPath(const QString &path, const QFontMetrics &metrics, int width);
    itemmodels::DiffFilesModel *model() const { return m_model; }

Q_SIGNALS:
    void fileChosen(int file);

private:
    QLabel *m_label = nullptr;
    QTreeView *m_view = nullptr;
    itemmodels::DiffFilesModel *m_model = nullptr;
    bool m_showing = false;
};

} // namespace agentdesk::ui
