#pragma once

// Private to models/git: the intent of a base update, written before the base ref moves so that
// a kill between the ref and the checkout's files can be finished at the next start.

#include "core/ProcessIdentity.h"
#include "core/Result.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace agentdesk::git::detail {

struct MergeIntent
{
    QString refName; // "refs/heads/main"
    QString oldId;
    QString newId;
    QStringList checkouts; // work trees whose index and files follow the ref
    ProcessIdentity owner;
};

// `<common git dir>/agentdesk-merge-journal`.
QString mergeJournalPath(const QString &commonDir);
// Durable (fsynced, renamed into place) before it returns.
VoidResult writeMergeIntent(const QString &commonDir, const MergeIntent &intent);
// nullopt when there is none (or it cannot be read: a torn write never got renamed in).
std::optional<MergeIntent> readMergeIntent(const QString &commonDir);
void removeMergeIntent(const QString &commonDir);

} // namespace agentdesk::git::detail
