// Subscription usage windows (issue 19): a CLI agent's plan says "rejected" until a reset time.
// The run it stopped is Paused with a scheduled resume (ImplementStep), the agent's queued
// tasks wait here instead of starting only to be refused, and a timer resumes them when the
// window resets — in this process, or the next one to open the data folder.

#include "agents/cli/CliAgents.h"
#include "store/StoreReader.h"
#include "store/StoreWriter.h"
#include "tasks/engine/Scheduler.h"
#include "tasks/engine/TaskRunner.h"
#include "tasks/engine/steps/RunnerRecords.h"

#include <QDateTime>

namespace agentdesk::tasks {

namespace {

// Re-read the schedule at least this often: a suspended laptop's timers do not count the
// hours it slept, and the wall clock may move.
constexpr qint64 kLongestResumeWaitMs = 10 * 60 * 1000;
// A reset time is the provider's, to the second: start just after it, not just before.
constexpr qint64 kResumeSlackMs = 1000;

} // namespace

void Scheduler::loadUsageWindows()
{
    auto windows = m_reader->usageWindows();
    if (!windows) {
        qWarning("Could not read the usage windows: %s", qPrintable(windows.errorMessage()));
        return;
    }
    for (const store::UsageWindowRecord &record : *windows) {
        const agents::UsageWindow window = records::usageWindow(record);
        m_windows.insert(window.agent, window);
        if (!window.meterNotice().isEmpty() && !window.hasReset())
            Q_EMIT usageWindowReported(window);
    }
}

void Scheduler::onUsageWindowReported(const agents::UsageWindow &window)
{
    if (window.agent.isEmpty())
        return;
    m_windows.insert(window.agent, window);
    Q_EMIT usageWindowReported(window);
}

// A queued task whose CLI agent is behind a rejected window that has not reset: Paused with
// the time it resumes, rather than started to be refused (and its setup paid for) again.
bool Scheduler::holdForUsageWindow(const Pending &pending)
{
    if (pending.ignoreUsageWindow || m_windows.isEmpty())
        return false;
    auto task = loadTask(pending.id);
    if (!task || task->state != TaskState::Queued)
        return false;
    const QString agent = task->spec.implementer.provider;
    if (!agents::isCliBackendId(agent))
        return false;
    const auto window = m_windows.constFind(agent);
    if (window == m_windows.constEnd() || !window->holdsTasks())
        return false;
    const QString reason =
        window->describe() + QStringLiteral(". The task waits for it and then starts on its own.");
    if (VoidResult held =
            m_writer->transitionTask(pending.id, TaskState::Queued, TaskState::Paused, reason);
        !held) {
        qWarning("Could not hold task %lld for the usage window: %s", pending.id,
                 qPrintable(held.errorMessage()));
        return false;
    }
    if (VoidResult scheduled = m_writer->scheduleResume(
            {pending.id, window->resetsAt.toUTC(), QStringLiteral("usage-window:%1").arg(agent)});
        !scheduled)
        qWarning("Could not schedule task %lld's resume: %s", pending.id,
                 qPrintable(scheduled.errorMessage()));
    armResumes();
    Q_EMIT taskFinished(pending.id, TaskState::Paused, reason);
    return true;
}

void Scheduler::armResumes()
{
    // A process that runs only its own tasks, or only enqueues, leaves the schedule to the
    // window or `agentdesk run`.
    if (m_exclusive || m_enqueueOnly || m_shuttingDown || !m_reader)
        return;
    auto resumes = m_reader->scheduledResumes();
    if (!resumes) {
        qWarning("Could not read the scheduled resumes: %s", qPrintable(resumes.errorMessage()));
        return;
    }
    if (resumes->isEmpty()) {
        m_resumeTimer.stop();
        return;
    }
    QDateTime earliest = resumes->first().at;
    for (const store::ScheduledResume &resume : *resumes)
        earliest = qMin(earliest, resume.at);
    const qint64 wait = QDateTime::currentDateTimeUtc().msecsTo(earliest) + kResumeSlackMs;
    m_resumeTimer.start(int(qBound(qint64(0), wait, kLongestResumeWaitMs)));
}

void Scheduler::resumeDue()
{
    auto resumes = m_reader->scheduledResumes();
    if (!resumes) {
        qWarning("Could not read the scheduled resumes: %s", qPrintable(resumes.errorMessage()));
        return;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const store::ScheduledResume &resume : *resumes) {
        if (resume.at > now)
            continue;
        auto state = m_reader->taskState(resume.taskId);
        const bool paused = state && state->has_value() && **state == TaskState::Paused;
        if (paused && !m_running.contains(resume.taskId)) {
            VoidResult resumed = this->resume(resume.taskId); // clears the row
            if (resumed)
                continue;
            qWarning("Could not resume task %lld after its usage window: %s", resume.taskId,
                     qPrintable(resumed.errorMessage()));
        }
        // Resumed, cancelled or rejected meanwhile (or it cannot be): never retried in a loop.
        if (VoidResult cleared = m_writer->clearScheduledResume(resume.taskId); !cleared)
            qWarning("Could not clear task %lld's scheduled resume: %s", resume.taskId,
                     qPrintable(cleared.errorMessage()));
    }
    armResumes();
    schedule();
}

} // namespace agentdesk::tasks
