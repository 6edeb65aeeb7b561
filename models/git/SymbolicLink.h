#pragma once

#include <QString>
#include <QStringList>

namespace agentdesk::git {

// A symbolic link a change adds or repoints: its path in the repository and its target, as
// git stores it (the blob of a mode 120000 entry).
struct SymbolicLink
{
    QString path;
    QString target;
    friend bool operator==(const SymbolicLink &, const SymbolicLink &) = default;
};

// Whether the link, checked out, points outside the repository or into git's own files: an
// absolute target ("/etc/passwd"), one that climbs above the repository's root
// ("../../../x", judged from the link's own folder), or one that lands under a `.git`
// component in any case. Judged from the text alone, header-only (the report and the gate
// both use it without linking libgit2).
inline bool leavesRepository(const SymbolicLink &link)
{
    const QString target = link.target;
    if (target.isEmpty())
        return false;
    if (target.startsWith(QLatin1Char('/')) || target.startsWith(QLatin1Char('\\')) ||
        (target.size() >= 2 && target.at(1) == QLatin1Char(':')))
        return true;
    QStringList resolved = link.path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (!resolved.isEmpty())
        resolved.removeLast(); // the link's own folder is where its target starts from
    QString normalized = target;
    normalized.replace(QLatin1Char('\\'), QLatin1Char('/'));
    for (const QString &part : normalized.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        if (part == QLatin1String("."))
            continue;
        if (part == QLatin1String("..")) {
            if (resolved.isEmpty())
                return true;
            resolved.removeLast();
            continue;
        }
        resolved.append(part);
    }
    for (const QString &part : resolved) {
        if (part.compare(QLatin1String(".git"), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace agentdesk::git
