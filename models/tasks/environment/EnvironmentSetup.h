#pragma once

#include "tasks/environment/EnvironmentPlan.h"
#include "tasks/environment/PortBlocks.h"

#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <functional>

namespace agentdesk {
class ProcessJob;
struct ProcessResult;
} // namespace agentdesk

namespace agentdesk::tasks {

// What preparing one checkout did.
struct SetupOutcome
{
    bool ok = false;
    EnvironmentPlan plan;
    QStringList copied;    // .worktreeinclude files copied in
    QStringList notes;     // what could not be copied, tools missing
    QString failedCommand; // the setup command that failed
    int exitCode = -1;
    QString outputTail; // its last lines
    QString error;      // one paragraph for the timeline: command, exit code, last lines
    qint64 elapsedMs = 0;
    // "hit": the plan's cache paths were restored from the cache and its commands did not run;
    // "miss": they ran and the cache was filled; "none": no cache for this plan.
    QString cache = QStringLiteral("none");
    // The task's ports (AGENTDESK_PORT, AGENTDESK_PORTS, CONDUCTOR_PORT) and the recipe's
    // [env], substituted: what the setup commands ran with, and what the tests run with.
    QList<QPair<QString, QString>> variables;
};

// Prepares a checkout before the agent or the tests run there: copies the user's
// .worktreeinclude files in, reads the checkout's recipe (.agentdesk/environment.toml, or the
// detected plan without one) and runs its setup commands, one after another, by /bin/sh -c in
// the checkout's root (network allowed: setup reaches package registries). Asynchronous, like
// ProcessJob: start() returns at once and `done` follows later on this object's thread; the
// file copies run on that thread too, so it must not be the GUI thread.
class EnvironmentSetup : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        // The user's checkout: where the ignored files are, and the recipe is read from (never
        // from the checkout being prepared, which may be the agent's tree).
        QString sourceCheckout;
        QString directory; // the checkout to prepare
        QString taskId;
        // The task's ports (PortBlocks), exported to the setup commands and substituted into
        // the recipe's [env]; empty without.
        PortBlock ports;
        // Paths the agent changed in `directory` (the head checkout's); empty for a tree the
        // agent never touched. Setup runs outside the sandbox, so a change to what it runs
        // (package.json, a lockfile, requirements, .npmrc...) makes it refuse.
        QStringList changedPaths;
        // The system environment without credentials (EnvironmentScrubber's).
        QProcessEnvironment environment = scrubbedEnvironment();
        int timeoutMs = 20 * 60 * 1000; // per command
        // Where setups' results are kept (per repository, per key); empty: never cached.
        QString cacheRoot;
    };
    using Done = std::function<void(const SetupOutcome &outcome)>;
    static QProcessEnvironment scrubbedEnvironment();
    // Whether `path` (relative) is something a setup command runs or installs from.
    static bool isSetupInput(const QString &path);
    // The cache folder of `request`'s plan: <cacheRoot>/<repository>/<key>, the key a hash of
    // the plan's commands, its key files' contents and the tools it runs (path, size, time).
    static QString cacheDirectory(const Request &request, const EnvironmentPlan &plan);

    explicit EnvironmentSetup(QObject *parent = nullptr);
    ~EnvironmentSetup() override;

    void start(const Request &request, Done done);
    void cancel();
    bool isRunning() const { return static_cast<bool>(m_done); }

private:
    void startChild(const QString &program, const QStringList &arguments,
                    const QProcessEnvironment &environment,
                    std::function<void(const ProcessResult &)> then);
    void beginSetup();
    void restoreFromCache();
    void fillCache();
    void runNext();
    void finish();

    Request m_request;
    Done m_done;
    SetupOutcome m_outcome;
    int m_next = 0;
    qint64 m_startedMs = 0;
    QString m_cacheDir;
    bool m_cancelled = false;
    QPointer<ProcessJob> m_job;
};

} // namespace agentdesk::tasks
