// The decisions on finished work — merge, reject, restore, acknowledge, the conflict radar —
// as the scheduler runs them (issue 6). Git facts are read here, on the engine's thread; a
// merge that has to validate again runs on its own worker like a task.

#include "git/BranchFacts.h"
#include "git/GitCommand.h"
#include "git/Repository.h"
#include "git/TaskWorktrees.h"
#include "store/StoreReader.h"
#include "store/StoreWriter.h"
#include "tasks/decide/GateEvaluator.h"
#include "tasks/engine/GateQuery.h"
#include "tasks/engine/Scheduler.h"
#include "tasks/engine/steps/RunnerRecords.h"
#include "tasks/engine/steps/TaskCheckouts.h"
#include "tasks/validation/ValidationCommand.h"
#include "tasks/validation/ValidationRunner.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QThread>

namespace agentdesk::tasks {

namespace {

QString shortId(const QString &id)
{
    return id.left(10);
}

LandingStrategy landingStrategy(MergeStrategy strategy)
{
    switch (strategy) {
    case MergeStrategy::Squash:
        return LandingStrategy::Squash;
    case MergeStrategy::MergeCommit:
        return LandingStrategy::MergeCommit;
    case MergeStrategy::FastForwardOnly:
        return LandingStrategy::FastForwardOnly;
    }
    return LandingStrategy::Squash;
}

// The trailer that lets a restart recognise a landing whose bookkeeping a crash cut short.
QString taskTrailer(TaskId id)
{
    return QStringLiteral("AgentDesk-Task: %1").arg(id);
}

QString worktreeName(const store::TaskRecord &task)
{
    return task.branch.section(QLatin1Char('/'), 1);
}

} // namespace

Result<GateAnswer> computeGate(store::StoreReader &reader, TaskId id)
{
    auto detail = reader.loadTask(id);
    if (!detail)
        return detail.error();
    int latest = 0;
    for (const Iteration &it : detail->iterations)
        latest = qMax(latest, it.number);
    auto validations = reader.validations(id);
    if (!validations)
        return validations.error();
    // The newest validation of the branch head; failing that, the newest of any commit (the
    // gate then says it is stale). A merge's re-validation of a base-merged commit that did not
    // land must not hide the head's own.
    QString head = detail->iterations.isEmpty() ? QString() : detail->iterations.last().headCommit;
    // The branch's own head when it resolves: a commit made there after the last step (by the
    // user, or a merge's sync) is what the gate judges, by its own validation (issue 16).
    if (!detail->task.branch.isEmpty()) {
        if (auto repository = git::Repository::open(detail->task.spec.repositoryPath)) {
            if (auto branchHead = git::BranchFacts::branchHead(*repository, detail->task.branch))
                head = *branchHead;
        }
    }
    std::optional<store::ValidationRecord> validation;
    std::optional<store::ValidationRecord> ofHead;
    for (const store::ValidationRecord &record : *validations) {
        if (!validation || record.id > validation->id)
            validation = record;
        if (!head.isEmpty() && record.commit == head && (!ofHead || record.id > ofHead->id))
            ofHead = record;
    }
    if (ofHead)
        validation = ofHead;
    auto findings = reader.findings(id, latest);
    if (!findings)
        return findings.error();
    auto repository = git::Repository::open(detail->task.spec.repositoryPath);
    if (!repository)
        return repository.error();
    auto probed = probeGate(*repository, detail->task, validation, *findings);
    if (!probed)
        return probed.error();
    GateAnswer answer = *probed;
    return answer;
}

Result<GateAnswer> Scheduler::gate(TaskId id)
{
    auto computed = computeGate(*m_reader, id);
    if (!computed)
        return computed.error();
    GateAnswer answer = *computed;
    if (m_running.contains(id) && !answer.reasons.isEmpty() &&
        answer.reasons.first().kind != GateReason::Kind::NotReady)
        answer.reasons.prepend(GateReason{
            GateReason::Kind::NotReady, QStringLiteral("The task is still running."), {}, {}});
    return answer;
}

namespace {

// What the merge flow needs to land `task`: its branches, the commit the gate validated, the
// validation to run again if the base moved, and the commit message.
MergeFlowRequest mergeFlowRequest(const store::TaskRecord &task, const GateAnswer &answer,
                                  const QString &report, const EngineConfig &config,
                                  store::StoreReader &reader)
{
    const TaskId id = task.id;
    MergeFlowRequest request;
    request.repositoryPath = task.spec.repositoryPath;
    request.baseBranch = task.spec.baseBranch;
    request.taskBranch = task.branch;
    request.worktreePath = task.worktreePath;
    request.validatedCommit = answer.validatedCommit;
    request.validation.command = task.spec.validationCommand;
    if (request.validation.command.isEmpty()) {
        auto validations = reader.validations(id);
        if (validations && !validations->isEmpty())
            request.validation.command = validations->last().command;
    }
    request.validation.timeoutMs =
        qMin(task.spec.timeouts.validateSeconds, config.settings.validationTimeoutSeconds) * 1000;
    request.validation.sandbox = config.settings.sandbox;
    request.validation.bwrapProgram = config.bwrapProgram;
    request.strategy = landingStrategy(config.settings.mergeStrategy);
    request.message =
        QStringLiteral("%1\n\n%2\n\n%3\n").arg(task.spec.title, report.trimmed(), taskTrailer(id));
    request.identity = config.settings.identity;
    return request;
}

// The merge's own validation run (when the base moved), as the store records it.
store::ValidationRecord mergeValidationRecord(const ValidationResult &result, TaskId id,
                                              int iteration)
{
    store::ValidationRecord record;
    record.taskId = id;
    record.iteration = iteration;
    record.commit = result.commit;
    record.command = result.command;
    record.exitCode = result.exitCode;
    record.timedOut = result.timedOut;
    record.passed = result.passed();
    record.failed = result.failed();
    record.skipped = result.skipped();
    record.outputExcerpt = result.outputExcerpt;
    record.durationMs = result.durationMs;
    record.at = QDateTime::currentDateTimeUtc();
    return record;
}

} // namespace

VoidResult Scheduler::merge(TaskId id)
{
    if (m_running.contains(id))
        return makeError(QStringLiteral("busy"),
                         QStringLiteral("Task %1 is still running.").arg(id));
    auto answer = gate(id);
    if (!answer)
        return answer.error();
    if (!answer->allowed()) {
        QStringList reasons;
        for (const GateReason &reason : answer->reasons)
            reasons.append(reason.text);
        return makeError(QStringLiteral("gate-refused"), reasons.join(QLatin1Char('\n')));
    }
    auto detail = m_reader->loadTask(id);
    if (!detail)
        return detail.error();
    const store::TaskRecord &task = detail->task;
    QString report;
    int latest = 0;
    for (const Iteration &it : detail->iterations) {
        if (it.number >= latest) {
            latest = it.number;
            report = it.reportMarkdown;
        }
    }
    if (VoidResult done =
            m_writer->transitionTask(id, TaskState::ReadyForReview, TaskState::Merging,
                                     QStringLiteral("Merging into %1").arg(task.spec.baseBranch));
        !done)
        return done;

    const MergeFlowRequest request = mergeFlowRequest(task, *answer, report, *m_config, *m_reader);

    auto *thread = new QThread;
    thread->setObjectName(QStringLiteral("merge-%1").arg(id));
    auto *flow = new MergeFlow;
    flow->moveToThread(thread);
    connect(thread, &QThread::finished, flow, &QObject::deleteLater);
    connect(flow, &MergeFlow::stepChanged, this, [this, id](const QString &step) {
        TaskProgress progress;
        progress.taskId = id;
        progress.state = TaskState::Merging;
        progress.activity = step;
        progress.at = QDateTime::currentDateTimeUtc();
        onProgress(progress);
        m_writer->appendEvent(TaskEvent::make(
            id, 0, TaskEventKind::Note,
            {{QStringLiteral("text"), step}, {QStringLiteral("step"), QStringLiteral("merge")}}));
    });
    connect(flow, &MergeFlow::validated, this,
            [this, id, latest, base = answer->baseHeadCommit](const ValidationResult &result) {
                const store::ValidationRecord record = mergeValidationRecord(result, id, latest);
                if (Result<qint64> saved = m_writer->saveValidation(record); !saved)
                    qWarning("Could not record the merge's validation: %s",
                             qPrintable(saved.errorMessage()));
            });
    connect(flow, &MergeFlow::finished, this,
            [this, id](const MergeFlowResult &result) { onMergeFinished(id, result); });
    m_running.insert(id, Running{thread, nullptr, flow, latest});
    thread->start();
    QMetaObject::invokeMethod(
        flow,
        [flow, request] {
            if (!flow->start(request))
                qWarning("The merge flow was already running");
        },
        Qt::QueuedConnection);
    return {};
}

VoidResult Scheduler::validate(TaskId id)
{
    if (m_running.contains(id) || m_validating.contains(id))
        return makeError(
            QStringLiteral("busy"),
            QStringLiteral("Task %1 is running: validate it once it has stopped.").arg(id));
    auto detail = m_reader->loadTask(id);
    if (!detail)
        return detail.error();
    const store::TaskRecord &task = detail->task;
    if (isRunningState(task.state))
        return makeError(QStringLiteral("busy"),
                         QStringLiteral("Task %1 is %2: validate it once it has stopped.")
                             .arg(id)
                             .arg(taskStateDisplayName(task.state)));
    if (task.branch.isEmpty() || task.worktreePath.isEmpty() ||
        !QFileInfo(task.worktreePath).isDir())
        return makeError(QStringLiteral("no-worktree"),
                         QStringLiteral("Task %1 has no branch and worktree to validate (it is "
                                        "%2).")
                             .arg(id)
                             .arg(taskStateDisplayName(task.state)));
    auto repository = git::Repository::open(task.spec.repositoryPath);
    if (!repository)
        return repository.error();
    auto head = git::BranchFacts::branchHead(*repository, task.branch);
    if (!head)
        return head.error();
    int latest = 0;
    for (const Iteration &it : detail->iterations)
        latest = qMax(latest, it.number);
    // The command as the merge's re-validation finds it: the spec's, else the one that ran.
    QString command = task.spec.validationCommand;
    if (command.isEmpty()) {
        auto validations = m_reader->validations(id);
        if (validations && !validations->isEmpty())
            command = validations->last().command;
    }
    ValidationRequest request;
    request.commit = *head;
    request.command = command;
    request.timeoutMs =
        qMin(task.spec.timeouts.validateSeconds, m_config->settings.validationTimeoutSeconds) *
        1000;
    request.sandbox = m_config->settings.sandbox;
    request.bwrapProgram = m_config->bwrapProgram;

    // Everything of this run hangs off `holder`, on this thread: the checkout and the runner
    // are asynchronous, so the scheduler never waits on them.
    auto *holder = new QObject(this);
    m_validating.insert(id, holder);
    auto *checkouts = new TaskCheckouts(task.spec.repositoryPath, id, holder);
    auto finish = [this, id, holder](const QString &error) {
        // The checkout goes with `holder` (TaskCheckouts removes what is left).
        m_validating.remove(id);
        holder->deleteLater();
        Q_EMIT validationFinished(id, error);
    };
    checkouts->add(
        *head, QStringLiteral("head"),
        [this, id, latest, request, holder, finish](const Result<QString> &path) mutable {
            if (!path) {
                finish(QStringLiteral("The branch head could not be checked out for validation: %1")
                           .arg(path.errorMessage()));
                return;
            }
            request.directory = *path;
            if (request.command.isEmpty()) {
                if (auto detected = ValidationCommand::detect(*path))
                    request.command = detected->shellCommand;
            }
            auto *runner = new ValidationRunner(holder);
            connect(runner, &ValidationRunner::finished, holder,
                    [this, id, latest, finish](const ValidationResult &result) {
                        const store::ValidationRecord record = records::validationRecord(
                            result, result.command, std::nullopt, std::nullopt, id, latest);
                        Result<qint64> saved = m_writer->saveValidation(record);
                        finish(saved ? QString() : saved.errorMessage());
                    });
            if (!runner->start(request))
                finish(QStringLiteral("The validation could not start."));
        });
    return {};
}

void Scheduler::onMergeFinished(TaskId id, const MergeFlowResult &result)
{
    stopThread(id);
    auto detail = m_reader->loadTask(id);
    if (!detail) {
        // Without the record the worktree cannot be tidied, but the task must not stay
        // Merging with nothing running it.
        const TaskState state = result.landed ? TaskState::Merged : TaskState::ReadyForReview;
        VoidResult done = m_writer->transitionTask(id, TaskState::Merging, state,
                                                   result.landed ? QStringLiteral("Merged")
                                                                 : result.errorMessage);
        Q_EMIT taskFinished(id, done ? state : TaskState::Merging,
                            done ? result.errorMessage : done.errorMessage());
        return;
    }
    const store::TaskRecord &task = detail->task;
    TaskState state = TaskState::ReadyForReview;
    QString reason;
    if (result.landed) {
        // The worktree goes, its state archived first; the branch stays.
        if (auto repository = git::Repository::open(task.spec.repositoryPath)) {
            git::TaskWorktrees worktrees(*repository);
            if (auto removed = worktrees.remove(worktreeName(task), m_config->settings.identity);
                !removed)
                qWarning("Could not remove the merged task's worktree: %s",
                         qPrintable(removed.errorMessage()));
        }
        state = TaskState::Merged;
        reason = QStringLiteral("Merged into %1 as %2")
                     .arg(task.spec.baseBranch, shortId(result.newBaseId));
        m_writer->appendEvent(
            TaskEvent::make(id, 0, TaskEventKind::Note,
                            {{QStringLiteral("text"), reason},
                             {QStringLiteral("landed_commit"), result.landedCommit},
                             {QStringLiteral("new_base"), result.newBaseId},
                             {QStringLiteral("old_base"), result.oldBaseId}}));
    } else {
        reason = result.errorMessage;
        if (!result.conflictingPaths.isEmpty())
            reason =
                QStringLiteral("Not merged: it conflicts with %1 in %2. Request a revision "
                               "to resolve the conflict.")
                    .arg(task.spec.baseBranch, result.conflictingPaths.join(QStringLiteral(", ")));
        else if (reason.isEmpty())
            reason = QStringLiteral("Not merged (%1).").arg(result.errorCode);
    }
    if (VoidResult done = m_writer->transitionTask(id, TaskState::Merging, state, reason); !done) {
        reason = done.errorMessage();
        state = TaskState::Merging; // what the store still says
    }
    Q_EMIT taskFinished(id, state, reason);
    schedule();
}

void Scheduler::stopThread(TaskId id)
{
    auto found = m_running.find(id);
    if (found == m_running.end())
        return;
    Running running = *found;
    m_running.erase(found);
    running.thread->quit(); // its objects are deleted on their own thread as it ends
    running.thread->wait();
    delete running.thread;
}

Result<QString> Scheduler::reject(TaskId id)
{
    if (m_running.contains(id))
        return makeError(QStringLiteral("busy"),
                         QStringLiteral("Task %1 is running: cancel it first.").arg(id));
    auto task = loadTask(id);
    if (!task)
        return task.error();
    if (!canTransition(task->state, TaskState::Rejected))
        return makeError(QStringLiteral("not-rejectable"),
                         QStringLiteral("Task %1 is %2 and cannot be rejected.")
                             .arg(id)
                             .arg(taskStateDisplayName(task->state)));
    auto repository = git::Repository::open(task->spec.repositoryPath);
    if (!repository)
        return repository.error();
    git::TaskWorktrees worktrees(*repository);
    QString archiveRef;
    if (!task->worktreePath.isEmpty()) {
        auto removed = worktrees.remove(worktreeName(*task), m_config->settings.identity,
                                        git::ArchiveWhen::Always);
        if (!removed)
            return removed.error();
        archiveRef = removed->archiveRef;
    }
    const QString reason =
        archiveRef.isEmpty()
            ? QStringLiteral("Rejected; the branch %1 is kept.").arg(task->branch)
            : QStringLiteral("Rejected; the work is archived as %1 (restore brings it back).")
                  .arg(archiveRef);
    if (VoidResult done = m_writer->transitionTask(id, task->state, TaskState::Rejected, reason);
        !done)
        return done.error();
    m_writer->appendEvent(TaskEvent::make(
        id, 0, TaskEventKind::Note,
        {{QStringLiteral("text"), reason}, {QStringLiteral("archive_ref"), archiveRef}}));
    return archiveRef;
}

Result<TaskId> Scheduler::restore(TaskId id)
{
    auto task = loadTask(id);
    if (!task)
        return task.error();
    if (task->state != TaskState::Rejected)
        return makeError(QStringLiteral("not-rejected"),
                         QStringLiteral("Only a rejected task can be restored."));
    const QRegularExpressionMatch match =
        QRegularExpression(QStringLiteral("refs/agentdesk/archive/\\S+[0-9]"))
            .match(task->stateReason);
    if (!match.hasMatch())
        return makeError(QStringLiteral("archive-not-found"),
                         QStringLiteral("Task %1 has no archive to restore.").arg(id));
    const QString archiveRef = match.captured(0);

    TaskSpec spec = task->spec;
    spec.title = QStringLiteral("%1 (restored)").arg(task->spec.title);
    auto restoredId = m_writer->createTask(spec);
    if (!restoredId)
        return restoredId.error();
    auto restored = loadTask(*restoredId);
    if (!restored)
        return restored.error();
    auto repository = git::Repository::open(spec.repositoryPath);
    if (!repository)
        return repository.error();
    git::TaskWorktrees worktrees(*repository);
    git::TaskWorktreeSpec worktreeSpec;
    worktreeSpec.taskId = QString::number(*restoredId);
    worktreeSpec.title = spec.title;
    worktreeSpec.baseCommit = spec.baseCommit;
    worktreeSpec.root = m_config->settings.worktreeRoot;
    worktreeSpec.name = worktreeName(*restored);
    auto worktree = worktrees.restore(archiveRef, worktreeSpec);
    if (!worktree) {
        if (VoidResult failed = m_writer->transitionTask(
                *restoredId, TaskState::Queued, TaskState::Failed, worktree.errorMessage());
            !failed)
            qWarning("%s", qPrintable(failed.errorMessage()));
        return worktree.error();
    }
    if (VoidResult saved = m_writer->setWorktree(*restoredId, worktree->worktree.path); !saved)
        return saved.error();
    if (VoidResult paused = m_writer->transitionTask(
            *restoredId, TaskState::Queued, TaskState::Paused,
            QStringLiteral("Restored from %1 (task %2). Resume to continue from this work.")
                .arg(archiveRef)
                .arg(id));
        !paused)
        return paused.error();
    return *restoredId;
}

VoidResult Scheduler::permit(TaskId id, const QString &answer)
{
    auto answered = m_writer->answerPermission(id, answer, QStringLiteral("user"));
    if (!answered)
        return answered.error();
    return {};
}

VoidResult Scheduler::acknowledge(qint64 findingId, bool acknowledged)
{
    return m_writer->setFindingAcknowledged(findingId, acknowledged);
}

Result<RadarReport> computeRadar(store::StoreReader &reader, const QString &repositoryPath,
                                 const QString &baseBranch)
{
    auto tasks = reader.listTasks();
    if (!tasks)
        return tasks.error();
    QList<RadarTask> waiting;
    for (const store::TaskSummary &summary : *tasks) {
        const store::TaskRecord &task = summary.task;
        if (task.spec.repositoryPath != repositoryPath || task.spec.baseBranch != baseBranch)
            continue;
        if (task.state == TaskState::ReadyForReview || task.state == TaskState::Paused ||
            task.state == TaskState::Revising)
            waiting.append(RadarTask{task.id, task.branch});
    }
    auto repository = git::Repository::open(repositoryPath);
    if (!repository)
        return repository.error();
    return ConflictRadar::compute(*repository, baseBranch, waiting);
}

Result<RadarReport> Scheduler::radar(const QString &repositoryPath, const QString &baseBranch)
{
    return computeRadar(*m_reader, repositoryPath, baseBranch);
}

VoidResult Scheduler::reconcileInterruptedMerge(const store::TaskRecord &task)
{
    // The base ref moves by compare-and-swap, so a merge cut short either landed whole or not
    // at all. A landing carries the task's trailer in the base's history.
    ProcessRequest request = git::GitCommand::request(
        task.spec.repositoryPath,
        {QStringLiteral("log"), QStringLiteral("--format=%H"), QStringLiteral("--extended-regexp"),
         // The whole line: "AgentDesk-Task: 1" must not match task 12's trailer.
         QStringLiteral("--grep=^") + taskTrailer(task.id) + QStringLiteral("$"),
         task.spec.baseCommit + QStringLiteral("..") + task.spec.baseBranch},
        30000);
    request.mergeChannels = false; // the ids alone, without a warning git might print
    const ProcessResult log = ProcessJob::run(request);
    if (!log.ok()) {
        return makeError(QStringLiteral("reconcile-failed"),
                         QStringLiteral("Could not read %1's history to tell whether task %2's "
                                        "merge landed; it stays Interrupted.")
                             .arg(task.spec.baseBranch)
                             .arg(task.id));
    }
    const QString landed = QString::fromUtf8(log.out).trimmed();
    if (!landed.isEmpty()) {
        const QString reason =
            QStringLiteral("Merged into %1 as %2 (recorded after a restart)")
                .arg(task.spec.baseBranch, shortId(landed.section(QLatin1Char('\n'), 0, 0)));
        return m_writer->transitionTask(task.id, TaskState::Interrupted, TaskState::Merged, reason);
    }
    return m_writer->transitionTask(task.id, TaskState::Interrupted, TaskState::ReadyForReview,
                                    QStringLiteral("The merge was interrupted before it landed; "
                                                   "the base is unchanged."));
}

} // namespace agentdesk::tasks
