#include "agents/api/DiffRenderer.h"

namespace agentdesk::agents {

namespace {

QString lineNumber(int number)
{
    return number > 0 ? QStringLiteral("%1").arg(number, 6) : QString(6, QLatin1Char(' '));
}

} // namespace

QString DiffRenderer::fileHeader(const git::FileDelta &file)
{
    QString path = file.displayPath();
    if ((file.status == git::DeltaStatus::Renamed || file.status == git::DeltaStatus::Copied) &&
        file.oldPath != file.newPath)
        path = file.oldPath + QStringLiteral(" -> ") + file.newPath;
    return QStringLiteral("=== %1 (%2, +%3 -%4)\n")
        .arg(path, git::deltaStatusId(file.status))
        .arg(file.added)
        .arg(file.removed);
}

void DiffRenderer::renderHunk(const git::FileDelta &file, const git::DiffHunk &hunk, QString &out)
{
    out += hunk.header.trimmed() + QLatin1Char('\n');
    const int last = std::min<int>(hunk.firstLine + hunk.lineCount, int(file.lines.size()));
    for (int i = hunk.firstLine; i < last; ++i) {
        const git::DiffLine &line = file.lines[size_t(i)];
        out += lineNumber(line.oldLineNo) + lineNumber(line.newLineNo) + QLatin1Char(' ') +
               QLatin1Char(line.origin == ' ' ? ' ' : line.origin) + QLatin1Char(' ') +
               QString::fromUtf8(file.lineText(line)) + QLatin1Char('\n');
        if (!line.hasNewline)
            out += QStringLiteral("\\ No newline at end of file\n");
    }
}

QString DiffRenderer::render(const std::vector<git::FileDelta> &files, qsizetype maxChars)
{
    QString out;
    qsizetype cutAt = -1;
    int filesLeftOut = 0;
    for (const git::FileDelta &file : files) {
        if (cutAt >= 0) {
            ++filesLeftOut;
            continue;
        }
        out += fileHeader(file);
        if (file.binary)
            out += QStringLiteral("(binary file: content not shown)\n");
        else if (file.tooLarge)
            out += QStringLiteral("(file too large to diff: %1 bytes)\n").arg(file.newSize);
        else if (file.hunks.empty())
            out += QStringLiteral("(no line changes)\n");
        for (const git::DiffHunk &hunk : file.hunks)
            renderHunk(file, hunk, out);
        out += QLatin1Char('\n');
        if (out.size() > maxChars) {
            cutAt = out.lastIndexOf(QLatin1Char('\n'), maxChars);
            out.truncate(cutAt < 0 ? maxChars : cutAt + 1);
            cutAt = out.size();
        }
    }
    if (cutAt >= 0) {
        out += QStringLiteral("(diff cut here at %1 characters; %2 more file(s) not shown — read "
                              "them with read_file)\n")
                   .arg(maxChars)
                   .arg(filesLeftOut);
    }
    return out;
}

} // namespace agentdesk::agents
