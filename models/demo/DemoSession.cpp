#include "demo/DemoSession.h"

#include "demo/DemoLabels.h"
#include "git/GitCommand.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace agentdesk::demo {

namespace {

// In the demo repository's .git folder: proof that the demo created it, so a later run may
// remove it. A folder without it is never removed.
const QString kMarker = QStringLiteral(".git/agentdesk-demo");
constexpr int kGitTimeoutMs = 60 * 1000;

VoidResult runGit(const QString &directory, const QStringList &arguments)
{
    // GitCommand: no hooks, filters or user configuration; no signing or line-ending
    // conversion either.
    const Result<git::GitRun> run = git::GitCommand::run(
        directory,
        QStringList{QStringLiteral("-c"), QStringLiteral("commit.gpgsign=false"),
                    QStringLiteral("-c"), QStringLiteral("core.autocrlf=false")} +
            arguments,
        kGitTimeoutMs,
        git::Identity{QStringLiteral("AgentDesk demo"), QStringLiteral("demo@agentdesk.invalid")});
    if (!run)
        return makeError(QStringLiteral("demo-git"),
                         QStringLiteral("git could not be started (%1): the demo needs git on "
                                        "PATH.")
                             .arg(run.errorMessage()));
    if (run->timedOut)
        return makeError(QStringLiteral("demo-git"),
                         QStringLiteral("git %1 did not finish.").arg(arguments.value(0)));
    if (!run->succeeded())
        return makeError(
            QStringLiteral("demo-git"),
            QStringLiteral("git %1 failed: %2")
                .arg(arguments.value(0), QString::fromUtf8(run->output).trimmed().left(500)));
    return {};
}

VoidResult writeFile(const QString &path, const QByteArray &content)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return makeError(QStringLiteral("demo-write"),
                         QStringLiteral("Could not create the folder of %1.").arg(path));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(content) != content.size() || !file.flush())
        return makeError(QStringLiteral("demo-write"),
                         QStringLiteral("Could not write %1: %2").arg(path, file.errorString()));
    return {};
}

Error foreignFolder(const QString &path)
{
    return makeError(QStringLiteral("demo-folder-foreign"),
                     QStringLiteral("%1 exists and was not created by the demo, so the demo will "
                                    "not replace it. Move it away to run the demo.")
                         .arg(path));
}

// Removes a previous run's repository, and only that.
VoidResult clearPrevious(const QString &demoDir, const QString &path)
{
    if (QFileInfo(demoDir).isSymLink())
        return foreignFolder(demoDir);
    const QFileInfo info(path);
    if (!info.exists() && !info.isSymLink())
        return {};
    if (info.isSymLink() || !info.isDir())
        return foreignFolder(path);
    QDir folder(path);
    const bool empty =
        folder.isEmpty(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    if (!empty && !QFileInfo(folder.filePath(kMarker)).isFile())
        return foreignFolder(path);
    if (!folder.removeRecursively())
        return makeError(
            QStringLiteral("demo-write"),
            QStringLiteral("Could not remove the previous demo repository %1.").arg(path));
    return {};
}

// What prepareRepository() hands back across threads.
struct Prepared
{
    std::optional<DemoPlan> plan;
    QString error;
};

} // namespace

DemoSession::DemoSession(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    qRegisterMetaType<DemoPlan>();
    if (!m_options.endpoint)
        m_options.endpoint = std::make_shared<DemoEndpoint>();
}

DemoSession::~DemoSession()
{
    if (m_provider && m_options.endpoint->baseUrl() == m_provider->baseUrl())
        m_options.endpoint->clear();
}

VoidResult DemoSession::start()
{
    if (isRunning())
        return {};
    if (!m_script) {
        Result<DemoScript> loaded = DemoScript::loadBundled();
        if (!loaded)
            return loaded.error();
        m_script = std::make_shared<const DemoScript>(std::move(*loaded));
    }
    if (!m_provider) {
        m_provider = new DemoProvider(m_script, this);
        m_provider->setPaceMs(m_options.paceMs);
    }
    if (VoidResult listening = m_provider->listen(); !listening)
        return listening;
    m_options.endpoint->setBaseUrl(m_provider->baseUrl());
    return {};
}

bool DemoSession::isRunning() const
{
    return m_provider && m_provider->isListening();
}

void DemoSession::setPaceMs(int paceMs)
{
    m_options.paceMs = qMax(0, paceMs);
    if (m_provider)
        m_provider->setPaceMs(m_options.paceMs);
}

void DemoSession::prepareRepository()
{
    if (!m_script) {
        Q_EMIT repositoryFailed(QStringLiteral("The demo has not been started."));
        return;
    }
    // The watcher is a child: if the session goes first, the job still ends on the pool
    // (which the app drains before shutting down) and its answer goes nowhere.
    auto *watcher = new QFutureWatcher<Prepared>(this);
    connect(watcher, &QFutureWatcher<Prepared>::finished, this, [this, watcher] {
        const Prepared prepared = watcher->result();
        watcher->deleteLater();
        if (prepared.plan)
            Q_EMIT repositoryReady(*prepared.plan);
        else
            Q_EMIT repositoryFailed(prepared.error);
    });
    watcher->setFuture(
        QtConcurrent::run([dataDir = m_options.dataDir, script = m_script]() -> Prepared {
            Result<DemoPlan> plan = createSampleRepository(dataDir, *script);
            if (!plan)
                return {std::nullopt, plan.errorMessage()};
            return {std::move(*plan), QString()};
        }));
}

QString DemoSession::sampleRepositoryPath(const QString &dataDir)
{
    return QDir::cleanPath(dataDir + QStringLiteral("/demo/sample-project"));
}

bool DemoSession::isDemoRepository(const QString &repositoryPath, const QString &dataDir)
{
    return !dataDir.isEmpty() && !repositoryPath.isEmpty() &&
           QDir::cleanPath(repositoryPath) == sampleRepositoryPath(dataDir);
}

Result<DemoPlan> DemoSession::createSampleRepository(const QString &dataDir,
                                                     const DemoScript &script)
{
    if (dataDir.isEmpty() || QDir::isRelativePath(dataDir))
        return makeError(
            QStringLiteral("demo-data-dir"),
            QStringLiteral("The demo needs an absolute data folder, not \"%1\".").arg(dataDir));
    const QString demoDir = QDir::cleanPath(dataDir + QStringLiteral("/demo"));
    const QString path = sampleRepositoryPath(dataDir);
    if (VoidResult cleared = clearPrevious(demoDir, path); !cleared)
        return cleared.error();
    if (!QDir().mkpath(path))
        return makeError(QStringLiteral("demo-write"),
                         QStringLiteral("Could not create the demo folder %1.").arg(path));
    // The repository and its marker first: whatever fails after this, the folder is known to be
    // the demo's and the next attempt may clear it. If even `git init` fails, the folder (new
    // and empty a moment ago) goes, so no half-made folder blocks a later try.
    // An empty template: no sample hooks or excludes from the user's git installation.
    if (VoidResult init =
            runGit(path, {QStringLiteral("init"), QStringLiteral("--quiet"),
                          QStringLiteral("--initial-branch=main"), QStringLiteral("--template=")});
        !init) {
        QDir(path).removeRecursively();
        return init.error();
    }
    if (VoidResult marked = writeFile(path + QLatin1Char('/') + kMarker,
                                      QByteArray(kDemoNotice.data(), kDemoNotice.size()) + '\n');
        !marked) {
        QDir(path).removeRecursively();
        return marked.error();
    }
    for (const DemoFile &file : script.sampleProject) {
        if (VoidResult written = writeFile(path + QLatin1Char('/') + file.path, file.content);
            !written)
            return written.error();
    }
    if (VoidResult added = runGit(path, {QStringLiteral("add"), QStringLiteral("--all")}); !added)
        return added.error();
    if (VoidResult committed =
            runGit(path, {QStringLiteral("commit"), QStringLiteral("--quiet"), QStringLiteral("-m"),
                          QStringLiteral("Sample project for the AgentDesk demo")});
        !committed)
        return committed.error();
    return plan(path, script);
}

DemoPlan DemoSession::plan(const QString &repositoryPath, const DemoScript &script)
{
    DemoPlan plan;
    plan.repositoryPath = repositoryPath;
    for (int i = 0; i < script.tasks.size(); ++i) {
        const DemoTask &task = script.tasks.at(i);
        tasks::TaskSpec spec = tasks::TaskSpec::withDefaults(tasks::RiskLevel::Low);
        spec.repositoryPath = repositoryPath;
        spec.baseBranch = QStringLiteral("main");
        spec.title = task.title;
        spec.prompt = task.prompt;
        spec.implementer = {kDemoProviderId, script.implementerModel};
        spec.reviewer = {kDemoProviderId, script.reviewerModel};
        spec.budget = script.budget;
        spec.validationCommand = script.validationCommand;
        plan.tasks.append(spec);
        if (task.flagged && plan.revisionRequest.isEmpty()) {
            plan.flaggedTask = i;
            plan.revisionRequest = task.revisionRequest;
        }
    }
    return plan;
}

} // namespace agentdesk::demo
