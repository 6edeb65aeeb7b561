#include "app/commands/ValidateCommand.h"

#include "app/EngineFactory.h"
#include "app/commands/CommandArguments.h"
#include "app/commands/HeadlessEngine.h"
#include "app/commands/TaskShow.h"
#include "store/StoreReader.h"
#include "tasks/decide/GateEvaluator.h"
#include "tasks/engine/Engine.h"

#include <QEventLoop>

namespace agentdesk::app {

int validateCommand(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    const ParsedArguments args = parseArguments(arguments, {}, {});
    if (!args.error.isEmpty() || args.positional.size() != 1) {
        err << "agentdesk validate: "
            << (args.error.isEmpty() ? QStringLiteral("give one task number") : args.error) << '\n';
        return 2;
    }
    auto id = parseTaskId(args.positional.first());
    if (!id) {
        err << "agentdesk validate: " << id.errorMessage() << '\n';
        return 2;
    }
    auto config = engineConfigFromSettings();
    if (!config) {
        err << "agentdesk validate: " << config.errorMessage() << '\n';
        return 1;
    }
    tasks::Engine engine(*config);
    engine.setExclusive(true);
    engine.setQueuePaused(true);
    QString failure;
    int ticket = 0;
    const bool opened = runEngine(engine, err, [&](QEventLoop &loop) {
        QObject::connect(&engine, &tasks::Engine::opened, &loop, [&](bool ok) {
            if (ok)
                ticket = engine.validate(*id);
        });
        QObject::connect(&engine, &tasks::Engine::operationFinished, &loop,
                         [&](int answered, tasks::TaskId, bool ok, const QString &message) {
                             if (answered != ticket || ok)
                                 return;
                             failure = message;
                             loop.quit();
                         });
        QObject::connect(&engine, &tasks::Engine::validationFinished, &loop,
                         [&](tasks::TaskId task, const QString &error) {
                             if (task != *id)
                                 return;
                             failure = error;
                             loop.quit();
                         });
    });
    if (!opened)
        return 1;
    if (!failure.isEmpty()) {
        err << "agentdesk validate: " << failure << '\n';
        return 1;
    }
    auto reader = openReader((*config)->databasePath);
    if (!reader)
        return 1;
    auto validations = (*reader)->validations(*id);
    if (!validations || validations->isEmpty()) {
        err << "agentdesk validate: "
            << (validations ? QStringLiteral("the validation was not recorded")
                            : validations.errorMessage())
            << '\n';
        return 1;
    }
    store::ValidationRecord latest = validations->first();
    for (const store::ValidationRecord &record : *validations)
        if (record.id > latest.id)
            latest = record;
    const bool passed = tasks::validationPassed(latest);
    out << "Task " << *id << ": validation of " << latest.commit.left(10) << ' '
        << (passed ? "passed" : "failed") << " (" << latest.passed << " passed, " << latest.failed
        << " failed, " << latest.skipped << " skipped, exit code " << latest.exitCode
        << (latest.timedOut ? ", timed out" : "") << ").\n";
    return passed ? 0 : 1;
}

} // namespace agentdesk::app
