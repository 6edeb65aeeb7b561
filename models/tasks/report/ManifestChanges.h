#pragma once

#include "DeltaLines.h"
#include "git/DiffTypes.h"

#include <QStringList>

namespace agentdesk::tasks::report {

// Whether a change to a dependency manifest or lock file changes what the project depends on.
// package.json and the TOML manifests (Cargo.toml, pyproject.toml, Pipfile) are read by
// section, so a change to "scripts" or "[package] version" is not a dependency change; every
// other manifest and every lock file counts whenever it changes.
struct ManifestChange
{
    bool dependencies = false; // the change touches what the project depends on
    QStringList sections;      // the dependency sections changed, sorted ("devDependencies")
    // Some change's section is not visible in the diff's context; it was counted as a
    // dependency change to be safe (TOML), or because it looks like one (package.json).
    bool sectionUnknown = false;
    LineRef at; // the first line that changes a dependency
};

ManifestChange analyzeManifestChange(const git::FileDelta &delta);

} // namespace agentdesk::tasks::report
