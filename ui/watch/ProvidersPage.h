#pragma once

#include "itemmodels/queue/ProviderConnectionTest.h"
#include "llm/ApiKeyStore.h"
#include "llm/ProviderRegistry.h"

#include <QHash>
#include <QPointer>
#include <QProcessEnvironment>
#include <QWidget>

class QLabel;
class QLineEdit;
class QListWidget;
class QNetworkAccessManager;
class QPushButton;
class QSettings;
class QTableWidget;

namespace agentdesk::watchui {

// Settings → Providers: each provider's base URL and API key, a "Test connection" button, and
// the user's price overrides. A key typed here goes to the desktop's secret store on save
// (ApiKeyStore::writeKey) and is never shown again: the page only says where the key in use
// comes from ("set in the keychain", "from the environment: ANTHROPIC_API_KEY").
class ProvidersPage : public QWidget
{
    Q_OBJECT
public:
    ProvidersPage(QSettings &settings, llm::ApiKeyStore *keys, QNetworkAccessManager *network,
                  QProcessEnvironment environment, QWidget *parent = nullptr);
    ~ProvidersPage() override;

    QStringList providerIds() const;
    QString currentProviderId() const;
    void selectProvider(const QString &id);

    QLineEdit *baseUrlEdit() const { return m_baseUrl; }
    QLineEdit *keyEdit() const { return m_key; }
    QLabel *keyStatusLabel() const { return m_keyStatus; }
    QPushButton *testButton() const { return m_test; }
    QLabel *testResultLabel() const { return m_testResult; }
    QTableWidget *priceTable() const { return m_prices; }

    // What would stop a save, in words; empty when the page is valid.
    QStringList validationErrors() const;
    // Base URLs to the registry, typed keys to the secret store, price overrides to settings.
    void save();

Q_SIGNALS:
    void connectionTested(const agentdesk::itemmodels::ConnectionTestResult &result);
    void edited();

private:
    QWidget *createProviderForm();
    QWidget *createPriceTable();
    void showProvider(const QString &id);
    void keepEdits();
    void testConnection();
    void startTest(const llm::ProviderConfig &provider, const QString &key);
    void onKeyRead(const llm::KeyLookup &lookup);
    void showKeyStatus(const QString &id);
    void updateBaseUrlNote();
    void showTestResult(const itemmodels::ConnectionTestResult &result);
    void loadPrices();
    void savePrices();
    void addPriceRow(const QString &model, const QStringList &prices);
    std::optional<llm::ProviderConfig> providerConfig(const QString &id) const;

    QSettings &m_settings;
    llm::ProviderRegistry m_registry;
    QPointer<llm::ApiKeyStore> m_keys;
    QProcessEnvironment m_environment;
    itemmodels::ProviderConnectionTest *m_tester = nullptr;

    QList<llm::ProviderConfig> m_providers;
    QHash<QString, QString> m_baseUrls; // edited text per provider
    QHash<QString, QString> m_newKeys;  // typed, not yet saved
    QHash<QString, QString> m_keyStatusText;
    QString m_shownId;
    QString m_awaitingKeyFor; // a test waiting for the stored key

    QListWidget *m_list = nullptr;
    QLabel *m_providerTitle = nullptr;
    QLineEdit *m_baseUrl = nullptr;
    QLabel *m_baseUrlSource = nullptr;
    QLineEdit *m_key = nullptr;
    QLabel *m_keyStatus = nullptr;
    QPushButton *m_test = nullptr;
    QLabel *m_testResult = nullptr;
    QTableWidget *m_prices = nullptr;
    QLabel *m_priceError = nullptr;
};

} // namespace agentdesk::watchui
