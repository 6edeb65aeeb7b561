#include "app/DeskController.h"

#include "agents/cli/CliAgents.h"
#include "agents/cli/CliBudget.h"
#include "agents/cli/CliLocator.h"
#include "agents/cli/CodexAdapter.h"
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

// DeskController's dialogs: New Task, the cost breakdown, Settings.

namespace agentdesk::app {

namespace {

// What the New Task dialog offers, read on a pool thread: branches, the detected test
// command, the priced models of the configured providers, and the CLI agents installed.
ui::NewTaskOptions newTaskOptions(const QString &repositoryPath,
                                  std::shared_ptr<const tasks::EngineConfig> config)
{
    ui::NewTaskOptions options;
    options.repositoryPath = repositoryPath;
    if (auto repository = git::Repository::open(repositoryPath)) {
        if (auto branches = repository->branches()) {
            for (const git::BranchInfo &branch : *branches) {
                if (branch.name.startsWith(QLatin1String("agentdesk/")))
                    continue;
                options.branches.append({branch.name, branch.commitId});
                if (branch.isHead)
                    options.currentBranch = branch.name;
            }
        }
    }
    if (auto detected = tasks::ValidationCommand::detect(repositoryPath))
        options.detectedValidationCommand = detected->shellCommand;
    if (config->prices) {
        for (const QString &model : config->prices->models()) {
            // The providers that serve this model; "demo" while the offline demo runs.
            QStringList providers;
            if (model.startsWith(QLatin1String("claude")))
                providers = {QStringLiteral("anthropic"), QStringLiteral("demo")};
            else if (model.startsWith(QLatin1String("gpt")) || model.startsWith(QLatin1Char('o')))
                providers = {QStringLiteral("openai")};
            for (const QString &provider : providers) {
                if (!config->providers || !config->providers(provider))
                    continue;
                ui::ModelChoice choice;
                choice.ref = {provider, model};
                if (auto price = config->prices->lookup(model)) {
                    choice.priced = true;
                    choice.inputPerMillion =
                        Money::fromNanodollars(price->prices.input.nanodollars() * 1'000'000);
                    choice.outputPerMillion =
                        Money::fromNanodollars(price->prices.output.nanodollars() * 1'000'000);
                }
                options.models.append(choice);
            }
        }
    }
    for (const QString &id : agents::cliBackendIds()) {
        auto adapter = agents::cliAdapterFor(id, config->cli);
        if (!adapter || id == QLatin1String("custom"))
            continue;
        const agents::CliSettings &cli = (*adapter)->settings();
        if (!agents::locateCli(cli.executable, cli.searchPath, (*adapter)->displayName()))
            continue;
        ui::ModelChoice choice;
        choice.ref = {id, id == QLatin1String("claude-code")
                              ? QStringLiteral("claude-sonnet-4-5")
                              : QString::fromLatin1(agents::kCodexDefaultModel)};
        choice.cliAgent = true;
        choice.budgetNote = agents::budgetTimingNote(**adapter);
        options.models.append(choice);
    }
    return options;
}

// Everything the cost breakdown shows, read on the engine's thread.
struct CostData
{
    QList<store::CostLine> byTask, byRole, byModel, byDay;
    QList<store::LedgerEntry> entries;
    QHash<tasks::TaskId, QString> titles;
    QHash<tasks::TaskId, tasks::ModelRef> implementers;
    QList<store::TaskSummary> tasks;
    QHash<tasks::TaskId, QList<store::FindingRecord>> findings;
    Money today;
};

} // namespace

void DeskController::showNewTaskDialog()
{
    const QString repository = m_window->repositoryPath();
    if (repository.isEmpty())
        return;
    auto *watcher = new QFutureWatcher<ui::NewTaskOptions>(this);
    connect(watcher, &QFutureWatcher<ui::NewTaskOptions>::finished, this, [this, watcher] {
        watcher->deleteLater();
        auto *dialog = new ui::NewTaskDialog(watcher->result(), m_window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QDialog::accepted, this,
                [this, dialog] { m_engine->dispatch(dialog->spec()); });
        dialog->open();
    });
    std::shared_ptr<const tasks::EngineConfig> config = m_config;
    watcher->setFuture(
        QtConcurrent::run([repository, config] { return newTaskOptions(repository, config); }));
}

void DeskController::showCostBreakdown()
{
    m_engine->post([this](tasks::Scheduler &scheduler) {
        store::StoreReader *reader = scheduler.reader();
        if (!reader)
            return;
        auto data = std::make_shared<CostData>();
        const QDateTime since = QDate::currentDate().addDays(-13).startOfDay();
        data->byTask = reader->costs(store::CostGrouping::Task, {}, since).valueOr({});
        data->byRole = reader->costs(store::CostGrouping::Role, {}, since).valueOr({});
        data->byModel = reader->costs(store::CostGrouping::Model, {}, since).valueOr({});
        data->byDay = reader->costs(store::CostGrouping::Day, {}, since).valueOr({});
        data->today = reader->spentOn(QDate::currentDate()).valueOr(Money());
        if (auto tasks = reader->listTasks()) {
            data->tasks = *tasks;
            for (const store::TaskSummary &summary : *tasks) {
                data->findings.insert(summary.task.id,
                                      reader->findings(summary.task.id).valueOr({}));
                data->titles.insert(summary.task.id, summary.task.spec.title);
                data->implementers.insert(summary.task.id, summary.task.spec.implementer);
                if (auto ledger = reader->ledger(summary.task.id)) {
                    for (const store::LedgerEntry &entry : *ledger) {
                        if (entry.at >= since)
                            data->entries.append(entry);
                    }
                }
            }
        }
        QMetaObject::invokeMethod(
            this,
            [this, data] {
                itemmodels::SplitSaving saving;
                if (m_config->prices)
                    saving = itemmodels::computeSplitSaving(data->entries, data->implementers,
                                                            *m_config->prices);
                auto *dialog = new watchui::CostBreakdownDialog(m_window);
                dialog->setAttribute(Qt::WA_DeleteOnClose);
                dialog->setData(data->byTask, data->byRole, data->byModel, data->byDay, data->today,
                                m_dailyBudget.value_or(Money()), data->titles, saving);
                dialog->open();
            },
            Qt::QueuedConnection);
    });
}

void DeskController::showSettings()
{
    auto *dialog = new watchui::SettingsDialog(m_settings, m_keys, m_network, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &watchui::SettingsDialog::saved, this,
            [this](const itemmodels::EngineSettings &values) {
                m_engine->setConcurrency(values.concurrency);
                // A daily budget of 0 means no daily limit.
                const std::optional<Money> daily = values.dailyBudget.nanodollars() > 0
                                                       ? std::optional<Money>(values.dailyBudget)
                                                       : std::nullopt;
                m_engine->setDailyBudget(daily);
                m_dailyBudget = daily;
                m_policy->setEnabled(values.notificationsEnabled);
                readStoredKeys(); // a key may have been stored or removed
                m_window->queuePanel()->setConcurrency(values.concurrency);
                updateMeter();
            });
    dialog->open();
}

} // namespace agentdesk::app
