#include "diff/DiffHighlighter.h"

#include <KSyntaxHighlighting/Format>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/State>
#include <KSyntaxHighlighting/Theme>

#include <algorithm>

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
    const size_t files = m_document ? size_t(m_document->fileCount()) : 0;
    m_definitions.assign(files, {});
    m_definitionKnown.assign(files, false);
}

void DiffHighlighter::setPalette(const QPalette &palette)
{
    setTheme(repository().themeForPalette(palette));
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

quint16 DiffHighlighter::styleFor(const KSyntaxHighlighting::Format &format)
{
    const auto known = m_styleByFormat.constFind(format.id());
    if (known != m_styleByFormat.constEnd())
        return *known;
    Style style;
    if (format.hasTextColor(theme()) && !format.isDefaultTextStyle(theme()))
        style.color = format.textColor(theme());
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

const DiffHighlighter::Segment &DiffHighlighter::segment(int file, review::Side side,
                                                         int segmentIndex)
{
    const quint64 key =
        (quint64(file) << 33) | (quint64(side == review::Side::New) << 32) | quint32(segmentIndex);
    if (auto it = m_segments.constFind(key); it != m_segments.constEnd())
        return *it;
    if (m_segments.size() >= maxCachedSegments)
        m_segments.clear();

    const review::DiffFile &diffFile = m_document->file(file);
    const std::vector<qint32> &lineRows =
        side == review::Side::Old ? diffFile.oldLineRows : diffFile.newLineRows;
    const int first = segmentIndex * segmentLines;
    const int end = std::min<int>(first + segmentLines, int(lineRows.size()));

    Segment result;
    result.lineFirst.reserve(size_t(std::max(0, end - first)) + 1);
    const KSyntaxHighlighting::Definition &definition = definitionFor(file);
    setDefinition(definition);
    KSyntaxHighlighting::State state;
    int hunk = -1;
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
    return *m_segments.insert(key, std::move(result));
}

std::span<const DiffHighlighter::Span> DiffHighlighter::spans(int file, review::Side side, int row)
{
    if (!m_enabled || !m_document)
        return {};
    const review::DiffFile &diffFile = m_document->file(file);
    const std::vector<qint32> &lineRows =
        side == review::Side::Old ? diffFile.oldLineRows : diffFile.newLineRows;
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
