#include "ui/review/ReviewPage.h"

#include "diff/DiffView.h"
#include "itemmodels/DiffFilesModel.h"
#include "ui/review/ActionBar.h"
#include "ui/review/DiffToolbar.h"
#include "ui/review/FilesPane.h"
#include "ui/review/FindingsPanel.h"
#include "ui/review/ReportView.h"
#include "ui/review/ReviewDecisions.h"
#include "ui/review/ReviewFormat.h"
#include "ui/review/ReviewHeader.h"
#include "ui/review/RevisionDialog.h"
#include "ui/review/TimelinePanel.h"
#include "ui/review/ValidationPanel.h"

#include <QAction>
#include <QCheckBox>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTabBar>
#include <QTabWidget>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>
#include <numeric>

// ReviewPage's navigation: findings, files, lines and links, iterations.

namespace agentdesk::ui {

qint64 ReviewPage::findingId(int findingIndex) const
{
    return findingIndex >= 0 && findingIndex < m_findingIds.size() ? m_findingIds[findingIndex] : 0;
}

int ReviewPage::findingIndexOf(qint64 id) const
{
    return id == 0 ? -1 : int(m_findingIds.indexOf(id));
}

void ReviewPage::selectFinding(int findingIndex)
{
    m_findingsPanel->selectFinding(findingIndex);
    // selectFinding does not emit (it is also how the diff drives the list): scroll here.
    if (findingIndex >= 0 && findingIndex < int(m_findings.size())) {
        if (m_expandedNote >= 0 && m_expandedNote != findingIndex)
            m_diff->setNoteExpanded(m_expandedNote, false);
        m_diff->setNoteExpanded(findingIndex, true);
        m_expandedNote = findingIndex;
        m_diff->scrollToFinding(findingIndex);
    }
}

void ReviewPage::setShowChangesSinceLastIteration(bool show)
{
    m_toolbar->sinceToggle()->setChecked(show && m_toolbar->sinceToggle()->isEnabled());
}

bool ReviewPage::showsChangesSinceLastIteration() const
{
    return m_toolbar->sinceToggle()->isChecked() && m_snapshot.sinceLastIteration &&
           m_diff->document() == m_snapshot.sinceLastIteration;
}

bool ReviewPage::jumpToLine(const QString &path, int line, review::Side side)
{
    const auto fileIn = [&path](const review::DiffDocumentPtr &document) {
        if (!document)
            return -1;
        const int exact = document->fileIndex(path);
        if (exact >= 0)
            return exact;
        const QString suffix = QLatin1Char('/') + path;
        for (int i = 0; i < document->fileCount(); ++i) {
            if (document->file(i).displayPath().endsWith(suffix))
                return i;
        }
        return -1;
    };
    int file = fileIn(m_diff->document());
    if (file < 0 && m_diff->document() != m_snapshot.document && fileIn(m_snapshot.document) >= 0) {
        // The interdiff does not touch that file: show the whole change.
        m_toolbar->sinceToggle()->setChecked(false);
        file = fileIn(m_diff->document());
    }
    if (file < 0)
        return false;
    const review::Side other = side == review::Side::New ? review::Side::Old : review::Side::New;
    if (!m_diff->scrollToLine(file, side, line))
        m_diff->scrollToLine(file, other, line);
    m_diff->setFocus(Qt::OtherFocusReason);
    return true;
}

void ReviewPage::followLink(const LineLink &link)
{
    jumpToLine(link.path, link.line, link.oldSide ? review::Side::Old : review::Side::New);
}

void ReviewPage::scrollToFile(int file)
{
    const auto &starts = m_diff->layout().fileStarts();
    if (file < 0 || file >= int(starts.size()))
        return;
    m_diff->verticalScrollBar()->setValue(
        int(m_diff->layout().topLine(starts[size_t(file)]) * m_diff->metrics().lineHeight));
}

void ReviewPage::showFileInList(int file)
{
    if (!m_syncing)
        m_files->showFile(file);
}

void ReviewPage::requestIteration(int number)
{
    if (number <= 0)
        return;
    if (number == m_snapshot.iteration) {
        m_loadingIteration = 0;
        updateActions();
        return;
    }
    m_loadingIteration = number;
    updateActions();
    Q_EMIT iterationRequested(taskId(), number);
}

} // namespace agentdesk::ui
