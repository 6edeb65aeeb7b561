#pragma once

#include "git/DiffTypes.h"
#include "review/Finding.h"

#include <QString>
#include <QStringView>

#include <span>
#include <vector>

// One file of a diff document: aligned side-by-side rows over a single decoded text buffer.
// Rows hold offsets into `text` rather than strings of their own, so a 100,000-row document is
// a handful of allocations (see ARCHITECTURE.md §9 for the memory target).

namespace agentdesk::review {

enum class RowKind : quint8
{
    Context,  // the same line on both sides
    Added,    // only on the new side
    Removed,  // only on the old side
    Modified, // a removed line paired with the added line that replaced it
    Gap,      // unchanged lines between hunks that the diff does not carry
};

// Why a file is shown as a placeholder instead of (or before) its rows.
enum class Placeholder : quint8
{
    None,
    Binary,
    TooLarge,  // over the git layer's size guard: no lines were loaded
    Generated, // lock files, minified code: rows exist but start hidden
    NoContent, // nothing to show line by line: mode change, pure rename, empty file
};

struct TextRef
{
    qint32 offset = 0; // in DiffFile::text, UTF-16 code units
    qint32 length = 0;
};

// A changed stretch inside one line, in UTF-16 code units from the line's start.
struct IntraRange
{
    qint32 start = 0;
    qint32 length = 0;
    friend bool operator==(const IntraRange &, const IntraRange &) = default;
};

enum RowFlag : quint8
{
    OldNoNewline = 0x01, // "\ No newline at end of file" after the old line
    NewNoNewline = 0x02,
    OldCrlf = 0x04, // the line ended in CRLF; the CR is not in the text
    NewCrlf = 0x08,
    OldLatin1 = 0x10, // not valid UTF-8: decoded as Latin-1
    NewLatin1 = 0x20,
};

struct DiffRow
{
    qint32 oldLine = -1; // 1-based line number; -1 when the row has no old line
    qint32 newLine = -1; // for Gap rows: the first hidden line on each side
    TextRef oldText;
    TextRef newText;
    qint32 hunk = -1;      // index in DiffFile::hunks; -1 for gaps
    qint32 gapLines = 0;   // Gap rows: how many unchanged lines are hidden
    qint32 intraFirst = 0; // first range in DiffFile::intra (old ranges, then new ones)
    quint16 intraOld = 0;  // Modified rows: number of old-side ranges
    quint16 intraNew = 0;  // Modified rows: number of new-side ranges
    RowKind kind = RowKind::Context;
    quint8 flags = 0;

    bool hasOld() const { return kind != RowKind::Gap && oldLine > 0; }
    bool hasNew() const { return kind != RowKind::Gap && newLine > 0; }
    bool isChange() const
    {
        return kind == RowKind::Added || kind == RowKind::Removed || kind == RowKind::Modified;
    }
};

struct DiffHunkInfo
{
    int firstRow = 0;
    int rowCount = 0;
    int oldStart = 0;
    int oldLines = 0;
    int newStart = 0;
    int newLines = 0;
    QString header;
};

// A long run of context rows that starts collapsed in a view.
struct Fold
{
    int firstRow = 0;
    int rowCount = 0;
};

struct DiffFile
{
    QString oldPath;
    QString newPath;
    git::DeltaStatus status = git::DeltaStatus::Modified;
    int similarity = 0;
    quint32 oldMode = 0;
    quint32 newMode = 0;
    int added = 0;
    int removed = 0;
    qint64 oldSize = 0;
    qint64 newSize = 0;
    Placeholder placeholder = Placeholder::None;
    int longestLine = 0; // UTF-16 code units: lets a view size its scroll range without a scan

    QString text; // every line's decoded text, back to back
    std::vector<DiffRow> rows;
    std::vector<IntraRange> intra;
    std::vector<DiffHunkInfo> hunks;
    std::vector<Fold> folds;
    // Rows that carry an old (new) line, in line order: the (file, side, line) -> row index.
    std::vector<qint32> oldLineRows;
    std::vector<qint32> newLineRows;

    QString displayPath() const { return newPath.isEmpty() ? oldPath : newPath; }
    bool modeChanged() const { return oldMode != 0 && newMode != 0 && oldMode != newMode; }

    QStringView lineText(TextRef ref) const
    {
        return QStringView(text).mid(ref.offset, ref.length);
    }
    QStringView oldText(const DiffRow &row) const { return lineText(row.oldText); }
    QStringView newText(const DiffRow &row) const { return lineText(row.newText); }
    QStringView sideText(const DiffRow &row, Side side) const
    {
        return side == Side::Old ? oldText(row) : newText(row);
    }
    std::span<const IntraRange> oldIntra(const DiffRow &row) const
    {
        return std::span<const IntraRange>(intra).subspan(size_t(row.intraFirst), row.intraOld);
    }
    std::span<const IntraRange> newIntra(const DiffRow &row) const
    {
        return std::span<const IntraRange>(intra).subspan(size_t(row.intraFirst) + row.intraOld,
                                                          row.intraNew);
    }

    // The row showing `line` on `side`, or -1 when the diff does not show that line.
    int rowForLine(Side side, int line) const;
    // Like rowForLine, but a line hidden in a gap between hunks maps to that gap's row.
    int rowOrGapForLine(Side side, int line) const;
};

} // namespace agentdesk::review
