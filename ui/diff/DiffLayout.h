#pragma once

#include "review/DiffDocument.h"
#include "review/Finding.h"

#include <QSet>
#include <QStringList>

#include <vector>

namespace agentdesk::diffview {

enum class DisplayKind : quint8
{
    FileHeader,  // path, status, counts
    Row,         // a document row (in unified mode, possibly one side of it)
    Gap,         // lines between hunks the diff does not carry
    Fold,        // collapsed context rows; expands on click
    Placeholder, // binary, too large, generated, nothing to show
    Note,        // a finding's inline note, below the last row of its range
};

enum class UnifiedSide : quint8
{
    Both, // side by side, or a context row in unified mode
    OldOnly,
    NewOnly,
};

struct DisplayRow
{
    qint32 file = 0;
    qint32 index = 0; // document row, fold index or finding index, by kind
    DisplayKind kind = DisplayKind::Row;
    UnifiedSide side = UnifiedSide::Both;
    quint16 lines = 1; // height in text lines
};

// A finding's place in the document: the rows its range covers.
struct FindingSpan
{
    int finding = -1;
    int firstRow = -1;
    int lastRow = -1;
};

// Turns a document plus view state (mode, expanded regions, findings) into the flat list of
// display rows and their cumulative heights. Painting looks rows up by y with a binary
// search here; navigation uses the precomputed change/file/finding positions. Rebuilt only
// when the view state changes, never per paint.
class DiffLayout
{
public:
    struct State
    {
        bool unified = false;
        int wrapColumns = 0; // 0: no wrap
        int tabWidth = 4;
        int noteColumns = 100;
        QSet<quint64> expandedFolds; // foldKey(file, fold)
        QSet<int> expandedFiles;     // generated files shown in full
        QSet<int> expandedNotes;     // finding indexes
    };

    static quint64 foldKey(int file, int fold) { return (quint64(file) << 32) | quint32(fold); }

    void rebuild(const review::DiffDocument *document, const std::vector<review::Finding> &findings,
                 const State &state);

    int count() const { return int(m_rows.size()); }
    const DisplayRow &at(int index) const { return m_rows[size_t(index)]; }
    qint64 totalLines() const { return m_top.empty() ? 0 : m_top.back(); }
    qint64 topLine(int index) const { return m_top[size_t(index)]; }
    // The display row covering text line `line` (0-based from the top); -1 past the end.
    int rowAtLine(qint64 line) const;

    const std::vector<int> &fileStarts() const { return m_fileStarts; }
    const std::vector<int> &changeStarts() const { return m_changeStarts; }
    // Display index of each finding's note (or of its file header when unanchored); -1 if
    // its file is not in the document.
    const std::vector<int> &findingRows() const { return m_findingRows; }
    const std::vector<FindingSpan> &findingSpans(int file) const;
    // The display row showing `row` of `file` (or the fold hiding it); -1 if none.
    int displayIndexOf(int file, int row) const;

    static int visualColumns(QStringView text, int tabWidth);
    // Greedy word wrap at `columns` characters, shared by the layout and the painter so a
    // note's height and its painted lines agree.
    static QStringList wrapText(const QString &text, int columns);
    // Code (a suggested fix): each line as it is, indentation kept (tabs as four spaces); a
    // line longer than `columns` continues on the next with the same indentation.
    static QStringList wrapCode(const QString &text, int columns);
    static int noteLines(const review::Finding &finding, bool expanded, int columns);
    // An expanded note whose title would be cut on its header line (a narrow side-by-side
    // column) repeats it in full, wrapped, above the body; empty when it fits.
    static QStringList expandedTitleLines(const review::Finding &finding, int columns);

private:
    void addFile(int file, const std::vector<review::Finding> &findings);
    void addRows(int file, int firstRow, int endRow);
    void addRow(int file, int row);
    void addNotes(int file, int row);
    void push(DisplayRow row);

    const review::DiffDocument *m_document = nullptr;
    const State *m_state = nullptr;
    std::vector<DisplayRow> m_rows;
    std::vector<qint64> m_top; // m_top[i]: first line of row i; one extra entry at the end
    std::vector<int> m_fileStarts;
    std::vector<int> m_changeStarts;
    std::vector<int> m_findingRows;
    std::vector<std::vector<FindingSpan>> m_spans; // per file, by first row
    std::vector<FindingSpan> m_byLastRow;          // the current file's spans, by last row
    size_t m_nextNote = 0;
    std::vector<FindingSpan> m_noSpans;
    const std::vector<review::Finding> *m_findings = nullptr;
};

} // namespace agentdesk::diffview
