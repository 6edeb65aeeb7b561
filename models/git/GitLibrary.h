#pragma once

#include <QString>

namespace agentdesk::git {

// Owns libgit2's global state for the process: construct one in main() (and in each test
// main) before any git work, and destroy it only after every worker and thread pool that may
// touch libgit2 has been drained.
class GitLibrary
{
public:
    GitLibrary();
    ~GitLibrary();
    GitLibrary(const GitLibrary &) = delete;
    GitLibrary &operator=(const GitLibrary &) = delete;

    // The libgit2 version the process runs with, e.g. "1.5.1".
    static QString runtimeVersion();
};

} // namespace agentdesk::git
