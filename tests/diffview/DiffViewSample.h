#pragma once

#include "git/DiffTypes.h"
#include "review/Finding.h"

#include <vector>

namespace agentdesk::test {

// A realistic review sample: a C++ change over a few hunks, a rename, a binary file, and two
// findings. Shared by the widget tests and the screenshot tool.
std::vector<git::FileDelta> sampleDeltas();
std::vector<review::Finding> sampleFindings();

} // namespace agentdesk::test
