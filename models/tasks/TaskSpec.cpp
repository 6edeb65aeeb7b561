#include "tasks/TaskSpec.h"

namespace agentdesk::tasks {

QString riskLevelStorageName(RiskLevel risk)
{
    switch (risk) {
    case RiskLevel::Low:
        return QStringLiteral("low");
    case RiskLevel::Medium:
        return QStringLiteral("medium");
    case RiskLevel::High:
        return QStringLiteral("high");
    }
    return QStringLiteral("low");
}

std::optional<RiskLevel> riskLevelFromStorageName(const QString &name)
{
    for (RiskLevel risk : {RiskLevel::Low, RiskLevel::Medium, RiskLevel::High}) {
        if (riskLevelStorageName(risk) == name)
            return risk;
    }
    return std::nullopt;
}

std::optional<ModelRef> ModelRef::parse(const QString &text)
{
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    if (colon <= 0 || colon == text.size() - 1)
        return std::nullopt;
    return ModelRef{text.left(colon).trimmed(), text.mid(colon + 1).trimmed()};
}

RiskDefaults riskDefaults(RiskLevel risk)
{
    const QString anthropic = QStringLiteral("anthropic");
    // Prices from PROTOCOLS.md: the reviewer costs a third (haiku vs sonnet) or three fifths
    // (sonnet vs opus) of the implementer per token.
    switch (risk) {
    case RiskLevel::Low:
        return {{anthropic, QStringLiteral("claude-sonnet-4-5")},
                {anthropic, QStringLiteral("claude-haiku-4-5")},
                Money::fromCents(100)};
    case RiskLevel::Medium:
        return {{anthropic, QStringLiteral("claude-sonnet-4-5")},
                {anthropic, QStringLiteral("claude-haiku-4-5")},
                Money::fromCents(300)};
    case RiskLevel::High:
        return {{anthropic, QStringLiteral("claude-opus-4-5")},
                {anthropic, QStringLiteral("claude-sonnet-4-5")},
                Money::fromCents(1000)};
    }
    return riskDefaults(RiskLevel::Low);
}

TaskSpec TaskSpec::withDefaults(RiskLevel risk)
{
    const RiskDefaults defaults = riskDefaults(risk);
    TaskSpec spec;
    spec.risk = risk;
    spec.implementer = defaults.implementer;
    spec.reviewer = defaults.reviewer;
    spec.budget = defaults.budget;
    return spec;
}

} // namespace agentdesk::tasks
