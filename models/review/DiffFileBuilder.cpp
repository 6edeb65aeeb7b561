#include "review/DiffFileBuilder.h"

#include "review/IntraLineDiff.h"

#include <QFileInfo>
#include <QStringDecoder>

#include <algorithm>

namespace agentdesk::review {

namespace {

bool isAscii(QByteArrayView bytes)
{
    return std::all_of(bytes.begin(), bytes.end(), [](char c) { return uchar(c) < 0x80; });
}

} // namespace

bool DiffFileBuilder::appendDecoded(QString &out, QByteArrayView bytes)
{
    if (isAscii(bytes)) {
        out.append(QLatin1StringView(bytes.data(), bytes.size()));
        return true;
    }
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = utf8.decode(bytes);
    if (!utf8.hasError()) {
        out.append(decoded);
        return true;
    }
    out.append(QLatin1StringView(bytes.data(), bytes.size()));
    return false;
}

bool DiffFileBuilder::looksGenerated(const git::FileDelta &delta, int longLine)
{
    static const QStringList lockNames{
        QStringLiteral("package-lock.json"), QStringLiteral("yarn.lock"),
        QStringLiteral("pnpm-lock.yaml"),    QStringLiteral("Cargo.lock"),
        QStringLiteral("poetry.lock"),       QStringLiteral("composer.lock"),
        QStringLiteral("Gemfile.lock"),      QStringLiteral("go.sum"),
        QStringLiteral("Pipfile.lock"),      QStringLiteral("flake.lock"),
        QStringLiteral("bun.lockb"),         QStringLiteral("npm-shrinkwrap.json"),
    };
    const QString name = QFileInfo(delta.displayPath()).fileName();
    if (lockNames.contains(name))
        return true;
    if (name.endsWith(QLatin1StringView(".min.js")) ||
        name.endsWith(QLatin1StringView(".min.css")) ||
        name.endsWith(QLatin1StringView(".js.map")) || name.endsWith(QLatin1StringView(".css.map")))
        return true;
    return std::any_of(delta.lines.begin(), delta.lines.end(),
                       [longLine](const git::DiffLine &line) { return line.length >= longLine; });
}

DiffFileBuilder::DiffFileBuilder(const git::FileDelta &delta, const DiffBuildOptions &options)
    : m_delta(delta)
    , m_options(options)
{
    m_file.oldPath = delta.oldPath;
    m_file.newPath = delta.newPath;
    m_file.status = delta.status;
    m_file.similarity = delta.similarity;
    m_file.oldMode = delta.oldMode;
    m_file.newMode = delta.newMode;
    m_file.added = delta.added;
    m_file.removed = delta.removed;
    m_file.oldSize = delta.oldSize;
    m_file.newSize = delta.newSize;
}

DiffFile DiffFileBuilder::build(const git::FileDelta &delta, const DiffBuildOptions &options)
{
    DiffFileBuilder builder(delta, options);
    DiffFile &file = builder.m_file;
    if (delta.binary) {
        file.placeholder = Placeholder::Binary;
        return std::move(file);
    }
    if (delta.tooLarge) {
        file.placeholder = Placeholder::TooLarge;
        return std::move(file);
    }
    if (delta.lines.empty() || delta.hunks.empty()) {
        file.placeholder = Placeholder::NoContent;
        return std::move(file);
    }
    if (options.detectGenerated && looksGenerated(delta, options.generatedLineLength))
        file.placeholder = Placeholder::Generated;

    file.text.reserve(delta.text.size());
    file.rows.reserve(delta.lines.size() + delta.hunks.size());
    builder.m_lineText.resize(delta.lines.size());
    builder.m_lineFlags.resize(delta.lines.size());

    int nextOld = 1;
    int nextNew = 1;
    for (int h = 0; h < int(delta.hunks.size()); ++h) {
        const git::DiffHunk &hunk = delta.hunks[size_t(h)];
        // A hunk that adds (removes) nothing on a side starts *after* line `start` there.
        const int oldFirst = hunk.oldLines == 0 ? hunk.oldStart + 1 : hunk.oldStart;
        const int newFirst = hunk.newLines == 0 ? hunk.newStart + 1 : hunk.newStart;
        const int hidden = std::min(oldFirst - nextOld, newFirst - nextNew);
        if (hidden > 0)
            builder.addGap(nextOld, nextNew, hidden);
        builder.buildHunk(h);
        nextOld = oldFirst + hunk.oldLines;
        nextNew = newFirst + hunk.newLines;
    }
    builder.foldContextRuns();
    builder.buildIndexes();
    file.text.squeeze();
    file.rows.shrink_to_fit();
    file.intra.shrink_to_fit();
    return std::move(file);
}

void DiffFileBuilder::addGap(int oldFirst, int newFirst, int count)
{
    DiffRow row;
    row.kind = RowKind::Gap;
    row.oldLine = oldFirst;
    row.newLine = newFirst;
    row.gapLines = count;
    m_file.rows.push_back(row);
}

TextRef DiffFileBuilder::decodeLine(const git::DiffLine &line, quint8 &flags, bool newSide)
{
    qsizetype offset = std::clamp<qsizetype>(line.offset, 0, m_delta.text.size());
    qsizetype length = std::clamp<qsizetype>(line.length, 0, m_delta.text.size() - offset);
    QByteArrayView bytes(m_delta.text.constData() + offset, length);
    bool crlf = line.crlf;
    if (bytes.endsWith('\r')) { // defensive: the contract says the CR is already stripped
        bytes.chop(1);
        crlf = true;
    }
    TextRef ref;
    ref.offset = qint32(m_file.text.size());
    const bool utf8 = appendDecoded(m_file.text, bytes);
    ref.length = qint32(m_file.text.size() - ref.offset);
    m_file.longestLine = std::max(m_file.longestLine, int(ref.length));
    if (crlf)
        flags |= newSide ? NewCrlf : OldCrlf;
    if (!utf8)
        flags |= newSide ? NewLatin1 : OldLatin1;
    if (!line.hasNewline)
        flags |= newSide ? NewNoNewline : OldNoNewline;
    return ref;
}

void DiffFileBuilder::buildHunk(int hunkIndex)
{
    const git::DiffHunk &hunk = m_delta.hunks[size_t(hunkIndex)];
    DiffHunkInfo info;
    info.firstRow = int(m_file.rows.size());
    info.oldStart = hunk.oldStart;
    info.oldLines = hunk.oldLines;
    info.newStart = hunk.newStart;
    info.newLines = hunk.newLines;
    info.header = hunk.header;

    const int total = int(m_delta.lines.size());
    const int first = std::clamp(hunk.firstLine, 0, total);
    const int end = std::clamp(hunk.firstLine + hunk.lineCount, first, total);
    int i = first;
    while (i < end) {
        const git::DiffLine &line = m_delta.lines[size_t(i)];
        if (line.origin == ' ') {
            DiffRow row;
            row.kind = RowKind::Context;
            row.hunk = hunkIndex;
            row.oldLine = line.oldLineNo;
            row.newLine = line.newLineNo;
            quint8 flags = 0;
            row.oldText = decodeLine(line, flags, false);
            row.newText = row.oldText;
            if (flags & OldCrlf)
                flags |= NewCrlf;
            if (flags & OldLatin1)
                flags |= NewLatin1;
            if (flags & OldNoNewline)
                flags |= NewNoNewline;
            row.flags = flags;
            m_file.rows.push_back(row);
            ++i;
            continue;
        }
        if (line.origin != '-' && line.origin != '+') {
            ++i; // EOF-newline markers and anything else the contract does not define
            continue;
        }
        const int removedFirst = i;
        while (i < end && m_delta.lines[size_t(i)].origin == '-')
            ++i;
        const int addedFirst = i;
        while (i < end && m_delta.lines[size_t(i)].origin == '+')
            ++i;
        addPairs(removedFirst, addedFirst - removedFirst, addedFirst, i - addedFirst, hunkIndex);
    }
    info.rowCount = int(m_file.rows.size()) - info.firstRow;
    m_file.hunks.push_back(std::move(info));
}

void DiffFileBuilder::addPairs(int removedFirst, int removedCount, int addedFirst, int addedCount,
                               int hunk)
{
    const int count = std::max(removedCount, addedCount);
    for (int k = 0; k < count; ++k) {
        DiffRow row;
        row.hunk = hunk;
        quint8 flags = 0;
        if (k < removedCount) {
            const git::DiffLine &line = m_delta.lines[size_t(removedFirst + k)];
            row.oldLine = line.oldLineNo;
            row.oldText = decodeLine(line, flags, false);
        }
        if (k < addedCount) {
            const git::DiffLine &line = m_delta.lines[size_t(addedFirst + k)];
            row.newLine = line.newLineNo;
            row.newText = decodeLine(line, flags, true);
        }
        row.flags = flags;
        if (k < removedCount && k < addedCount) {
            row.kind = RowKind::Modified;
            const IntraLineDiff::Ranges ranges = IntraLineDiff::compute(
                m_file.oldText(row), m_file.newText(row), m_options.intraMaxLineLength);
            row.intraFirst = qint32(m_file.intra.size());
            row.intraOld = quint16(std::min<size_t>(ranges.oldRanges.size(), 0xffff));
            row.intraNew = quint16(std::min<size_t>(ranges.newRanges.size(), 0xffff));
            m_file.intra.insert(m_file.intra.end(), ranges.oldRanges.begin(),
                                ranges.oldRanges.begin() + row.intraOld);
            m_file.intra.insert(m_file.intra.end(), ranges.newRanges.begin(),
                                ranges.newRanges.begin() + row.intraNew);
        } else {
            row.kind = k < removedCount ? RowKind::Removed : RowKind::Added;
        }
        m_file.rows.push_back(row);
    }
}

void DiffFileBuilder::foldContextRuns()
{
    const int keep = m_options.foldKeepContext;
    for (const DiffHunkInfo &hunk : m_file.hunks) {
        const int end = hunk.firstRow + hunk.rowCount;
        int r = hunk.firstRow;
        while (r < end) {
            if (m_file.rows[size_t(r)].kind != RowKind::Context) {
                ++r;
                continue;
            }
            const int runStart = r;
            while (r < end && m_file.rows[size_t(r)].kind == RowKind::Context)
                ++r;
            // Keep context next to changes; the hunk's own edges need none.
            const int from = runStart == hunk.firstRow ? runStart : runStart + keep;
            const int to = r == end ? r : r - keep;
            if (to - from >= m_options.foldMinimumHidden)
                m_file.folds.push_back({from, to - from});
        }
    }
}

void DiffFileBuilder::buildIndexes()
{
    for (int r = 0; r < int(m_file.rows.size()); ++r) {
        const DiffRow &row = m_file.rows[size_t(r)];
        if (row.hasOld())
            m_file.oldLineRows.push_back(r);
        if (row.hasNew())
            m_file.newLineRows.push_back(r);
    }
    m_file.oldLineRows.shrink_to_fit();
    m_file.newLineRows.shrink_to_fit();
}

int DiffFile::rowForLine(Side side, int line) const
{
    const std::vector<qint32> &index = side == Side::Old ? oldLineRows : newLineRows;
    auto lineOf = [&](qint32 r) {
        return side == Side::Old ? rows[size_t(r)].oldLine : rows[size_t(r)].newLine;
    };
    auto it = std::partition_point(index.begin(), index.end(),
                                   [&](qint32 r) { return lineOf(r) < line; });
    if (it == index.end() || lineOf(*it) != line)
        return -1;
    return *it;
}

int DiffFile::rowOrGapForLine(Side side, int line) const
{
    const int row = rowForLine(side, line);
    if (row >= 0)
        return row;
    for (const DiffHunkInfo &hunk : hunks) { // a gap row, if any, sits right before its hunk
        if (hunk.firstRow == 0 || rows[size_t(hunk.firstRow - 1)].kind != RowKind::Gap)
            continue;
        const DiffRow &gap = rows[size_t(hunk.firstRow - 1)];
        const int first = side == Side::Old ? gap.oldLine : gap.newLine;
        if (line >= first && line < first + gap.gapLines)
            return hunk.firstRow - 1;
    }
    return -1;
}

} // namespace agentdesk::review
