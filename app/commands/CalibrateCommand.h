#pragma once

#include "app/HeadlessCommand.h"

namespace agentdesk::app {

// `agentdesk calibrate --repo PATH --reviewer PROVIDER:MODEL [--reviewer ...] [--bugs N]
// [--budget USD] [--json]`: seeds known bugs into copies of the repository's recent changes,
// has each reviewer review them (and each change untouched), and prints the catch rate per
// model and bug class with its interval, the noise, and the exact cost. Results are stored.
HeadlessCommand calibrateCommand();

} // namespace agentdesk::app
