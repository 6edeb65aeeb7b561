#include "diff/DiffView.h"

#include "diff/CodeFont.h"
#include "diff/DiffPainter.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>

#include <algorithm>
#include <cmath>

namespace agentdesk::diffview {

using review::Side;

DiffView::DiffView(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setFrameShape(QFrame::NoFrame);
    viewport()->setAutoFillBackground(false);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
    m_font = codeFont();
    m_colors = DiffColors::fromPalette(palette());
    m_highlighter.setPalette(palette());
    updateMetrics();
}

DiffView::~DiffView() = default;

void DiffView::setDocument(review::DiffDocumentPtr document)
{
    m_document = std::move(document);
    m_highlighter.setDocument(m_document);
    m_state.expandedFolds.clear();
    m_state.expandedFiles.clear();
    m_state.expandedNotes.clear();
    m_cursor = -1;
    m_currentFinding = -1;
    m_lastReportedFile = -1;
    m_maxColumns = 0;
    if (m_document) {
        for (const review::DiffFile &file : m_document->files())
            m_maxColumns = std::max(m_maxColumns, file.longestLine);
    }
    if (m_document)
        m_document->anchor(m_findings);
    updateMetrics();
    relayout();
    verticalScrollBar()->setValue(0);
    horizontalScrollBar()->setValue(0);
}

void DiffView::setFindings(std::vector<review::Finding> findings)
{
    m_findings = std::move(findings);
    if (m_document)
        m_document->anchor(m_findings);
    m_state.expandedNotes.clear();
    m_currentFinding = -1;
    relayout();
}

void DiffView::setMode(Mode mode)
{
    m_state.unified = mode == Mode::Unified;
    relayout();
}

void DiffView::setWordWrap(bool wrap)
{
    m_wordWrap = wrap;
    relayout();
}

void DiffView::setTabWidth(int columns)
{
    m_state.tabWidth = std::clamp(columns, 1, 16);
    relayout();
}

void DiffView::setHighlightingEnabled(bool enabled)
{
    m_highlighter.setEnabled(enabled);
    viewport()->update();
}

void DiffView::updateMetrics()
{
    for (int i = 0; i < 4; ++i) {
        QFont font = m_font;
        font.setBold(i & 1);
        font.setItalic(i & 2);
        m_rawFonts[size_t(i)] = QRawFont::fromFont(font);
    }
    const QFontMetricsF fm(m_font);
    m_metrics.charWidth = fm.horizontalAdvance(u'M');
    m_metrics.lineHeight = int(std::ceil(fm.height())) + 3;
    m_metrics.ascent = int(std::round((m_metrics.lineHeight - fm.height()) / 2 + fm.ascent()));
    int maxLine = 9999;
    if (m_document) {
        for (const review::DiffFile &file : m_document->files()) {
            if (!file.rows.empty())
                maxLine = std::max({maxLine, file.rows.back().oldLine, file.rows.back().newLine});
        }
    }
    const int digits = int(QString::number(maxLine).size());
    m_metrics.numberWidth = int(std::ceil(digits * m_metrics.charWidth)) + 14;
}

int DiffView::textColumns() const
{
    const auto columns = DiffPainter::columns(m_metrics, viewport()->width(), m_state.unified);
    return std::max(10, int((columns.oldTextEnd - columns.oldText - 8) / m_metrics.charWidth));
}

void DiffView::relayout()
{
    m_state.wrapColumns = m_wordWrap ? textColumns() : 0;
    const auto columns = DiffPainter::columns(m_metrics, viewport()->width(), m_state.unified);
    const QFontMetricsF ui{QFont()};
    const int noteWidth =
        (m_state.unified ? viewport()->width() : columns.divider) - columns.oldText - 40;
    m_state.noteColumns = std::max(20, int(noteWidth / std::max(1.0, ui.averageCharWidth() * 1.1)));
    m_layout.rebuild(m_document.get(), m_findings, m_state);
    if (m_cursor >= m_layout.count())
        m_cursor = -1;
    updateScrollBars();
    viewport()->update();
}

void DiffView::updateScrollBars()
{
    const qint64 total = m_layout.totalLines() * m_metrics.lineHeight;
    const int page = viewport()->height();
    verticalScrollBar()->setRange(0, int(std::clamp<qint64>(total - page, 0, INT_MAX)));
    verticalScrollBar()->setPageStep(page);
    verticalScrollBar()->setSingleStep(m_metrics.lineHeight);
    const auto columns = DiffPainter::columns(m_metrics, viewport()->width(), m_state.unified);
    const int textWidth = columns.oldTextEnd - columns.oldText;
    const int contentWidth = m_wordWrap ? 0 : int((m_maxColumns + 4) * m_metrics.charWidth);
    horizontalScrollBar()->setRange(0, std::max(0, contentWidth - textWidth));
    horizontalScrollBar()->setPageStep(textWidth);
    horizontalScrollBar()->setSingleStep(int(m_metrics.charWidth * 4));
}

void DiffView::paintEvent(QPaintEvent *event)
{
    QPainter painter(viewport());
    painter.fillRect(event->rect(), m_colors.base);
    if (!m_document || m_layout.count() == 0)
        return;
    DiffPainter::Context context;
    context.document = m_document.get();
    context.layout = &m_layout;
    context.findings = &m_findings;
    context.highlighter = &m_highlighter;
    context.colors = &m_colors;
    context.metrics = &m_metrics;
    context.state = &m_state;
    context.font = m_font;
    context.rawFonts = m_rawFonts.data();
    context.width = viewport()->width();
    context.horizontalOffset = horizontalScrollBar()->value();
    context.currentFinding = m_currentFinding;
    DiffPainter rowPainter(painter, context);

    const qint64 scrollY = verticalScrollBar()->value();
    const int h = m_metrics.lineHeight;
    const QRect exposed = event->rect();
    int index = m_layout.rowAtLine((scrollY + exposed.top()) / h);
    while (index >= 0 && index < m_layout.count()) {
        const int y = int(m_layout.topLine(index) * h - scrollY);
        if (y > exposed.bottom())
            break;
        rowPainter.paintRow(index, y);
        ++index;
    }
}

void DiffView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    relayout();
}

void DiffView::scrollContentsBy(int, int)
{
    viewport()->update();
    const int file = currentFile();
    if (file != m_lastReportedFile) {
        m_lastReportedFile = file;
        Q_EMIT currentFileChanged(file);
    }
}

void DiffView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange) {
        m_colors = DiffColors::fromPalette(palette());
        m_highlighter.setPalette(palette());
        viewport()->update();
    }
    QAbstractScrollArea::changeEvent(event);
}

int DiffView::displayRowAtY(int viewportY) const
{
    return m_layout.rowAtLine((qint64(verticalScrollBar()->value()) + viewportY) /
                              m_metrics.lineHeight);
}

QRect DiffView::displayRowRect(int displayIndex) const
{
    if (displayIndex < 0 || displayIndex >= m_layout.count())
        return {};
    const int y =
        int(m_layout.topLine(displayIndex) * m_metrics.lineHeight - verticalScrollBar()->value());
    return QRect(0, y, viewport()->width(), m_layout.at(displayIndex).lines * m_metrics.lineHeight);
}

std::optional<DiffView::Hit> DiffView::hitAt(QPoint pos) const
{
    const int index = displayRowAtY(pos.y());
    if (index < 0)
        return std::nullopt;
    const DisplayRow &row = m_layout.at(index);
    Hit hit;
    hit.displayIndex = index;
    hit.kind = row.kind;
    hit.file = row.file;
    hit.index = row.index;
    const auto columns = DiffPainter::columns(m_metrics, viewport()->width(), m_state.unified);
    if (m_state.unified) {
        hit.side = row.side == UnifiedSide::OldOnly ? Side::Old : Side::New;
        hit.inGutter = pos.x() < columns.oldText;
    } else {
        hit.side = pos.x() < columns.divider ? Side::Old : Side::New;
        hit.inGutter = hit.side == Side::Old
                           ? pos.x() < columns.oldText
                           : pos.x() >= columns.divider && pos.x() < columns.newText;
    }
    return hit;
}

int DiffView::currentFile() const
{
    const int top = displayRowAtY(0);
    const int bottom = displayRowAtY(viewport()->height() - 1);
    // The row navigation last went to, while it is on screen; otherwise the top row.
    if (m_cursor >= 0 && m_cursor >= top && (bottom < 0 || m_cursor <= bottom))
        return m_layout.at(m_cursor).file;
    return top < 0 ? -1 : m_layout.at(top).file;
}

void DiffView::scrollToDisplayRow(int displayIndex)
{
    if (displayIndex < 0 || displayIndex >= m_layout.count())
        return;
    m_cursor = displayIndex;
    const qint64 y = m_layout.topLine(displayIndex) * m_metrics.lineHeight;
    // A third of the way down, so the context above the target stays visible.
    verticalScrollBar()->setValue(
        int(std::clamp<qint64>(y - viewport()->height() / 3, 0, INT_MAX)));
    viewport()->update();
}

int DiffView::referenceRow() const
{
    const int top = displayRowAtY(0);
    const int bottom = displayRowAtY(viewport()->height() - 1);
    if (m_cursor >= 0 && m_cursor >= top && (bottom < 0 || m_cursor <= bottom))
        return m_cursor;
    return top;
}

void DiffView::step(const std::vector<int> &targets, int direction)
{
    if (targets.empty())
        return;
    const int reference = referenceRow();
    int target = -1;
    if (direction > 0) {
        const auto it = std::upper_bound(targets.begin(), targets.end(), reference);
        if (it != targets.end())
            target = *it;
    } else {
        const auto it = std::lower_bound(targets.begin(), targets.end(), reference);
        if (it != targets.begin())
            target = *std::prev(it);
    }
    if (target >= 0)
        scrollToDisplayRow(target);
    const int file = currentFile();
    if (file != m_lastReportedFile) {
        m_lastReportedFile = file;
        Q_EMIT currentFileChanged(file);
    }
}

void DiffView::nextFinding()
{
    if (m_findings.empty())
        return;
    const int next = m_currentFinding + 1 < int(m_findings.size()) ? m_currentFinding + 1 : 0;
    activateFinding(next);
}

void DiffView::previousFinding()
{
    if (m_findings.empty())
        return;
    const int previous = m_currentFinding > 0 ? m_currentFinding - 1 : int(m_findings.size()) - 1;
    activateFinding(previous);
}

void DiffView::scrollToFinding(int finding)
{
    if (finding < 0 || finding >= int(m_findings.size()))
        return;
    m_currentFinding = finding;
    const review::Finding &f = m_findings[size_t(finding)];
    int target = m_layout.findingRows()[size_t(finding)];
    if (m_document && f.anchored) {
        if (const auto anchor = m_document->anchorOf(f))
            target = m_layout.displayIndexOf(anchor->file, anchor->row);
    }
    scrollToDisplayRow(target);
}

void DiffView::activateFinding(int finding)
{
    if (finding < 0 || finding >= int(m_findings.size()))
        return;
    scrollToFinding(finding);
    Q_EMIT findingActivated(finding);
}

bool DiffView::scrollToLine(int file, Side side, int line)
{
    if (!m_document || file < 0 || file >= m_document->fileCount())
        return false;
    const review::DiffFile &diffFile = m_document->file(file);
    const int row = diffFile.rowOrGapForLine(side, line);
    if (row < 0)
        return false;
    if (diffFile.placeholder == review::Placeholder::Generated &&
        !m_state.expandedFiles.contains(file))
        expandFile(file);
    int display = m_layout.displayIndexOf(file, row);
    if (display >= 0 && m_layout.at(display).kind == DisplayKind::Fold) {
        expandFold(file, m_layout.at(display).index);
        display = m_layout.displayIndexOf(file, row);
    }
    if (m_state.unified && display >= 0 && side == Side::New &&
        m_layout.at(display).side == UnifiedSide::OldOnly && display + 1 < m_layout.count() &&
        m_layout.at(display + 1).index == row)
        ++display;
    scrollToDisplayRow(display);
    return display >= 0 && diffFile.rows[size_t(row)].kind != review::RowKind::Gap;
}

void DiffView::expandFold(int file, int fold)
{
    m_state.expandedFolds.insert(DiffLayout::foldKey(file, fold));
    relayout();
}

void DiffView::expandFile(int file)
{
    m_state.expandedFiles.insert(file);
    relayout();
}

void DiffView::setNoteExpanded(int finding, bool expanded)
{
    if (expanded)
        m_state.expandedNotes.insert(finding);
    else
        m_state.expandedNotes.remove(finding);
    relayout();
}

void DiffView::mousePressEvent(QMouseEvent *event)
{
    const auto hit = hitAt(event->position().toPoint());
    if (!hit || event->button() != Qt::LeftButton) {
        QAbstractScrollArea::mousePressEvent(event);
        return;
    }
    m_cursor = hit->displayIndex;
    switch (hit->kind) {
    case DisplayKind::Fold:
        expandFold(hit->file, hit->index);
        break;
    case DisplayKind::Placeholder:
        if (m_document->file(hit->file).placeholder == review::Placeholder::Generated)
            expandFile(hit->file);
        else if (m_document->file(hit->file).placeholder == review::Placeholder::TooLarge)
            Q_EMIT fullFileRequested(hit->file);
        break;
    case DisplayKind::Note:
        m_currentFinding = hit->index;
        setNoteExpanded(hit->index, !m_state.expandedNotes.contains(hit->index));
        Q_EMIT findingActivated(hit->index);
        break;
    case DisplayKind::Row:
        if (hit->inGutter) {
            for (const FindingSpan &span : m_layout.findingSpans(hit->file)) {
                if (hit->index >= span.firstRow && hit->index <= span.lastRow &&
                    m_findings[size_t(span.finding)].side == hit->side) {
                    m_currentFinding = span.finding;
                    viewport()->update();
                    Q_EMIT findingActivated(span.finding);
                    break;
                }
            }
        }
        break;
    default:
        break;
    }
    event->accept();
}

void DiffView::mouseReleaseEvent(QMouseEvent *event)
{
    event->accept(); // presses act at once; the release has nothing left to do
}

void DiffView::keyPressEvent(QKeyEvent *event)
{
    const auto modifiers =
        event->modifiers() & (Qt::ShiftModifier | Qt::ControlModifier | Qt::AltModifier);
    const int key = event->key();
    if (key == Qt::Key_Down && modifiers == Qt::ControlModifier)
        nextFile();
    else if (key == Qt::Key_Up && modifiers == Qt::ControlModifier)
        previousFile();
    else if ((key == Qt::Key_Down && modifiers == Qt::AltModifier) ||
             (key == Qt::Key_F7 && modifiers == Qt::NoModifier))
        nextChange();
    else if ((key == Qt::Key_Up && modifiers == Qt::AltModifier) ||
             (key == Qt::Key_F7 && modifiers == Qt::ShiftModifier))
        previousChange();
    else if ((key == Qt::Key_N || key == Qt::Key_F8) && modifiers == Qt::NoModifier)
        nextFinding();
    else if ((key == Qt::Key_N || key == Qt::Key_F8) && modifiers == Qt::ShiftModifier)
        previousFinding();
    else if ((key == Qt::Key_Return || key == Qt::Key_Enter) && m_currentFinding >= 0)
        activateFinding(m_currentFinding);
    else {
        QAbstractScrollArea::keyPressEvent(event);
        return;
    }
    event->accept();
}

} // namespace agentdesk::diffview
