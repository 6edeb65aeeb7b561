#include "ValidationRunner.h"

#include "JUnitXmlParser.h"
#include "TestOutputParser.h"
#include "ValidationCommand.h"

#include "agents/toolbox/CommandRunner.h"
#include "agents/toolbox/EnvironmentScrubber.h"
#include "agents/toolbox/OutputCapture.h"
#include "agents/toolbox/WorktreePaths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTimer>

namespace agentdesk::tasks {

using agents::CommandOutcome;
using agents::CommandRequest;
using agents::CommandRunner;

ValidationRunner::ValidationRunner(QObject *parent)
    : QObject(parent)
    , m_runner(new CommandRunner(this))
{
    qRegisterMetaType<ValidationResult>();
    connect(m_runner, &CommandRunner::finished, this, &ValidationRunner::onCommandFinished);
}

ValidationRunner::~ValidationRunner() = default;

bool ValidationRunner::start(const ValidationRequest &request)
{
    if (m_running)
        return false;
    m_running = true;
    m_request = request;
    m_result = ValidationResult();
    m_result.commit = request.commit;
    m_result.directory = request.directory;

    if (!QFileInfo(request.directory).isDir()) {
        finishWithError(
            QStringLiteral("The folder to validate, %1, does not exist.").arg(request.directory));
        return true;
    }
    ValidationCommand command = ValidationCommand::custom(request.command);
    if (command.shellCommand.isEmpty()) {
        const auto detected = ValidationCommand::detect(request.directory);
        if (!detected) {
            finishWithError(QStringLiteral(
                "No validation command was given and none could be detected (no CMakeLists.txt, "
                "package.json test script, pytest setup, Cargo.toml, go.mod or Makefile test "
                "target at the root). Set one in the task."));
            return true;
        }
        command = *detected;
    }
    m_result.command = command.shellCommand;

    m_scratch = std::make_unique<QTemporaryDir>(QDir::tempPath() +
                                                QStringLiteral("/agentdesk-validate-XXXXXX"));
    if (!m_scratch->isValid()) {
        finishWithError(QStringLiteral("Cannot create a scratch folder for the build: %1")
                            .arg(m_scratch->errorString()));
        return true;
    }
    CommandRequest run;
    run.program = QStringLiteral("/bin/sh");
    run.arguments = {QStringLiteral("-c"), command.shellCommand};
    run.workingDirectory = request.directory;
    run.timeoutMs = request.timeoutMs;
    run.outputCapBytes = request.outputCapBytes;
    QProcessEnvironment environment =
        request.environment ? *request.environment
                            : agents::EnvironmentScrubber::scrubbedSystemEnvironment();
    environment.insert(QStringLiteral("VALIDATION_BUILD_DIR"), m_scratch->path());
    environment.insert(QStringLiteral("CI"), QStringLiteral("true")); // no watch modes, no TTY UI
    run.environment = environment;
    if (request.sandbox) {
        run.sandbox =
            agents::SandboxSpec{{request.directory, m_scratch->path()},
                                agents::WorktreePaths::gitControlPaths(request.directory)};
        run.bwrapProgram = request.bwrapProgram;
    }
    // Coarse file times: a JUnit file written in the run's first second still counts.
    m_startedAt = QDateTime::currentDateTime().addSecs(-1);
    m_runner->start(run);
    return true;
}

void ValidationRunner::cancel()
{
    m_runner->cancel();
}

void ValidationRunner::finishWithError(const QString &error)
{
    m_result.error = error;
    m_result.started = false;
    QTimer::singleShot(0, this, [this] {
        m_running = false;
        const ValidationResult result = m_result;
        Q_EMIT finished(result);
    });
}

TestReport ValidationRunner::readJUnit() const
{
    QStringList files;
    if (!m_request.junitPatterns.isEmpty()) {
        files = JUnitXmlParser::match(m_request.directory, m_request.junitPatterns);
    } else {
        files = JUnitXmlParser::find(m_request.directory, m_startedAt) +
                JUnitXmlParser::find(m_scratch->path(), m_startedAt);
    }
    TestReport report;
    for (const QString &path : std::as_const(files)) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const auto parsed = JUnitXmlParser::parse(file.readAll());
        if (parsed)
            report.merge(*parsed);
    }
    return report;
}

void ValidationRunner::onCommandFinished(const CommandOutcome &outcome)
{
    m_result.started = outcome.started;
    m_result.exitCode = outcome.exitCode;
    m_result.timedOut = outcome.timedOut;
    m_result.crashed = outcome.crashed && !outcome.timedOut;
    m_result.durationMs = outcome.durationMs;
    m_result.sandboxed = outcome.sandboxed;
    m_result.sandboxNote = outcome.sandboxNote;
    if (!outcome.started)
        m_result.error = outcome.startError;
    else if (outcome.cancelled)
        m_result.error = QStringLiteral("The validation was cancelled.");

    // JUnit files name every test exactly; the console is read when there are none.
    const TestReport junit = readJUnit();
    m_result.report = junit.total() > 0 ? junit : TestOutputParser::parse(outcome.output);

    agents::OutputCapture excerpt(m_request.excerptBytes);
    excerpt.append(outcome.output);
    m_result.outputExcerpt = QString::fromUtf8(excerpt.text());
    m_scratch.reset();
    m_running = false;
    const ValidationResult result = m_result;
    Q_EMIT finished(result);
}

} // namespace agentdesk::tasks
