#include "FileDeltaFactory.h"

#include <QList>

namespace agentdesk::test {

namespace {

bool parseRange(const QByteArray &text, int &start, int &count)
{
    const QList<QByteArray> parts = text.mid(1).split(',');
    bool ok = false;
    start = parts.value(0).toInt(&ok);
    count = parts.size() > 1 ? parts.at(1).toInt() : 1;
    return ok;
}

} // namespace

git::FileDelta FileDeltaFactory::make(const QString &oldPath, const QString &newPath,
                                      const QByteArray &unifiedHunks, git::DeltaStatus status)
{
    git::FileDelta delta;
    delta.oldPath = oldPath;
    delta.newPath = newPath;
    delta.status = status;
    delta.oldMode = oldPath.isEmpty() ? 0 : 0100644;
    delta.newMode = newPath.isEmpty() ? 0 : 0100644;
    appendHunks(delta, unifiedHunks);
    return delta;
}

void FileDeltaFactory::appendHunks(git::FileDelta &delta, const QByteArray &unifiedHunks)
{
    int oldLine = 0;
    int newLine = 0;
    qsizetype pos = 0;
    while (pos < unifiedHunks.size()) {
        qsizetype end = unifiedHunks.indexOf('\n', pos);
        if (end < 0)
            end = unifiedHunks.size();
        QByteArray line = unifiedHunks.mid(pos, end - pos);
        pos = end + 1;
        if (line.startsWith("@@")) {
            const QList<QByteArray> parts = line.split(' ');
            git::DiffHunk hunk;
            parseRange(parts.value(1), hunk.oldStart, hunk.oldLines);
            parseRange(parts.value(2), hunk.newStart, hunk.newLines);
            hunk.header = QString::fromUtf8(line);
            hunk.firstLine = int(delta.lines.size());
            delta.hunks.push_back(hunk);
            oldLine = hunk.oldStart;
            newLine = hunk.newStart;
            continue;
        }
        if (line.startsWith('\\')) {
            if (!delta.lines.empty())
                delta.lines.back().hasNewline = false;
            continue;
        }
        if (line.isEmpty() || delta.hunks.empty())
            continue;
        git::DiffLine diffLine;
        diffLine.origin = line.at(0);
        QByteArray body = line.mid(1);
        if (body.endsWith('\r')) {
            body.chop(1);
            diffLine.crlf = true;
        }
        diffLine.offset = int(delta.text.size());
        diffLine.length = int(body.size());
        delta.text.append(body);
        delta.text.append('\n');
        if (diffLine.origin != '+')
            diffLine.oldLineNo = oldLine++;
        if (diffLine.origin != '-')
            diffLine.newLineNo = newLine++;
        if (diffLine.origin == '+')
            ++delta.added;
        if (diffLine.origin == '-')
            ++delta.removed;
        delta.lines.push_back(diffLine);
        ++delta.hunks.back().lineCount;
    }
}

} // namespace agentdesk::test
