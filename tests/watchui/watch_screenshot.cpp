// Renders the dispatch-and-watch widgets offscreen with realistic data, for a look without a
// display: watch_screenshot OUT_DIR [--dark]
//   OUT_DIR/watch-queue.png, watch-cost-breakdown.png, watch-settings-providers.png,
//   watch-settings-defaults.png, watch-settings-engine.png (with -dark before .png if --dark)

#include "cost/PriceTable.h"
#include "itemmodels/queue/SettingsKeys.h"
#include "itemmodels/queue/SplitSaving.h"
#include "itemmodels/queue/TaskQueueModel.h"
#include "llm/ApiKeyStore.h"
#include "ui/QueuePanel.h"
#include "watch/CostBreakdownDialog.h"
#include "watch/ProvidersPage.h"
#include "watch/SettingsDialog.h"

#include "FakeProviderServer.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QMap>
#include <QPalette>
#include <QPushButton>
#include <QSettings>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTreeView>

using namespace agentdesk;
using tasks::TaskState;

namespace {

const QDateTime now = QDateTime(QDate(2026, 8, 20), QTime(15, 30), Qt::UTC);

struct Sample
{
    tasks::TaskId id;
    const char *title;
    TaskState state;
    int minutesAgoCreated;
    int runMinutes;
    const char *spent;
    tasks::RiskLevel risk;
    const char *reason;
    const char *activity;
    int openFlags;
    int blockingFlags;
    int behind;
    bool conflicts;
};

const QList<Sample> samples{
    {101, "Generate unit tests for src/utils/dateFormat.ts", TaskState::ReadyForReview, 42, 6,
     "0.38", tasks::RiskLevel::Low, "", "", 3, 1, 2, false},
    {102, "Update the README install section", TaskState::ReadyForReview, 55, 3, "0.12",
     tasks::RiskLevel::Low, "", "", 1, 0, 0, false},
    {103, "Bump lodash to 4.17.21 and run the test suite", TaskState::ReadyForReview, 130, 11,
     "0.64", tasks::RiskLevel::Low, "", "", 0, 0, 5, true},
    {104, "Fix lint warnings in packages/api", TaskState::Implementing, 9, 4, "0.21",
     tasks::RiskLevel::Low, "", "Editing packages/api/src/routes/users.ts", 0, 0, 0, false},
    {105, "Add retry with backoff to the HTTP client", TaskState::Validating, 20, 14, "0.87",
     tasks::RiskLevel::Medium, "", "Running the tests: npm test", 0, 0, 0, false},
    {106, "Generate unit tests for src/parser/tokenize.ts", TaskState::Reviewing, 25, 17, "0.44",
     tasks::RiskLevel::Low, "", "Reviewing 4 changed files", 0, 0, 1, false},
    {107, "Document the config file format", TaskState::Queued, 2, 0, "0", tasks::RiskLevel::Low,
     "", "", 0, 0, 0, false},
    {108, "Remove the deprecated v1 endpoints", TaskState::Queued, 1, 0, "0",
     tasks::RiskLevel::High, "", "", 0, 0, 0, false},
    {109, "Migrate the date helpers to Temporal", TaskState::Paused, 95, 22, "1.00",
     tasks::RiskLevel::Low, "Budget reached: $1.00 of $1.00 spent. Raise it to continue.", "", 0, 0,
     0, false},
    {110, "Upgrade webpack to 5.90", TaskState::Failed, 180, 9, "0.57", tasks::RiskLevel::Low,
     "Validation failed: 3 tests newly failing", "", 0, 0, 0, false},
    {111, "Speed up the CSV import", TaskState::Interrupted, 300, 12, "0.33",
     tasks::RiskLevel::Medium, "AgentDesk was closed while the task was implementing", "", 0, 0, 0,
     false},
    {112, "Fix typo in CONTRIBUTING.md", TaskState::Merged, 1440, 2, "0.04", tasks::RiskLevel::Low,
     "", "", 0, 0, 0, false},
    {113, "Rename getCwd to getWorkingDirectory", TaskState::Rejected, 2000, 7, "0.29",
     tasks::RiskLevel::Low, "", "", 0, 0, 0, false},
};

store::TaskSummary summaryOf(const Sample &sample)
{
    store::TaskSummary s;
    s.task.id = sample.id;
    s.task.spec = tasks::TaskSpec::withDefaults(sample.risk);
    s.task.spec.title = QString::fromUtf8(sample.title);
    s.task.state = sample.state;
    s.task.stateReason = QString::fromUtf8(sample.reason);
    s.task.branch = QStringLiteral("agentdesk/%1-task").arg(sample.id);
    s.task.worktreePath =
        QStringLiteral("/home/dev/.local/share/agentdesk/worktrees/%1").arg(sample.id);
    s.task.createdAt = now.addSecs(-60 * sample.minutesAgoCreated);
    s.latestIteration = sample.state == TaskState::Queued ? 0 : 1;
    if (sample.id == 103)
        s.latestIteration = 2;
    if (sample.state != TaskState::Queued)
        s.latestIterationStartedAt = s.task.createdAt.addSecs(20);
    const bool running = tasks::isRunningState(sample.state);
    s.task.updatedAt = running ? now : s.latestIterationStartedAt.addSecs(60 * sample.runMinutes);
    if (running)
        s.latestIterationStartedAt = now.addSecs(-60 * sample.runMinutes);
    s.totalCost = Money::parseDollars(QString::fromLatin1(sample.spent)).value_or(Money());
    return s;
}

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x1f, 0x23, 0x28));
    p.setColor(QPalette::WindowText, QColor(0xe6, 0xed, 0xf3));
    p.setColor(QPalette::Base, QColor(0x0d, 0x11, 0x17));
    p.setColor(QPalette::AlternateBase, QColor(0x16, 0x1b, 0x22));
    p.setColor(QPalette::Text, QColor(0xe6, 0xed, 0xf3));
    p.setColor(QPalette::Button, QColor(0x21, 0x26, 0x2d));
    p.setColor(QPalette::ButtonText, QColor(0xe6, 0xed, 0xf3));
    p.setColor(QPalette::Highlight, QColor(0x1f, 0x6f, 0xeb));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0x8b, 0x94, 0x9e));
    p.setColor(QPalette::ToolTipBase, QColor(0x16, 0x1b, 0x22));
    p.setColor(QPalette::ToolTipText, QColor(0xe6, 0xed, 0xf3));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x6e, 0x76, 0x81));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x6e, 0x76, 0x81));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x6e, 0x76, 0x81));
    p.setColor(QPalette::Mid, QColor(0x30, 0x36, 0x3d));
    return p;
}

bool save(QWidget *widget, const QString &path)
{
    widget->show();
    QApplication::processEvents();
    const bool ok = widget->grab().save(path);
    QTextStream(stdout) << (ok ? "wrote " : "FAILED ") << path << '\n';
    return ok;
}

struct PerToken
{
    qint64 input;
    qint64 output;
};

// Nanodollars per token of the sample's models (prices.json).
PerToken priceOf(const QString &model)
{
    if (model == QLatin1String("claude-haiku-4-5"))
        return {1000, 5000};
    if (model == QLatin1String("claude-opus-4-5"))
        return {5000, 25000};
    return {3000, 15000};
}

// `cost` spent by one role of a task as `calls` calls, with token counts its model's prices
// give (about 70 % of the money on input, as agent calls go).
void addCalls(QList<store::LedgerEntry> &ledger, tasks::TaskId task, store::LedgerRole role,
              const tasks::ModelRef &model, Money cost, const QDateTime &at)
{
    const PerToken price = priceOf(model.model);
    // About 8 cents a call: tens of thousands of input tokens, as agent turns go.
    const int calls = int(qMax<qint64>(1, cost.nanodollars() / 80'000'000));
    for (int i = 0; i < calls; ++i) {
        store::LedgerEntry e;
        e.taskId = task;
        e.role = role;
        e.provider = model.provider;
        e.model = model.model;
        const qint64 share = cost.nanodollars() / calls + (i == 0 ? cost.nanodollars() % calls : 0);
        e.inputTokens = share * 7 / 10 / price.input;
        e.outputTokens = (share - e.inputTokens * price.input) / price.output;
        e.cost = Money::fromNanodollars(share);
        e.at = at.addSecs(40 * i);
        ledger.append(e);
    }
}

const tasks::ModelRef sonnet{QStringLiteral("anthropic"), QStringLiteral("claude-sonnet-4-5")};
const tasks::ModelRef haiku{QStringLiteral("anthropic"), QStringLiteral("claude-haiku-4-5")};

// The earlier days' tasks (no longer in the queue): title and cents spent.
const QList<QPair<const char *, int>> earlier{
    {"Add pagination to the orders endpoint", 310},
    {"Generate tests for the billing module", 1240},
    {"Update the CHANGELOG for 2.4", 560},
    {nullptr, 0},
    {"Port the CLI flags parser to yargs", 880},
    {"Refactor the auth middleware", 2210},
    {"Add property tests for the money type", 1460},
    {"Fix flaky upload test", 930},
    {"Bump eslint to 9", 120},
    {nullptr, 0},
    {"Translate the onboarding strings", 1710},
    {"Generate unit tests for src/cache", 640},
    {"Tidy the Dockerfile", 1020},
};

// A ledger that matches the queue (each task's implementer and reviewer calls on its own
// models) plus the earlier days' tasks, one day over the daily budget.
QList<store::LedgerEntry> sampleLedger(const QList<store::TaskSummary> &tasks,
                                       QHash<tasks::TaskId, QString> &titles,
                                       QHash<tasks::TaskId, tasks::ModelRef> &implementers)
{
    QList<store::LedgerEntry> ledger;
    for (const store::TaskSummary &task : tasks) {
        titles.insert(task.task.id, task.task.spec.title);
        implementers.insert(task.task.id, task.task.spec.implementer);
        const Money total = task.totalCost;
        if (total.isZero())
            continue;
        const bool reviewed =
            task.task.state != TaskState::Implementing && task.task.state != TaskState::Validating;
        const Money review = reviewed ? Money::fromNanodollars(total.nanodollars() / 6) : Money();
        addCalls(ledger, task.task.id, store::LedgerRole::Implementer, task.task.spec.implementer,
                 total - review, task.latestIterationStartedAt);
        if (reviewed)
            addCalls(ledger, task.task.id, store::LedgerRole::Reviewer, task.task.spec.reviewer,
                     review, task.latestIterationStartedAt.addSecs(300));
    }
    const QDate today = now.toLocalTime().date();
    for (int i = 0; i < earlier.size(); ++i) {
        if (!earlier.at(i).first)
            continue;
        const tasks::TaskId id = 50 + i;
        titles.insert(id, QString::fromUtf8(earlier.at(i).first));
        implementers.insert(id, sonnet);
        const Money total = Money::fromCents(earlier.at(i).second);
        const Money review = Money::fromNanodollars(total.nanodollars() / 5);
        const QDateTime at = QDateTime(today.addDays(-(earlier.size() - i)), QTime(11, 0));
        addCalls(ledger, id, store::LedgerRole::Implementer, sonnet, total - review, at);
        addCalls(ledger, id, store::LedgerRole::Reviewer, haiku, review, at.addSecs(900));
    }
    return ledger;
}

template<typename Key, typename KeyOf, typename Fill>
QList<store::CostLine> groupLines(const QList<store::LedgerEntry> &ledger, KeyOf keyOf, Fill fill)
{
    QMap<Key, store::CostLine> lines;
    for (const store::LedgerEntry &e : ledger) {
        store::CostLine &line = lines[keyOf(e)];
        fill(line, e);
        line.calls += 1;
        line.inputTokens += e.inputTokens;
        line.outputTokens += e.outputTokens;
        line.cost += e.cost;
    }
    return lines.values();
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        QTextStream(stderr) << "usage: watch_screenshot OUT_DIR [--dark]\n";
        return 2;
    }
    const QString outDir = args.at(1);
    const bool dark = args.contains(QStringLiteral("--dark"));
    QDir().mkpath(outDir);
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    if (dark)
        QApplication::setPalette(darkPalette());
    const QString suffix = dark ? QStringLiteral("-dark.png") : QStringLiteral(".png");
    bool ok = true;

    // The busy queue.
    QList<store::TaskSummary> tasks;
    for (const Sample &sample : samples)
        tasks.append(summaryOf(sample));
    ui::QueuePanel panel;
    panel.resize(360, 1000);
    itemmodels::TaskQueueModel *model = panel.model();
    model->setCurrentTime(now);
    model->setTasks(tasks);
    for (const Sample &sample : samples) {
        if (sample.openFlags > 0)
            model->setFindingCounts(sample.id, sample.openFlags, sample.blockingFlags);
        if (sample.behind > 0 || sample.conflicts)
            model->setBadge(sample.id, sample.behind, sample.conflicts);
    }
    tasks::TaskProgressList live;
    for (const store::TaskSummary &task : tasks) {
        const Sample *sample = nullptr;
        for (const Sample &s : samples)
            if (s.id == task.task.id)
                sample = &s;
        if (!tasks::isRunningState(task.task.state))
            continue;
        tasks::TaskProgress p;
        p.taskId = task.task.id;
        p.state = task.task.state;
        p.spent = task.totalCost;
        p.budget = task.task.spec.budget;
        p.activity = QString::fromUtf8(sample->activity);
        p.startedAt = task.latestIterationStartedAt;
        p.at = now;
        live.append(p);
    }
    model->applyProgress(live);
    panel.setConcurrency(3);
    panel.selectTask(101);
    panel.view()->expandAll();
    ok &= save(&panel, QDir(outDir).filePath(QStringLiteral("watch-queue") + suffix));

    // The cost breakdown.
    QHash<tasks::TaskId, QString> titles;
    QHash<tasks::TaskId, tasks::ModelRef> implementers;
    const QList<store::LedgerEntry> ledger = sampleLedger(tasks, titles, implementers);
    const auto byTask = groupLines<qint64>(
        ledger, [](const auto &e) { return e.taskId; },
        [](store::CostLine &l, const store::LedgerEntry &e) { l.taskId = e.taskId; });
    const auto byRole = groupLines<int>(
        ledger, [](const auto &e) { return int(e.role); },
        [](store::CostLine &l, const store::LedgerEntry &e) { l.role = e.role; });
    const auto byModel = groupLines<QString>(
        ledger, [](const auto &e) -> QString { return e.provider + QLatin1Char(':') + e.model; },
        [](store::CostLine &l, const store::LedgerEntry &e) {
            l.provider = e.provider;
            l.model = e.model;
        });
    const auto byDay = groupLines<QDate>(
        ledger, [](const auto &e) { return e.at.toLocalTime().date(); },
        [](store::CostLine &l, const store::LedgerEntry &e) { l.day = e.at.toLocalTime().date(); });
    Money today;
    for (const store::CostLine &line : byDay)
        if (line.day == now.toLocalTime().date())
            today = line.cost;
    const cost::PriceTable prices = cost::PriceTable::loadBundled().value();
    watchui::CostBreakdownDialog breakdown;
    breakdown.setChartEndDate(now.toLocalTime().date());
    breakdown.setData(byTask, byRole, byModel, byDay, today, Money::fromCents(2000), titles,
                      itemmodels::computeSplitSaving(ledger, implementers, prices));
    ok &= save(&breakdown, QDir(outDir).filePath(QStringLiteral("watch-cost-breakdown") + suffix));

    // Settings, with a key in the environment and a local server configured.
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("agentdesk.conf")), QSettings::IniFormat);
    settings.setValue(settingkeys::concurrency(), 3);
    settings.setValue(QStringLiteral("providers/ollama/kind"), QStringLiteral("openai-compatible"));
    settings.setValue(QStringLiteral("providers/ollama/name"), QStringLiteral("Ollama (local)"));
    settings.setValue(QStringLiteral("providers/ollama/baseUrl"),
                      QStringLiteral("http://127.0.0.1:11434/v1"));
    settings.setValue(QStringLiteral("providers/ollama/local"), true);
    settings.setValue(QStringLiteral("prices/my-finetune/input"), QStringLiteral("0.80"));
    settings.setValue(QStringLiteral("prices/my-finetune/output"), QStringLiteral("3.20"));
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("ANTHROPIC_API_KEY"), QStringLiteral("sk-ant-example"));
    llm::ApiKeyStore keys(environment);
    keys.setUseSecretStore(false);
    watchui::SettingsDialog settingsDialog(&settings, &keys, nullptr, nullptr, environment);
    // A real "Test connection" against a local server on loopback that lists three models.
    test::FakeProviderServer server;
    if (server.listen()) {
        server.enqueue(test::ScriptedResponse::body(
            200, "application/json",
            R"({"object":"list","data":[{"id":"qwen2.5-coder:7b"},{"id":"llama3.1:8b"},)"
            R"({"id":"deepseek-coder-v2:16b"}]})"));
        watchui::ProvidersPage *page = settingsDialog.providersPage();
        page->selectProvider(QStringLiteral("ollama"));
        page->baseUrlEdit()->setText(server.baseUrl().toString() + QStringLiteral("/v1"));
        settingsDialog.show();
        page->testButton()->click();
        QElapsedTimer waited;
        waited.start();
        while (page->testButton()->isEnabled() == false && waited.elapsed() < 5000)
            QApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    ok &= save(&settingsDialog,
               QDir(outDir).filePath(QStringLiteral("watch-settings-providers") + suffix));
    settingsDialog.tabs()->setCurrentIndex(1);
    ok &= save(&settingsDialog,
               QDir(outDir).filePath(QStringLiteral("watch-settings-defaults") + suffix));
    settingsDialog.tabs()->setCurrentIndex(2);
    ok &= save(&settingsDialog,
               QDir(outDir).filePath(QStringLiteral("watch-settings-engine") + suffix));
    return ok ? 0 : 1;
}
