#pragma once

#include <QChar>
#include <QString>

namespace agentdesk::tasks {

// The first line of `text`, cut to `maxChars` with an ellipsis: an activity line, a reason.
inline QString firstLine(const QString &text, int maxChars = 140)
{
    QString line = text.trimmed().section(QLatin1Char('\n'), 0, 0).trimmed();
    if (line.size() > maxChars)
        line = line.left(maxChars - 1) + QChar(0x2026);
    return line;
}

// A commit id as the timeline shows it.
inline QString shortId(const QString &id)
{
    return id.left(10);
}

} // namespace agentdesk::tasks
