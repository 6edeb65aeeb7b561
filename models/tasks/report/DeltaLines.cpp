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
    for (const git::DiffLine &line : delta.lines) {
        if (line.origin == '+')
            return refOf(line);
    }
    for (const git::DiffLine &line : delta.lines) {
        if (line.origin == '-')
            return refOf(line);
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
