#pragma once

#include <QString>
#include <QtGlobal>

#include <compare>
#include <optional>

namespace agentdesk {

// An exact amount of US dollars, in integer nanodollars (1e-9 USD). Every published price per
// million tokens has at most three decimals, so the price of one token is a whole number of
// nanodollars and a call's cost is exact: no floating drift between the ledger, the meter and
// the provider's own figure. qint64 holds about $9.2 billion.
class Money
{
public:
    static constexpr qint64 nanosPerDollar = 1'000'000'000;

    constexpr Money() = default;
    static constexpr Money fromNanodollars(qint64 nanos) { return Money(nanos); }
    static constexpr Money fromMicrodollars(qint64 micros) { return Money(micros * 1000); }
    static constexpr Money fromCents(qint64 cents) { return Money(cents * 10'000'000); }

    // Parses a decimal dollar amount ("3", "0.003705", "$1.50", "-2") exactly: no floating
    // point on the way. More than nine decimals is an error, not a rounding.
    static std::optional<Money> parseDollars(const QString &text);

    // The nearest Money to a floating dollar figure reported by a tool (Claude Code's
    // total_cost_usd): only for reading others' numbers, never for our own arithmetic.
    static Money fromDollarsRounded(double dollars);

    constexpr qint64 nanodollars() const { return m_nanos; }
    double toDollars() const { return double(m_nanos) / double(nanosPerDollar); }
    constexpr bool isZero() const { return m_nanos == 0; }
    constexpr bool isNegative() const { return m_nanos < 0; }

    // "$0.0037", "$12.40": cents always, more digits when the amount is under a dollar and has
    // them (up to `maxDecimals`), so a meter shows small costs instead of "$0.00".
    QString format(int maxDecimals = 4) const;
    // The exact decimal value, e.g. "0.003705" (no trailing zeros beyond the first decimal).
    QString toDecimalString() const;

    constexpr Money operator+(Money other) const { return Money(m_nanos + other.m_nanos); }
    constexpr Money operator-(Money other) const { return Money(m_nanos - other.m_nanos); }
    constexpr Money operator*(qint64 factor) const { return Money(m_nanos * factor); }
    constexpr Money &operator+=(Money other)
    {
        m_nanos += other.m_nanos;
        return *this;
    }
    constexpr Money &operator-=(Money other)
    {
        m_nanos -= other.m_nanos;
        return *this;
    }
    constexpr auto operator<=>(const Money &) const = default;

private:
    constexpr explicit Money(qint64 nanos)
        : m_nanos(nanos)
    {}
    qint64 m_nanos = 0;
};

} // namespace agentdesk
