#pragma once

#include "agents/UsageWindow.h"
#include "core/Money.h"
#include "itemmodels/ReviewSnapshot.h"
#include "tasks/TaskId.h"
#include "tasks/engine/EngineConfig.h"
#include "ui/review/ReviewPage.h"

#include <QDate>
#include <QFutureWatcher>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <atomic>
#include <memory>

class QNetworkAccessManager;
class QSettings;

namespace agentdesk::itemmodels {
class NotificationPolicy;
class TaskQueueModel;
} // namespace agentdesk::itemmodels
namespace agentdesk::llm {
class ApiKeyStore;
}
namespace agentdesk::tasks {
class Engine;
}
namespace agentdesk::ui {
class MainWindow;
} // namespace agentdesk::ui
namespace agentdesk::watchui {
class Notifier;
}
namespace agentdesk::demo {
class DemoEndpoint;
class DemoSession;
} // namespace agentdesk::demo

namespace agentdesk::app {

// The GUI's composition: the engine and the window, wired. The window's widgets report the
// user's requests; this turns them into engine calls and the engine's signals into the queue
// model, the cost meter, the review page and notifications. Everything that reads the store or
// git for the window runs on the engine's thread or a pool thread and comes back as a value.
class DeskController : public QObject
{
    Q_OBJECT

public:
    DeskController(ui::MainWindow *window, QSettings *settings,
                   std::shared_ptr<tasks::EngineConfig> config, QObject *parent = nullptr);
    ~DeskController() override;

    tasks::Engine *engine() const { return m_engine.get(); }
    itemmodels::TaskQueueModel *queueModel() const { return m_queue; }
    ui::ReviewPage *reviewPage() const { return m_reviewPage; }
    // Today's spend as the meter shows it (exact: the ledger's entries as they are recorded).
    Money spentToday() const { return m_spentToday; }

    // Where keys read from the secret store go for the engine (GuiMain's; none in tests).
    void setKeyCache(std::shared_ptr<tasks::KeyCache> keys) { m_keyCache = std::move(keys); }
    void start();
    // Shows a task's review page (loads it off the GUI thread first).
    void openTask(tasks::TaskId id, int iteration = 0);
    // The offline demo: a sample repository and two tasks run by scripted agents.
    void startDemo();
    // How fast the demo's agents stream (ms between pieces; 0 for screenshots and tests).
    void setDemoPace(int paceMs) { m_demoPaceMs = paceMs; }

Q_SIGNALS:
    // A task landed: the repository's branch head moved (the status bar reads it again).
    void taskMerged(agentdesk::tasks::TaskId id);
    // A review snapshot was shown (tests and screenshots wait for it).
    void reviewShown(agentdesk::tasks::TaskId id);
    void tasksReloaded();
    // One task's row was upserted from the engine's delta.
    void taskUpserted(agentdesk::tasks::TaskId id);
    // The demo's tasks were dispatched (their ids, the flagged one first).
    void demoStarted(const QList<agentdesk::tasks::TaskId> &ids, const QString &revisionRequest);

private:
    void wireWindow();
    void wireEngine();
    void wireLiveUpdates();
    void applyTaskList(const QList<store::TaskSummary> &tasks);
    void applyTaskUpsert(const store::TaskSummary &summary);
    void refreshSpend();
    void showNewTaskDialog();
    void showCostBreakdown();
    void showSettings();
    void reportOperation(tasks::TaskId id, bool ok, const QString &message);
    void showWarning(const QString &title, const QString &message);
    void ensureDemoSession();
    void readStoredKeys();
    void describeProviders();
    void onSnapshotLoaded();
    void updateMeter();
    // Issue 19: a CLI agent's subscription window, kept by agent, shown on the meter
    // (DeskControllerUsage.cpp).
    void onUsageWindow(const agents::UsageWindow &window);
    void updateUsageNotice();

    ui::MainWindow *m_window;
    QSettings *m_settings;
    std::shared_ptr<tasks::EngineConfig> m_config;
    std::unique_ptr<tasks::Engine> m_engine;
    itemmodels::TaskQueueModel *m_queue = nullptr;
    itemmodels::NotificationPolicy *m_policy = nullptr;
    watchui::Notifier *m_notifier = nullptr;
    QPointer<ui::ReviewPage> m_reviewPage;
    llm::ApiKeyStore *m_keys = nullptr;
    std::shared_ptr<tasks::KeyCache> m_keyCache;
    QNetworkAccessManager *m_network = nullptr;
    QFutureWatcher<Result<itemmodels::ReviewSnapshot>> m_snapshotWatcher;
    std::shared_ptr<std::atomic_bool> m_snapshotCancel;
    tasks::TaskId m_shownTask = 0;
    QSet<tasks::TaskId> m_resumed; // resumed by the user and not yet running on
    tasks::TaskId m_pendingTask = 0;
    int m_pendingIteration = 0;
    QTimer m_clock;
    Money m_spentToday;
    QHash<QString, agents::UsageWindow> m_usageWindows;
    // Read on the GUI thread only; the engine keeps its own copy (the config is not mutated
    // once the engine runs: its workers read it).
    std::optional<Money> m_dailyBudget;
    QDate m_meterDay;
    QHash<tasks::TaskId, QString> m_titles;
    std::shared_ptr<demo::DemoEndpoint> m_demoEndpoint;
    demo::DemoSession *m_demo = nullptr;
    int m_demoPaceMs = -1;
    bool m_demoDispatching = false;
};

} // namespace agentdesk::app
