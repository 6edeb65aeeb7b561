#pragma once

#include "core/Result.h"
#include "forge/ForgeTypes.h"
#include "store/PullRequestRecord.h"

#include <QJsonObject>

#include <optional>

namespace agentdesk::store {
class StoreWriter;
}

namespace agentdesk::tasks {

// `pull_request` in `agentdesk publish --json` and `show --json`: number, url, state, draft,
// title, forge, repository, branches, the pushed commit, whether the forge confirmed the
// stored title and body, the last error, and `checks` {state, sha, summary, items, checked_at}.
// Fields are only ever added.
QJsonObject pullRequestJson(const store::PullRequestRecord &record);

// The optional gate condition "the forge's checks passed" (agentdesk.requireForgeChecks): a
// sentence saying why the merge must wait, or nullopt when the checks on `validatedHead` (the
// commit the merge would land) passed. Not published, checks for another commit, no checks
// at all (never a pass), running or failed checks all hold it.
std::optional<QString> forgeChecksGateReason(const std::optional<store::PullRequestRecord> &record,
                                             const QString &validatedHead);

// Writes what PullRequestFollower::updated reported. Blocks on the writer (not the GUI thread).
VoidResult recordFollowerUpdate(store::StoreWriter &writer, TaskId id,
                                const forge::PullRequest &pullRequest,
                                const forge::ChecksSnapshot &checks);

} // namespace agentdesk::tasks
