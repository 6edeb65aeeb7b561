#pragma once

#include <QString>
#include <QStringList>

namespace agentdesk::tasks {

// How a checkout is prepared before the agent or the tests run in it: the setup commands (run
// by /bin/sh -c in the checkout's root, network allowed) and why they were chosen. Without a
// recipe the plan is detected from the files at the root, as the test command is.
struct EnvironmentPlan
{
    QString kind;      // "npm", "pnpm", "yarn", "python", "recipe", "none"
    QStringList setup; // shell commands, run in order; empty when nothing is needed
    QString reason;    // "package-lock.json at the root"
    QStringList notes; // what was found but not used: "yarn.lock, but yarn is not installed"
    // What the setup produces that a later checkout with the same key can take from the cache
    // instead of running it (relative paths), and the files whose contents name the cache.
    QStringList cachePaths;
    QStringList cacheKeyFiles;

    bool isEmpty() const { return setup.isEmpty(); }
    // The plan as one line for the timeline and `env check`: "npm ci (package-lock.json at the
    // root)".
    QString summary() const;

    // First match wins: package-lock.json → `npm ci`, pnpm-lock.yaml → `pnpm install
    // --frozen-lockfile`, yarn.lock → `yarn install --frozen-lockfile` (each only when the
    // tool is on PATH; otherwise a note and the next candidate), requirements*.txt or
    // pyproject.toml → a virtual environment in .venv (with the system's site packages) and the
    // requirements installed into it. `path` is the PATH to look tools up in (empty: the
    // process's own).
    static EnvironmentPlan detect(const QString &directory, const QString &path = {});
};

} // namespace agentdesk::tasks
