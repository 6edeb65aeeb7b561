#include "cost/PriceTable.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSettings>

namespace agentdesk::cost {

namespace {

Result<TokenPrices> parsePrices(const QJsonObject &row, const QString &model)
{
    TokenPrices prices;
    auto read = [&](const QString &key, Money &target, std::optional<Money> fallback) -> bool {
        const QJsonValue value = row.value(key);
        if (value.isUndefined() || value.isNull()) {
            if (!fallback)
                return false;
            target = *fallback;
            return true;
        }
        const Result<Money> parsed = parsePerMillionTokens(value.toString());
        if (!parsed)
            return false;
        target = *parsed;
        return true;
    };
    if (!read(QStringLiteral("input"), prices.input, std::nullopt) ||
        !read(QStringLiteral("output"), prices.output, std::nullopt) ||
        !read(QStringLiteral("cacheRead"), prices.cacheRead, prices.input) ||
        !read(QStringLiteral("cacheWrite5m"), prices.cacheWrite5m, prices.input) ||
        !read(QStringLiteral("cacheWrite1h"), prices.cacheWrite1h, prices.input * 2)) {
        return makeError(QStringLiteral("invalid-price-table"),
                         QStringLiteral("the price table has an invalid or missing price for %1 "
                                        "(prices are decimal strings, in dollars per million "
                                        "tokens, with at most three decimals)")
                             .arg(model));
    }
    return prices;
}

Result<ModelPrice> parseRow(const QJsonObject &row)
{
    ModelPrice price;
    price.modelId = row.value(QStringLiteral("id")).toString();
    if (price.modelId.isEmpty())
        return makeError(QStringLiteral("invalid-price-table"),
                         QStringLiteral("a row of the price table has no model id"));
    Result<TokenPrices> prices = parsePrices(row, price.modelId);
    if (!prices)
        return prices.error();
    price.prices = *prices;
    const QJsonObject longContext = row.value(QStringLiteral("longContext")).toObject();
    if (!longContext.isEmpty()) {
        Result<TokenPrices> longPrices = parsePrices(longContext, price.modelId);
        if (!longPrices)
            return longPrices.error();
        price.longContextPrices = *longPrices;
        price.longContextAboveInputTokens =
            qint64(longContext.value(QStringLiteral("aboveInputTokens")).toDouble());
    }
    return price;
}

} // namespace

Result<PriceTable> PriceTable::fromJson(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return makeError(
            QStringLiteral("invalid-price-table"),
            QStringLiteral("the price table is not valid JSON: %1").arg(parseError.errorString()));
    const QJsonObject root = doc.object();
    PriceTable table;
    table.m_checkedOn =
        QDate::fromString(root.value(QStringLiteral("checked")).toString(), Qt::ISODate);
    if (!table.m_checkedOn.isValid())
        return makeError(QStringLiteral("invalid-price-table"),
                         QStringLiteral("the price table has no valid \"checked\" date"));
    for (const QJsonValue &value : root.value(QStringLiteral("models")).toArray()) {
        const QJsonObject row = value.toObject();
        Result<ModelPrice> price = parseRow(row);
        if (!price)
            return price.error();
        for (const QJsonValue &alias : row.value(QStringLiteral("aliases")).toArray())
            table.m_aliases.insert(alias.toString(), price->modelId);
        table.m_bundled.insert(price->modelId, *price);
    }
    return table;
}

Result<PriceTable> PriceTable::loadBundled()
{
    QFile file(bundledPath());
    if (!file.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("invalid-price-table"),
                         QStringLiteral("the built-in price table is missing from this build"));
    return fromJson(file.readAll());
}

QStringList PriceTable::models() const
{
    QStringList ids = m_bundled.keys();
    for (auto it = m_overrides.cbegin(); it != m_overrides.cend(); ++it) {
        if (!ids.contains(it.key()))
            ids.append(it.key());
    }
    ids.sort();
    return ids;
}

QString PriceTable::canonicalModelId(const QString &model)
{
    static const QRegularExpression dateSuffix(
        QStringLiteral("(-\\d{8}|-\\d{4}-\\d{2}-\\d{2}|@\\d{8}|@latest|-latest)$"));
    QString id = model.trimmed().toLower();
    const qsizetype slash = id.lastIndexOf(QLatin1Char('/'));
    if (slash >= 0)
        id = id.mid(slash + 1);
    id.remove(dateSuffix);
    return id;
}

const ModelPrice *PriceTable::find(const QString &id) const
{
    if (const auto it = m_overrides.constFind(id); it != m_overrides.cend())
        return &it.value();
    const QString resolved = m_aliases.value(id, id);
    if (const auto it = m_bundled.constFind(resolved); it != m_bundled.cend())
        return &it.value();
    return nullptr;
}

Result<ModelPrice> PriceTable::lookup(const QString &model, bool isLocal) const
{
    if (isLocal)
        return ModelPrice::free(model);
    const ModelPrice *price = find(model);
    if (!price)
        price = find(canonicalModelId(model));
    if (!price)
        return makeError(QStringLiteral("unpriced-model"),
                         QStringLiteral("no price is known for model \"%1\": add one in Settings "
                                        "→ Prices, or run without a budget")
                             .arg(model));
    return *price;
}

Result<Money> PriceTable::cost(const QString &model, const llm::Usage &usage, bool isLocal) const
{
    const Result<ModelPrice> price = lookup(model, isLocal);
    if (!price)
        return price.error();
    return price->cost(usage);
}

void PriceTable::setOverride(const ModelPrice &price)
{
    m_overrides.insert(price.modelId, price);
}

void PriceTable::removeOverride(const QString &model)
{
    m_overrides.remove(model);
}

bool PriceTable::hasOverride(const QString &model) const
{
    return m_overrides.contains(model);
}

VoidResult PriceTable::loadOverrides(QSettings &settings)
{
    settings.beginGroup(QStringLiteral("prices"));
    const QStringList models = settings.childGroups();
    for (const QString &model : models) {
        settings.beginGroup(model);
        QJsonObject row{{QStringLiteral("id"), model}};
        for (const QString &key : settings.childKeys())
            row.insert(key, settings.value(key).toString());
        settings.endGroup();
        Result<ModelPrice> price = parseRow(row);
        if (!price) {
            settings.endGroup();
            return price.error();
        }
        m_overrides.insert(model, *price);
    }
    settings.endGroup();
    return {};
}

void PriceTable::saveOverrides(QSettings &settings) const
{
    settings.remove(QStringLiteral("prices"));
    settings.beginGroup(QStringLiteral("prices"));
    for (auto it = m_overrides.cbegin(); it != m_overrides.cend(); ++it) {
        settings.beginGroup(it.key());
        const TokenPrices &p = it->prices;
        settings.setValue(QStringLiteral("input"), formatPerMillionTokens(p.input));
        settings.setValue(QStringLiteral("output"), formatPerMillionTokens(p.output));
        settings.setValue(QStringLiteral("cacheWrite5m"), formatPerMillionTokens(p.cacheWrite5m));
        settings.setValue(QStringLiteral("cacheWrite1h"), formatPerMillionTokens(p.cacheWrite1h));
        settings.setValue(QStringLiteral("cacheRead"), formatPerMillionTokens(p.cacheRead));
        settings.endGroup();
    }
    settings.endGroup();
}

} // namespace agentdesk::cost
