// The parser of `git diff --raw -p -z --no-abbrev` output (see DiffEngineDetail.h).
//
// The raw records carry what the patch headers would need quoting for: statuses, scores, modes,
// ids and verbatim paths. The patch blocks are read only for their hunks and the "Binary
// files" line; their headers are skipped, so no quoted path is ever parsed. Each hunk is read
// by the counts in its "@@ -a,b +c,d @@" line, so a content line can never be taken for a
// header.

#include "git/DiffEngineDetail.h"

#include "git/GitError.h"

#include <cstring>
#include <string_view>

namespace agentdesk::git::detail {

namespace {

Error malformed(const char *what)
{
    return makeError(
        QStringLiteral("diff-failed"),
        QStringLiteral("Unexpected output from git diff: %1").arg(QLatin1String(what)));
}

class Reader
{
public:
    // Reads bytes [begin, end) of `bytes`.
    Reader(const QByteArray &bytes, qsizetype begin, qsizetype end)
        : m_data(bytes.constData())
        , m_size(end)
        , m_pos(begin)
    {}
    qsizetype position() const { return m_pos; }

    bool atEnd() const { return m_pos >= m_size; }
    char peek() const { return atEnd() ? '\0' : m_data[m_pos]; }
    bool startsWith(std::string_view prefix) const
    {
        return m_size - m_pos >= qsizetype(prefix.size()) &&
               std::memcmp(m_data + m_pos, prefix.data(), prefix.size()) == 0;
    }
    // The bytes up to `terminator` (not included); the terminator is consumed. False when
    // there is none.
    bool field(char terminator, std::string_view &out)
    {
        const void *end = std::memchr(m_data + m_pos, terminator, size_t(m_size - m_pos));
        if (!end)
            return false;
        const qsizetype length = static_cast<const char *>(end) - (m_data + m_pos);
        out = std::string_view(m_data + m_pos, size_t(length));
        m_pos += length + 1;
        return true;
    }
    // One line without its '\n'; the last line may lack it.
    std::string_view line()
    {
        std::string_view out;
        if (field('\n', out))
            return out;
        out = std::string_view(m_data + m_pos, size_t(m_size - m_pos));
        m_pos = m_size;
        return out;
    }
    void skip(qsizetype count) { m_pos = std::min(m_size, m_pos + count); }

private:
    const char *m_data;
    qsizetype m_size;
    qsizetype m_pos;
};

QString toQString(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

bool parseOctal(std::string_view text, quint32 &out)
{
    out = 0;
    if (text.empty())
        return false;
    for (char c : text) {
        if (c < '0' || c > '7')
            return false;
        out = out * 8 + quint32(c - '0');
    }
    return true;
}

bool parseNumber(std::string_view &text, int &out)
{
    size_t i = 0;
    out = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9')
        out = out * 10 + (text[i++] - '0');
    text.remove_prefix(i);
    return i > 0;
}

QString idOrEmpty(std::string_view hex)
{
    return hex.find_first_not_of('0') == std::string_view::npos ? QString() : toQString(hex);
}

DeltaStatus statusOf(char letter)
{
    switch (letter) {
    case 'A':
        return DeltaStatus::Added;
    case 'D':
        return DeltaStatus::Deleted;
    case 'R':
        return DeltaStatus::Renamed;
    case 'C':
        return DeltaStatus::Copied;
    case 'T':
        return DeltaStatus::TypeChanged;
    default:
        return DeltaStatus::Modified;
    }
}

// A raw record that is not all there yet: wait for more output.
const QString kIncomplete = QStringLiteral("incomplete");

// ":100644 100644 <old id> <new id> R087\0old path\0new path\0"
Result<FileDelta> parseRawRecord(Reader &reader)
{
    std::string_view header;
    if (!reader.field('\0', header))
        return makeError(kIncomplete, QString());
    if (header.size() < 2 || header.front() != ':')
        return malformed("a raw record");
    header.remove_prefix(1);
    std::string_view fields[5];
    for (int i = 0; i < 5; ++i) {
        const size_t space = i < 4 ? header.find(' ') : header.size();
        if (space == std::string_view::npos)
            return malformed("a raw record's fields");
        fields[i] = header.substr(0, space);
        header.remove_prefix(std::min(header.size(), space + 1));
    }
    FileDelta delta;
    if (!parseOctal(fields[0], delta.oldMode) || !parseOctal(fields[1], delta.newMode) ||
        fields[4].empty())
        return malformed("a raw record's modes or status");
    delta.oldId = idOrEmpty(fields[2]);
    delta.newId = idOrEmpty(fields[3]);
    delta.status = statusOf(fields[4].front());
    std::string_view score = fields[4].substr(1);
    int similarity = 0;
    if (parseNumber(score, similarity) &&
        (delta.status == DeltaStatus::Renamed || delta.status == DeltaStatus::Copied))
        delta.similarity = similarity;
    std::string_view first;
    if (!reader.field('\0', first))
        return makeError(kIncomplete, QString());
    std::string_view second = first;
    if (delta.status == DeltaStatus::Renamed || delta.status == DeltaStatus::Copied) {
        if (!reader.field('\0', second))
            return makeError(kIncomplete, QString());
    }
    if (delta.status != DeltaStatus::Added)
        delta.oldPath = toQString(first);
    if (delta.status != DeltaStatus::Deleted)
        delta.newPath = toQString(second);
    return delta;
}

// "@@ -a[,b] +c[,d] @@ context"
bool parseHunkHeader(std::string_view line, DiffHunk &hunk)
{
    if (line.substr(0, 4) != "@@ -")
        return false;
    std::string_view rest = line.substr(4);
    hunk.oldLines = hunk.newLines = 1;
    if (!parseNumber(rest, hunk.oldStart))
        return false;
    if (!rest.empty() && rest.front() == ',') {
        rest.remove_prefix(1);
        if (!parseNumber(rest, hunk.oldLines))
            return false;
    }
    if (rest.substr(0, 2) != " +")
        return false;
    rest.remove_prefix(2);
    if (!parseNumber(rest, hunk.newStart))
        return false;
    if (!rest.empty() && rest.front() == ',') {
        rest.remove_prefix(1);
        if (!parseNumber(rest, hunk.newLines))
            return false;
    }
    if (rest.substr(0, 3) != " @@")
        return false;
    hunk.header = toQString(line).trimmed();
    return true;
}

void appendLine(FileDelta &delta, char origin, std::string_view content, int oldNo, int newNo,
                bool keep)
{
    if (!keep)
        return;
    DiffLine out;
    out.origin = origin;
    out.oldLineNo = origin == '+' ? -1 : oldNo;
    out.newLineNo = origin == '-' ? -1 : newNo;
    if (!content.empty() && content.back() == '\r') {
        out.crlf = true;
        content.remove_suffix(1);
    }
    out.offset = int(delta.text.size());
    out.length = int(content.size());
    delta.text.append(content.data(), qsizetype(content.size()));
    delta.lines.push_back(out);
}

// The lines of one hunk, read by its counts; "\ No newline at end of file" marks the line
// before it.
Result<void> parseHunkLines(Reader &reader, FileDelta &delta, DiffHunk &hunk, bool keep)
{
    int oldLeft = hunk.oldLines;
    int newLeft = hunk.newLines;
    int oldNo = hunk.oldStart;
    int newNo = hunk.newStart;
    bool lastKept = false;
    auto markNoNewline = [&] {
        if (lastKept && !delta.lines.empty())
            delta.lines.back().hasNewline = false;
    };
    while (oldLeft > 0 || newLeft > 0) {
        if (reader.atEnd())
            return malformed("a hunk shorter than its header");
        const std::string_view line = reader.line();
        const char origin = line.empty() ? ' ' : line.front();
        const std::string_view content = line.empty() ? line : line.substr(1);
        if (origin == '\\') {
            markNoNewline();
            continue;
        }
        if ((origin == ' ' && (oldLeft == 0 || newLeft == 0)) || (origin == '-' && oldLeft == 0) ||
            (origin == '+' && newLeft == 0) || (origin != ' ' && origin != '-' && origin != '+'))
            return malformed("a hunk line");
        appendLine(delta, origin, content, oldNo, newNo, keep);
        lastKept = keep;
        if (origin == '+') {
            ++delta.added;
        } else if (origin == '-') {
            ++delta.removed;
        }
        if (origin != '+') {
            ++oldNo;
            --oldLeft;
        }
        if (origin != '-') {
            ++newNo;
            --newLeft;
        }
    }
    if (reader.peek() == '\\') {
        reader.line();
        markNoNewline();
    }
    hunk.lineCount = int(delta.lines.size()) - hunk.firstLine;
    return {};
}

// One "diff --git" block: extended headers, then a "Binary files" line or ---/+++ and hunks.
Result<void> parseBlock(Reader &reader, FileDelta &delta)
{
    if (!reader.startsWith("diff --git "))
        return malformed("a patch for every raw record");
    reader.line();
    const bool keep = true;
    while (!reader.atEnd() && !reader.startsWith("diff --git ")) {
        const std::string_view line = reader.line();
        if (line.substr(0, 13) == "Binary files " || line == "GIT binary patch") {
            delta.binary = true;
            continue;
        }
        if (line.substr(0, 3) != "@@ ")
            continue; // an extended header, or "--- a/path" / "+++ b/path"
        DiffHunk hunk;
        if (!parseHunkHeader(line, hunk))
            return malformed("a hunk header");
        hunk.firstLine = int(delta.lines.size());
        if (Result<void> lines = parseHunkLines(reader, delta, hunk, keep); !lines)
            return lines.error();
        if (keep)
            delta.hunks.push_back(std::move(hunk));
    }
    return {};
}

} // namespace

namespace {
constexpr qsizetype kCompactAt = 256 * 1024;
} // namespace

Result<void> GitDiffParser::feed(const QByteArray &bytes)
{
    // Make room by moving the unparsed rest to the front of the same allocation, not by growing
    // it: every fresh page costs a fault, and growing the buffer was a third of this process's
    // page faults on a large diff.
    if (m_pos > 0 && m_buffer.size() + bytes.size() > m_buffer.capacity())
        compact();
    m_buffer.append(bytes);
    return parse(false);
}

void GitDiffParser::compact()
{
    const qsizetype rest = m_buffer.size() - m_pos;
    char *data = m_buffer.data();
    std::memmove(data, data + m_pos, size_t(rest));
    m_buffer.truncate(rest);
    m_searchFrom = std::max<qsizetype>(0, m_searchFrom - m_pos);
    m_pos = 0;
}

Result<std::vector<FileDelta>> GitDiffParser::finish()
{
    if (Result<void> parsed = parse(true); !parsed)
        return parsed.error();
    if (m_nextBlock < m_files.size() || m_pos != m_buffer.size())
        return malformed(m_nextBlock < m_files.size() ? "a patch for every raw record"
                                                      : "more patches than raw records");
    return std::move(m_files);
}

Result<void> GitDiffParser::parseRecords(bool final)
{
    while (m_pos < m_buffer.size() && m_buffer.at(m_pos) == ':') {
        Reader reader(m_buffer, m_pos, m_buffer.size());
        Result<FileDelta> delta = parseRawRecord(reader);
        if (!delta) {
            if (delta.errorCode() != kIncomplete)
                return delta.error();
            if (final)
                return malformed("a raw record cut short");
            return {};
        }
        m_files.push_back(std::move(*delta));
        m_pos = reader.position();
    }
    if (m_pos == m_buffer.size() && !final)
        return {};
    // -z ends the raw part with an empty record before the patch.
    if (m_pos < m_buffer.size() && m_buffer.at(m_pos) == '\0')
        ++m_pos;
    m_recordsDone = true;
    return {};
}

Result<void> GitDiffParser::parse(bool final)
{
    if (!m_recordsDone) {
        if (Result<void> records = parseRecords(final); !records || !m_recordsDone)
            return records;
    }
    static const QByteArray kBlockStart = QByteArrayLiteral("\ndiff --git ");
    while (m_nextBlock < m_files.size() && m_pos < m_buffer.size()) {
        // A block ends where the next begins: no line inside one starts with "diff --git "
        // (content lines start with ' ', '+', '-' or '\\', and paths in headers are quoted).
        qsizetype end = m_buffer.indexOf(kBlockStart, std::max(m_pos + 1, m_searchFrom));
        if (end < 0) {
            if (!final) {
                m_searchFrom = std::max(m_pos + 1, m_buffer.size() - kBlockStart.size());
                return {};
            }
            end = m_buffer.size();
        } else {
            ++end;
        }
        FileDelta &delta = m_files[m_nextBlock];
        // The lines' text is at most the block's bytes: one allocation per file.
        delta.text.reserve(delta.text.size() + (end - m_pos));
        Reader reader(m_buffer, m_pos, end);
        if (Result<void> block = parseBlock(reader, delta); !block)
            return block;
        m_pos = end;
        m_searchFrom = 0;
        // A type change is printed as the old file deleted, then the new one created.
        if (delta.status == DeltaStatus::TypeChanged && !m_secondHalf) {
            m_secondHalf = true;
            continue;
        }
        m_secondHalf = false;
        if (delta.binary) {
            delta.added = delta.removed = 0;
            delta.lines.clear();
            delta.hunks.clear();
            delta.text.clear();
        }
        if (m_fileParsed)
            m_fileParsed(m_nextBlock, delta);
        ++m_nextBlock;
    }
    // Drop what is parsed, so the buffer holds about one block and one read, not the whole
    // output (fewer fresh pages to fault in, too).
    if (m_pos >= kCompactAt)
        compact();
    return {};
}

} // namespace agentdesk::git::detail
