#include "cost/ModelPrice.h"

#include <algorithm>

namespace agentdesk::cost {

namespace {
constexpr qint64 tokensPerMillion = 1'000'000;
}

Money TokenPrices::cost(const llm::Usage &usage) const
{
    return input * usage.inputTokens + output * usage.outputTokens +
           cacheWrite5m * usage.cacheWrite5mTokens + cacheWrite1h * usage.cacheWrite1hTokens +
           cacheRead * usage.cacheReadTokens;
}

Money TokenPrices::dearestInput() const
{
    return std::max({input, cacheWrite5m, cacheWrite1h, cacheRead});
}

bool TokenPrices::isZero() const
{
    return input.isZero() && output.isZero() && cacheWrite5m.isZero() && cacheWrite1h.isZero() &&
           cacheRead.isZero();
}

Result<Money> parsePerMillionTokens(const QString &text)
{
    const std::optional<Money> perMillion = Money::parseDollars(text);
    if (!perMillion || perMillion->isNegative())
        return makeError(
            QStringLiteral("invalid-price"),
            QStringLiteral("\"%1\" is not a price in dollars per million tokens").arg(text));
    if (perMillion->nanodollars() % tokensPerMillion != 0)
        return makeError(QStringLiteral("invalid-price"),
                         QStringLiteral("the price \"%1\" has more than three decimals; per-token "
                                        "costs would not be exact")
                             .arg(text));
    return Money::fromNanodollars(perMillion->nanodollars() / tokensPerMillion);
}

QString formatPerMillionTokens(Money perToken)
{
    QString text =
        Money::fromNanodollars(perToken.nanodollars() * tokensPerMillion).toDecimalString();
    if (text.endsWith(QLatin1String(".0")))
        text.chop(2);
    return text;
}

ModelPrice ModelPrice::free(const QString &modelId)
{
    ModelPrice price;
    price.modelId = modelId;
    return price;
}

bool ModelPrice::isFree() const
{
    return prices.isZero() && (!longContextAboveInputTokens || longContextPrices.isZero());
}

const TokenPrices &ModelPrice::pricesFor(qint64 totalInputTokens) const
{
    if (longContextAboveInputTokens && totalInputTokens > *longContextAboveInputTokens)
        return longContextPrices;
    return prices;
}

Money ModelPrice::cost(const llm::Usage &usage) const
{
    return pricesFor(usage.totalInputTokens()).cost(usage);
}

} // namespace agentdesk::cost
