#pragma once

#include <QString>
#include <QtGlobal>

#include <optional>

namespace agentdesk {

// A running process, told apart from a later one that reuses its pid: the pid with the
// process's start time (clock ticks since boot, /proc/<pid>/stat) and the boot's id. Used to
// say who owns a data folder or a task, and whether that owner is still alive.
struct ProcessIdentity
{
    qint64 pid = 0;
    QString token; // "<start ticks>@<boot id>"; empty when unknown

    static ProcessIdentity current();
    // The identity of the process `pid` now; nullopt when there is none.
    static std::optional<ProcessIdentity> of(qint64 pid);

    bool isNull() const { return pid <= 0; }
    // Whether this very process (same pid and start) is still running.
    bool isAlive() const;
    bool isCurrentProcess() const;
    friend bool operator==(const ProcessIdentity &, const ProcessIdentity &) = default;
};

} // namespace agentdesk
