#pragma once

#include "app/HeadlessCommand.h"

#include <QList>

namespace agentdesk::app {

// Every headless command, in the order `--help` lists them.
const QList<HeadlessCommand> &headlessCommands();

// True when the arguments (argv without the program name) ask for the command line rather
// than the window: any verb (a first argument that is not an option), or --version/--help.
bool isHeadlessInvocation(const QStringList &arguments);

// Runs a headless invocation; returns the exit status.
int runHeadless(const QStringList &arguments, QTextStream &out, QTextStream &err);

QString helpText();

} // namespace agentdesk::app
