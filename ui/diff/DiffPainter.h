#pragma once

#include "diff/DiffColors.h"
#include "diff/DiffHighlighter.h"
#include "diff/DiffLayout.h"
#include "diff/DiffView.h"

#include <QFont>
#include <QPainter>
#include <QRawFont>

namespace agentdesk::diffview {

// Paints display rows for a DiffView. Holds no state of its own between paints; everything
// it needs is in the context, built by the view per paint event.
class DiffPainter
{
public:
    struct Context
    {
        const review::DiffDocument *document = nullptr;
        const DiffLayout *layout = nullptr;
        const std::vector<review::Finding> *findings = nullptr;
        DiffHighlighter *highlighter = nullptr;
        const DiffColors *colors = nullptr;
        const DiffMetrics *metrics = nullptr;
        const DiffLayout::State *state = nullptr;
        QFont font;
        // The fixed font as raw fonts (regular, bold, italic, bold italic): runs of text whose
        // glyphs the font has are drawn as glyph runs, skipping the shaper (see drawRun).
        const QRawFont *rawFonts = nullptr;
        int width = 0;
        int horizontalOffset = 0;
        int currentFinding = -1;
    };

    DiffPainter(QPainter &painter, const Context &context);

    void paintRow(int displayIndex, int y);

    // Where each column block of a row starts, for painting and hit testing alike.
    struct Columns
    {
        int oldNumber = 0; // x of the old line-number block
        int newNumber = 0;
        int oldText = 0; // x of the text
        int newText = 0;
        int oldTextEnd = 0;
        int newTextEnd = 0;
        int divider = 0; // side by side: x of the middle line
    };
    static Columns columns(const DiffMetrics &metrics, int width, bool unified);

private:
    void paintHeader(const DisplayRow &row, const QRect &rect);
    void paintRowContent(const DisplayRow &row, const QRect &rect);
    void paintSide(const DisplayRow &row, review::Side side, const QRect &rect, int numberX,
                   int textX, int textEnd, bool showBothNumbers);
    void paintGap(const DisplayRow &row, const QRect &rect);
    void paintFold(const DisplayRow &row, const QRect &rect);
    void paintPlaceholder(const DisplayRow &row, const QRect &rect);
    void paintNote(const DisplayRow &row, const QRect &rect);
    void paintFindingMarks(const DisplayRow &row, const QRect &rect);
    void drawText(QStringView text, std::span<const DiffHighlighter::Span> spans,
                  std::span<const review::IntraRange> intra, const QColor &intraColor, int x, int y,
                  int clipLeft, int clipRight);
    QFont styledFont(bool bold, bool italic) const;
    void drawRun(const QString &run, const DiffHighlighter::Style &style, QPointF origin);

    QPainter &m_painter;
    const Context &m_context;
    const DiffColors &m_colors;
    const DiffMetrics &m_metrics;
    Columns m_columns;
    QFont m_bold;
    QFont m_italic;
    QFont m_boldItalic;
};

} // namespace agentdesk::diffview
