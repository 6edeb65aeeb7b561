#include "tasks/engine/steps/ValidateStep.h"

#include "agents/toolbox/EnvironmentScrubber.h"
#include "store/StoreWriter.h"
#include "tasks/engine/steps/IterationContext.h"
#include "tasks/engine/steps/RunnerJournal.h"
#include "tasks/engine/steps/RunnerRecords.h"
#include "tasks/engine/steps/RunnerText.h"
#include "tasks/engine/steps/TaskCheckouts.h"
#include "tasks/environment/EnvironmentRecipe.h"
#include "tasks/environment/EnvironmentSetup.h"
#include "tasks/validation/ValidationCommand.h"
#include "tasks/validation/ValidationRunner.h"

namespace agentdesk::tasks {

void ValidateStep::start()
{
    m_context.validationCommand = m_context.spec().validationCommand;
    if (m_context.validationCommand.isEmpty()) {
        // The user's recipe, never the agent's copy of it (which could make the test `true`).
        if (auto recipe = EnvironmentRecipe::load(m_context.spec().repositoryPath);
            recipe && recipe->has_value())
            m_context.validationCommand = (*recipe)->test;
    }
    if (m_context.validationCommand.isEmpty()) {
        if (auto detected = ValidationCommand::detect(m_context.worktree))
            m_context.validationCommand = detected->shellCommand;
    }
    if (m_context.validationCommand.isEmpty()) {
        ValidationResult none;
        none.commit = m_context.headCommit;
        none.directory = m_context.worktree;
        none.error = QStringLiteral("No test command was given and none could be detected "
                                    "(CMake, package.json, pytest, cargo, go, make).");
        m_context.headValidation = none;
        saveValidation();
        proceed();
        return;
    }
    journal().setActivity(
        QStringLiteral("Running the tests: %1").arg(firstLine(m_context.validationCommand, 80)));
    // On a clean checkout of exactly the committed head: what is validated is what would be
    // merged (nothing uncommitted or ignored from the agent's worktree), what the run leaves
    // behind never lands in the task's next commit, and the reviewer reads the same files.
    m_context.checkouts->add(m_context.headCommit, QStringLiteral("head"),
                             [this](const Result<QString> &head) { onHeadCheckout(head); });
}

void ValidateStep::onHeadCheckout(const Result<QString> &head)
{
    if (!head) {
        if (goesOn())
            fail(QStringLiteral("The committed work could not be checked out for validation: %1")
                     .arg(head.errorMessage()));
        return;
    }
    m_context.headCheckout = *head;
    if (!goesOn())
        return;
    setUp(m_context.headCheckout, QStringLiteral("head"), [this](const SetupOutcome &outcome) {
        if (!outcome.ok) {
            const ValidationResult failed =
                environmentFailure(m_context.headCheckout, m_context.headCommit, outcome);
            m_context.headValidation = failed;
            journal().event(TaskEventKind::ValidationOutput,
                            {{QStringLiteral("text"), failed.error},
                             {QStringLiteral("commit"), failed.commit},
                             {QStringLiteral("result"), failed.toJson()}});
            saveValidation();
            proceed();
            return;
        }
        m_variables = outcome.variables;
        m_validation = new ValidationRunner(this);
        connect(m_validation, &ValidationRunner::finished, this, &ValidateStep::onHeadValidated);
        m_validation->start(request(m_context.headCheckout, m_context.headCommit));
    });
}

void ValidateStep::setUp(const QString &directory, const QString &label,
                         std::function<void(const SetupOutcome &outcome)> then)
{
    journal().setActivity(
        QStringLiteral("Setting up the environment of the %1 checkout").arg(label));
    journal().note(QStringLiteral("Environment setup started in the %1 checkout").arg(label));
    delete m_setup;
    m_setup = new EnvironmentSetup(this);
    EnvironmentSetup::Request setup;
    setup.sourceCheckout = m_context.spec().repositoryPath;
    setup.directory = directory;
    setup.taskId = QString::number(m_context.taskId());
    setup.ports = m_context.ports.block();
    setup.cacheRoot = m_context.config().environmentCacheRoot;
    if (directory == m_context.headCheckout) {
        // The agent's tree: what it changed decides whether setup may run there at all.
        if (VoidResult diffed = m_context.computeDiff(); diffed) {
            for (const git::FileDelta &file : m_context.diffFiles()) {
                for (const QString &path : {file.oldPath, file.newPath}) {
                    if (!path.isEmpty())
                        setup.changedPaths.append(path);
                }
            }
        } else {
            setup.changedPaths.append(QStringLiteral(".agentdesk/")); // unknown: refuse
        }
    }
    m_setup->start(setup, [this, label, then = std::move(then)](const SetupOutcome &outcome) {
        if (!goesOn())
            return;
        journal().note(
            outcome.ok ? QStringLiteral("Environment setup of the %1 checkout finished in "
                                        "%2 ms: %3%4")
                             .arg(label)
                             .arg(outcome.elapsedMs)
                             .arg(outcome.plan.summary(), outcome.cache == QLatin1String("hit")
                                                              ? QStringLiteral(", from the cache")
                                                              : QString())
                       : QStringLiteral("Environment setup of the %1 checkout failed: %2")
                             .arg(label, outcome.error));
        if (outcome.ok)
            journal().setActivity(QStringLiteral("Running the tests: %1")
                                      .arg(firstLine(m_context.validationCommand, 80)));
        then(outcome);
    });
}

ValidationResult ValidateStep::environmentFailure(const QString &directory, const QString &commit,
                                                  const SetupOutcome &outcome) const
{
    ValidationResult failed;
    failed.commit = commit;
    failed.directory = directory;
    failed.error = QStringLiteral("The environment could not be prepared: %1").arg(outcome.error);
    return failed;
}

void ValidateStep::abandon()
{
    // The run ended: neither a setup nor a test run goes on after it.
    cancel();
}

bool ValidateStep::cancel()
{
    if (m_setup && m_setup->isRunning())
        m_setup->cancel();
    if (m_validation && m_validation->isRunning())
        m_validation->cancel();
    return false;
}

ValidationRequest ValidateStep::request(const QString &directory, const QString &commit) const
{
    const EngineConfig &config = m_context.config();
    ValidationRequest request;
    request.directory = directory;
    request.commit = commit;
    request.command = m_context.validationCommand;
    request.timeoutMs =
        qMin(m_context.spec().timeouts.validateSeconds, config.settings.validationTimeoutSeconds) *
        1000;
    request.sandbox = config.settings.sandbox;
    request.bwrapProgram = config.bwrapProgram;
    if (!m_variables.isEmpty()) {
        QProcessEnvironment environment = agents::EnvironmentScrubber::scrubbedSystemEnvironment();
        for (const auto &[name, value] : m_variables)
            environment.insert(name, value);
        request.environment = environment;
    }
    return request;
}

void ValidateStep::onHeadValidated(const ValidationResult &result)
{
    m_context.headValidation = result;
    journal().event(TaskEventKind::ValidationOutput, {{QStringLiteral("text"), result.summary()},
                                                      {QStringLiteral("commit"), result.commit},
                                                      {QStringLiteral("result"), result.toJson()}});
    if (m_context.stop.requested) {
        endStopped();
        return;
    }
    startBaseValidation();
}

void ValidateStep::startBaseValidation()
{
    // The same command on the base commit tells new failures from old ones.
    journal().setActivity(QStringLiteral("Running the tests on the base commit"));
    const QString baseCommit = m_context.spec().baseCommit;
    m_context.checkouts->add(baseCommit, QStringLiteral("base"),
                             [this](const Result<QString> &path) { onBaseCheckout(path); });
}

void ValidateStep::onBaseCheckout(const Result<QString> &path)
{
    if (path)
        m_basePath = *path;
    if (!goesOn())
        return;
    if (!path) {
        journal().note(QStringLiteral("The base commit could not be checked out for comparison: %1")
                           .arg(path.errorMessage()));
        saveValidation();
        proceed();
        return;
    }
    setUp(m_basePath, QStringLiteral("base"), [this](const SetupOutcome &outcome) {
        if (!outcome.ok) {
            onBaseValidated(environmentFailure(m_basePath, m_context.spec().baseCommit, outcome));
            return;
        }
        m_variables = outcome.variables;
        disconnect(m_validation, nullptr, this, nullptr);
        connect(m_validation, &ValidationRunner::finished, this, &ValidateStep::onBaseValidated);
        m_validation->start(request(m_basePath, m_context.spec().baseCommit));
    });
}

void ValidateStep::onBaseValidated(const ValidationResult &result)
{
    m_context.baseValidation = result;
    if (m_context.headValidation)
        m_context.comparison = compareWithBase(*m_context.headValidation, result);
    const QString basePath = std::exchange(m_basePath, QString());
    if (m_context.stop.requested) {
        endStopped(); // the checkout goes with the runner
        return;
    }
    m_context.checkouts->remove(basePath, [this] {
        if (!goesOn())
            return;
        saveValidation();
        proceed();
    });
}

void ValidateStep::saveValidation()
{
    if (!m_context.headValidation)
        return;
    const store::ValidationRecord record = records::validationRecord(
        *m_context.headValidation, m_context.validationCommand, m_context.baseValidation,
        m_context.comparison, m_context.taskId(), m_context.iteration());
    if (Result<qint64> saved = m_context.params.writer->saveValidation(record); !saved)
        journal().note(saved.errorMessage());
}

} // namespace agentdesk::tasks
