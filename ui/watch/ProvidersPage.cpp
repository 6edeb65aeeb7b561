#include "watch/ProvidersPage.h"

#include "cost/PriceTable.h"
#include "watch/WatchPalette.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QTableWidget>
#include <QVBoxLayout>

namespace agentdesk::watchui {

namespace {

enum PriceColumn
{
    ModelColumn,
    InputColumn,
    OutputColumn,
    CacheWrite5mColumn,
    CacheWrite1hColumn,
    CacheReadColumn,
    PriceColumnCount,
};

const QStringList priceKeys{QStringLiteral("input"), QStringLiteral("output"),
                            QStringLiteral("cacheWrite5m"), QStringLiteral("cacheWrite1h"),
                            QStringLiteral("cacheRead")};

QString sourceText(llm::ValueSource source, llm::ProviderKind kind)
{
    switch (source) {
    case llm::ValueSource::Settings:
        return ProvidersPage::tr("saved here");
    case llm::ValueSource::Environment:
        return ProvidersPage::tr("from the environment: %1")
            .arg(llm::ProviderRegistry::baseUrlVariable(kind));
    case llm::ValueSource::Default:
        break;
    }
    return ProvidersPage::tr("the default");
}

// One row of the price table as a ModelPrice, or the reason it is not one.
Result<cost::ModelPrice> parsePriceRow(QTableWidget *table, int row)
{
    const auto cell = [&](int column) {
        const QTableWidgetItem *item = table->item(row, column);
        return item ? item->text().trimmed() : QString();
    };
    cost::ModelPrice price;
    price.modelId = cell(ModelColumn);
    if (price.modelId.isEmpty())
        return makeError(QStringLiteral("price-model"),
                         ProvidersPage::tr("Row %1: name the model.").arg(row + 1));
    if (price.modelId.contains(QLatin1Char('/')) || price.modelId.contains(QLatin1Char('\\')))
        return makeError(QStringLiteral("price-model"),
                         ProvidersPage::tr("Row %1: a model id here cannot contain a slash; "
                                           "prices match ids without their \"vendor/\" prefix.")
                             .arg(row + 1));
    std::array<Money, 5> values;
    for (int column = InputColumn; column < PriceColumnCount; ++column) {
        QString text = cell(column);
        if (text.isEmpty()) {
            if (column == InputColumn || column == OutputColumn)
                return makeError(
                    QStringLiteral("price-missing"),
                    ProvidersPage::tr("Row %1: input and output prices are needed.").arg(row + 1));
            // As in prices.json: cache reads and 5-minute writes at the input price, 1-hour
            // writes at twice it.
            values[std::size_t(column - InputColumn)] =
                column == CacheWrite1hColumn ? values[0] * 2 : values[0];
            continue;
        }
        const Result<Money> parsed = cost::parsePerMillionTokens(text);
        if (!parsed)
            return makeError(QStringLiteral("price-invalid"),
                             ProvidersPage::tr("Row %1: \"%2\" is not a price per million tokens "
                                               "(at most three decimals).")
                                 .arg(row + 1)
                                 .arg(text));
        values[std::size_t(column - InputColumn)] = *parsed;
    }
    price.prices.input = values[0];
    price.prices.output = values[1];
    price.prices.cacheWrite5m = values[2];
    price.prices.cacheWrite1h = values[3];
    price.prices.cacheRead = values[4];
    return price;
}

} // namespace

ProvidersPage::ProvidersPage(QSettings &settings, llm::ApiKeyStore *keys,
                             QNetworkAccessManager *network, QProcessEnvironment environment,
                             QWidget *parent)
    : QWidget(parent)
    , m_settings(settings)
    , m_registry(settings, environment)
    , m_keys(keys)
    , m_environment(environment)
{
    setObjectName(QStringLiteral("providersPage"));
    m_tester = new itemmodels::ProviderConnectionTest(network, this);
    connect(m_tester, &itemmodels::ProviderConnectionTest::finished, this,
            &ProvidersPage::showTestResult);
    if (m_keys) {
        connect(m_keys, &llm::ApiKeyStore::keyRead, this, &ProvidersPage::onKeyRead);
        connect(m_keys, &llm::ApiKeyStore::keyWritten, this,
                [this](const QString &id, bool ok, const QString &message) {
                    m_keyStatusText.insert(id, ok ? tr("Set in the keychain")
                                                  : tr("Not saved: %1").arg(message));
                    if (id == m_shownId)
                        showKeyStatus(id);
                });
    }

    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("providerList"));
    m_list->setAccessibleName(tr("Providers"));
    m_list->setMaximumWidth(180);
    m_providers = m_registry.providers();
    for (const llm::ProviderConfig &provider : std::as_const(m_providers)) {
        auto *item = new QListWidgetItem(
            provider.displayName.isEmpty() ? provider.id : provider.displayName, m_list);
        item->setData(Qt::UserRole, provider.id);
    }

    auto *top = new QHBoxLayout;
    top->addWidget(m_list);
    top->addWidget(createProviderForm(), 1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(createPriceTable(), 1);

    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && row < m_providers.size())
            showProvider(m_providers.at(row).id);
    });
    if (!m_providers.isEmpty())
        m_list->setCurrentRow(0);
    loadPrices();
}

ProvidersPage::~ProvidersPage() = default;

QWidget *ProvidersPage::createProviderForm()
{
    auto *form = new QWidget(this);
    m_providerTitle = new QLabel(form);
    QFont bold = m_providerTitle->font();
    bold.setWeight(QFont::DemiBold);
    m_providerTitle->setFont(bold);

    m_baseUrl = new QLineEdit(form);
    m_baseUrl->setObjectName(QStringLiteral("providerBaseUrl"));
    m_baseUrl->setAccessibleName(tr("Base URL"));
    m_baseUrl->setClearButtonEnabled(true);
    m_baseUrlSource = new QLabel(form);
    m_baseUrlSource->setForegroundRole(QPalette::PlaceholderText);
    m_baseUrlSource->setWordWrap(true);
    connect(m_baseUrl, &QLineEdit::textChanged, this, [this] {
        keepEdits();
        updateBaseUrlNote();
        Q_EMIT edited();
    });

    m_key = new QLineEdit(form);
    m_key->setObjectName(QStringLiteral("providerKey"));
    m_key->setAccessibleName(tr("New API key"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(tr("Paste a new key to store it in the keychain"));
    m_key->setClearButtonEnabled(true);
    connect(m_key, &QLineEdit::textChanged, this, [this] {
        keepEdits();
        showKeyStatus(m_shownId);
        Q_EMIT edited();
    });
    m_keyStatus = new QLabel(form);
    m_keyStatus->setObjectName(QStringLiteral("providerKeyStatus"));
    m_keyStatus->setWordWrap(true);
    m_keyStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_test = new QPushButton(tr("&Test connection"), form);
    m_test->setObjectName(QStringLiteral("testConnectionButton"));
    m_test->setToolTip(tr("Lists the provider's models with this base URL and key"));
    connect(m_test, &QPushButton::clicked, this, &ProvidersPage::testConnection);
    m_testResult = new QLabel(form);
    m_testResult->setObjectName(QStringLiteral("testConnectionResult"));
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addWidget(m_testResult, 1);

    auto *layout = new QFormLayout(form);
    layout->setContentsMargins(8, 0, 0, 0);
    layout->addRow(m_providerTitle);
    auto *urlLabel = new QLabel(tr("&Base URL:"), form);
    urlLabel->setBuddy(m_baseUrl);
    layout->addRow(urlLabel, m_baseUrl);
    layout->addRow(QString(), m_baseUrlSource);
    auto *keyLabel = new QLabel(tr("API &key:"), form);
    keyLabel->setBuddy(m_key);
    layout->addRow(keyLabel, m_key);
    layout->addRow(QString(), m_keyStatus);
    layout->addRow(QString(), testRow);
    return form;
}

QWidget *ProvidersPage::createPriceTable()
{
    auto *box = new QWidget(this);
    auto *title = new QLabel(tr("<b>Price overrides</b> — USD per million tokens; they win over "
                                "the bundled price table. Empty cache columns follow the input "
                                "price."),
                             box);
    title->setWordWrap(true);
    m_prices = new QTableWidget(0, PriceColumnCount, box);
    m_prices->setObjectName(QStringLiteral("priceOverrides"));
    m_prices->setAccessibleName(tr("Price overrides"));
    m_prices->setHorizontalHeaderLabels({tr("Model"), tr("Input"), tr("Output"),
                                         tr("Cache write 5 min"), tr("Cache write 1 h"),
                                         tr("Cache read")});
    m_prices->verticalHeader()->hide();
    m_prices->horizontalHeader()->setSectionResizeMode(ModelColumn, QHeaderView::Stretch);
    for (int c = InputColumn; c < PriceColumnCount; ++c)
        m_prices->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    title->setBuddy(m_prices);
    connect(m_prices, &QTableWidget::itemChanged, this, [this] {
        const QStringList errors = validationErrors();
        m_priceError->setText(errors.join(QLatin1Char('\n')));
        m_priceError->setVisible(!errors.isEmpty());
        Q_EMIT edited();
    });

    auto *add = new QPushButton(tr("&Add price"), box);
    add->setObjectName(QStringLiteral("addPriceButton"));
    connect(add, &QPushButton::clicked, this, [this] {
        addPriceRow(QString(), {});
        m_prices->setCurrentCell(m_prices->rowCount() - 1, ModelColumn);
        m_prices->editItem(m_prices->item(m_prices->rowCount() - 1, ModelColumn));
    });
    auto *remove = new QPushButton(tr("Re&move price"), box);
    remove->setObjectName(QStringLiteral("removePriceButton"));
    connect(remove, &QPushButton::clicked, this, [this] {
        const int row = m_prices->currentRow();
        if (row >= 0)
            m_prices->removeRow(row);
        Q_EMIT edited();
    });
    m_priceError = new QLabel(box);
    m_priceError->setObjectName(QStringLiteral("priceError"));
    m_priceError->setWordWrap(true);
    QPalette errorPalette = m_priceError->palette();
    errorPalette.setColor(QPalette::WindowText, WatchPalette::danger(palette()));
    m_priceError->setPalette(errorPalette);
    m_priceError->hide();

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 8, 0, 0);
    layout->addWidget(title);
    layout->addWidget(m_prices, 1);
    layout->addWidget(m_priceError);
    layout->addLayout(buttons);
    return box;
}

QStringList ProvidersPage::providerIds() const
{
    QStringList ids;
    for (const llm::ProviderConfig &provider : m_providers)
        ids.append(provider.id);
    return ids;
}

QString ProvidersPage::currentProviderId() const
{
    return m_shownId;
}

void ProvidersPage::selectProvider(const QString &id)
{
    const int row = int(providerIds().indexOf(id));
    if (row >= 0)
        m_list->setCurrentRow(row);
}

std::optional<llm::ProviderConfig> ProvidersPage::providerConfig(const QString &id) const
{
    for (const llm::ProviderConfig &provider : m_providers) {
        if (provider.id == id)
            return provider;
    }
    return std::nullopt;
}

void ProvidersPage::keepEdits()
{
    if (m_shownId.isEmpty())
        return;
    m_baseUrls.insert(m_shownId, m_baseUrl->text().trimmed());
    if (m_key->text().isEmpty())
        m_newKeys.remove(m_shownId);
    else
        m_newKeys.insert(m_shownId, m_key->text());
}

void ProvidersPage::showProvider(const QString &id)
{
    keepEdits();
    const std::optional<llm::ProviderConfig> provider = providerConfig(id);
    if (!provider)
        return;
    // A test still running was about the provider shown before: drop it.
    m_tester->cancel();
    m_awaitingKeyFor.clear();
    m_test->setEnabled(true);
    m_shownId = id;
    m_providerTitle->setText(provider->displayName.isEmpty() ? provider->id
                                                             : provider->displayName);
    m_baseUrl->setText(m_baseUrls.value(id, provider->baseUrl.toString()));
    updateBaseUrlNote();
    // The key field never shows a stored key: it is for a new one only.
    m_key->setText(m_newKeys.value(id));
    m_key->setEnabled(provider->requiresKey ||
                      provider->kind != llm::ProviderKind::OpenAiCompatible);
    m_testResult->clear();
    if (!m_keyStatusText.contains(id) && m_keys) {
        m_keyStatusText.insert(id, tr("Looking for a key…"));
        m_keys->readKey(*provider);
    }
    showKeyStatus(id);
}

void ProvidersPage::updateBaseUrlNote()
{
    const std::optional<llm::ProviderConfig> provider = providerConfig(m_shownId);
    if (!provider)
        return;
    // What an empty field means: the environment's URL or the kind's default.
    llm::ProviderConfig unset = *provider;
    unset.baseUrl = QUrl();
    const llm::ResolvedUrl fallback = m_registry.baseUrl(unset);
    const QString fallbackText =
        tr("%1 (%2)").arg(fallback.url.toString(), sourceText(fallback.source, provider->kind));
    m_baseUrl->setPlaceholderText(fallback.url.toString());
    const QString typed = m_baseUrl->text().trimmed();
    if (typed.isEmpty())
        m_baseUrlSource->setText(tr("Empty: %1 is used.").arg(fallbackText));
    else if (typed == provider->baseUrl.toString())
        m_baseUrlSource->setText(tr("Saved. Empty the field to use %1.").arg(fallbackText));
    else
        m_baseUrlSource->setText(
            tr("Not saved yet: OK or Apply keeps it. Empty: %1.").arg(fallbackText));
}

void ProvidersPage::showKeyStatus(const QString &id)
{
    if (id != m_shownId)
        return;
    if (!m_key->text().isEmpty()) {
        m_keyStatus->setText(tr("The new key is stored in the keychain when you save."));
        return;
    }
    m_keyStatus->setText(m_keyStatusText.value(id, tr("No key store is connected.")));
}

void ProvidersPage::onKeyRead(const llm::KeyLookup &lookup)
{
    const std::optional<llm::ProviderConfig> provider = providerConfig(lookup.providerId);
    if (!provider)
        return;
    // Only where the key comes from is kept, never the key.
    QString status;
    switch (lookup.source) {
    case llm::KeySource::SecretStore:
        status = tr("Set in the keychain");
        break;
    case llm::KeySource::Environment:
        status = tr("From the environment: %1").arg(llm::ApiKeyStore::keyVariable(provider->kind));
        break;
    case llm::KeySource::None:
        status = provider->requiresKey ? tr("Not set: %1").arg(lookup.note) : lookup.note;
        break;
    }
    m_keyStatusText.insert(lookup.providerId, status);
    showKeyStatus(lookup.providerId);
    if (m_awaitingKeyFor == lookup.providerId) {
        m_awaitingKeyFor.clear();
        startTest(*provider, lookup.key);
    }
}

void ProvidersPage::testConnection()
{
    const std::optional<llm::ProviderConfig> provider = providerConfig(m_shownId);
    if (!provider)
        return;
    m_testResult->setStyleSheet(QString());
    m_testResult->setText(tr("Testing…"));
    m_test->setEnabled(false);
    if (!m_key->text().isEmpty() || !m_keys) {
        startTest(*provider, m_key->text());
        return;
    }
    // The stored key is read for this request and not kept.
    m_awaitingKeyFor = provider->id;
    m_keys->readKey(*provider);
}

void ProvidersPage::startTest(const llm::ProviderConfig &provider, const QString &key)
{
    const QString typed = m_baseUrl->text().trimmed();
    const QUrl base = typed.isEmpty() ? m_registry.baseUrl(provider).url : QUrl(typed);
    m_tester->start(provider.kind, base, key);
}

void ProvidersPage::showTestResult(const itemmodels::ConnectionTestResult &result)
{
    m_test->setEnabled(true);
    QPalette resultPalette = m_testResult->palette();
    resultPalette.setColor(QPalette::WindowText, result.ok ? WatchPalette::success(palette())
                                                           : WatchPalette::danger(palette()));
    m_testResult->setPalette(resultPalette);
    m_testResult->setText(result.message);
    Q_EMIT connectionTested(result);
}

void ProvidersPage::loadPrices()
{
    m_prices->blockSignals(true);
    m_prices->setRowCount(0);
    m_settings.beginGroup(QStringLiteral("prices"));
    const QStringList models = m_settings.childGroups();
    for (const QString &model : models) {
        m_settings.beginGroup(model);
        QStringList values;
        for (const QString &key : priceKeys)
            values.append(m_settings.value(key).toString());
        m_settings.endGroup();
        addPriceRow(model, values);
    }
    m_settings.endGroup();
    m_prices->blockSignals(false);
}

void ProvidersPage::addPriceRow(const QString &model, const QStringList &prices)
{
    const int row = m_prices->rowCount();
    m_prices->insertRow(row);
    m_prices->setItem(row, ModelColumn, new QTableWidgetItem(model));
    for (int column = InputColumn; column < PriceColumnCount; ++column) {
        auto *item = new QTableWidgetItem(prices.value(column - InputColumn));
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_prices->setItem(row, column, item);
    }
}

QStringList ProvidersPage::validationErrors() const
{
    QStringList errors;
    QSet<QString> seen;
    for (int row = 0; row < m_prices->rowCount(); ++row) {
        const Result<cost::ModelPrice> price = parsePriceRow(m_prices, row);
        if (!price) {
            errors.append(price.errorMessage());
            continue;
        }
        if (seen.contains(price->modelId))
            errors.append(tr("Row %1: %2 is listed twice.").arg(row + 1).arg(price->modelId));
        seen.insert(price->modelId);
    }
    for (auto it = m_baseUrls.cbegin(); it != m_baseUrls.cend(); ++it) {
        if (it.value().isEmpty())
            continue;
        const QUrl url(it.value());
        if (!url.isValid() ||
            (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
            errors.append(
                tr("The base URL of %1 must start with http:// or https://.").arg(it.key()));
        else if (!url.userInfo().isEmpty())
            errors.append(
                tr("Put the key of %1 in the key field, not in its base URL.").arg(it.key()));
    }
    return errors;
}

void ProvidersPage::save()
{
    keepEdits();
    for (auto it = m_baseUrls.cbegin(); it != m_baseUrls.cend(); ++it) {
        std::optional<llm::ProviderConfig> provider = providerConfig(it.key());
        if (!provider || provider->baseUrl.toString() == it.value())
            continue;
        provider->baseUrl = QUrl(it.value());
        if (m_registry.save(*provider))
            for (llm::ProviderConfig &kept : m_providers)
                if (kept.id == provider->id)
                    kept = *provider;
    }
    if (m_keys) {
        for (auto it = m_newKeys.cbegin(); it != m_newKeys.cend(); ++it) {
            m_keyStatusText.insert(it.key(), tr("Saving in the keychain…"));
            m_keys->writeKey(it.key(), it.value());
        }
    }
    m_newKeys.clear();
    m_key->clear();
    showKeyStatus(m_shownId);
    updateBaseUrlNote();
    savePrices();
}

void ProvidersPage::savePrices()
{
    cost::PriceTable overrides;
    for (int row = 0; row < m_prices->rowCount(); ++row) {
        const Result<cost::ModelPrice> price = parsePriceRow(m_prices, row);
        if (price)
            overrides.setOverride(*price);
    }
    overrides.saveOverrides(m_settings);
}

} // namespace agentdesk::watchui
