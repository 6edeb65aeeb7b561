#pragma once

#include "agents/api/ReviewerAgent.h"
#include "calibration/CalibrationRun.h"
#include "cost/Ledger.h"
#include "git/Repository.h"

#include <QHash>
#include <QObject>
#include <QTemporaryDir>
#include <QTimer>

#include <atomic>
#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace agentdesk::store {
class StoreWriter;
}

namespace agentdesk::calibration {

// Runs a calibration's reviews one after another on the calibration's worker thread, with the
// very ReviewerAgent and prompt tasks use: a fresh conversation per review, the same
// read-only tools over the reviewed commit's files (exported to a temporary folder, never the
// user's checkout). Each review gets its allowance as its own budget and starts only when
// that allowance fits in what the run's budget has left, so the run never spends past its
// budget; costs come from the run's own ledger. Results are stored as they come when a
// database is given. Ends with exactly one finished().
class ReviewRunner : public QObject
{
    Q_OBJECT

public:
    ReviewRunner(CalibrationServices services, RunRequest request, RunEstimate estimate,
                 const std::atomic_bool *cancelled, QObject *parent = nullptr);
    ~ReviewRunner() override;

    void start();
    void cancel();

Q_SIGNALS:
    void progress(const agentdesk::calibration::CalibrationProgress &progress);
    void reviewed(const agentdesk::calibration::ReviewResult &result);
    void finished(const agentdesk::calibration::CalibrationReport &report);

private:
    VoidResult open();
    void nextReview();
    VoidResult startReview(const ReviewSlot &slot);
    Result<QString> checkoutFor(const ReviewSlot &slot);
    void onReviewFinished(const agents::ReviewOutcome &outcome);
    void record(ReviewResult result);
    void restoreCheckout();
    void end(const QString &status, const QString &note);
    QString ledgerTask(int slot) const;
    QString activity(const ReviewSlot &slot) const;

    CalibrationServices m_services;
    CalibrationReport m_report;
    const std::atomic_bool *m_cancelled;
    std::optional<git::Repository> m_repository;
    std::unique_ptr<store::StoreWriter> m_writer;
    QNetworkAccessManager *m_network = nullptr;
    cost::Ledger *m_ledger = nullptr;
    QTemporaryDir m_checkouts;
    QHash<int, QString> m_exported; // change → folder
    QHash<int, agents::ProviderSettings> m_providers;
    agents::ReviewerAgent *m_reviewer = nullptr;
    QTimer m_timeout;
    bool m_timedOut = false;
    int m_next = 0;
    QString m_restorePath;
    QByteArray m_restoreBytes;
    bool m_ended = false;
};

} // namespace agentdesk::calibration
