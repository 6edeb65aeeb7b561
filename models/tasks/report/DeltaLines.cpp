#include "DeltaLines.h"

namespace agentdesk::tasks::report {

QString lineString(const git::FileDelta &delta, const git::DiffLine &line)
{
    return QString::fromUtf8(delta.lineText(line));
}

LineRef refOf(const git::DiffLine &line)
{
    if (line.origin == '-')
        return {line.oldLineNo, true};
    return {line.newLineNo, false};
}

LineRef firstChangedLine(const git::FileDelta &delta)
{
    // Added before removed, and a line with text before a blank one.
    for (const char origin : {'+', '-'}) {
        const git::DiffLine *blank = nullptr;
        for (const git::DiffLine &line : delta.lines) {
            if (line.origin != origin)
                continue;
            if (!lineString(delta, line).trimmed().isEmpty())
                return refOf(line);
            if (!blank)
                blank = &line;
        }
        if (blank)
            return refOf(*blank);
    }
    return {};
}

int indentationOf(const QString &text)
{
    int count = 0;
    while (count < text.size() &&
           (text.at(count) == QLatin1Char(' ') || text.at(count) == QLatin1Char('\t')))
        ++count;
    return count;
}

bool changesContent(const git::FileDelta &delta)
{
    if (delta.status == git::DeltaStatus::Unmodified)
        return false;
    return delta.status != git::DeltaStatus::Modified || delta.binary || delta.tooLarge ||
           delta.added > 0 || delta.removed > 0 || delta.oldId != delta.newId;
}

} // namespace agentdesk::tasks::report
