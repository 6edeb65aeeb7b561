#include "tasks/decide/StartupRecovery.h"

#include "git/MergeEngine.h"
#include "git/Repository.h"
#include "git/TemporaryCheckouts.h"
#include "store/StoreWriter.h"

#include <QFileInfo>

namespace agentdesk::tasks {

StartupRecoveryReport recoverAtStart(store::StoreWriter &writer, const QStringList &repositoryPaths)
{
    StartupRecoveryReport report;
    QStringList paths = repositoryPaths;
    paths.removeDuplicates();
    for (const QString &path : std::as_const(paths)) {
        if (!QFileInfo::exists(path))
            continue;
        Result<git::Repository> repository = git::Repository::open(path);
        if (!repository) {
            report.notes << QStringLiteral("%1: %2").arg(path, repository.errorMessage());
            continue;
        }
        const Result<git::CheckoutRecovery> checkout =
            git::MergeEngine::recoverInterruptedCheckout(*repository);
        if (!checkout)
            report.notes << QStringLiteral("%1: %2").arg(path, checkout.errorMessage());
        else if (checkout->found) {
            report.checkoutsRepaired += checkout->repairedCheckouts;
            report.notes << checkout->note;
        }
        const Result<QStringList> leftovers = git::TemporaryCheckouts::removeLeftovers(path);
        if (!leftovers)
            report.notes << QStringLiteral("%1: %2").arg(path, leftovers.errorMessage());
        else
            report.leftoversRemoved += *leftovers;
    }
    const Result<QList<store::LedgerEntry>> counted = writer.settleAbandonedReservations();
    if (!counted)
        report.notes << counted.errorMessage();
    else
        report.reservationsCounted = int(counted->size());
    if (!report.leftoversRemoved.isEmpty())
        report.notes << QStringLiteral("Removed %1 temporary checkout(s) a stopped AgentDesk "
                                       "left behind.")
                            .arg(report.leftoversRemoved.size());
    if (report.reservationsCounted > 0)
        report.notes << QStringLiteral("%1 model call(s) in flight when AgentDesk stopped are "
                                       "counted at their worst case.")
                            .arg(report.reservationsCounted);
    return report;
}

} // namespace agentdesk::tasks
