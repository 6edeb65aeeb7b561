#pragma once

#include <QString>

#include <optional>

namespace agentdesk::tasks {

// The command that validates a repository, run by /bin/sh -c in its root. Build products go to
// $VALIDATION_BUILD_DIR, a scratch folder outside the worktree that the runner provides (and
// removes), so validating never leaves files for AgentDesk to commit.
struct ValidationCommand
{
    QString kind; // "cmake", "npm", "pytest", "cargo", "go", "make", "custom"
    QString shellCommand;
    QString reason; // why it was chosen: "CMakeLists.txt at the root"

    // Detected from the files at the root of `directory`, first match wins: CMake, a
    // package.json "test" script (not npm's placeholder), pytest configuration or a tests folder
    // of test_*.py, Cargo.toml, go.mod, a Makefile with a `test` target.
    static std::optional<ValidationCommand> detect(const QString &directory);
    // The spec's command, as given.
    static ValidationCommand custom(const QString &shellCommand);
};

} // namespace agentdesk::tasks
