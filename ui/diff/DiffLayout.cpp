#include "diff/DiffLayout.h"

#include <algorithm>
#include <utility>

namespace agentdesk::diffview {

using review::DiffFile;
using review::DiffRow;
using review::Placeholder;
using review::RowKind;

int DiffLayout::visualColumns(QStringView text, int tabWidth)
{
    int column = 0;
    for (QChar c : text)
        column = c == u'\t' ? (column / tabWidth + 1) * tabWidth : column + 1;
    return column;
}

QStringList DiffLayout::wrapText(const QString &text, int columns)
{
    columns = std::max(columns, 8);
    QStringList lines;
    for (QStringView paragraph : QStringView(text).split(u'\n')) {
        QString line;
        for (QStringView word : paragraph.split(u' ')) {
            while (word.size() > columns) { // a word longer than a line is cut
                if (!line.isEmpty())
                    lines << std::exchange(line, QString());
                lines << word.left(columns).toString();
                word = word.mid(columns);
            }
            if (!line.isEmpty() && line.size() + 1 + word.size() > columns)
                lines << std::exchange(line, QString());
            if (!line.isEmpty())
                line += u' ';
            line += word;
        }
        lines << line;
    }
    return lines;
}

QStringList DiffLayout::wrapCode(const QString &text, int columns)
{
    columns = std::max(columns, 8);
    QStringList lines;
    QString code = text;
    code.replace(u'\t', QStringLiteral("    "));
    while (code.endsWith(u'\n'))
        code.chop(1);
    while (code.startsWith(u'\n'))
        code.remove(0, 1);
    for (QStringView line : QStringView(code).split(u'\n')) {
        while (line.endsWith(u' '))
            line.chop(1);
        qsizetype indent = 0;
        while (indent < line.size() && line[indent] == u' ')
            ++indent;
        // Continuations keep the indentation, unless it leaves no room.
        const qsizetype keep = indent < columns / 2 ? indent : 0;
        lines << line.left(columns).toString();
        line = line.mid(std::min<qsizetype>(columns, line.size()));
        while (!line.isEmpty()) {
            const qsizetype room = columns - keep;
            lines << QString(keep, u' ') + line.left(room).toString();
            line = line.mid(std::min<qsizetype>(room, line.size()));
        }
    }
    return lines;
}

QStringList DiffLayout::expandedTitleLines(const review::Finding &finding, int columns)
{
    // The header line shares its room with the badge and the category; about half of it is
    // left for the title.
    if (finding.title.size() <= std::max(columns, 8) / 2)
        return {};
    return wrapText(finding.title, columns);
}

int DiffLayout::noteLines(const review::Finding &finding, bool expanded, int columns)
{
    if (!expanded)
        return 3;
    int lines = 2 + int(expandedTitleLines(finding, columns).size()) +
                int(wrapText(finding.body, columns).size());
    if (!finding.suggestedFix.isEmpty())
        lines += 1 + int(wrapCode(finding.suggestedFix, columns).size());
    return lines;
}

void DiffLayout::rebuild(const review::DiffDocument *document,
                         const std::vector<review::Finding> &findings, const State &state)
{
    m_document = document;
    m_state = &state;
    m_findings = &findings;
    m_rows.clear();
    m_top.assign(1, 0);
    m_fileStarts.clear();
    m_changeStarts.clear();
    m_findingRows.assign(findings.size(), -1);
    m_spans.assign(document ? size_t(document->fileCount()) : 0, {});
    if (!document)
        return;
    for (int i = 0; i < int(findings.size()); ++i) {
        const review::Finding &finding = findings[size_t(i)];
        const auto first = document->anchorOf(finding);
        if (!first)
            continue;
        review::Finding last = finding;
        last.startLine = std::max(finding.startLine, finding.endLine);
        last.endLine = finding.startLine;
        int lastRow = first->row;
        // The range's last shown line: walk back from its end to the first shown line.
        for (int line = last.startLine; line > finding.startLine && line > last.startLine - 200;
             --line) {
            if (auto location = document->locate(finding.file, finding.side, line)) {
                lastRow = location->row;
                break;
            }
        }
        m_spans[size_t(first->file)].push_back({i, first->row, std::max(first->row, lastRow)});
    }
    for (auto &spans : m_spans)
        std::sort(spans.begin(), spans.end(), [](const FindingSpan &a, const FindingSpan &b) {
            return a.firstRow < b.firstRow;
        });
    for (int file = 0; file < document->fileCount(); ++file)
        addFile(file, findings);
}

void DiffLayout::push(DisplayRow row)
{
    if (row.kind == DisplayKind::Row) {
        const DiffRow &docRow = m_document->file(row.file).rows[size_t(row.index)];
        const bool change = docRow.isChange();
        const bool previousChange =
            !m_rows.empty() && m_rows.back().kind == DisplayKind::Row &&
            m_rows.back().file == row.file &&
            m_document->file(row.file).rows[size_t(m_rows.back().index)].isChange();
        if (change && !previousChange)
            m_changeStarts.push_back(int(m_rows.size()));
    }
    m_rows.push_back(row);
    m_top.push_back(m_top.back() + row.lines);
}

void DiffLayout::addFile(int file, const std::vector<review::Finding> &findings)
{
    const DiffFile &diffFile = m_document->file(file);
    m_fileStarts.push_back(int(m_rows.size()));
    push({file, 0, DisplayKind::FileHeader, UnifiedSide::Both, 2});
    // Findings the diff cannot place go at the top of their file.
    for (int i = 0; i < int(findings.size()); ++i) {
        const review::Finding &finding = findings[size_t(i)];
        if (m_document->fileIndex(finding.file) != file)
            continue;
        const bool anchored =
            std::any_of(m_spans[size_t(file)].begin(), m_spans[size_t(file)].end(),
                        [i](const FindingSpan &span) { return span.finding == i; });
        if (anchored)
            continue;
        m_findingRows[size_t(i)] = int(m_rows.size());
        push({file, i, DisplayKind::Note, UnifiedSide::Both,
              quint16(
                  noteLines(finding, m_state->expandedNotes.contains(i), m_state->noteColumns))});
    }
    const bool hasAnchors = !m_spans[size_t(file)].empty();
    if (diffFile.placeholder != Placeholder::None) {
        const bool showRows = diffFile.placeholder == Placeholder::Generated &&
                              (m_state->expandedFiles.contains(file) || hasAnchors);
        if (!showRows) {
            push({file, 0, DisplayKind::Placeholder, UnifiedSide::Both, 2});
            return;
        }
    }
    m_byLastRow = m_spans[size_t(file)];
    std::sort(m_byLastRow.begin(), m_byLastRow.end(),
              [](const FindingSpan &a, const FindingSpan &b) { return a.lastRow < b.lastRow; });
    m_nextNote = 0;

    int row = 0;
    const int rowCount = int(diffFile.rows.size());
    for (int f = 0; f < int(diffFile.folds.size()); ++f) {
        const review::Fold &fold = diffFile.folds[size_t(f)];
        addRows(file, row, fold.firstRow);
        const int foldEnd = fold.firstRow + fold.rowCount;
        const bool holdsFinding = std::any_of(
            m_spans[size_t(file)].begin(), m_spans[size_t(file)].end(), [&](const FindingSpan &s) {
                return s.lastRow >= fold.firstRow && s.firstRow < foldEnd;
            });
        if (holdsFinding || m_state->expandedFolds.contains(foldKey(file, f)))
            addRows(file, fold.firstRow, foldEnd);
        else
            push({file, f, DisplayKind::Fold, UnifiedSide::Both, 1});
        row = foldEnd;
    }
    addRows(file, row, rowCount);
}

void DiffLayout::addRows(int file, int firstRow, int endRow)
{
    for (int row = firstRow; row < endRow; ++row) {
        addRow(file, row);
        addNotes(file, row);
    }
}

void DiffLayout::addRow(int file, int row)
{
    const DiffFile &diffFile = m_document->file(file);
    const DiffRow &docRow = diffFile.rows[size_t(row)];
    if (docRow.kind == RowKind::Gap) {
        push({file, row, DisplayKind::Gap, UnifiedSide::Both, 1});
        return;
    }
    const int wrap = m_state->wrapColumns;
    auto linesFor = [&](QStringView text) -> quint16 {
        if (wrap <= 0)
            return 1;
        const int columns = visualColumns(text, m_state->tabWidth);
        return quint16(std::clamp((columns + wrap - 1) / wrap, 1, 0xffff));
    };
    if (!m_state->unified) {
        push({file, row, DisplayKind::Row, UnifiedSide::Both,
              std::max(linesFor(diffFile.oldText(docRow)), linesFor(diffFile.newText(docRow)))});
        return;
    }
    if (docRow.kind == RowKind::Context) {
        push({file, row, DisplayKind::Row, UnifiedSide::Both, linesFor(diffFile.newText(docRow))});
        return;
    }
    if (docRow.hasOld())
        push({file, row, DisplayKind::Row, UnifiedSide::OldOnly,
              linesFor(diffFile.oldText(docRow))});
    if (docRow.hasNew())
        push({file, row, DisplayKind::Row, UnifiedSide::NewOnly,
              linesFor(diffFile.newText(docRow))});
}

void DiffLayout::addNotes(int file, int row)
{
    while (m_nextNote < m_byLastRow.size() && m_byLastRow[m_nextNote].lastRow <= row) {
        const int finding = m_byLastRow[m_nextNote++].finding;
        m_findingRows[size_t(finding)] = int(m_rows.size());
        push({file, finding, DisplayKind::Note, UnifiedSide::Both,
              quint16(noteLines((*m_findings)[size_t(finding)],
                                m_state->expandedNotes.contains(finding), m_state->noteColumns))});
    }
}

int DiffLayout::rowAtLine(qint64 line) const
{
    if (line < 0 || m_rows.empty() || line >= totalLines())
        return -1;
    const auto it = std::upper_bound(m_top.begin(), m_top.end(), line);
    return int(it - m_top.begin()) - 1;
}

const std::vector<FindingSpan> &DiffLayout::findingSpans(int file) const
{
    return file >= 0 && file < int(m_spans.size()) ? m_spans[size_t(file)] : m_noSpans;
}

int DiffLayout::displayIndexOf(int file, int row) const
{
    if (file < 0 || file >= int(m_fileStarts.size()))
        return -1;
    const int end = file + 1 < int(m_fileStarts.size()) ? m_fileStarts[size_t(file) + 1] : count();
    for (int i = m_fileStarts[size_t(file)]; i < end; ++i) { // navigation only, never per paint
        const DisplayRow &display = m_rows[size_t(i)];
        if ((display.kind == DisplayKind::Row || display.kind == DisplayKind::Gap) &&
            display.index == row)
            return i;
        if (display.kind == DisplayKind::Fold) {
            const review::Fold &fold = m_document->file(file).folds[size_t(display.index)];
            if (row >= fold.firstRow && row < fold.firstRow + fold.rowCount)
                return i;
        }
    }
    return -1;
}

} // namespace agentdesk::diffview
