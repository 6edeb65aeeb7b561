#pragma once

#include "review/DiffDocument.h"

#include <KSyntaxHighlighting/AbstractHighlighter>
#include <KSyntaxHighlighting/Definition>

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
// highlighted in segments of consecutive lines of that side; the State is carried from line
// to line within a segment and reset at every hunk boundary (an unclosed comment in one hunk
// must not colour the next) and at every segment start, which bounds the work one paint can
// trigger to one segment. Lines over `maxLineLength` are left plain: KSyntaxHighlighting is
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
    static constexpr int maxLineLength = 10000;

    DiffHighlighter();
    ~DiffHighlighter() override;

    void setDocument(review::DiffDocumentPtr document);
    // Picks the light or dark theme that matches the palette; clears the cache.
    void setPalette(const QPalette &palette);
    void setEnabled(bool enabled);

    // The spans of `row`'s text on `side`; empty when plain.
    std::span<const Span> spans(int file, review::Side side, int row);
    const Style &style(quint16 index) const { return m_styles[index]; }
    int cachedSegments() const { return int(m_segments.size()); }

private:
    struct Segment
    {
        std::vector<quint32> lineFirst; // index in spans of each line's first span; +1 entry
        std::vector<Span> spans;
    };
    void applyFormat(int offset, int length, const KSyntaxHighlighting::Format &format) override;
    const Segment &segment(int file, review::Side side, int segmentIndex);
    const KSyntaxHighlighting::Definition &definitionFor(int file);
    quint16 styleFor(const KSyntaxHighlighting::Format &format);

    review::DiffDocumentPtr m_document;
    bool m_enabled = true;
    std::vector<KSyntaxHighlighting::Definition> m_definitions;
    std::vector<bool> m_definitionKnown;
    QHash<quint64, Segment> m_segments;
    QHash<quint16, quint16> m_styleByFormat;
    std::vector<Style> m_styles;
    std::vector<Span> *m_sink = nullptr;
};

} // namespace agentdesk::diffview
