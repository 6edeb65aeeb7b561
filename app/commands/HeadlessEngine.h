#pragma once

#include <QTextStream>

#include <functional>

class QEventLoop;

namespace agentdesk::tasks {
class Engine;
}

namespace agentdesk::app {

// Runs the engine until `wire`'s connections quit the loop, on a local event loop (the
// headless process has no other). Returns false when the engine could not open.
bool runEngine(tasks::Engine &engine, QTextStream &err,
               const std::function<void(QEventLoop &)> &wire);

} // namespace agentdesk::app
