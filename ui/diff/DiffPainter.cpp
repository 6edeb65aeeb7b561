#include "diff/DiffPainter.h"

#include <QGlyphRun>
#include <QLocale>

#include <cmath>

namespace agentdesk::diffview {

using review::DiffFile;
using review::DiffRow;
using review::RowKind;
using review::Side;

namespace {

QString statusLetter(git::DeltaStatus status)
{
    switch (status) {
    case git::DeltaStatus::Added:
        return QStringLiteral("A");
    case git::DeltaStatus::Deleted:
        return QStringLiteral("D");
    case git::DeltaStatus::Renamed:
        return QStringLiteral("R");
    case git::DeltaStatus::Copied:
        return QStringLiteral("C");
    case git::DeltaStatus::TypeChanged:
        return QStringLiteral("T");
    default:
        return QStringLiteral("M");
    }
}

QString formatSize(qint64 bytes)
{
    return QLocale::system().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

} // namespace

DiffPainter::Columns DiffPainter::columns(const DiffMetrics &metrics, int width, bool unified)
{
    Columns c;
    if (unified) {
        c.oldNumber = metrics.markWidth;
        c.newNumber = metrics.markWidth + metrics.numberWidth;
        c.oldText = c.newText = c.newNumber + metrics.numberWidth + metrics.textPadding +
                                int(std::ceil(metrics.charWidth * 2));
        c.oldTextEnd = c.newTextEnd = width;
        c.divider = -1;
        return c;
    }
    const int half = width / 2;
    c.divider = half;
    c.oldNumber = metrics.markWidth;
    c.oldText = c.oldNumber + metrics.numberWidth + metrics.textPadding;
    c.oldTextEnd = half;
    c.newNumber = half + metrics.markWidth;
    c.newText = c.newNumber + metrics.numberWidth + metrics.textPadding;
    c.newTextEnd = width;
    return c;
}

DiffPainter::DiffPainter(QPainter &painter, const Context &context)
    : m_painter(painter)
    , m_context(context)
    , m_colors(*context.colors)
    , m_metrics(*context.metrics)
    , m_columns(columns(*context.metrics, context.width, context.state->unified))
    , m_bold(context.font)
    , m_italic(context.font)
    , m_boldItalic(context.font)
{
    m_bold.setBold(true);
    m_italic.setItalic(true);
    m_boldItalic.setBold(true);
    m_boldItalic.setItalic(true);
}

QFont DiffPainter::styledFont(bool bold, bool italic) const
{
    if (bold && italic)
        return m_boldItalic;
    if (bold)
        return m_bold;
    return italic ? m_italic : m_context.font;
}

void DiffPainter::paintRow(int displayIndex, int y)
{
    const DisplayRow &row = m_context.layout->at(displayIndex);
    const QRect rect(0, y, m_context.width, row.lines * m_metrics.lineHeight);
    switch (row.kind) {
    case DisplayKind::FileHeader:
        paintHeader(row, rect);
        break;
    case DisplayKind::Row:
        paintRowContent(row, rect);
        paintFindingMarks(row, rect);
        break;
    case DisplayKind::Gap:
        paintGap(row, rect);
        break;
    case DisplayKind::Fold:
        paintFold(row, rect);
        break;
    case DisplayKind::Placeholder:
        paintPlaceholder(row, rect);
        break;
    case DisplayKind::Note:
        paintNote(row, rect);
        break;
    }
}

void DiffPainter::paintHeader(const DisplayRow &row, const QRect &rect)
{
    const DiffFile &file = m_context.document->file(row.file);
    m_painter.fillRect(rect, m_colors.headerBackground);
    m_painter.setPen(m_colors.border);
    m_painter.drawLine(rect.topLeft(), rect.topRight());
    m_painter.drawLine(rect.bottomLeft(), rect.bottomRight());

    QFont font = m_context.font;
    font.setBold(true);
    m_painter.setFont(font);
    const QFontMetrics fm(font);
    const int h = m_metrics.lineHeight;
    const QRect badge(rect.left() + 10, rect.center().y() - h / 2 + 1, h, h - 2);
    const QColor statusColor = file.status == git::DeltaStatus::Added     ? m_colors.added
                               : file.status == git::DeltaStatus::Deleted ? m_colors.removed
                                                                          : m_colors.foldText;
    m_painter.setPen(Qt::NoPen);
    m_painter.setBrush(statusColor);
    m_painter.setRenderHint(QPainter::Antialiasing, true);
    m_painter.drawRoundedRect(badge, 3, 3);
    m_painter.setRenderHint(QPainter::Antialiasing, false);
    m_painter.setPen(Qt::white);
    m_painter.drawText(badge, Qt::AlignCenter, statusLetter(file.status));

    QString path = file.displayPath();
    if ((file.status == git::DeltaStatus::Renamed || file.status == git::DeltaStatus::Copied) &&
        file.oldPath != file.newPath)
        path = file.oldPath + QStringLiteral("  →  ") + file.newPath;
    int x = badge.right() + 10;
    m_painter.setPen(m_colors.text);
    m_painter.drawText(QRect(x, rect.top(), rect.width() - x - 200, rect.height()),
                       Qt::AlignVCenter | Qt::AlignLeft, path);
    x += fm.horizontalAdvance(path) + 16;

    QString detail;
    if (file.modeChanged())
        detail = QStringLiteral("mode %1 → %2").arg(file.oldMode, 0, 8).arg(file.newMode, 0, 8);
    if (file.status == git::DeltaStatus::Renamed && file.similarity > 0)
        detail += (detail.isEmpty() ? QString() : QStringLiteral("  ·  ")) +
                  QStringLiteral("%1% similar").arg(file.similarity);
    m_painter.setFont(m_context.font);
    if (!detail.isEmpty()) {
        m_painter.setPen(m_colors.dimText);
        m_painter.drawText(QRect(x, rect.top(), rect.width() - x, rect.height()),
                           Qt::AlignVCenter | Qt::AlignLeft, detail);
    }

    // Right-aligned: flag count, then +added -removed.
    const QString removed = QStringLiteral("−%1").arg(file.removed);
    const QString added = QStringLiteral("+%1").arg(file.added);
    int right = rect.right() - 12;
    m_painter.setFont(font);
    m_painter.setPen(m_colors.removed);
    m_painter.drawText(QRect(right - 200, rect.top(), 200, rect.height()),
                       Qt::AlignVCenter | Qt::AlignRight, removed);
    right -= fm.horizontalAdvance(removed) + 10;
    m_painter.setPen(m_colors.added);
    m_painter.drawText(QRect(right - 200, rect.top(), 200, rect.height()),
                       Qt::AlignVCenter | Qt::AlignRight, added);
    right -= fm.horizontalAdvance(added) + 14;
    int flags = 0;
    int worst = 3;
    for (const review::Finding &finding : *m_context.findings) {
        if (m_context.document->fileIndex(finding.file) == row.file) {
            ++flags;
            worst = std::min(worst, finding.priority);
        }
    }
    if (flags > 0) {
        const QString text =
            flags == 1 ? QStringLiteral("1 flag") : QStringLiteral("%1 flags").arg(flags);
        const int w = fm.horizontalAdvance(text) + 14;
        const QRect pill(right - w, rect.center().y() - h / 2 + 1, w, h - 2);
        m_painter.setRenderHint(QPainter::Antialiasing, true);
        m_painter.setPen(Qt::NoPen);
        m_painter.setBrush(m_colors.priorityColor(worst));
        m_painter.drawRoundedRect(pill, h / 2 - 1, h / 2 - 1);
        m_painter.setRenderHint(QPainter::Antialiasing, false);
        m_painter.setPen(Qt::white);
        m_painter.drawText(pill, Qt::AlignCenter, text);
    }
    m_painter.setFont(m_context.font);
}

void DiffPainter::paintRowContent(const DisplayRow &row, const QRect &rect)
{
    const DiffFile &file = m_context.document->file(row.file);
    const DiffRow &docRow = file.rows[size_t(row.index)];
    const int gutterEndOld = m_columns.oldText - m_metrics.textPadding / 2;
    if (m_context.state->unified) {
        QColor background = m_colors.base;
        QColor gutter = m_colors.gutter;
        if (row.side == UnifiedSide::OldOnly) {
            background = m_colors.removedBackground;
            gutter = m_colors.removedGutter;
        } else if (row.side == UnifiedSide::NewOnly) {
            background = m_colors.addedBackground;
            gutter = m_colors.addedGutter;
        }
        m_painter.fillRect(rect, background);
        m_painter.fillRect(QRect(rect.left(), rect.top(), gutterEndOld, rect.height()), gutter);
        const Side side = row.side == UnifiedSide::OldOnly ? Side::Old : Side::New;
        paintSide(row, side, rect, m_columns.oldNumber, m_columns.oldText, m_columns.oldTextEnd,
                  true);
        return;
    }
    const int half = m_columns.divider;
    const bool hasOld = docRow.hasOld();
    const bool hasNew = docRow.hasNew();
    const QRect left(0, rect.top(), half, rect.height());
    const QRect right(half, rect.top(), rect.width() - half, rect.height());
    const bool oldChanged = docRow.kind == RowKind::Removed || docRow.kind == RowKind::Modified;
    const bool newChanged = docRow.kind == RowKind::Added || docRow.kind == RowKind::Modified;
    m_painter.fillRect(left, !hasOld      ? m_colors.emptySide
                             : oldChanged ? m_colors.removedBackground
                                          : m_colors.base);
    m_painter.fillRect(right, !hasNew      ? m_colors.emptySide
                              : newChanged ? m_colors.addedBackground
                                           : m_colors.base);
    if (hasOld)
        m_painter.fillRect(QRect(0, rect.top(), gutterEndOld, rect.height()),
                           oldChanged ? m_colors.removedGutter : m_colors.gutter);
    if (hasNew)
        m_painter.fillRect(QRect(half, rect.top(),
                                 m_columns.newText - m_metrics.textPadding / 2 - half,
                                 rect.height()),
                           newChanged ? m_colors.addedGutter : m_colors.gutter);
    if (hasOld)
        paintSide(row, Side::Old, rect, m_columns.oldNumber, m_columns.oldText,
                  m_columns.oldTextEnd, false);
    if (hasNew)
        paintSide(row, Side::New, rect, m_columns.newNumber, m_columns.newText,
                  m_columns.newTextEnd, false);
    m_painter.setPen(m_colors.border);
    m_painter.drawLine(half, rect.top(), half, rect.bottom());
}

void DiffPainter::paintSide(const DisplayRow &row, Side side, const QRect &rect, int numberX,
                            int textX, int textEnd, bool unifiedRow)
{
    const DiffFile &file = m_context.document->file(row.file);
    const DiffRow &docRow = file.rows[size_t(row.index)];
    const int h = m_metrics.lineHeight;
    const int numberWidth = m_metrics.numberWidth - 6;
    m_painter.setFont(m_context.font);
    m_painter.setPen(m_colors.lineNumber);
    auto drawNumber = [&](int x, int line) {
        if (line > 0)
            m_painter.drawText(QRect(x, rect.top(), numberWidth, h),
                               Qt::AlignRight | Qt::AlignVCenter, QString::number(line));
    };
    if (unifiedRow) {
        if (row.side != UnifiedSide::NewOnly)
            drawNumber(m_columns.oldNumber, docRow.oldLine);
        if (row.side != UnifiedSide::OldOnly)
            drawNumber(m_columns.newNumber, docRow.newLine);
        const QChar sign = row.side == UnifiedSide::OldOnly   ? u'−'
                           : row.side == UnifiedSide::NewOnly ? u'+'
                                                              : u' ';
        m_painter.setPen(row.side == UnifiedSide::OldOnly ? m_colors.removed : m_colors.added);
        m_painter.drawText(QPointF(textX - m_metrics.charWidth * 2, rect.top() + m_metrics.ascent),
                           QString(sign));
    } else {
        drawNumber(numberX, side == Side::Old ? docRow.oldLine : docRow.newLine);
    }
    const bool modified = docRow.kind == RowKind::Modified;
    const auto intra = !modified           ? std::span<const review::IntraRange>()
                       : side == Side::Old ? file.oldIntra(docRow)
                                           : file.newIntra(docRow);
    const QColor intraColor = side == Side::Old ? m_colors.removedIntra : m_colors.addedIntra;
    const QStringView text = file.sideText(docRow, side);
    m_painter.setClipRect(QRect(textX, rect.top(), textEnd - textX, rect.height()));
    drawText(text, m_context.highlighter->spans(row.file, side, row.index), intra, intraColor,
             textX, rect.top(), textX, textEnd);
    const quint8 noNewline = side == Side::Old ? review::OldNoNewline : review::NewNoNewline;
    if ((docRow.flags & noNewline) && m_context.state->wrapColumns == 0) {
        const int columns = DiffLayout::visualColumns(text, m_context.state->tabWidth);
        const qreal x = textX + (columns + 1) * m_metrics.charWidth - m_context.horizontalOffset;
        m_painter.setPen(m_colors.removed);
        m_painter.drawText(QPointF(x, rect.top() + m_metrics.ascent), QStringLiteral("⊘"));
    }
    m_painter.setClipping(false);
}

void DiffPainter::drawText(QStringView text, std::span<const DiffHighlighter::Span> spans,
                           std::span<const review::IntraRange> intra, const QColor &intraColor,
                           int x, int y, int clipLeft, int clipRight)
{
    const qreal cw = m_metrics.charWidth;
    const int h = m_metrics.lineHeight;
    const int wrap = m_context.state->wrapColumns;
    const int tab = std::max(1, m_context.state->tabWidth);
    const int hOffset = wrap > 0 ? 0 : m_context.horizontalOffset;
    const int firstVisible = wrap > 0 ? 0 : int(hOffset / cw) - 1;
    const int lastVisible = wrap > 0 ? INT_MAX : int((hOffset + clipRight - clipLeft) / cw) + 2;

    // Columns of each UTF-16 index, computed as the text is walked; intra-line ranges are
    // painted first so the text lands on top.
    auto fillColumns = [&](int fromColumn, int toColumn) {
        while (fromColumn < toColumn) {
            const int line = wrap > 0 ? fromColumn / wrap : 0;
            const int lineEnd = wrap > 0 ? std::min(toColumn, (line + 1) * wrap) : toColumn;
            const int start = wrap > 0 ? fromColumn % wrap : fromColumn;
            m_painter.fillRect(
                QRectF(x + start * cw - hOffset, y + line * h, (lineEnd - fromColumn) * cw, h),
                intraColor);
            fromColumn = lineEnd;
        }
    };

    QString run;
    int runColumn = 0;
    int runLine = 0;
    quint16 runStyle = 0;
    auto flush = [&] {
        if (run.isEmpty())
            return;
        drawRun(run, m_context.highlighter->style(runStyle),
                QPointF(x + runColumn * cw - hOffset, y + runLine * h + m_metrics.ascent));
        run.clear();
    };

    // Intra-line backgrounds first, in a pass of their own, so every run of text lands on top.
    if (!intra.empty()) {
        const int last = intra.back().start + intra.back().length;
        size_t range = 0;
        int rangeStart = -1;
        int column = 0;
        for (int i = 0; i < std::min<int>(last, int(text.size())) && range < intra.size(); ++i) {
            if (i == intra[range].start)
                rangeStart = column;
            column += text[i] == u'\t' ? tab - column % tab : 1;
            if (i == intra[range].start + intra[range].length - 1) {
                fillColumns(rangeStart, column);
                ++range;
            }
        }
    }

    size_t span = 0;
    int column = 0;
    const int length = int(text.size());
    for (int i = 0; i < length; ++i) {
        const QChar c = text[i];
        const int width = c == u'\t' ? tab - column % tab : 1;
        if (wrap == 0 && column > lastVisible)
            break;
        while (span < spans.size() && spans[span].start + spans[span].length <= i)
            ++span;
        const quint16 style = span < spans.size() && spans[span].start <= i ? spans[span].style : 0;
        if (column + width > firstVisible) {
            const int line = wrap > 0 ? column / wrap : 0;
            if (!run.isEmpty() && (style != runStyle || line != runLine))
                flush();
            if (run.isEmpty()) {
                runColumn = wrap > 0 ? column % wrap : column;
                runLine = line;
                runStyle = style;
            }
            if (c == u'\t')
                run.append(QString(width, u' '));
            else
                run.append(c);
        }
        column += width;
    }
    flush();
}

void DiffPainter::drawRun(const QString &run, const DiffHighlighter::Style &style, QPointF origin)
{
    if (std::all_of(run.begin(), run.end(), [](QChar c) { return c == u' '; }))
        return;
    m_painter.setPen(style.color.isValid() ? style.color : m_colors.text);
    // QPainter::drawText shapes every call, which is most of a frame's cost for code. A
    // monospaced run whose glyphs are all in the font needs no shaping: one glyph per column.
    if (m_context.rawFonts) {
        const QRawFont &raw = m_context.rawFonts[(style.bold ? 1 : 0) + (style.italic ? 2 : 0)];
        const QList<quint32> glyphs = raw.glyphIndexesForString(run);
        if (raw.isValid() && glyphs.size() == run.size() &&
            std::none_of(glyphs.begin(), glyphs.end(), [](quint32 g) { return g == 0; })) {
            QList<QPointF> positions(glyphs.size());
            for (qsizetype i = 0; i < positions.size(); ++i)
                positions[i] = QPointF(qreal(i) * m_metrics.charWidth, 0);
            QGlyphRun glyphRun;
            glyphRun.setRawFont(raw);
            glyphRun.setGlyphIndexes(glyphs);
            glyphRun.setPositions(positions);
            m_painter.drawGlyphRun(origin, glyphRun);
            return;
        }
    }
    m_painter.setFont(styledFont(style.bold, style.italic));
    m_painter.drawText(origin, run); // fallback fonts: emoji, CJK, ...
}

void DiffPainter::paintGap(const DisplayRow &row, const QRect &rect)
{
    const DiffFile &file = m_context.document->file(row.file);
    const DiffRow &gap = file.rows[size_t(row.index)];
    m_painter.fillRect(rect, m_colors.foldBackground);
    QString header;
    if (row.index + 1 < int(file.rows.size()) && file.rows[size_t(row.index) + 1].hunk >= 0)
        header = file.hunks[size_t(file.rows[size_t(row.index) + 1].hunk)].header;
    const QString text = QStringLiteral("⋯  %1 unchanged lines   %2").arg(gap.gapLines).arg(header);
    m_painter.setFont(m_context.font);
    m_painter.setPen(m_colors.dimText);
    m_painter.drawText(
        QRect(m_columns.oldText, rect.top(), rect.width() - m_columns.oldText, rect.height()),
        Qt::AlignVCenter | Qt::AlignLeft, text);
}

void DiffPainter::paintFold(const DisplayRow &row, const QRect &rect)
{
    const review::Fold &fold = m_context.document->file(row.file).folds[size_t(row.index)];
    m_painter.fillRect(rect, m_colors.foldBackground);
    m_painter.setFont(m_context.font);
    m_painter.setPen(m_colors.foldText);
    m_painter.drawText(
        QRect(m_columns.oldText, rect.top(), rect.width() - m_columns.oldText, rect.height()),
        Qt::AlignVCenter | Qt::AlignLeft,
        QStringLiteral("↕  Show %1 unchanged lines").arg(fold.rowCount));
}

void DiffPainter::paintPlaceholder(const DisplayRow &row, const QRect &rect)
{
    const DiffFile &file = m_context.document->file(row.file);
    m_painter.fillRect(rect, m_colors.emptySide);
    QString text;
    switch (file.placeholder) {
    case review::Placeholder::Binary:
        text = QStringLiteral("Binary file not shown (%1 → %2)")
                   .arg(formatSize(file.oldSize), formatSize(file.newSize));
        break;
    case review::Placeholder::TooLarge:
        text = QStringLiteral("Large file not shown (%1). Click to load it.")
                   .arg(formatSize(std::max(file.oldSize, file.newSize)));
        break;
    case review::Placeholder::Generated:
        text = QStringLiteral(
                   "Generated file (lock file or minified code) hidden: +%1 −%2. Click to show.")
                   .arg(file.added)
                   .arg(file.removed);
        break;
    case review::Placeholder::NoContent:
    case review::Placeholder::None:
        if (file.modeChanged())
            text = QStringLiteral("File mode changed from %1 to %2")
                       .arg(file.oldMode, 0, 8)
                       .arg(file.newMode, 0, 8);
        else if (file.status == git::DeltaStatus::Renamed)
            text = QStringLiteral("File renamed without changes");
        else
            text = QStringLiteral("Empty file");
        break;
    }
    m_painter.setFont(m_context.font);
    m_painter.setPen(m_colors.dimText);
    m_painter.drawText(rect, Qt::AlignCenter, text);
}

void DiffPainter::paintNote(const DisplayRow &row, const QRect &rect)
{
    const review::Finding &finding = (*m_context.findings)[size_t(row.index)];
    const bool expanded = m_context.state->expandedNotes.contains(row.index);
    const bool oldSide = finding.side == Side::Old;
    const bool unified = m_context.state->unified;
    const int left = (unified || oldSide ? m_columns.oldText : m_columns.newText) - 4;
    const int right = (unified || !oldSide ? rect.width() : m_columns.divider) - 10;
    m_painter.fillRect(rect, m_colors.base);
    const QRect box(left, rect.top() + 2, right - left, rect.height() - 5);
    const QColor accent = m_colors.priorityColor(finding.priority);
    m_painter.setRenderHint(QPainter::Antialiasing, true);
    m_painter.setPen(row.index == m_context.currentFinding ? QPen(accent, 2)
                                                           : QPen(m_colors.border, 1));
    m_painter.setBrush(m_colors.noteBackground);
    m_painter.drawRoundedRect(QRectF(box).adjusted(0.5, 0.5, -0.5, -0.5), 5, 5);
    m_painter.setPen(Qt::NoPen);
    m_painter.setBrush(accent);
    m_painter.drawRoundedRect(QRect(box.left(), box.top(), 4, box.height()), 2, 2);

    const int h = m_metrics.lineHeight;
    QFont ui = m_context.font;
    ui.setFamily(QFont().family());
    QFont uiBold = ui;
    uiBold.setBold(true);
    const QFontMetrics fm(uiBold);
    int x = box.left() + 12;
    const int y = box.top() + h / 3;
    const QString badge = QStringLiteral("P%1").arg(finding.priority);
    const int badgeWidth = fm.horizontalAdvance(badge) + 12;
    m_painter.setBrush(accent);
    m_painter.drawRoundedRect(QRect(x, y + 1, badgeWidth, h - 2), (h - 2) / 2, (h - 2) / 2);
    m_painter.setRenderHint(QPainter::Antialiasing, false);
    m_painter.setFont(uiBold);
    m_painter.setPen(Qt::white);
    m_painter.drawText(QRect(x, y, badgeWidth, h), Qt::AlignCenter, badge);
    x += badgeWidth + 8;
    m_painter.setPen(m_colors.text);
    const QString meta = QStringLiteral("%1  ·  %2% confident")
                             .arg(review::categoryLabel(finding.category))
                             .arg(qRound(finding.confidence * 100));
    const int metaWidth = QFontMetrics(ui).horizontalAdvance(meta) + 16;
    const int titleRoom = std::max(40, box.right() - x - metaWidth - 12);
    const QString title = fm.elidedText(finding.title, Qt::ElideRight, titleRoom);
    m_painter.drawText(QRect(x, y, titleRoom, h), Qt::AlignVCenter | Qt::AlignLeft, title);
    x += fm.horizontalAdvance(title) + 12;
    m_painter.setFont(ui);
    m_painter.setPen(m_colors.dimText);
    m_painter.drawText(QRect(x, y, box.right() - x - 8, h), Qt::AlignVCenter | Qt::AlignLeft, meta);

    const QFontMetrics uiMetrics(ui);
    const int textLeft = box.left() + 12;
    const int textWidth = box.right() - textLeft - 10;
    if (!expanded) {
        const QString first = finding.body.section(u'\n', 0, 0);
        m_painter.drawText(QRect(textLeft, y + h, textWidth, h), Qt::AlignVCenter | Qt::AlignLeft,
                           uiMetrics.elidedText(first, Qt::ElideRight, textWidth - 70));
        m_painter.setPen(m_colors.foldText);
        m_painter.drawText(QRect(textLeft, y + h, textWidth, h), Qt::AlignVCenter | Qt::AlignRight,
                           QStringLiteral("▸ details"));
        return;
    }
    int lineY = y + h;
    const int columns = m_context.state->noteColumns;
    auto drawWrapped = [&](const QString &text, const QFont &font, const QColor &color) {
        m_painter.setFont(font);
        m_painter.setPen(color);
        for (const QString &line : DiffLayout::wrapText(text, columns)) {
            m_painter.drawText(QRect(textLeft, lineY, textWidth, h),
                               Qt::AlignVCenter | Qt::AlignLeft, line);
            lineY += h;
        }
    };
    // A title cut on the header line is shown whole above the body.
    m_painter.setFont(uiBold);
    m_painter.setPen(m_colors.text);
    for (const QString &line : DiffLayout::expandedTitleLines(finding, columns)) {
        m_painter.drawText(QRect(textLeft, lineY, textWidth, h), Qt::AlignVCenter | Qt::AlignLeft,
                           line);
        lineY += h;
    }
    drawWrapped(finding.body, ui, m_colors.text);
    if (!finding.suggestedFix.isEmpty()) {
        m_painter.setFont(uiBold);
        m_painter.setPen(m_colors.dimText);
        m_painter.drawText(QRect(textLeft, lineY, textWidth, h), Qt::AlignVCenter | Qt::AlignLeft,
                           QStringLiteral("Suggested fix"));
        lineY += h;
        // Code as a monospace block with its indentation (Python must stay Python).
        m_painter.setFont(m_context.font);
        m_painter.setPen(m_colors.added);
        for (const QString &line : DiffLayout::wrapCode(finding.suggestedFix, columns)) {
            m_painter.drawText(QRect(textLeft, lineY, textWidth, h),
                               Qt::AlignVCenter | Qt::AlignLeft | Qt::TextDontClip, line);
            lineY += h;
        }
    }
}

void DiffPainter::paintFindingMarks(const DisplayRow &row, const QRect &rect)
{
    for (const FindingSpan &span : m_context.layout->findingSpans(row.file)) {
        if (row.index < span.firstRow || row.index > span.lastRow)
            continue;
        const review::Finding &finding = (*m_context.findings)[size_t(span.finding)];
        const bool oldSide = finding.side == Side::Old;
        if (m_context.state->unified && row.side != UnifiedSide::Both &&
            (row.side == UnifiedSide::OldOnly) != oldSide)
            continue;
        QColor tint = m_colors.priorityColor(finding.priority);
        const int left = m_context.state->unified || oldSide ? 0 : m_columns.divider;
        const int textLeft =
            m_context.state->unified || oldSide ? m_columns.oldText : m_columns.newText;
        const int right = m_context.state->unified || !oldSide ? rect.width() : m_columns.divider;
        m_painter.fillRect(QRect(left, rect.top(), m_metrics.markWidth - 1, rect.height()), tint);
        tint.setAlpha(m_colors.dark ? 40 : 26);
        m_painter.fillRect(QRect(textLeft - m_metrics.textPadding / 2, rect.top(),
                                 right - textLeft + m_metrics.textPadding / 2, rect.height()),
                           tint);
    }
}

} // namespace agentdesk::diffview
