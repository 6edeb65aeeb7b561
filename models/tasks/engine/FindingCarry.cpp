#include "tasks/engine/FindingCarry.h"

#include <cstdlib>

namespace agentdesk::tasks {

namespace {

constexpr int kLineSlack = 3;

QString normalizedTitle(const QString &title)
{
    return title.simplified().toCaseFolded();
}

bool sameConcern(const store::FindingRecord &before, const store::FindingRecord &now)
{
    if (before.file != now.file || before.category != now.category)
        return false;
    if (normalizedTitle(before.title) == normalizedTitle(now.title))
        return true;
    if (before.startLine == 0 || now.startLine == 0)
        return false;
    const int beforeEnd = qMax(before.startLine, before.endLine);
    const int nowEnd = qMax(now.startLine, now.endLine);
    return now.startLine <= beforeEnd + kLineSlack && before.startLine <= nowEnd + kLineSlack;
}

} // namespace

FindingCarry carryFindingsForward(const QList<store::FindingRecord> &previous,
                                  QList<store::FindingRecord> current,
                                  const QSet<QString> &changedPaths)
{
    FindingCarry carry;
    QList<bool> taken(current.size(), false);
    for (const store::FindingRecord &before : previous) {
        int match = -1;
        for (int i = 0; i < current.size() && match < 0; ++i) {
            if (!taken.at(i) && sameConcern(before, current.at(i)))
                match = i;
        }
        store::FindingStatus status = store::FindingStatus::Resolved;
        if (match >= 0) {
            taken[match] = true;
            current[match].carriedFromId = before.id;
            status = store::FindingStatus::Open;
        } else if (!before.file.isEmpty() && !changedPaths.contains(before.file)) {
            status = store::FindingStatus::Outdated;
        }
        carry.previousStatus.emplace_back(before.id, status);
    }
    carry.current = std::move(current);
    return carry;
}

} // namespace agentdesk::tasks
