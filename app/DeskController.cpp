#include "app/DeskController.h"

#include "agents/cli/CliAgents.h"
#include "agents/cli/CliLocator.h"
#include "app/ReviewLoader.h"
#include "core/AppPaths.h"
#include "cost/PriceTable.h"
#include "demo/DemoEndpoint.h"
#include "demo/DemoLabels.h"
#include "demo/DemoSession.h"
#include "git/Repository.h"
#include "itemmodels/queue/Calibration.h"
#include "itemmodels/queue/NotificationPolicy.h"
#include "itemmodels/queue/SplitSaving.h"
#include "itemmodels/queue/TaskQueueModel.h"
#include "llm/ApiKeyStore.h"
#include "llm/OllamaDetector.h"
#include "llm/ProviderRegistry.h"
#include "store/StoreReader.h"
#include "tasks/engine/Engine.h"
#include "tasks/engine/Scheduler.h"
#include "tasks/validation/ValidationCommand.h"
#include "ui/CostMeterWidget.h"
#include "ui/MainWindow.h"
#include "ui/NewTaskDialog.h"
#include "ui/QueuePanel.h"
#include "ui/WelcomePage.h"
#include "ui/review/ReviewPage.h"
#include "ui/watch/CostBreakdownDialog.h"
#include "ui/watch/Notifier.h"
#include "ui/watch/SettingsDialog.h"

#include <QApplication>
#include <QDate>
#include <QDesktopServices>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QSet>
#include <QSettings>
#include <QStatusBar>
#include <QUrl>
#include <QtConcurrent>

#include <algorithm>

namespace agentdesk::app {

namespace {

// The tasks the conflict radar compares: waiting for the user with their branch unmerged.
bool waitsOnItsBase(tasks::TaskState state)
{
    return state == tasks::TaskState::ReadyForReview || state == tasks::TaskState::Paused;
}

} // namespace

DeskController::DeskController(ui::MainWindow *window, QSettings *settings,
                               std::shared_ptr<tasks::EngineConfig> config, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_settings(settings)
    , m_config(std::move(config))
    , m_demoEndpoint(std::make_shared<demo::DemoEndpoint>())
{
    // The demo's scripted provider answers as "demo" once it runs; installed before the
    // engine starts, since its configuration is fixed from then on.
    m_config->providers = demo::withDemoProvider(m_config->providers, m_demoEndpoint);
    m_dailyBudget = m_config->settings.dailyBudget;
    m_meterDay = QDate::currentDate();
    m_engine = std::make_unique<tasks::Engine>(m_config);
    m_queue = new itemmodels::TaskQueueModel(this);
    m_policy = new itemmodels::NotificationPolicy(this);
    m_policy->setEnabled(m_settings->value(QStringLiteral("notifications/enabled"), true).toBool());
    m_notifier = new watchui::Notifier(m_policy, this);
    m_keys = new llm::ApiKeyStore(QProcessEnvironment::systemEnvironment(), this);
    connect(m_keys, &llm::ApiKeyStore::keyRead, this, [this](const llm::KeyLookup &lookup) {
        if (!m_keyCache)
            return;
        if (lookup.source == llm::KeySource::SecretStore && !lookup.key.isEmpty())
            m_keyCache->set(lookup.providerId, lookup.key);
        else if (lookup.source != llm::KeySource::Environment)
            m_keyCache->remove(lookup.providerId);
    });
    m_network = new QNetworkAccessManager(this);
    m_reviewPage = new ui::ReviewPage;
    connect(&m_snapshotWatcher, &QFutureWatcher<Result<itemmodels::ReviewSnapshot>>::finished, this,
            &DeskController::onSnapshotLoaded);
    m_window->queuePanel()->setModel(m_queue);
    connect(m_queue, &itemmodels::TaskQueueModel::countsChanged, this, [this] {
        using G = itemmodels::TaskQueueModel::Group;
        m_window->setQueueCounts(m_queue->taskCount(G::Running), m_queue->taskCount(G::Queued),
                                 m_queue->taskCount(G::NeedsReview));
        m_notifier->setAttentionCount(m_queue->attentionCount());
    });
    // Elapsed times in the queue move on their own.
    m_clock.setInterval(1000);
    connect(&m_clock, &QTimer::timeout, this, [this] {
        m_queue->setCurrentTime(QDateTime::currentDateTimeUtc());
        // A new day: the meter starts again from what the store says was spent today.
        if (QDate::currentDate() != m_meterDay) {
            m_meterDay = QDate::currentDate();
            refreshSpend();
        }
        // A usage limit on the meter goes away when its window resets.
        if (!m_usageWindows.isEmpty())
            updateUsageNotice();
    });
    m_clock.start();
    wireWindow();
    wireEngine();
}

DeskController::~DeskController()
{
    // A load still running on the pool holds nothing of ours (its inputs are copies); it is
    // told to stop, and runGui drains the pool before libgit2 shuts down.
    if (m_snapshotCancel)
        m_snapshotCancel->store(true);
    // The review page joins the window only when a task is opened; until then it is ours.
    if (m_reviewPage && !m_reviewPage->parent())
        delete m_reviewPage.data();
}

void DeskController::start()
{
    readStoredKeys();
    describeProviders();
    m_engine->start();
}

void DeskController::describeProviders()
{
    // The first-run page says what there is to run tasks with: keys in the environment, a
    // local Ollama, or where to configure a provider.
    QStringList found;
    for (const char *variable : {"ANTHROPIC_API_KEY", "OPENAI_API_KEY"}) {
        if (!qEnvironmentVariableIsEmpty(variable))
            found << tr("%1 is set in the environment").arg(QLatin1String(variable));
    }
    const auto show = [this](const QStringList &items) {
        m_window->welcomePage()->setProviderStatus(
            items.isEmpty() ? tr("No model provider yet: add an API key in File → Settings → "
                                 "Providers, set ANTHROPIC_API_KEY or OPENAI_API_KEY, or run a "
                                 "local Ollama.")
                            : tr("Ready to run tasks: %1.").arg(items.join(QStringLiteral("; "))));
    };
    show(found);
    auto *ollama = new llm::OllamaDetector(m_network, this);
    connect(ollama, &llm::OllamaDetector::detected, this,
            [this, ollama, found, show](const QUrl &base, const QStringList &models) mutable {
                found << tr("Ollama at %1 with %n model(s)", nullptr, int(models.size()))
                             .arg(base.authority());
                show(found);
                ollama->deleteLater();
            });
    connect(ollama, &llm::OllamaDetector::notFound, ollama, &QObject::deleteLater);
    ollama->detect();
}

void DeskController::readStoredKeys()
{
    // Only with a session bus: without one (a server, CI) there is no secret store, and the
    // environment's keys are what the engine uses.
    if (!m_keyCache || qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        return;
    llm::ProviderRegistry registry(*m_settings);
    for (const llm::ProviderConfig &provider : registry.providers())
        m_keys->readKey(provider);
}

void DeskController::wireWindow()
{
    ui::QueuePanel *queue = m_window->queuePanel();
    connect(queue, &ui::QueuePanel::currentTaskChanged, this, [this](tasks::TaskId id) {
        if (id > 0)
            openTask(id);
    });
    connect(queue, &ui::QueuePanel::taskActivated, this,
            [this](tasks::TaskId id) { openTask(id); });
    connect(queue, &ui::QueuePanel::pauseRequested, m_engine.get(), &tasks::Engine::pause);
    connect(queue, &ui::QueuePanel::resumeRequested, this, [this](tasks::TaskId id) {
        m_resumed.insert(id);
        m_engine->resume(id);
    });
    connect(queue, &ui::QueuePanel::cancelRequested, m_engine.get(), &tasks::Engine::cancel);
    connect(queue, &ui::QueuePanel::budgetRequested, this, [this](tasks::TaskId id, Money extra) {
        m_resumed.insert(id);
        m_engine->addBudget(id, extra);
        m_window->statusBar()->showMessage(
            tr("Raising the budget by %1 and continuing…").arg(extra.format(2)), 5000);
    });
    connect(queue, &ui::QueuePanel::openWorktreeRequested, this,
            [](tasks::TaskId, const QString &path) {
                QDesktopServices::openUrl(QUrl::fromLocalFile(path));
            });
    connect(queue, &ui::QueuePanel::queuePausedChanged, m_engine.get(),
            &tasks::Engine::setQueuePaused);
    connect(queue, &ui::QueuePanel::concurrencyChanged, this, [this](int tasks) {
        m_engine->setConcurrency(tasks);
        m_settings->setValue(QStringLiteral("engine/concurrency"), tasks);
    });
    queue->setConcurrency(m_config->settings.concurrency);

    connect(m_window, &ui::MainWindow::newTaskRequested, this, &DeskController::showNewTaskDialog);
    connect(m_window, &ui::MainWindow::settingsRequested, this, &DeskController::showSettings);
    connect(m_window, &ui::MainWindow::demoRequested, this, &DeskController::startDemo);
    connect(m_window->costMeter(), &ui::CostMeterWidget::activated, this,
            &DeskController::showCostBreakdown);
    connect(m_notifier, &watchui::Notifier::openTaskRequested, this, [this](tasks::TaskId id) {
        m_window->showNormal();
        m_window->raise();
        m_window->activateWindow();
        openTask(id);
    });
    connect(m_notifier, &watchui::Notifier::showWindowRequested, m_window, [this] {
        m_window->showNormal();
        m_window->raise();
    });

    ui::ReviewPage *page = m_reviewPage;
    connect(page, &ui::ReviewPage::mergeRequested, this, [this](tasks::TaskId id) {
        m_reviewPage->setBusy(tr("Merging: validating again if the base moved…"));
        m_engine->merge(id);
    });
    connect(page, &ui::ReviewPage::revisionRequested, this,
            [this](tasks::TaskId id, const QString &request, qint64) {
                m_engine->revise(id, request);
            });
    connect(page, &ui::ReviewPage::rejectRequested, m_engine.get(), &tasks::Engine::reject);
    connect(page, &ui::ReviewPage::budgetRequested, this, [this](tasks::TaskId id, Money extra) {
        m_reviewPage->setBusy(tr("Raising the budget by %1 and continuing…").arg(extra.format(2)));
        m_resumed.insert(id);
        m_engine->addBudget(id, extra);
    });
    connect(page, &ui::ReviewPage::restoreRequested, this, [this](tasks::TaskId id) {
        m_reviewPage->setBusy(tr("Restoring the archived work…"));
        m_engine->restore(id);
    });
    connect(page, &ui::ReviewPage::acknowledgeRequested, this,
            [this](qint64 findingId, bool acknowledged) {
                m_engine->acknowledge(m_shownTask, findingId, acknowledged);
            });
    connect(page, &ui::ReviewPage::iterationRequested, this,
            [this](tasks::TaskId id, int iteration) { openTask(id, iteration); });
    connect(page, &ui::ReviewPage::openWorktreeRequested, this, [this](tasks::TaskId) {
        if (m_snapshotWatcher.isFinished() && m_snapshotWatcher.future().isValid()) {
            const auto loaded = m_snapshotWatcher.result();
            if (loaded && !loaded->task.worktreePath.isEmpty())
                QDesktopServices::openUrl(QUrl::fromLocalFile(loaded->task.worktreePath));
        }
    });
}

void DeskController::wireEngine()
{
    tasks::Engine *engine = m_engine.get();
    connect(engine, &tasks::Engine::opened, this,
            [this](bool ok, const QString &error, const QList<tasks::TaskId> &interrupted) {
                if (!ok) {
                    m_window->statusBar()->showMessage(
                        tr("The task store could not be opened: %1").arg(error));
                    return;
                }
                if (!interrupted.isEmpty())
                    m_window->statusBar()->showMessage(
                        tr("%n task(s) were interrupted when AgentDesk last closed: resume them "
                           "from the queue.",
                           nullptr, int(interrupted.size())));
                m_engine->loadTasks();
                refreshSpend();
            });
    connect(engine, &tasks::Engine::tasksLoaded, this, &DeskController::applyTaskList);
    wireLiveUpdates();
    connect(engine, &tasks::Engine::usageWindowReported, this, &DeskController::onUsageWindow);
    connect(engine, &tasks::Engine::taskStateChanged, this,
            [this](tasks::TaskId id, tasks::TaskState, tasks::TaskState to, const QString &reason) {
                itemmodels::TaskStateEvent event;
                event.taskId = id;
                event.state = to;
                event.reason = reason;
                event.title = m_titles.value(id);
                event.userInitiated = reason.contains(QLatin1String("by you"));
                event.usageLimit = agents::UsageWindow::isUsageLimitReason(reason);
                m_policy->report(event);
                // A task the user resumed (or gave more budget) that stops again says so where
                // the user looks, not only in the queue's badge (it may run for a moment
                // first: the step it resumes into can find the budget still spent).
                if (m_resumed.contains(id) && !tasks::isRunningState(to) &&
                    to != tasks::TaskState::Queued) {
                    m_resumed.remove(id);
                    if (to == tasks::TaskState::Paused)
                        m_window->statusBar()->showMessage(
                            tr("“%1” paused again: %2")
                                .arg(m_titles.value(id, tr("Task %1").arg(id)),
                                     reason.isEmpty() ? tr("no reason given") : reason));
                }
                if (id == m_shownTask && !tasks::isRunningState(to))
                    openTask(id);
            });
    connect(engine, &tasks::Engine::ledgerRecorded, this, [this](const store::LedgerEntry &entry) {
        if (entry.at.toLocalTime().date() == QDate::currentDate())
            m_spentToday += entry.cost;
        updateMeter();
    });
    connect(engine, &tasks::Engine::dispatched, this,
            [this](int, tasks::TaskId id, const QString &, const QString &message) {
                if (id == 0) {
                    showWarning(tr("Task not dispatched"), message);
                    return;
                }
                // On success the message is the engine's notice: the base branch moved after
                // New Task showed it, and the task kept the commit shown.
                if (!message.isEmpty())
                    m_window->statusBar()->showMessage(
                        tr("Task %1 dispatched. %2").arg(id).arg(message), 15000);
                else
                    m_window->statusBar()->showMessage(tr("Task %1 dispatched.").arg(id), 5000);
            });
    connect(engine, &tasks::Engine::operationFinished, this,
            [this](int, tasks::TaskId id, bool ok, const QString &message) {
                reportOperation(id, ok, message);
            });
    connect(engine, &tasks::Engine::taskFinished, this,
            [this](tasks::TaskId id, tasks::TaskState state, const QString &) {
                if (id == m_shownTask && m_reviewPage)
                    m_reviewPage->setBusy(QString());
                if (state == tasks::TaskState::Merged)
                    Q_EMIT taskMerged(id);
            });
    connect(engine, &tasks::Engine::dailyBudgetReached, this, [this](Money spent, Money budget) {
        m_window->statusBar()->showMessage(
            tr("Today's budget is spent (%1 of %2): queued tasks wait. Raise it in Settings.")
                .arg(spent.format(2), budget.format(2)));
    });
}

void DeskController::wireLiveUpdates()
{
    tasks::Engine *engine = m_engine.get();
    connect(engine, &tasks::Engine::radarReady, this,
            [this](const tasks::RadarReport &report, const QString &error) {
                if (!error.isEmpty())
                    return;
                QSet<tasks::TaskId> paired;
                for (const tasks::RadarPair &pair : report.pairs)
                    paired << pair.first << pair.second;
                for (const tasks::RadarEntry &entry : report.entries)
                    m_queue->setBadge(entry.taskId, entry.behind,
                                      entry.conflictsWithBase || paired.contains(entry.taskId));
            });
    connect(engine, &tasks::Engine::progressChanged, m_queue,
            &itemmodels::TaskQueueModel::applyProgress);
    connect(engine, &tasks::Engine::taskUpserted, this, &DeskController::applyTaskUpsert);
    connect(engine, &tasks::Engine::findingCountsChanged, this,
            [this](const QHash<tasks::TaskId, store::FindingCounts> &counts, bool complete) {
                for (auto it = counts.cbegin(); it != counts.cend(); ++it)
                    m_queue->setFindingCounts(it.key(), it->open, it->blocking);
                if (!complete)
                    return;
                for (auto it = m_titles.cbegin(); it != m_titles.cend(); ++it) {
                    if (!counts.contains(it.key()))
                        m_queue->setFindingCounts(it.key(), 0, 0);
                }
            });
    connect(engine, &tasks::Engine::timelineAppended, this,
            [this](tasks::TaskId id, const QList<store::StoredEvent> &events) {
                if (!m_reviewPage || id != m_shownTask || m_reviewPage->taskId() != id)
                    return;
                // A new iteration began while the page shows the newest one: its tabs, diff
                // and findings are another view, so it is loaded (once; later events of it
                // are appended). An older iteration the user chose stays where it is.
                const itemmodels::ReviewSnapshot &shown = m_reviewPage->snapshot();
                const int newest =
                    shown.iterations.isEmpty() ? 0 : shown.iterations.constLast().number;
                const bool newIteration =
                    std::any_of(events.cbegin(), events.cend(), [newest](const auto &event) {
                        return event.event.iteration > newest;
                    });
                if (newIteration && shown.iteration == newest) {
                    if (m_snapshotWatcher.isFinished())
                        openTask(id);
                    return;
                }
                m_reviewPage->appendTimelineEvents(events);
            });
    connect(engine, &tasks::Engine::gateChanged, this,
            [this](tasks::TaskId id, const tasks::GateAnswer &gate) {
                if (m_reviewPage && id == m_shownTask && m_reviewPage->taskId() == id)
                    m_reviewPage->updateGate(gate);
            });
}

void DeskController::applyTaskList(const QList<store::TaskSummary> &tasks)
{
    // The whole list once, when the engine opens; from then on one row at a time
    // (taskUpserted).
    m_queue->setTasks(tasks);
    // The conflict radar for each base that has tasks waiting on it.
    QSet<QPair<QString, QString>> bases;
    for (const store::TaskSummary &summary : tasks) {
        if (waitsOnItsBase(summary.task.state))
            bases.insert({summary.task.spec.repositoryPath, summary.task.spec.baseBranch});
    }
    for (const auto &[repository, base] : bases)
        m_engine->requestRadar(repository, base);
    bool demoTasks = false;
    for (const store::TaskSummary &summary : tasks) {
        m_titles.insert(summary.task.id, summary.task.spec.title);
        demoTasks = demoTasks || summary.task.spec.implementer.provider == demo::kDemoProviderId;
    }
    // Demo tasks left waiting or interrupted need their scripted provider back.
    if (demoTasks && (!m_demo || !m_demo->isRunning())) {
        ensureDemoSession();
        if (VoidResult started = m_demo->start(); !started)
            m_window->statusBar()->showMessage(started.errorMessage());
    }
    m_notifier->setAttentionCount(m_queue->attentionCount());
    Q_EMIT tasksReloaded();
}

void DeskController::applyTaskUpsert(const store::TaskSummary &summary)
{
    const tasks::TaskId id = summary.task.id;
    const QModelIndex row = m_queue->indexOf(id);
    const bool known = row.isValid();
    const auto before = tasks::TaskState(row.data(itemmodels::TaskQueueModel::StateRole).toInt());
    const tasks::TaskState after = summary.task.state;
    m_queue->upsertTask(summary);
    m_titles.insert(id, summary.task.spec.title);
    m_notifier->setAttentionCount(m_queue->attentionCount());
    // The radar compares the tasks waiting on one base with it and with each other, so only
    // this task's base needs it again, and only when the task joined or left the waiting set
    // (its branch moved: a run ended or a revision began) or landed (the base moved).
    const bool waitedBefore = known && waitsOnItsBase(before);
    const bool landed =
        after == tasks::TaskState::Merged && (!known || before != tasks::TaskState::Merged);
    if (waitedBefore != waitsOnItsBase(after) || landed)
        m_engine->requestRadar(summary.task.spec.repositoryPath, summary.task.spec.baseBranch);
    Q_EMIT taskUpserted(id);
}

void DeskController::refreshSpend()
{
    m_engine->post([this](tasks::Scheduler &scheduler) {
        if (!scheduler.reader())
            return;
        auto spent = scheduler.reader()->spentOn(QDate::currentDate());
        const Money value = spent ? *spent : Money();
        QMetaObject::invokeMethod(
            this,
            [this, value] {
                m_spentToday = value;
                updateMeter();
            },
            Qt::QueuedConnection);
    });
}

void DeskController::updateMeter()
{
    m_window->costMeter()->setSpend(m_spentToday, m_dailyBudget.value_or(Money()));
}

void DeskController::showWarning(const QString &title, const QString &message)
{
    // Window-modal and opened, never exec()'d: the engine's signals keep arriving meanwhile.
    auto *box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, m_window);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    box->open();
    m_window->statusBar()->showMessage(message.section(QLatin1Char('\n'), 0, 0), 10000);
}

void DeskController::reportOperation(tasks::TaskId id, bool ok, const QString &message)
{
    if (m_reviewPage && id == m_shownTask)
        m_reviewPage->setBusy(QString());
    if (!ok) {
        showWarning(tr("Task %1").arg(id), message);
        return;
    }
    if (!message.isEmpty())
        m_window->statusBar()->showMessage(message, 8000);
    if (id == m_shownTask)
        openTask(id);
}

void DeskController::openTask(tasks::TaskId id, int iteration)
{
    if (m_snapshotCancel)
        m_snapshotCancel->store(true);
    if (!m_snapshotWatcher.isFinished()) {
        // The newest request wins: it starts when the one running has stopped.
        m_pendingTask = id;
        m_pendingIteration = iteration;
        return;
    }
    m_pendingTask = 0;
    m_shownTask = id;
    m_policy->setViewedTask(id);
    auto cancel = std::make_shared<std::atomic_bool>(false);
    m_snapshotCancel = cancel;
    const QString database = m_config->databasePath;
    m_snapshotWatcher.setFuture(QtConcurrent::run([database, id, iteration, cancel] {
        return loadReviewSnapshot(database, id, iteration, cancel.get());
    }));
}

void DeskController::onSnapshotLoaded()
{
    if (m_pendingTask > 0) {
        const tasks::TaskId next = m_pendingTask;
        openTask(next, m_pendingIteration);
        return;
    }
    const Result<itemmodels::ReviewSnapshot> loaded = m_snapshotWatcher.result();
    if (!loaded) {
        if (loaded.errorCode() != QLatin1String("cancelled"))
            m_window->statusBar()->showMessage(
                tr("Could not load the task: %1").arg(loaded.errorMessage()));
        return;
    }
    m_reviewPage->setSnapshot(*loaded);
    m_window->showReviewPage(m_reviewPage);
    // From here the engine pushes what the task appends and how its gate changes.
    qint64 newestEvent = 0;
    for (const store::StoredEvent &event : loaded->timeline)
        newestEvent = qMax(newestEvent, event.id);
    m_engine->watchTask(loaded->task.id, newestEvent);
    Q_EMIT reviewShown(loaded->task.id);
}

void DeskController::ensureDemoSession()
{
    if (m_demo)
        return;
    demo::DemoSession::Options options;
    options.dataDir = AppPaths::dataDir();
    if (m_demoPaceMs >= 0)
        options.paceMs = m_demoPaceMs;
    options.endpoint = m_demoEndpoint;
    m_demo = new demo::DemoSession(options, this);
    connect(m_demo, &demo::DemoSession::repositoryFailed, this, [this](const QString &message) {
        m_demoDispatching = false;
        showWarning(tr("The demo could not start"), message);
    });
    connect(m_demo, &demo::DemoSession::repositoryReady, this, [this](const demo::DemoPlan &plan) {
        Q_EMIT m_window->openRepositoryRequested(plan.repositoryPath);
        // Dispatched in order; the flagged task's id is reported first.
        auto tickets = std::make_shared<QHash<int, int>>();
        for (int i = 0; i < plan.tasks.size(); ++i)
            tickets->insert(m_engine->dispatch(plan.tasks.at(i)), i);
        auto byIndex = std::make_shared<QHash<int, tasks::TaskId>>();
        auto connection = std::make_shared<QMetaObject::Connection>();
        *connection =
            connect(m_engine.get(), &tasks::Engine::dispatched, this,
                    [this, plan, tickets, byIndex, connection](int ticket, tasks::TaskId id) {
                        if (!tickets->contains(ticket))
                            return;
                        byIndex->insert(tickets->value(ticket), id);
                        if (byIndex->size() < tickets->size())
                            return;
                        disconnect(*connection);
                        m_demoDispatching = false;
                        QList<tasks::TaskId> ordered{byIndex->value(plan.flaggedTask)};
                        for (int i = 0; i < plan.tasks.size(); ++i) {
                            if (i != plan.flaggedTask)
                                ordered.append(byIndex->value(i));
                        }
                        Q_EMIT demoStarted(ordered, plan.revisionRequest);
                    });
    });
}

void DeskController::startDemo()
{
    if (m_demoDispatching)
        return;
    for (auto it = m_titles.cbegin(); it != m_titles.cend(); ++it) {
        const QModelIndex index = m_queue->indexOf(it.key());
        if (it.value().startsWith(demo::kDemoTitlePrefix) && index.isValid() &&
            tasks::isRunningState(
                tasks::TaskState(index.data(itemmodels::TaskQueueModel::StateRole).toInt()))) {
            m_window->statusBar()->showMessage(tr("The demo is already running."), 5000);
            return;
        }
    }
    ensureDemoSession();
    if (!m_demo->isRunning()) {
        if (VoidResult started = m_demo->start(); !started) {
            showWarning(tr("The demo could not start"), started.errorMessage());
            return;
        }
    }
    m_demoDispatching = true;
    m_window->statusBar()->showMessage(demo::kDemoNotice, 15000);
    m_demo->prepareRepository();
}

} // namespace agentdesk::app
