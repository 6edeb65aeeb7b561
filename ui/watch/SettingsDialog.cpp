#include "watch/SettingsDialog.h"

#include "core/AppPaths.h"
#include "itemmodels/queue/SettingsKeys.h"
#include "llm/ProviderRegistry.h"
#include "watch/ProvidersPage.h"
#include "watch/WatchPalette.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QVBoxLayout>

namespace agentdesk::watchui {

namespace {

constexpr std::array<tasks::RiskLevel, 3> riskLevels = {
    tasks::RiskLevel::Low, tasks::RiskLevel::Medium, tasks::RiskLevel::High};

QString riskTitle(tasks::RiskLevel risk)
{
    switch (risk) {
    case tasks::RiskLevel::Low:
        return SettingsDialog::tr("Low risk");
    case tasks::RiskLevel::Medium:
        return SettingsDialog::tr("Medium risk");
    case tasks::RiskLevel::High:
        break;
    }
    return SettingsDialog::tr("High risk");
}

int minutesFor(int seconds)
{
    return qMax(1, (seconds + 59) / 60);
}

QLabel *hint(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

} // namespace

SettingsDialog::SettingsDialog(QSettings *settings, llm::ApiKeyStore *keys,
                               QNetworkAccessManager *network, QWidget *parent,
                               QProcessEnvironment environment)
    : QDialog(parent)
    , m_settings(settings)
    , m_loaded(itemmodels::EngineSettings::load(*settings))
    , m_bwrapPath(QStandardPaths::findExecutable(QStringLiteral("bwrap")))
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    if (!network)
        network = new QNetworkAccessManager(this);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("settingsTabs"));
    m_providers = new ProvidersPage(*settings, keys, network, std::move(environment), m_tabs);
    m_tabs->addTab(m_providers, tr("&Providers"));
    m_tabs->addTab(createDefaultsPage(), tr("&Defaults"));
    m_tabs->addTab(createEnginePage(), tr("&Engine"));
    m_tabs->addTab(createNotificationsPage(), tr("&Notifications"));

    m_errors = new QLabel(this);
    m_errors->setObjectName(QStringLiteral("settingsErrors"));
    m_errors->setWordWrap(true);
    QPalette errorPalette = m_errors->palette();
    errorPalette.setColor(QPalette::WindowText, WatchPalette::danger(palette()));
    m_errors->setPalette(errorPalette);

    m_buttons = new QDialogButtonBox(
        QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::Apply, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this,
            &SettingsDialog::save);
    connect(m_providers, &ProvidersPage::edited, this, &SettingsDialog::refresh);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_errors);
    layout->addWidget(m_buttons);
    resize(760, 560);

    load(m_loaded);
}

SettingsDialog::~SettingsDialog() = default;

QWidget *SettingsDialog::createDefaultsPage()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("defaultsPage"));

    // The models a combo offers: the built-in defaults and each provider's default model;
    // any "provider:model" can be typed.
    QStringList choices;
    for (const tasks::RiskLevel risk : riskLevels) {
        const tasks::RiskDefaults defaults = tasks::riskDefaults(risk);
        choices << defaults.implementer.toString() << defaults.reviewer.toString();
    }
    const llm::ProviderRegistry registry(*m_settings);
    for (const llm::ProviderConfig &provider : registry.providers()) {
        if (!provider.defaultModel.isEmpty())
            choices << provider.id + QLatin1Char(':') + provider.defaultModel;
    }
    choices.removeDuplicates();

    auto *grid = new QGridLayout;
    grid->addWidget(new QLabel(tr("<b>Implementer</b>"), page), 0, 1);
    grid->addWidget(new QLabel(tr("<b>Reviewer</b>"), page), 0, 2);
    grid->addWidget(new QLabel(tr("<b>Budget per run ($)</b>"), page), 0, 3);
    for (std::size_t i = 0; i < riskLevels.size(); ++i) {
        const tasks::RiskLevel risk = riskLevels[i];
        const QString level = tasks::riskLevelStorageName(risk);
        const auto makeCombo = [&](const QString &what) {
            auto *combo = new QComboBox(page);
            combo->setEditable(true);
            combo->addItems(choices);
            combo->setObjectName(QStringLiteral("%1%2Combo").arg(level, what));
            combo->setAccessibleName(tr("%1 %2").arg(riskTitle(risk), what.toLower()));
            combo->setMinimumContentsLength(24);
            connect(combo, &QComboBox::currentTextChanged, this, &SettingsDialog::refresh);
            return combo;
        };
        m_implementer[i] = makeCombo(QStringLiteral("Implementer"));
        m_reviewer[i] = makeCombo(QStringLiteral("Reviewer"));
        m_riskBudget[i] = new QLineEdit(page);
        m_riskBudget[i]->setObjectName(QStringLiteral("%1BudgetEdit").arg(level));
        m_riskBudget[i]->setAccessibleName(tr("%1 budget per run in dollars").arg(riskTitle(risk)));
        m_riskBudget[i]->setMaximumWidth(90);
        connect(m_riskBudget[i], &QLineEdit::textChanged, this, &SettingsDialog::refresh);
        auto *label = new QLabel(riskTitle(risk), page);
        label->setBuddy(m_implementer[i]);
        const int row = int(i) + 1;
        grid->addWidget(label, row, 0);
        grid->addWidget(m_implementer[i], row, 1);
        grid->addWidget(m_reviewer[i], row, 2);
        grid->addWidget(m_riskBudget[i], row, 3);
    }
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(2, 1);

    m_dailyBudget = new QLineEdit(page);
    m_dailyBudget->setObjectName(QStringLiteral("dailyBudgetEdit"));
    m_dailyBudget->setAccessibleName(tr("Daily budget in dollars"));
    m_dailyBudget->setMaximumWidth(120);
    connect(m_dailyBudget, &QLineEdit::textChanged, this, &SettingsDialog::refresh);
    m_concurrency = new QSpinBox(page);
    m_concurrency->setObjectName(QStringLiteral("concurrencySpin"));
    m_concurrency->setAccessibleName(tr("Tasks running at once"));
    m_concurrency->setRange(settingkeys::minimumConcurrency, settingkeys::maximumConcurrency);
    m_concurrency->setMaximumWidth(80);

    auto *form = new QFormLayout;
    auto *dailyLabel = new QLabel(tr("Daily &budget ($):"), page);
    dailyLabel->setBuddy(m_dailyBudget);
    form->addRow(dailyLabel, m_dailyBudget);
    form->addRow(QString(), hint(tr("What all tasks together may spend in a day; a task that "
                                    "would go over pauses. 0 turns the daily limit off."),
                                 page));
    auto *concurrencyLabel = new QLabel(tr("Tasks running at &once:"), page);
    concurrencyLabel->setBuddy(m_concurrency);
    form->addRow(concurrencyLabel, m_concurrency);

    auto *layout = new QVBoxLayout(page);
    layout->addWidget(hint(tr("What the New Task dialog starts from for each risk level. The "
                              "reviewer should be a different, cheaper model than the "
                              "implementer. Models are written provider:model."),
                           page));
    layout->addLayout(grid);
    layout->addSpacing(12);
    layout->addLayout(form);
    layout->addStretch(1);
    return page;
}

QWidget *SettingsDialog::createEnginePage()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("enginePage"));

    m_worktreeRoot = new QLineEdit(page);
    m_worktreeRoot->setObjectName(QStringLiteral("worktreeRootEdit"));
    m_worktreeRoot->setAccessibleName(tr("Worktree location"));
    m_worktreeRoot->setPlaceholderText(QDir::toNativeSeparators(AppPaths::worktreesDir()));
    m_worktreeRoot->setClearButtonEnabled(true);
    connect(m_worktreeRoot, &QLineEdit::textChanged, this, &SettingsDialog::refresh);
    auto *choose = new QPushButton(tr("C&hoose…"), page);
    choose->setObjectName(QStringLiteral("chooseWorktreeRootButton"));
    connect(choose, &QPushButton::clicked, this, &SettingsDialog::chooseWorktreeRoot);
    auto *worktreeRow = new QHBoxLayout;
    worktreeRow->addWidget(m_worktreeRoot, 1);
    worktreeRow->addWidget(choose);

    m_validationMinutes = new QSpinBox(page);
    m_validationMinutes->setObjectName(QStringLiteral("validationTimeoutSpin"));
    m_validationMinutes->setAccessibleName(tr("Validation timeout in minutes"));
    m_validationMinutes->setRange(1, 24 * 60);
    m_validationMinutes->setSuffix(tr(" min"));
    m_validationMinutes->setMaximumWidth(100);

    m_sandbox = new QCheckBox(tr("Run validation and agent commands in a &sandbox"), page);
    m_sandbox->setObjectName(QStringLiteral("sandboxCheck"));
    m_sandboxStatus = new QLabel(page);
    m_sandboxStatus->setObjectName(QStringLiteral("sandboxStatus"));
    m_sandboxStatus->setWordWrap(true);
    connect(m_sandbox, &QCheckBox::toggled, this, &SettingsDialog::refresh);

    m_mergeStrategy = new QComboBox(page);
    m_mergeStrategy->setObjectName(QStringLiteral("mergeStrategyCombo"));
    m_mergeStrategy->setAccessibleName(tr("Merge strategy"));
    m_mergeStrategy->addItem(tr("Squash into one commit"), settingkeys::mergeStrategySquash());
    m_mergeStrategy->addItem(tr("Merge commit"), settingkeys::mergeStrategyMergeCommit());
    m_mergeStrategy->addItem(tr("Fast-forward only"), settingkeys::mergeStrategyFastForwardOnly());

    auto *form = new QFormLayout(page);
    auto *worktreeLabel = new QLabel(tr("&Worktree location:"), page);
    worktreeLabel->setBuddy(m_worktreeRoot);
    form->addRow(worktreeLabel, worktreeRow);
    form->addRow(QString(), hint(tr("Each task works in its own git worktree here, never in "
                                    "your checkout. Empty: the default shown."),
                                 page));
    auto *timeoutLabel = new QLabel(tr("&Validation timeout:"), page);
    timeoutLabel->setBuddy(m_validationMinutes);
    form->addRow(timeoutLabel, m_validationMinutes);
    form->addRow(QString(), m_sandbox);
    form->addRow(QString(), m_sandboxStatus);
    auto *mergeLabel = new QLabel(tr("&Merge strategy:"), page);
    mergeLabel->setBuddy(m_mergeStrategy);
    form->addRow(mergeLabel, m_mergeStrategy);
    form->addRow(QString(),
                 hint(tr("How an accepted task's branch lands on its base branch."), page));
    return page;
}

QWidget *SettingsDialog::createNotificationsPage()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("notificationsPage"));
    m_notifications =
        new QCheckBox(tr("&Show a desktop notification when a task is ready for review, "
                         "paused at its budget, or failed"),
                      page);
    m_notifications->setObjectName(QStringLiteral("notificationsCheck"));
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(m_notifications);
    layout->addWidget(hint(tr("One notification per event; several at once become one "
                              "summary. Nothing is shown for the task you are looking at."),
                           page));
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        layout->addWidget(hint(tr("This desktop has no system tray, so notifications cannot "
                                  "be shown here; the queue's “Needs review” group still "
                                  "lists what is waiting."),
                               page));
    layout->addStretch(1);
    return page;
}

QString SettingsDialog::sandboxStatusText(const QString &bwrapPath, bool sandboxOn)
{
    if (!sandboxOn)
        return tr("Warning: the sandbox is off. An agent's commands run with your permissions "
                  "and network: they can read and change anything you can, your keys and other "
                  "repositories included.");
    if (bwrapPath.isEmpty())
        return tr("bubblewrap (bwrap) is not installed, so an agent's commands are refused. "
                  "Install the bubblewrap package to sandbox them, or turn the sandbox off "
                  "here to run them unsandboxed.");
    return tr("bubblewrap found at %1: commands run without network and can write only the "
              "task's worktree.")
        .arg(QDir::toNativeSeparators(bwrapPath));
}

void SettingsDialog::load(const itemmodels::EngineSettings &values)
{
    for (std::size_t i = 0; i < riskLevels.size(); ++i) {
        const tasks::RiskDefaults &risk = values.forRisk(riskLevels[i]);
        m_implementer[i]->setCurrentText(risk.implementer.toString());
        m_reviewer[i]->setCurrentText(risk.reviewer.toString());
        m_riskBudget[i]->setText(itemmodels::dollarsSettingString(risk.budget));
    }
    m_dailyBudget->setText(itemmodels::dollarsSettingString(values.dailyBudget));
    m_concurrency->setValue(values.concurrency);
    m_worktreeRoot->setText(values.worktreeRoot);
    m_validationMinutes->setValue(minutesFor(values.validationTimeoutSeconds));
    m_sandbox->setChecked(values.sandbox);
    m_mergeStrategy->setCurrentIndex(qMax(0, m_mergeStrategy->findData(values.mergeStrategy)));
    m_notifications->setChecked(values.notificationsEnabled);
    refresh();
}

itemmodels::EngineSettings SettingsDialog::values() const
{
    itemmodels::EngineSettings result = m_loaded;
    for (std::size_t i = 0; i < riskLevels.size(); ++i) {
        tasks::RiskDefaults &risk = result.forRisk(riskLevels[i]);
        if (const auto implementer = tasks::ModelRef::parse(m_implementer[i]->currentText()))
            risk.implementer = *implementer;
        if (const auto reviewer = tasks::ModelRef::parse(m_reviewer[i]->currentText()))
            risk.reviewer = *reviewer;
        if (const auto budget = Money::parseDollars(m_riskBudget[i]->text().trimmed());
            budget && !budget->isNegative())
            risk.budget = *budget;
    }
    if (const auto daily = Money::parseDollars(m_dailyBudget->text().trimmed());
        daily && !daily->isNegative())
        result.dailyBudget = *daily;
    result.concurrency = m_concurrency->value();
    result.worktreeRoot = m_worktreeRoot->text().trimmed();
    // The spin box counts minutes: an unchanged figure keeps the exact seconds loaded.
    if (m_validationMinutes->value() != minutesFor(m_loaded.validationTimeoutSeconds))
        result.validationTimeoutSeconds = m_validationMinutes->value() * 60;
    result.sandbox = m_sandbox->isChecked();
    result.mergeStrategy = m_mergeStrategy->currentData().toString();
    result.notificationsEnabled = m_notifications->isChecked();
    return result;
}

QMap<QString, QString> SettingsDialog::validationErrors() const
{
    QMap<QString, QString> errors;
    for (std::size_t i = 0; i < riskLevels.size(); ++i) {
        const tasks::RiskLevel risk = riskLevels[i];
        const auto implementer = tasks::ModelRef::parse(m_implementer[i]->currentText());
        const auto reviewer = tasks::ModelRef::parse(m_reviewer[i]->currentText());
        if (!implementer)
            errors.insert(settingkeys::riskImplementer(risk),
                          tr("%1: write the implementer as provider:model.").arg(riskTitle(risk)));
        if (!reviewer)
            errors.insert(settingkeys::riskReviewer(risk),
                          tr("%1: write the reviewer as provider:model.").arg(riskTitle(risk)));
        const auto budget = Money::parseDollars(m_riskBudget[i]->text().trimmed());
        if (!budget || budget->isNegative() || budget->isZero())
            errors.insert(settingkeys::riskBudgetUsd(risk),
                          tr("%1: the budget per run is an amount in dollars above 0, like 1.50.")
                              .arg(riskTitle(risk)));
    }
    const auto daily = Money::parseDollars(m_dailyBudget->text().trimmed());
    if (!daily || daily->isNegative())
        errors.insert(settingkeys::dailyBudgetUsd(),
                      tr("The daily budget is an amount in dollars, like 20.00 (0: no limit)."));
    const QString root = m_worktreeRoot->text().trimmed();
    if (!root.isEmpty() && !QDir::isAbsolutePath(root))
        errors.insert(settingkeys::worktreeRoot(),
                      tr("The worktree location must be a full path, like /home/me/worktrees."));
    const QStringList providerErrors = m_providers->validationErrors();
    if (!providerErrors.isEmpty())
        errors.insert(QStringLiteral("providers"), providerErrors.join(QLatin1Char('\n')));
    return errors;
}

void SettingsDialog::refresh()
{
    const bool on = m_sandbox->isChecked();
    m_sandboxStatus->setText(sandboxStatusText(m_bwrapPath, on));
    QPalette statusPalette = m_sandboxStatus->palette();
    statusPalette.setColor(QPalette::WindowText, !m_bwrapPath.isEmpty() && on
                                                     ? WatchPalette::success(palette())
                                                     : WatchPalette::warning(palette()));
    m_sandboxStatus->setPalette(statusPalette);

    const QMap<QString, QString> errors = validationErrors();
    m_errors->setText(QStringList(errors.values()).join(QLatin1Char('\n')));
    m_errors->setVisible(!errors.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(errors.isEmpty());
    m_buttons->button(QDialogButtonBox::Apply)->setEnabled(errors.isEmpty());
}

bool SettingsDialog::save()
{
    if (!validationErrors().isEmpty())
        return false;
    const itemmodels::EngineSettings result = values();
    result.save(*m_settings);
    m_providers->save();
    m_settings->sync();
    m_loaded = result;
    Q_EMIT saved(result);
    return true;
}

void SettingsDialog::accept()
{
    if (save())
        QDialog::accept();
}

void SettingsDialog::chooseWorktreeRoot()
{
    const QString start = m_worktreeRoot->text().trimmed().isEmpty()
                              ? AppPaths::worktreesDir()
                              : m_worktreeRoot->text().trimmed();
    const QString chosen =
        QFileDialog::getExistingDirectory(this, tr("Where task worktrees go"), start);
    if (!chosen.isEmpty())
        m_worktreeRoot->setText(chosen);
}

} // namespace agentdesk::watchui
