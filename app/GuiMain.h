#pragma once

namespace agentdesk::app {

// Builds the application's parts, shows the main window and runs the event loop until the
// user quits. Returns the exit status.
int runGui(int &argc, char **argv);

} // namespace agentdesk::app
