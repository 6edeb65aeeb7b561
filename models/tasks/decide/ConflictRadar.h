#pragma once

#include "core/Result.h"
#include "tasks/TaskId.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <atomic>

namespace agentdesk::git {
class Repository;
}

namespace agentdesk::tasks {

// A waiting task the radar looks at.
struct RadarTask
{
    TaskId taskId = 0;
    QString branch; // "agentdesk/12-fix-typo"
};

// How one task stands against the base now.
struct RadarEntry
{
    TaskId taskId = 0;
    QString branch;
    QString headCommit;
    int ahead = 0;  // task commits not on the base
    int behind = 0; // base commits since the task's merge base: > 0 means stale
    bool conflictsWithBase = false;
    QStringList conflictingPaths; // with the base, sorted
    QString error;                // why this task could not be checked (its branch is gone, ...)
    bool isStale() const { return behind > 0; }
    friend bool operator==(const RadarEntry &, const RadarEntry &) = default;
};

// Two waiting tasks whose branches conflict with each other: whichever merges second will
// need its conflicts resolved, so the user can choose the order.
struct RadarPair
{
    TaskId first = 0; // first < second
    TaskId second = 0;
    QStringList paths; // sorted
    friend bool operator==(const RadarPair &, const RadarPair &) = default;
};

struct RadarReport
{
    QString baseBranch;
    QString baseHead;
    QList<RadarEntry> entries; // in the order the tasks were given
    QList<RadarPair> pairs;    // sorted by (first, second)
    friend bool operator==(const RadarReport &, const RadarReport &) = default;
};

// The stale-base and conflict radar: each task against the base, and every pair of tasks
// against each other, merged in memory (MergeEngine::predict), never touching a work tree.
// Runs on the caller's (worker) thread: n tasks cost n + n(n-1)/2 in-memory merges. `cancel`,
// when given, is polled between merges ("cancelled").
//
// Codes: "branch-missing" (the base is gone), "cancelled", and the git layer's. A task whose
// own branch is missing gets an entry with `error` set and takes no part in pairs.
class ConflictRadar
{
public:
    static Result<RadarReport> compute(const git::Repository &repository, const QString &baseBranch,
                                       const QList<RadarTask> &tasks,
                                       const std::atomic_bool *cancel = nullptr);
};

} // namespace agentdesk::tasks

Q_DECLARE_METATYPE(agentdesk::tasks::RadarReport)
