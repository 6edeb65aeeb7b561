#include "agents/cli/JsonDollars.h"

#include <QByteArray>

namespace agentdesk::agents {

namespace {
bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}
} // namespace

std::optional<Money> dollarsFromJsonNumberText(QByteArrayView text)
{
    qsizetype i = 0;
    bool negative = false;
    if (i < text.size() && text[i] == '-') {
        negative = true;
        ++i;
    }
    QByteArray digits;  // all significant digits, integer part first
    int pointShift = 0; // decimal places in `digits`
    bool seenDigit = false;
    for (; i < text.size() && isDigit(text[i]); ++i, seenDigit = true)
        digits.append(text[i]);
    if (i < text.size() && text[i] == '.') {
        for (++i; i < text.size() && isDigit(text[i]); ++i, seenDigit = true) {
            digits.append(text[i]);
            ++pointShift;
        }
    }
    if (!seenDigit)
        return std::nullopt;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        bool ok = false;
        const int exponent = QByteArray(text.data() + i + 1, text.size() - i - 1).toInt(&ok);
        if (!ok || exponent > 30 || exponent < -300)
            return std::nullopt;
        pointShift -= exponent;
        i = text.size();
    }
    if (i != text.size())
        return std::nullopt;
    // Scale to nanodollars: keep 9 decimals, remember the first dropped digit for rounding.
    const int extra = 9 - pointShift;
    if (extra >= 0)
        digits.append(QByteArray(extra, '0'));
    char firstDropped = '0';
    if (extra < 0) {
        const qsizetype keep = digits.size() + extra;
        firstDropped = keep >= 0 && keep < digits.size() ? digits[keep] : '0';
        digits.truncate(qMax<qsizetype>(0, keep));
    }
    while (digits.size() > 1 && digits.startsWith('0'))
        digits.remove(0, 1);
    if (digits.size() > 18)
        return std::nullopt;
    qint64 nanos = digits.isEmpty() ? 0 : digits.toLongLong();
    if (firstDropped >= '5')
        ++nanos;
    return Money::fromNanodollars(negative ? -nanos : nanos);
}

QByteArray rawJsonNumber(const QByteArray &line, QByteArrayView key)
{
    const QByteArray quoted = '"' + key.toByteArray() + '"';
    qsizetype at = line.indexOf(quoted);
    if (at < 0)
        return {};
    at += quoted.size();
    while (at < line.size() && (line[at] == ' ' || line[at] == ':' || line[at] == '\t'))
        ++at;
    qsizetype end = at;
    while (end < line.size() && (isDigit(line[end]) || line[end] == '-' || line[end] == '+' ||
                                 line[end] == '.' || line[end] == 'e' || line[end] == 'E'))
        ++end;
    return line.mid(at, end - at);
}

} // namespace agentdesk::agents
