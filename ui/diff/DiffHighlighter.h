#pragma once

#include "review/DiffDocument.h"

#include <KSyntaxHighlighting/AbstractHighlighter>
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/State>

#include <QColor>
#include <QHash>
#include <QPalette>

#include <span>
#include <vector>

namespace KSyntaxHighlighting {
class Repository;
}

namespace agentdesk::diffview {

// Syntax colours for the rows a view paints, computed lazily. Each side of a file is
// highlighted in segments of `segmentLines` consecutive lines of that side. The State is
// carried from line to line and from one segment into the next, as KSyntaxHighlighting's own
// SyntaxHighlighter carries it from block to block, so a block comment that crosses a segment
// boundary keeps its colour; it is reset at every hunk boundary (an unclosed comment in one
// hunk must not colour the next). A segment starts from the previous one's end state; when
// that one is not cached, up to `maxBackfillSegments` earlier ones are highlighted first, and
// past that the segment starts from a fresh State as a guess. Whenever a segment is
// highlighted, the cached segments after it are redone until one starts from the state the
// previous one ended with (the states converge), which corrects a guess as soon as the lines
// before it are painted. Lines over `maxLineLength` are left plain: KSyntaxHighlighting is
// superlinear on very long lines.
class DiffHighlighter : private KSyntaxHighlighting::AbstractHighlighter
{
public:
    struct Span
    {
        quint16 start;
        quint16 length;
        quint16 style;
    };
    struct Style
    {
        QColor color;
        bool bold = false;
        bool italic = false;
    };

    static constexpr int segmentLines = 128;
    static constexpr int maxBackfillSegments = 4;
    static constexpr int maxLineLength = 10000;

    DiffHighlighter();
    ~DiffHighlighter() override;

    void setDocument(review::DiffDocumentPtr document);
    // Picks the light or dark theme that matches the palette; clears the cache.
    void setPalette(const QPalette &palette);
    void setEnabled(bool enabled);
    // `color`, moved towards `text` until it reads on `background` (contrast 4.5:1, the WCAG
    // figure for body text): a theme's grey comments and docstrings stay legible.
    static QColor readable(const QColor &color, const QColor &background, const QColor &text);
    static double contrast(const QColor &a, const QColor &b);

    // The spans of `row`'s text on `side`; empty when plain.
    std::span<const Span> spans(int file, review::Side side, int row);
    const Style &style(quint16 index) const { return m_styles[index]; }
    int cachedSegments() const { return int(m_segments.size()); }
    // How many segments have been highlighted since the document was set (recomputations
    // included), for tests of the bounds above.
    int highlightedSegments() const { return m_highlightedSegments; }

private:
    struct Segment
    {
        std::vector<quint32> lineFirst; // index in spans of each line's first span; +1 entry
        std::vector<Span> spans;
        KSyntaxHighlighting::State startState;
        KSyntaxHighlighting::State endState;
        bool exact = true; // false: started from a guess (the lines before were not highlighted)
    };
    void applyFormat(int offset, int length, const KSyntaxHighlighting::Format &format) override;
    const Segment &segment(int file, review::Side side, int segmentIndex);
    Segment highlight(int file, review::Side side, int segmentIndex,
                      const KSyntaxHighlighting::State &start);
    // True when the segment's first line is in the same hunk as the previous segment's last.
    bool continuesHunk(int file, review::Side side, int segmentIndex) const;
    void propagate(int file, review::Side side, int segmentIndex, KSyntaxHighlighting::State state,
                   bool exact);
    const KSyntaxHighlighting::Definition &definitionFor(int file);
    quint16 styleFor(const KSyntaxHighlighting::Format &format);

    review::DiffDocumentPtr m_document;
    QColor m_background;
    QColor m_text;
    bool m_enabled = true;
    std::vector<KSyntaxHighlighting::Definition> m_definitions;
    std::vector<bool> m_definitionKnown;
    QHash<quint64, Segment> m_segments;
    QHash<quint16, quint16> m_styleByFormat;
    std::vector<Style> m_styles;
    std::vector<Span> *m_sink = nullptr;
    int m_highlightedSegments = 0;
};

} // namespace agentdesk::diffview
