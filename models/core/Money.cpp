#include "core/Money.h"

#include <cmath>

namespace agentdesk {

std::optional<Money> Money::parseDollars(const QString &text)
{
    QString s = text.trimmed();
    bool negative = false;
    if (s.startsWith(QLatin1Char('-'))) {
        negative = true;
        s.remove(0, 1);
    }
    if (s.startsWith(QLatin1Char('$')))
        s.remove(0, 1);
    if (s.isEmpty())
        return std::nullopt;

    const qsizetype dot = s.indexOf(QLatin1Char('.'));
    const QString whole = dot < 0 ? s : s.left(dot);
    QString fraction = dot < 0 ? QString() : s.mid(dot + 1);
    if (whole.isEmpty() && fraction.isEmpty())
        return std::nullopt;
    if (fraction.size() > 9)
        return std::nullopt;
    for (const QChar c : QString(whole + fraction)) {
        if (!c.isDigit() || c.unicode() > 127)
            return std::nullopt;
    }
    if (whole.size() > 9)
        return std::nullopt; // beyond a billion dollars is a typo, not a budget
    fraction = fraction.leftJustified(9, QLatin1Char('0'));
    const qint64 wholePart = whole.isEmpty() ? 0 : whole.toLongLong();
    const qint64 nanos = wholePart * nanosPerDollar + fraction.toLongLong();
    return Money(negative ? -nanos : nanos);
}

Money Money::fromDollarsRounded(double dollars)
{
    return Money(qint64(std::llround(dollars * double(nanosPerDollar))));
}

QString Money::toDecimalString() const
{
    const qint64 magnitude = m_nanos < 0 ? -m_nanos : m_nanos;
    QString fraction =
        QStringLiteral("%1").arg(magnitude % nanosPerDollar, 9, 10, QLatin1Char('0'));
    while (fraction.size() > 1 && fraction.endsWith(QLatin1Char('0')))
        fraction.chop(1);
    return (m_nanos < 0 ? QStringLiteral("-") : QString()) +
           QString::number(magnitude / nanosPerDollar) + QLatin1Char('.') + fraction;
}

QString Money::format(int maxDecimals) const
{
    maxDecimals = qBound(2, maxDecimals, 9);
    const qint64 magnitude = m_nanos < 0 ? -m_nanos : m_nanos;
    // Under a dollar, show enough decimals that a non-zero cost never reads as $0.00.
    int decimals = 2;
    if (magnitude < nanosPerDollar) {
        qint64 unit = 10'000'000; // one cent
        while (decimals < maxDecimals && magnitude % unit != 0 && magnitude < unit * 100) {
            unit /= 10;
            ++decimals;
        }
    }
    qint64 divisor = 1;
    for (int i = decimals; i < 9; ++i)
        divisor *= 10;
    const qint64 rounded = (magnitude + divisor / 2) / divisor;
    qint64 scale = 1;
    for (int i = 0; i < decimals; ++i)
        scale *= 10;
    return (m_nanos < 0 ? QStringLiteral("-$") : QStringLiteral("$")) +
           QString::number(rounded / scale) + QLatin1Char('.') +
           QStringLiteral("%1").arg(rounded % scale, decimals, 10, QLatin1Char('0'));
}

} // namespace agentdesk
