#pragma once

#include <QString>
#include <QStringList>

namespace agentdesk::store {
class StoreWriter;
}

namespace agentdesk::tasks {

// What a start finished of the work a kill cut short (issue 16).
struct StartupRecoveryReport
{
    QStringList checkoutsRepaired; // base checkouts brought whole after a merge cut short
    QStringList leftoversRemoved;  // temporary validation checkouts of dead AgentDesks
    int reservationsCounted = 0;   // calls in flight at the kill, counted at their worst case
    QStringList notes;             // one sentence per thing done or that could not be done
};

// Runs before anything else at an engine's start, with the data folder's lock held, for every
// repository the store knows: finishes a base checkout update a kill cut short
// (git::MergeEngine::recoverInterruptedCheckout), removes AgentDesk's own leftover temporary
// checkouts (git::TemporaryCheckouts::removeLeftovers), and counts every spend reservation of
// a dead process at its worst case (StoreWriter::settleAbandonedReservations). Failures are
// notes, not errors: a repository that went away must not stop the engine. Blocks (git,
// store): the engine thread only.
StartupRecoveryReport recoverAtStart(store::StoreWriter &writer,
                                     const QStringList &repositoryPaths);

} // namespace agentdesk::tasks
