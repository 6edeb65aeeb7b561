#pragma once

#include "cost/ModelPrice.h"

#include <QByteArray>
#include <QDate>
#include <QHash>
#include <QStringList>

class QSettings;

namespace agentdesk::cost {

// The dated price table (resources/prices.json, embedded as :/agentdesk/prices.json) plus the
// user's overrides. Model ids are matched exactly, through aliases, and after dropping what
// providers add to a model id: a date suffix (claude-sonnet-4-5-20250929,
// gpt-4.1-2025-04-14), a Vertex "@date", a gateway's "vendor/" prefix.
class PriceTable
{
public:
    static Result<PriceTable> fromJson(const QByteArray &json);
    static Result<PriceTable> loadBundled();
    static QString bundledPath() { return QStringLiteral(":/agentdesk/prices.json"); }

    QDate checkedOn() const { return m_checkedOn; }
    QStringList models() const;

    // The price of a model. Local models (`isLocal`, e.g. from an Ollama provider) cost 0.
    // An unpriced model is an error saying how to fix it.
    Result<ModelPrice> lookup(const QString &model, bool isLocal = false) const;
    Result<Money> cost(const QString &model, const llm::Usage &usage, bool isLocal = false) const;

    // User overrides win over the bundled rows; stored in settings under "prices/<model>/…".
    void setOverride(const ModelPrice &price);
    void removeOverride(const QString &model);
    bool hasOverride(const QString &model) const;
    VoidResult loadOverrides(QSettings &settings);
    void saveOverrides(QSettings &settings) const;

    static QString canonicalModelId(const QString &model);

private:
    const ModelPrice *find(const QString &id) const;

    QDate m_checkedOn;
    QHash<QString, ModelPrice> m_bundled;
    QHash<QString, QString> m_aliases;
    QHash<QString, ModelPrice> m_overrides;
};

} // namespace agentdesk::cost
