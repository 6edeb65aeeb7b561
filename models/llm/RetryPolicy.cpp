#include "llm/RetryPolicy.h"

#include <QLocale>
#include <QRandomGenerator>
#include <QTimeZone>

#include <algorithm>
#include <cmath>

namespace agentdesk::llm {

namespace {
constexpr qint64 initialBackoffMs = 500;
constexpr qint64 maxBackoffMs = 8000;
constexpr qint64 maxServerDelayMs = 60000;

std::optional<QDateTime> parseHttpDate(const QByteArray &text)
{
    // RFC 7231 IMF-fixdate, e.g. "Wed, 21 Oct 2015 07:28:00 GMT".
    const QString s = QString::fromLatin1(text).trimmed();
    QDateTime date = QLocale::c().toDateTime(s, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!date.isValid())
        return std::nullopt;
    date.setTimeZone(QTimeZone::utc());
    return date;
}
} // namespace

bool RetryPolicy::isRetryableStatus(int httpStatus)
{
    return httpStatus == 408 || httpStatus == 409 || httpStatus == 429 || httpStatus >= 500;
}

bool RetryPolicy::isQuotaError(const QString &errorCode)
{
    return errorCode == QLatin1String("insufficient_quota") ||
           errorCode == QLatin1String("billing_hard_limit_reached") ||
           errorCode == QLatin1String("spend_limit_reached");
}

std::optional<qint64> RetryPolicy::nextDelayMs(const AttemptFailure &failure, int retriesDone) const
{
    if (failure.streamStarted || retriesDone >= maxRetries)
        return std::nullopt;
    const QByteArray shouldRetry = failure.shouldRetryHeader.trimmed().toLower();
    if (shouldRetry == "false")
        return std::nullopt;
    if (shouldRetry != "true") {
        if (failure.httpStatus != 0 && !isRetryableStatus(failure.httpStatus))
            return std::nullopt;
        if (failure.httpStatus == 429 && isQuotaError(failure.errorCode))
            return std::nullopt;
    }
    if (const auto server = serverRequestedDelayMs(failure))
        return *server;
    return backoffMs(retriesDone);
}

qint64 RetryPolicy::scaled(qint64 delayMs) const
{
    return qint64(std::llround(double(delayMs) * delayScale));
}

std::optional<qint64> RetryPolicy::serverRequestedDelayMs(const AttemptFailure &failure) const
{
    bool ok = false;
    if (!failure.retryAfterMsHeader.isEmpty()) {
        const double ms = failure.retryAfterMsHeader.trimmed().toDouble(&ok);
        if (ok && ms >= 0 && ms <= maxServerDelayMs)
            return qint64(std::llround(ms));
    }
    if (failure.retryAfterHeader.isEmpty())
        return std::nullopt;
    const double seconds = failure.retryAfterHeader.trimmed().toDouble(&ok);
    if (ok) {
        if (seconds >= 0 && seconds * 1000 <= maxServerDelayMs)
            return qint64(std::llround(seconds * 1000));
        return std::nullopt;
    }
    if (const auto date = parseHttpDate(failure.retryAfterHeader)) {
        const QDateTime current = now ? now() : QDateTime::currentDateTimeUtc();
        const qint64 ms = current.msecsTo(*date);
        if (ms >= 0 && ms <= maxServerDelayMs)
            return ms;
    }
    return std::nullopt;
}

qint64 RetryPolicy::backoffMs(int retriesDone) const
{
    const qint64 base = std::min(maxBackoffMs, initialBackoffMs << std::min(retriesDone, 10));
    const double r = random ? random() : QRandomGenerator::global()->generateDouble();
    const double jitter = 1.0 - 0.25 * std::clamp(r, 0.0, 1.0);
    return qint64(std::llround(double(base) * jitter));
}

} // namespace agentdesk::llm
