#include "app/commands/HeadlessEngine.h"

#include "tasks/engine/Engine.h"

#include <QEventLoop>

namespace agentdesk::app {

bool runEngine(tasks::Engine &engine, QTextStream &err,
               const std::function<void(QEventLoop &)> &wire)
{
    QEventLoop loop;
    bool openedOk = true;
    QObject::connect(&engine, &tasks::Engine::opened, &loop,
                     [&](bool ok, const QString &error, const QList<tasks::TaskId> &interrupted) {
                         if (!ok) {
                             err << "agentdesk: " << error << '\n';
                             openedOk = false;
                             loop.quit();
                             return;
                         }
                         if (!interrupted.isEmpty())
                             err << "agentdesk: " << interrupted.size()
                                 << " task(s) left running by an earlier run are now "
                                    "Interrupted; resume them with `agentdesk resume TASK`.\n";
                     });
    wire(loop);
    engine.start();
    loop.exec();
    return openedOk;
}

} // namespace agentdesk::app
