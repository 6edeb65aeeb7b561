#include "itemmodels/queue/EngineSettings.h"

#include "itemmodels/queue/SettingsKeys.h"

#include <QSettings>

namespace agentdesk::itemmodels {

namespace {

constexpr std::array<tasks::RiskLevel, 3> riskLevels = {
    tasks::RiskLevel::Low, tasks::RiskLevel::Medium, tasks::RiskLevel::High};

Money readDollars(const QSettings &settings, const QString &key, Money fallback)
{
    const std::optional<Money> parsed =
        Money::parseDollars(settings.value(key).toString().trimmed());
    return parsed && !parsed->isNegative() ? *parsed : fallback;
}

tasks::ModelRef readModel(const QSettings &settings, const QString &key,
                          const tasks::ModelRef &fallback)
{
    const std::optional<tasks::ModelRef> parsed =
        tasks::ModelRef::parse(settings.value(key).toString().trimmed());
    return parsed && !parsed->isEmpty() ? *parsed : fallback;
}

int readInt(const QSettings &settings, const QString &key, int fallback, int minimum, int maximum)
{
    bool ok = false;
    const int value = settings.value(key).toInt(&ok);
    return ok && value >= minimum && value <= maximum ? value : fallback;
}

} // namespace

QString dollarsSettingString(Money amount)
{
    const bool negative = amount.isNegative();
    const qint64 nanos = negative ? -amount.nanodollars() : amount.nanodollars();
    const qint64 whole = nanos / Money::nanosPerDollar;
    QString fraction =
        QStringLiteral("%1").arg(nanos % Money::nanosPerDollar, 9, 10, QLatin1Char('0'));
    while (fraction.size() > 2 && fraction.endsWith(QLatin1Char('0')))
        fraction.chop(1);
    return (negative ? QStringLiteral("-") : QString()) + QString::number(whole) +
           QLatin1Char('.') + fraction;
}

EngineSettings EngineSettings::load(const QSettings &settings)
{
    namespace keys = settingkeys;
    EngineSettings result;
    result.concurrency = readInt(settings, keys::concurrency(), keys::defaultConcurrency,
                                 keys::minimumConcurrency, keys::maximumConcurrency);
    result.dailyBudget =
        readDollars(settings, keys::dailyBudgetUsd(),
                    Money::parseDollars(keys::defaultDailyBudgetUsd()).value_or(Money()));
    result.validationTimeoutSeconds =
        readInt(settings, keys::validationTimeoutSeconds(), keys::defaultValidationTimeoutSeconds,
                1, 7 * 24 * 3600);
    result.sandbox = settings.value(keys::sandbox(), keys::defaultSandbox).toBool();
    const QString strategy = settings.value(keys::mergeStrategy()).toString();
    result.mergeStrategy =
        (strategy == keys::mergeStrategySquash() || strategy == keys::mergeStrategyMergeCommit() ||
         strategy == keys::mergeStrategyFastForwardOnly())
            ? strategy
            : keys::defaultMergeStrategy();
    result.worktreeRoot = settings.value(keys::worktreeRoot()).toString();
    for (const tasks::RiskLevel level : riskLevels) {
        const tasks::RiskDefaults defaults = tasks::riskDefaults(level);
        tasks::RiskDefaults &risk = result.forRisk(level);
        risk.implementer = readModel(settings, keys::riskImplementer(level), defaults.implementer);
        risk.reviewer = readModel(settings, keys::riskReviewer(level), defaults.reviewer);
        risk.budget = readDollars(settings, keys::riskBudgetUsd(level), defaults.budget);
    }
    result.notificationsEnabled =
        settings.value(keys::notificationsEnabled(), keys::defaultNotificationsEnabled).toBool();
    return result;
}

void EngineSettings::save(QSettings &settings) const
{
    namespace keys = settingkeys;
    settings.setValue(keys::concurrency(), concurrency);
    settings.setValue(keys::dailyBudgetUsd(), dollarsSettingString(dailyBudget));
    settings.setValue(keys::validationTimeoutSeconds(), validationTimeoutSeconds);
    settings.setValue(keys::sandbox(), sandbox);
    settings.setValue(keys::mergeStrategy(), mergeStrategy);
    settings.setValue(keys::worktreeRoot(), worktreeRoot);
    for (const tasks::RiskLevel level : riskLevels) {
        const tasks::RiskDefaults &risk = forRisk(level);
        settings.setValue(keys::riskImplementer(level), risk.implementer.toString());
        settings.setValue(keys::riskReviewer(level), risk.reviewer.toString());
        settings.setValue(keys::riskBudgetUsd(level), dollarsSettingString(risk.budget));
    }
    settings.setValue(keys::notificationsEnabled(), notificationsEnabled);
}

} // namespace agentdesk::itemmodels
