#pragma once

#include "diff/DiffColors.h"
#include "diff/DiffHighlighter.h"
#include "diff/DiffLayout.h"
#include "review/DiffDocument.h"
#include "review/Finding.h"

#include <QAbstractScrollArea>
#include <QFont>
#include <QRawFont>

#include <array>

#include <optional>

namespace agentdesk::diffview {

// Geometry shared by the view and its painter, in device-independent pixels.
struct DiffMetrics
{
    qreal charWidth = 8;
    int lineHeight = 18;
    int ascent = 14;
    int markWidth = 5;
    int numberWidth = 40;
    int textPadding = 8;
};

// The side-by-side (or unified) diff viewer. Custom-painted: it draws only the rows that
// intersect the viewport, found by binary search over the layout's cumulative heights, so
// its cost per frame does not depend on the size of the diff.
//
// Keyboard: Ctrl+Down / Ctrl+Up next/previous file; N / Shift+N (or F8 / Shift+F8)
// next/previous finding; Alt+Down / Alt+Up (or F7 / Shift+F7) next/previous change; Return
// activates the current finding.
class DiffView : public QAbstractScrollArea
{
    Q_OBJECT
public:
    enum class Mode
    {
        SideBySide,
        Unified,
    };

    struct Hit
    {
        int displayIndex = -1;
        DisplayKind kind = DisplayKind::Row;
        int file = -1;
        int index = -1; // document row, fold or finding, as for DisplayRow
        review::Side side = review::Side::New;
        bool inGutter = false;
    };

    explicit DiffView(QWidget *parent = nullptr);
    ~DiffView() override;

    void setDocument(review::DiffDocumentPtr document);
    review::DiffDocumentPtr document() const { return m_document; }
    void setFindings(std::vector<review::Finding> findings);
    const std::vector<review::Finding> &findings() const { return m_findings; }

    void setMode(Mode mode);
    Mode mode() const { return m_state.unified ? Mode::Unified : Mode::SideBySide; }
    void setWordWrap(bool wrap);
    bool wordWrap() const { return m_wordWrap; }
    void setTabWidth(int columns);
    int tabWidth() const { return m_state.tabWidth; }
    void setHighlightingEnabled(bool enabled);

    // Scrolls so the line is in view, expanding a fold that hides it. False if the diff does
    // not show that line (it may still be in a gap between hunks: then the gap is shown).
    bool scrollToLine(int file, review::Side side, int line);
    void scrollToFinding(int finding);
    // Scrolls to the finding, marks it current and emits findingActivated.
    void activateFinding(int finding);
    int currentFinding() const { return m_currentFinding; }
    int currentFile() const;

    void expandFold(int file, int fold);
    void expandFile(int file);
    void setNoteExpanded(int finding, bool expanded);

    void nextFile() { step(m_layout.fileStarts(), +1); }
    void previousFile() { step(m_layout.fileStarts(), -1); }
    void nextChange() { step(m_layout.changeStarts(), +1); }
    void previousChange() { step(m_layout.changeStarts(), -1); }
    void nextFinding();
    void previousFinding();

    // What is painted at a viewport position, and where a display row is painted: for tests
    // and for tools that overlay the view.
    std::optional<Hit> hitAt(QPoint viewportPos) const;
    QRect displayRowRect(int displayIndex) const;
    int displayRowAtY(int viewportY) const;
    const DiffLayout &layout() const { return m_layout; }
    // For benchmarks and tests: the highlighter's counters (segments highlighted so far).
    const DiffHighlighter &highlighter() const { return m_highlighter; }
    const DiffColors &colors() const { return m_colors; }
    const DiffMetrics &metrics() const { return m_metrics; }

Q_SIGNALS:
    void findingActivated(int finding);
    // A too-large file's placeholder was clicked: the caller may load it whole.
    void fullFileRequested(int file);
    void currentFileChanged(int file);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void changeEvent(QEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    void relayout();
    void updateMetrics();
    void updateScrollBars();
    void scrollToDisplayRow(int displayIndex);
    void step(const std::vector<int> &targets, int direction);
    int referenceRow() const;
    int textColumns() const;

    review::DiffDocumentPtr m_document;
    std::vector<review::Finding> m_findings;
    DiffLayout::State m_state;
    DiffLayout m_layout;
    DiffHighlighter m_highlighter;
    DiffColors m_colors;
    DiffMetrics m_metrics;
    QFont m_font;
    std::array<QRawFont, 4> m_rawFonts;
    bool m_wordWrap = false;
    int m_maxColumns = 0;
    int m_cursor = -1;
    int m_currentFinding = -1;
    int m_lastReportedFile = -1;
};

} // namespace agentdesk::diffview
