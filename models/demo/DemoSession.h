#pragma once

#include "core/Result.h"
#include "demo/DemoEndpoint.h"
#include "demo/DemoProvider.h"
#include "demo/DemoScript.h"
#include "tasks/TaskSpec.h"

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <memory>

namespace agentdesk::demo {

// What the composition root dispatches to run the demo.
struct DemoPlan
{
    QString repositoryPath;       // <dataDir>/demo/sample-project
    QList<tasks::TaskSpec> tasks; // dispatch all of them (titles start with "[Demo] ")
    int flaggedTask = 0;          // index into `tasks`: the one its reviewer flags
    QString revisionRequest;      // Engine::revise(flagged task, this) once it is ready
};

// The demo: a sample repository created fresh under the app's data folder, and the scripted
// provider its tasks talk to. It never touches any other repository: the only folder it
// writes or removes is <dataDir>/demo/sample-project, and it removes that only when the demo
// created it (a marker in its .git folder).
//
// The session lives on the GUI thread; start() never blocks. Creating the repository writes
// files and runs git, so it happens on the global thread pool (prepareRepository()) or, for
// a worker, through the blocking createSampleRepository().
class DemoSession : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QString dataDir; // AppPaths::dataDir() in the app
        int paceMs = DemoProvider::kDefaultPaceMs;
        // The endpoint the engine's resolver reads (withDemoProvider); made here when null.
        std::shared_ptr<DemoEndpoint> endpoint;
    };

    explicit DemoSession(Options options, QObject *parent = nullptr);
    // Stops the provider and clears the endpoint: demo tasks still running then fail.
    ~DemoSession() override;

    // Loads the script, starts the provider on loopback and publishes it on the endpoint.
    VoidResult start();
    bool isRunning() const;
    void setPaceMs(int paceMs);

    // Recreates the sample repository on the global thread pool; repositoryReady() or
    // repositoryFailed() follows on this object's thread. Needs start() first.
    void prepareRepository();

    std::shared_ptr<const DemoScript> script() const { return m_script; }
    DemoProvider *provider() const { return m_provider; }
    const std::shared_ptr<DemoEndpoint> &endpoint() const { return m_options.endpoint; }
    QString dataDir() const { return m_options.dataDir; }

    // <dataDir>/demo/sample-project.
    static QString sampleRepositoryPath(const QString &dataDir);
    // Whether a task's repository is the demo's (its earlier tasks point there too: their
    // branches are gone once the repository is made again).
    static bool isDemoRepository(const QString &repositoryPath, const QString &dataDir);
    // Blocking (files, the git CLI): a worker thread only. Removes a previous demo
    // repository, writes the sample project, commits it on `main`, and returns the plan.
    // Error codes: "demo-data-dir" (empty or relative), "demo-folder-foreign" (the folder
    // exists and the demo did not create it), "demo-write", "demo-git".
    static Result<DemoPlan> createSampleRepository(const QString &dataDir,
                                                   const DemoScript &script);
    // The tasks for a repository at `repositoryPath`.
    static DemoPlan plan(const QString &repositoryPath, const DemoScript &script);

Q_SIGNALS:
    void repositoryReady(const agentdesk::demo::DemoPlan &plan);
    void repositoryFailed(const QString &message);

private:
    Options m_options;
    std::shared_ptr<const DemoScript> m_script;
    DemoProvider *m_provider = nullptr;
};

} // namespace agentdesk::demo

Q_DECLARE_METATYPE(agentdesk::demo::DemoPlan)
