#pragma once

#include "ValidationResult.h"

#include <QDateTime>
#include <QObject>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

class QTemporaryDir;

namespace agentdesk::agents {
class CommandRunner;
struct CommandOutcome;
} // namespace agentdesk::agents

namespace agentdesk::tasks {

struct ValidationRequest
{
    QString directory; // a worktree with `commit` checked out
    QString commit;    // recorded in the result: what was validated
    QString command;   // empty: detected (ValidationCommand::detect)
    int timeoutMs = 20 * 60 * 1000;
    // Kept for parsing (head and tail beyond it); the result's excerpt is smaller.
    qsizetype outputCapBytes = 8 * 1024 * 1024;
    qsizetype excerptBytes = 64 * 1024;
    // Under bubblewrap when it works here: the directory and the scratch build folder writable,
    // git's files read-only, no network. The result records whether it was.
    bool sandbox = true;
    QString bwrapProgram; // empty: the one on PATH
    // JUnit XML to read, as globs relative to `directory` ("reports/*.xml"). Empty: any JUnit
    // file the run wrote under `directory` or the scratch folder is found and read.
    QStringList junitPatterns;
    // Default: the system environment without credentials (EnvironmentScrubber).
    std::optional<QProcessEnvironment> environment;
};

// Runs a task's validation command and reads what ran. Asynchronous: start() returns at once
// and finished() follows (always later, never from inside start()); nothing here waits on the
// process, so it may live on any thread with an event loop. One run at a time.
class ValidationRunner : public QObject
{
    Q_OBJECT

public:
    explicit ValidationRunner(QObject *parent = nullptr);
    ~ValidationRunner() override;

    // False while a run is in progress.
    bool start(const ValidationRequest &request);
    bool isRunning() const { return m_running; }
    void cancel();

Q_SIGNALS:
    void finished(const agentdesk::tasks::ValidationResult &result);

private:
    void onCommandFinished(const agentdesk::agents::CommandOutcome &outcome);
    void finishWithError(const QString &error);
    TestReport readJUnit() const;

    agentdesk::agents::CommandRunner *m_runner;
    ValidationRequest m_request;
    ValidationResult m_result;
    std::unique_ptr<QTemporaryDir> m_scratch;
    QDateTime m_startedAt;
    bool m_running = false;
};

} // namespace agentdesk::tasks
