#include "app/commands/AcknowledgeCommand.h"

#include "app/EngineFactory.h"
#include "app/commands/CommandArguments.h"
#include "app/commands/HeadlessEngine.h"
#include "app/commands/TaskShow.h"
#include "store/StoreReader.h"
#include "tasks/decide/GateEvaluator.h"
#include "tasks/engine/Engine.h"

#include <QEventLoop>
#include <QSet>

namespace agentdesk::app {

namespace {

// The finding ids to change, checked against the task's findings; empty after saying why on
// `err`.
QList<qint64> chosenFindings(const ParsedArguments &args, const QList<store::FindingRecord> &all,
                             bool undo, QTextStream &err)
{
    QList<qint64> chosen;
    if (args.flags.contains(QStringLiteral("--all"))) {
        int latest = 0;
        for (const store::FindingRecord &f : all)
            latest = qMax(latest, f.iteration);
        for (const store::FindingRecord &f : all) {
            if (f.iteration != latest)
                continue;
            if (undo ? f.acknowledged : tasks::isBlockingFinding(f))
                chosen.append(f.id);
        }
        return chosen;
    }
    QSet<qint64> ofTask;
    for (const store::FindingRecord &f : all)
        ofTask.insert(f.id);
    for (qsizetype i = 1; i < args.positional.size(); ++i) {
        bool ok = false;
        const qint64 id = args.positional.at(i).toLongLong(&ok);
        if (!ok || !ofTask.contains(id)) {
            err << "agentdesk acknowledge: " << args.positional.at(i)
                << " is not a finding of this task (`agentdesk show` lists them)\n";
            return {};
        }
        chosen.append(id);
    }
    return chosen;
}

} // namespace

int acknowledgeCommand(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    const ParsedArguments args =
        parseArguments(arguments, {}, {QStringLiteral("--all"), QStringLiteral("--undo")});
    const bool all = args.flags.contains(QStringLiteral("--all"));
    if (!args.error.isEmpty() || args.positional.isEmpty() ||
        (all == (args.positional.size() > 1))) {
        err << "agentdesk acknowledge: "
            << (args.error.isEmpty() ? QStringLiteral("give a task number and the finding "
                                                      "numbers to acknowledge, or --all")
                                     : args.error)
            << '\n';
        return 2;
    }
    auto id = parseTaskId(args.positional.first());
    if (!id) {
        err << "agentdesk acknowledge: " << id.errorMessage() << '\n';
        return 2;
    }
    auto config = engineConfigFromSettings();
    if (!config) {
        err << "agentdesk acknowledge: " << config.errorMessage() << '\n';
        return 1;
    }
    const bool undo = args.flags.contains(QStringLiteral("--undo"));
    QList<qint64> chosen;
    {
        auto reader = openReader((*config)->databasePath);
        if (!reader)
            return 1;
        auto task = (*reader)->loadTask(*id);
        if (!task) {
            err << "agentdesk acknowledge: " << task.errorMessage() << '\n';
            return 1;
        }
        auto findings = (*reader)->findings(*id);
        if (!findings) {
            err << "agentdesk acknowledge: " << findings.errorMessage() << '\n';
            return 1;
        }
        chosen = chosenFindings(args, *findings, undo, err);
        if (chosen.isEmpty()) {
            if (!all)
                return 1;
            out << "Task " << *id << " has no finding to "
                << (undo ? "take the acknowledgement back from" : "acknowledge") << ".\n";
            return 0;
        }
    }
    tasks::Engine engine(*config);
    engine.setExclusive(true);
    engine.setQueuePaused(true);
    int answered = 0;
    QStringList failures;
    const bool opened = runEngine(engine, err, [&](QEventLoop &loop) {
        QObject::connect(&engine, &tasks::Engine::opened, &loop, [&](bool ok) {
            if (!ok)
                return;
            for (qint64 finding : chosen)
                engine.acknowledge(*id, finding, !undo);
        });
        QObject::connect(&engine, &tasks::Engine::operationFinished, &loop,
                         [&](int, tasks::TaskId, bool ok, const QString &message) {
                             if (!ok)
                                 failures.append(message);
                             if (++answered == chosen.size())
                                 loop.quit();
                         });
    });
    if (!opened)
        return 1;
    if (!failures.isEmpty()) {
        err << "agentdesk acknowledge: " << failures.join(QStringLiteral("; ")) << '\n';
        return 1;
    }
    QStringList numbers;
    for (qint64 finding : chosen)
        numbers.append(QString::number(finding));
    out << (undo ? "Acknowledgement taken back for " : "Acknowledged ") << "finding"
        << (chosen.size() == 1 ? " " : "s ") << numbers.join(QStringLiteral(", ")) << " of task "
        << *id << ".\n";
    return 0;
}

} // namespace agentdesk::app
