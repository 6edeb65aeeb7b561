#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <vector>

// Plain value types for a computed diff, as the git layer hands it to the rest of the
// program. No libgit2 type appears here: the review layer builds its side-by-side document
// from these, and tests can build them by hand.

namespace agentdesk::git {

enum class DeltaStatus
{
    Added,
    Deleted,
    Modified,
    Renamed,
    Copied,
    TypeChanged, // e.g. a file became a symlink
    Unmodified,
};

// The stable lower-case id of a status ("added", "type-changed"), for JSON, tables and tests.
inline QString deltaStatusId(DeltaStatus status)
{
    switch (status) {
    case DeltaStatus::Added:
        return QStringLiteral("added");
    case DeltaStatus::Deleted:
        return QStringLiteral("deleted");
    case DeltaStatus::Renamed:
        return QStringLiteral("renamed");
    case DeltaStatus::Copied:
        return QStringLiteral("copied");
    case DeltaStatus::TypeChanged:
        return QStringLiteral("type-changed");
    case DeltaStatus::Unmodified:
        return QStringLiteral("unmodified");
    case DeltaStatus::Modified:
        break;
    }
    return QStringLiteral("modified");
}

// One line of a hunk, as in a unified diff. The text lives in FileDelta::text (one buffer per
// file keeps a 100,000-line diff from becoming 100,000 heap allocations).
struct DiffLine
{
    char origin = ' ';      // ' ' context, '+' added, '-' removed
    int oldLineNo = -1;     // 1-based; -1 when the line is not on the old side
    int newLineNo = -1;     // 1-based; -1 when the line is not on the new side
    int offset = 0;         // byte offset of the text in FileDelta::text
    int length = 0;         // bytes, without the line terminator
    bool hasNewline = true; // false: "\ No newline at end of file" follows this line
    bool crlf = false;      // the line ended in "\r\n" (the "\r" is not part of the text)
};

struct DiffHunk
{
    int oldStart = 0;
    int oldLines = 0;
    int newStart = 0;
    int newLines = 0;
    QString header;    // the "@@ -a,b +c,d @@ context" line, as git prints it
    int firstLine = 0; // index of the hunk's first line in FileDelta::lines
    int lineCount = 0;
};

struct FileDelta
{
    QString oldPath; // empty for an added file
    QString newPath; // empty for a deleted file
    DeltaStatus status = DeltaStatus::Modified;
    int similarity = 0;  // 0-100 for renames and copies: git's score, as in "R087"
    quint32 oldMode = 0; // git file modes: 0100644, 0100755, 0120000 (link), 0160000 (submodule)
    quint32 newMode = 0;
    QString oldId; // blob ids (hex), empty when absent
    QString newId;
    bool binary = false;
    // The file was larger than the size guard: no lines are kept. `oldSize`/`newSize` tell
    // how big; `added`/`removed` are still git's counts when git computed the diff (0 with
    // libgit2, which never loads it); the caller can ask for the whole file explicitly.
    bool tooLarge = false;
    qint64 oldSize = 0;
    qint64 newSize = 0;
    int added = 0; // counts as `git diff --numstat` reports them
    int removed = 0;

    QByteArray text; // the bytes of every line in `lines`, as stored in git (not decoded)
    std::vector<DiffLine> lines;
    std::vector<DiffHunk> hunks;

    QString displayPath() const { return newPath.isEmpty() ? oldPath : newPath; }
    QByteArray lineText(const DiffLine &line) const { return text.mid(line.offset, line.length); }
};

struct DiffTotals
{
    int files = 0;
    int added = 0;
    int removed = 0;
};

} // namespace agentdesk::git
