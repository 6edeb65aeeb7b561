#pragma once

#include "core/Result.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace agentdesk::tasks {

// A repository's recipe, `.agentdesk/environment.toml`:
//
//   setup = "npm ci"            # or a list of commands, run in order (network allowed)
//   test = "npm test"           # the validation command; detection when absent
//   ports = 2                   # ports reserved per task (0 by default)
//   include = [".env", "config/*.local"]   # added to .worktreeinclude
//   [env]
//   DATABASE_NAME = "app_${AGENTDESK_TASK_ID}"
//   [cache]
//   paths = ["node_modules", "build"]   # what setup makes, restored instead of running it
//   key = ["package-lock.json"]         # files whose contents name the cache
//
// Unknown keys are refused, so a typo is not silently ignored.
struct EnvironmentRecipe
{
    std::optional<QStringList> setup; // absent: the detected plan; an empty list: no setup
    QString test;
    int ports = 0;
    QStringList include;
    QList<QPair<QString, QString>> env; // in the file's order, not yet substituted
    QStringList cachePaths;             // relative, inside the checkout, never .git
    QStringList cacheKey;

    static constexpr const char *kRelativePath = ".agentdesk/environment.toml";

    // Error code "recipe-invalid", with the file's line: "environment.toml line 3: ports must
    // be a whole number from 0 to 100".
    static Result<EnvironmentRecipe>
    parse(const QByteArray &text,
          const QString &fileName = QStringLiteral(".agentdesk/environment.toml"));
    // The recipe of the checkout `directory`; std::nullopt inside when it has none.
    static Result<std::optional<EnvironmentRecipe>> load(const QString &directory);

    // `value` with ${AGENTDESK_TASK_ID} and ${AGENTDESK_PORT} replaced; other text as is.
    static QString substitute(QString value, const QString &taskId, int port);
    // The [env] variables, substituted.
    QList<QPair<QString, QString>> environment(const QString &taskId, int port) const;
};

} // namespace agentdesk::tasks
