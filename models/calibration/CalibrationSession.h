#pragma once

#include "calibration/CalibrationPlan.h"
#include "calibration/CalibrationRun.h"
#include "core/Result.h"

#include <QObject>
#include <QPointer>
#include <QThread>

#include <atomic>

namespace agentdesk::calibration {

// The calibration's face to the GUI and the command line. It lives on the caller's thread and
// owns a worker thread where everything that blocks happens (libgit2, the store's writes,
// the reviewer's network calls, the parse checks' processes); answers come back as queued
// signals carrying values. One job at a time: plan() ends with planned() or planFailed(),
// run() with finished() (after progress() and reviewed() as it goes). cancel() stops the job
// in flight; the destructor cancels and waits for the worker.
class CalibrationSession : public QObject
{
    Q_OBJECT

public:
    explicit CalibrationSession(CalibrationServices services, QObject *parent = nullptr);
    ~CalibrationSession() override;

    void plan(const PlanRequest &request);
    // Estimates on this thread (prices only, no I/O) and starts the reviews; an error (see
    // estimateRun, or "busy") is returned at once and nothing starts.
    Result<RunEstimate> run(const RunRequest &request);
    void cancel();
    bool isBusy() const { return m_busy; }

Q_SIGNALS:
    void planned(const agentdesk::calibration::CalibrationPlan &plan);
    void planFailed(const agentdesk::Error &error);
    void progress(const agentdesk::calibration::CalibrationProgress &progress);
    void reviewed(const agentdesk::calibration::ReviewResult &result);
    void finished(const agentdesk::calibration::CalibrationReport &report);

private:
    CalibrationServices m_services;
    QThread m_thread;
    QObject *m_context = nullptr; // lives on m_thread; the jobs are its children
    std::atomic_bool m_cancelled{false};
    bool m_busy = false;
};

} // namespace agentdesk::calibration
