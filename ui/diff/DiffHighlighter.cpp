#include "diff/DiffHighlighter.h"

#include <KSyntaxHighlighting/Format>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/State>
#include <KSyntaxHighlighting/Theme>

#include <algorithm>

#include <algorithm>
#include <cmath>

namespace agentdesk::diffview {

namespace {

// Loading the definitions takes tens of milliseconds: one repository for the process. Only
// the GUI thread highlights, so it needs no lock.
KSyntaxHighlighting::Repository &repository()
{
    static KSyntaxHighlighting::Repository instance;
    return instance;
}

// The cache is cleared wholesale past this many segments: a long scroll through a huge diff
// must not keep every span it ever painted.
constexpr int maxCachedSegments = 512;

} // namespace

DiffHighlighter::DiffHighlighter()
{
    m_styles.push_back({});
}

DiffHighlighter::~DiffHighlighter() = default;

void DiffHighlighter::setDocument(review::DiffDocumentPtr document)
{
    m_document = std::move(document);
    m_segments.clear();
    m_highlightedSegments = 0;
    const size_t files = m_document ? size_t(m_document->fileCount()) : 0;
    m_definitions.assign(files, {});
    m_definitionKnown.assign(files, false);
}

void DiffHighlighter::setPalette(const QPalette &palette)
{
    setTheme(repository().themeForPalette(palette));
    m_background = palette.color(QPalette::Base);
    m_text = palette.color(QPalette::Text);
    m_segments.clear();
    m_styleByFormat.clear();
    m_styles.assign(1, {});
}

void DiffHighlighter::setEnabled(bool enabled)
{
    m_enabled = enabled;
    m_segments.clear();
}

const KSyntaxHighlighting::Definition &DiffHighlighter::definitionFor(int file)
{
    if (!m_definitionKnown[size_t(file)]) {
        m_definitionKnown[size_t(file)] = true;
        m_definitions[size_t(file)] =
            repository().definitionForFileName(m_document->file(file).displayPath());
    }
    return m_definitions[size_t(file)];
}

double DiffHighlighter::contrast(const QColor &a, const QColor &b)
{
    const auto luminance = [](const QColor &c) {
        const auto channel = [](double v) {
            return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
        };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) +
               0.0722 * channel(c.blueF());
    };
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor DiffHighlighter::readable(const QColor &color, const QColor &background, const QColor &text)
{
    QColor result = color;
    for (int step = 1; step <= 10 && contrast(result, background) < 4.5; ++step) {
        const double t = step / 10.0;
        result = QColor::fromRgbF(float(color.redF() * (1 - t) + text.redF() * t),
                                  float(color.greenF() * (1 - t) + text.greenF() * t),
                                  float(color.blueF() * (1 - t) + text.blueF() * t));
    }
    return result;
}

quint16 DiffHighlighter::styleFor(const KSyntaxHighlighting::Format &format)
{
    const auto known = m_styleByFormat.constFind(format.id());
    if (known != m_styleByFormat.constEnd())
        return *known;
    Style style;
    if (format.hasTextColor(theme()) && !format.isDefaultTextStyle(theme()))
        style.color = m_background.isValid()
                          ? readable(format.textColor(theme()), m_background, m_text)
                          : format.textColor(theme());
    style.bold = format.isBold(theme());
    style.italic = format.isItalic(theme());
    const auto index = quint16(m_styles.size());
    m_styles.push_back(style);
    m_styleByFormat.insert(format.id(), index);
    return index;
}

void DiffHighlighter::applyFormat(int offset, int length, const KSyntaxHighlighting::Format &format)
{
    if (!m_sink || length <= 0)
        return;
    const quint16 style = styleFor(format);
    if (!m_styles[style].color.isValid() && !m_styles[style].bold && !m_styles[style].italic)
        return; // default text: nothing to draw differently
    m_sink->push_back({quint16(offset), quint16(length), style});
}

namespace {

quint64 segmentKey(int file, review::Side side, int segmentIndex)
{
    return (quint64(file) << 33) | (quint64(side == review::Side::New) << 32) |
           quint32(segmentIndex);
}

const std::vector<qint32> &lineRowsOf(const review::DiffFile &file, review::Side side)
{
    return side == review::Side::Old ? file.oldLineRows : file.newLineRows;
}

} // namespace

bool DiffHighlighter::continuesHunk(int file, review::Side side, int segmentIndex) const
{
    const review::DiffFile &diffFile = m_document->file(file);
    const std::vector<qint32> &lineRows = lineRowsOf(diffFile, side);
    const size_t first = size_t(segmentIndex) * segmentLines;
    if (segmentIndex <= 0 || first >= lineRows.size())
        return false;
    return diffFile.rows[size_t(lineRows[first])].hunk ==
           diffFile.rows[size_t(lineRows[first - 1])].hunk;
}

DiffHighlighter::Segment DiffHighlighter::highlight(int file, review::Side side, int segmentIndex,
                                                    const KSyntaxHighlighting::State &start)
{
    const review::DiffFile &diffFile = m_document->file(file);
    const std::vector<qint32> &lineRows = lineRowsOf(diffFile, side);
    const int first = segmentIndex * segmentLines;
    const int end = std::min<int>(first + segmentLines, int(lineRows.size()));

    Segment result;
    result.startState = start;
    result.lineFirst.reserve(size_t(std::max(0, end - first)) + 1);
    const KSyntaxHighlighting::Definition &definition = definitionFor(file);
    setDefinition(definition);
    KSyntaxHighlighting::State state = start;
    int hunk = first < end ? diffFile.rows[size_t(lineRows[size_t(first)])].hunk : -1;
    m_sink = &result.spans;
    for (int i = first; i < end; ++i) {
        const review::DiffRow &row = diffFile.rows[size_t(lineRows[size_t(i)])];
        result.lineFirst.push_back(quint32(result.spans.size()));
        if (row.hunk != hunk) {
            state = KSyntaxHighlighting::State();
            hunk = row.hunk;
        }
        const QStringView text = diffFile.sideText(row, side);
        if (definition.isValid() && text.size() <= maxLineLength)
            state = highlightLine(text, state);
    }
    m_sink = nullptr;
    result.lineFirst.push_back(quint32(result.spans.size()));
    result.endState = state;
    ++m_highlightedSegments;
    return result;
}

void DiffHighlighter::propagate(int file, review::Side side, int segmentIndex,
                                KSyntaxHighlighting::State state, bool exact)
{
    for (int i = segmentIndex; continuesHunk(file, side, i); ++i) {
        const auto it = m_segments.find(segmentKey(file, side, i));
        if (it == m_segments.end())
            return;
        if (it->startState == state) {
            it->exact = it->exact || exact;
            return; // converged: every later segment is already right
        }
        Segment redone = highlight(file, side, i, state);
        redone.exact = exact;
        state = redone.endState;
        *it = std::move(redone);
    }
}

const DiffHighlighter::Segment &DiffHighlighter::segment(int file, review::Side side,
                                                         int segmentIndex)
{
    const quint64 key = segmentKey(file, side, segmentIndex);
    if (auto it = m_segments.constFind(key); it != m_segments.constEnd())
        return *it;
    if (m_segments.size() >= maxCachedSegments)
        m_segments.clear();

    // Back to the nearest cached segment or hunk start, at most maxBackfillSegments.
    int first = segmentIndex;
    while (segmentIndex - first < maxBackfillSegments && continuesHunk(file, side, first) &&
           !m_segments.contains(segmentKey(file, side, first - 1)))
        --first;
    KSyntaxHighlighting::State state;
    bool exact = true;
    if (continuesHunk(file, side, first)) {
        const auto previous = m_segments.constFind(segmentKey(file, side, first - 1));
        exact = previous != m_segments.constEnd() && previous->exact;
        if (previous != m_segments.constEnd())
            state = previous->endState;
    }
    for (int i = first; i <= segmentIndex; ++i) {
        Segment computed = highlight(file, side, i, state);
        computed.exact = exact;
        state = computed.endState;
        m_segments.insert(segmentKey(file, side, i), std::move(computed));
    }
    propagate(file, side, segmentIndex + 1, state, exact);
    return *m_segments.constFind(key);
}

std::span<const DiffHighlighter::Span> DiffHighlighter::spans(int file, review::Side side, int row)
{
    if (!m_enabled || !m_document)
        return {};
    const review::DiffFile &diffFile = m_document->file(file);
    const std::vector<qint32> &lineRows = lineRowsOf(diffFile, side);
    const auto it = std::lower_bound(lineRows.begin(), lineRows.end(), row);
    if (it == lineRows.end() || *it != row)
        return {};
    const int position = int(it - lineRows.begin());
    const Segment &seg = segment(file, side, position / segmentLines);
    const int local = position % segmentLines;
    const quint32 begin = seg.lineFirst[size_t(local)];
    const quint32 end = seg.lineFirst[size_t(local) + 1];
    return std::span<const Span>(seg.spans).subspan(begin, end - begin);
}

} // namespace agentdesk::diffview
