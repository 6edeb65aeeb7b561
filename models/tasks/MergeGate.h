#pragma once

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace agentdesk::tasks {

// Why a task cannot be merged right now. Every reason carries a sentence a user can act on
// (`text`) and, where it applies, the paths or findings involved.
struct GateReason
{
    enum class Kind
    {
        NotReady,             // the task is still running, or not in ReadyForReview
        NotValidated,         // no validation of the branch head exists
        ValidationFailed,     // the head's validation failed (or ran zero tests)
        ValidationStale,      // the validation is of another commit than the branch head
        BlockingFindings,     // priority-0/1 findings not acknowledged
        WouldConflict,        // merging into the current base would conflict
        DirtyBaseCheckout,    // the base is checked out with local changes in touched paths
        BaseMissing,          // the base branch no longer exists
        LinkLeavesRepository, // a symbolic link the task adds points outside the repository
    };
    Kind kind = Kind::NotReady;
    QString text;
    QStringList paths;        // conflicting or dirty paths, sorted
    QList<qint64> findingIds; // the blocking findings
    friend bool operator==(const GateReason &, const GateReason &) = default;
};

QString gateReasonKindName(GateReason::Kind kind); // "not-ready", "would-conflict", ...

// The merge gate's answer for one task: allowed when there is no reason against it. Also says
// how the task stands against its base, for the review header and the conflict radar.
struct GateAnswer
{
    QList<GateReason> reasons;
    QString headCommit;      // the task branch's head
    QString baseHeadCommit;  // the base branch's head now
    QString validatedCommit; // the commit the latest validation ran on; empty: none
    int ahead = 0;           // task commits not on the base
    int behind = 0;          // base commits since the task's merge base
    bool baseMoved() const { return behind > 0; }
    bool allowed() const { return reasons.isEmpty(); }
    friend bool operator==(const GateAnswer &, const GateAnswer &) = default;
};

} // namespace agentdesk::tasks

Q_DECLARE_METATYPE(agentdesk::tasks::GateAnswer)
