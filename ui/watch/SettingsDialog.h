#pragma once

#include "itemmodels/queue/EngineSettings.h"

#include <QDialog>
#include <QMap>
#include <QProcessEnvironment>

#include <array>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QSettings;
class QSpinBox;
class QTabWidget;

namespace agentdesk::llm {
class ApiKeyStore;
}

namespace agentdesk::watchui {

class ProvidersPage;

// Edit → Settings: providers (base URL, key in the keychain, test connection, price
// overrides), defaults per risk level, daily budget, concurrency, worktree location,
// validation timeout, sandbox (with whether bubblewrap is installed), merge strategy and
// notifications. Reads and writes the keys of itemmodels/queue/SettingsKeys.h in the
// QSettings it is given; OK and Apply save, and only when every field is valid.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    // `settings`, `keys` and `network` are not owned. Without a network manager the dialog
    // makes its own for "Test connection".
    SettingsDialog(QSettings *settings, llm::ApiKeyStore *keys, QNetworkAccessManager *network,
                   QWidget *parent = nullptr,
                   QProcessEnvironment environment = QProcessEnvironment::systemEnvironment());
    ~SettingsDialog() override;

    // The values as the fields say now (invalid fields keep what was loaded).
    itemmodels::EngineSettings values() const;
    // Field name → why it cannot be saved; empty when it can.
    QMap<QString, QString> validationErrors() const;
    bool save();

    ProvidersPage *providersPage() const { return m_providers; }
    QTabWidget *tabs() const { return m_tabs; }
    // "bubblewrap found at /usr/bin/bwrap: …" or why commands run unsandboxed.
    static QString sandboxStatusText(const QString &bwrapPath, bool sandboxOn);

    void accept() override;

Q_SIGNALS:
    // After a save: the engine may pick the values up at once.
    void saved(const agentdesk::itemmodels::EngineSettings &values);

private:
    QWidget *createDefaultsPage();
    QWidget *createEnginePage();
    QWidget *createNotificationsPage();
    void load(const itemmodels::EngineSettings &values);
    void refresh();
    void chooseWorktreeRoot();

    QSettings *m_settings = nullptr;
    itemmodels::EngineSettings m_loaded;
    QString m_bwrapPath;

    QTabWidget *m_tabs = nullptr;
    ProvidersPage *m_providers = nullptr;
    std::array<QComboBox *, 3> m_implementer{};
    std::array<QComboBox *, 3> m_reviewer{};
    std::array<QLineEdit *, 3> m_riskBudget{};
    QLineEdit *m_dailyBudget = nullptr;
    QSpinBox *m_concurrency = nullptr;
    QLineEdit *m_worktreeRoot = nullptr;
    QSpinBox *m_validationMinutes = nullptr;
    QCheckBox *m_sandbox = nullptr;
    QLabel *m_sandboxStatus = nullptr;
    QComboBox *m_mergeStrategy = nullptr;
    QCheckBox *m_notifications = nullptr;
    QLabel *m_errors = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace agentdesk::watchui
