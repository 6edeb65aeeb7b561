#pragma once

#include "core/Result.h"

#include <QString>
#include <QStringList>

namespace agentdesk::tasks {

// `.worktreeinclude`: gitignore-syntax patterns naming the ignored files (a local .env,
// secrets, generated config) that a new checkout needs. A file is copied (never symlinked) from
// the user's checkout only when it matches a pattern AND git ignores it there: a tracked file
// or an untracked, non-ignored one is never copied, whatever the patterns say.
class WorktreeInclude
{
public:
    struct Copied
    {
        QStringList files; // relative paths copied, sorted
        QStringList notes; // what could not be copied and why
    };

    // The patterns of `sourceCheckout`/.worktreeinclude (if any) followed by `extraPatterns`
    // (the recipe's `include`).
    static QStringList patterns(const QString &sourceCheckout, const QStringList &extraPatterns);
    // Whether `relativePath` ('/'-separated) is selected by `patterns`, gitignore rules: the
    // last matching pattern wins, `!` negates, a trailing '/' matches folders only, a pattern
    // with an inner '/' is anchored at the root, `*`, `?`, `[..]` and `**` as git reads them, a
    // pattern matching a folder selects everything under it.
    static bool matches(const QStringList &patterns, const QString &relativePath);
    // Copies the selected ignored files of `sourceCheckout` into `destination` (a checkout of
    // the same repository), keeping their relative paths and permissions and replacing what is
    // there. Worker thread. Error code: "status-failed" (the source is no git work tree).
    static Result<Copied> copy(const QString &sourceCheckout, const QString &destination,
                               const QStringList &extraPatterns = {});
};

} // namespace agentdesk::tasks
