#pragma once

#include "calibration/CalibrationPlan.h"
#include "calibration/SyntaxCheck.h"
#include "calibration/VariantGenerator.h"
#include "core/Result.h"
#include "git/Repository.h"

#include <QHash>
#include <QObject>

#include <atomic>
#include <memory>
#include <optional>

namespace agentdesk::calibration {

// Builds a CalibrationPlan on the calibration's worker thread: reads the history and files
// (libgit2, blocking: never on the GUI thread), tries candidates in CandidateQueue order, runs
// each language's parse check as a child process (the original file first: a variant is
// only required to parse where the original does), and writes each accepted variant as a
// commit no ref points at. Ends with exactly one planned() or failed().
class PlanBuilder : public QObject
{
    Q_OBJECT

public:
    PlanBuilder(PlanRequest request, const std::atomic_bool *cancelled, QObject *parent = nullptr);
    ~PlanBuilder() override;

    void start();
    // Stops the running check; failed("cancelled") follows at once.
    void cancel();

Q_SIGNALS:
    void planned(const agentdesk::calibration::CalibrationPlan &plan);
    void failed(const agentdesk::Error &error);

private:
    VoidResult collect();
    void tryNext();
    // Runs the next step for m_current: returns false when it started an asynchronous check.
    bool advance();
    void onChecked(const SyntaxCheck::Outcome &outcome);
    VoidResult accept(int index, const QString &check);
    void finishPlan();
    void fail(const Error &error);
    QString originalKey(const Candidate &candidate) const;

    PlanRequest m_request;
    const std::atomic_bool *m_cancelled;
    std::optional<git::Repository> m_repository;
    CalibrationPlan m_plan;
    QList<Candidate> m_candidates;
    std::unique_ptr<CandidateQueue> m_queue;
    SyntaxCheck *m_check = nullptr;
    int m_current = -1;
    bool m_checkingOriginal = false;
    QHash<QString, SyntaxCheck::Outcome> m_originals;
    bool m_done = false;
};

} // namespace agentdesk::calibration
