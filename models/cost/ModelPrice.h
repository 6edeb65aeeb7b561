#pragma once

#include "core/Money.h"
#include "core/Result.h"
#include "llm/Usage.h"

#include <QString>

#include <optional>

namespace agentdesk::cost {

// Prices of one token of each kind. Published prices per million tokens have at most three
// decimals, so each is a whole number of nanodollars and costs are exact.
struct TokenPrices
{
    Money input;
    Money output;
    Money cacheWrite5m;
    Money cacheWrite1h;
    Money cacheRead;

    Money cost(const llm::Usage &usage) const;
    // The dearest way one input token can be billed (fresh, cache write or cache read).
    Money dearestInput() const;
    bool isZero() const;
    friend bool operator==(const TokenPrices &, const TokenPrices &) = default;
};

// "3.75" (USD per million tokens) → 3,750 nanodollars per token, parsed without floating
// point. More than three decimals cannot be a whole number of nanodollars: an error.
Result<Money> parsePerMillionTokens(const QString &text);
// The inverse, for settings and display: 3,750 nanodollars → "3.75".
QString formatPerMillionTokens(Money perToken);

struct ModelPrice
{
    QString modelId;
    TokenPrices prices;
    // Above this many input tokens (fresh + cache), the whole call is billed at
    // `longContextPrices` (Sonnet 4.5 above 200K).
    std::optional<qint64> longContextAboveInputTokens;
    TokenPrices longContextPrices;

    static ModelPrice free(const QString &modelId);
    bool isFree() const;
    const TokenPrices &pricesFor(qint64 totalInputTokens) const;
    Money cost(const llm::Usage &usage) const;
};

} // namespace agentdesk::cost
