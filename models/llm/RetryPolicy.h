#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QtGlobal>

#include <functional>
#include <optional>

namespace agentdesk::llm {

// What a failed attempt looked like, as far as retrying is concerned.
struct AttemptFailure
{
    int httpStatus = 0;            // 0 for a connection error or timeout
    QByteArray shouldRetryHeader;  // x-should-retry
    QByteArray retryAfterMsHeader; // retry-after-ms
    QByteArray retryAfterHeader;   // retry-after: seconds or an HTTP date
    QString errorCode;             // provider error code/type, e.g. "insufficient_quota"
    bool streamStarted = false;    // a 200 arrived: never retry after that
};

// The official SDKs' retry rules (PROTOCOLS.md): 2 retries; 408, 409, 429 and >= 500 and
// connection errors are retried, x-should-retry overrides the status rules, a server's
// retry-after between 0 and 60 s is obeyed, otherwise min(0.5 s * 2^n, 8 s) times 75-100 %.
class RetryPolicy
{
public:
    int maxRetries = 2;
    // Scales every delay actually waited (tests use a small factor); the delay reported to
    // the user stays the real one.
    double delayScale = 1.0;
    // Returns a number in [0, 1) for the jitter; QRandomGenerator when unset.
    std::function<double()> random;
    // "Now", for HTTP-date retry-after; the current time when unset.
    std::function<QDateTime()> now;

    // `retriesDone` is how many retries already happened. Returns the delay in milliseconds
    // before the next attempt, or nothing when the failure must be reported.
    std::optional<qint64> nextDelayMs(const AttemptFailure &failure, int retriesDone) const;

    static bool isRetryableStatus(int httpStatus);
    static bool isQuotaError(const QString &errorCode);
    qint64 scaled(qint64 delayMs) const;

private:
    std::optional<qint64> serverRequestedDelayMs(const AttemptFailure &failure) const;
    qint64 backoffMs(int retriesDone) const;
};

} // namespace agentdesk::llm
