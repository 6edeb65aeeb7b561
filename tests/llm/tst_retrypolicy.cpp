#include "llm/RetryPolicy.h"

#include <QTest>
#include <QTimeZone>

using agentdesk::llm::AttemptFailure;
using agentdesk::llm::RetryPolicy;

namespace {
AttemptFailure failure(int status, QByteArray shouldRetry = {}, QByteArray retryAfterMs = {},
                       QByteArray retryAfter = {}, QString code = {}, bool started = false)
{
    AttemptFailure f;
    f.httpStatus = status;
    f.shouldRetryHeader = shouldRetry;
    f.retryAfterMsHeader = retryAfterMs;
    f.retryAfterHeader = retryAfter;
    f.errorCode = code;
    f.streamStarted = started;
    return f;
}
} // namespace

Q_DECLARE_METATYPE(AttemptFailure)

class TestRetryPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decides_data();
    void decides();
    void backoffIsCappedWithJitter();
    void retriesAreLimited();
    void httpDateRetryAfter();
};

void TestRetryPolicy::decides_data()
{
    QTest::addColumn<AttemptFailure>("input");
    QTest::addColumn<qint64>("delayMs"); // -1: no retry
    // Jitter fixed at 1.0 (random() == 0): the first backoff is exactly 500 ms.
    QTest::newRow("408") << failure(408) << qint64(500);
    QTest::newRow("409") << failure(409) << qint64(500);
    QTest::newRow("429") << failure(429) << qint64(500);
    QTest::newRow("500") << failure(500) << qint64(500);
    QTest::newRow("529") << failure(529) << qint64(500);
    QTest::newRow("connection error") << failure(0) << qint64(500);
    for (const int status : {400, 401, 403, 404, 413, 422})
        QTest::newRow(qPrintable(QString::number(status))) << failure(status) << qint64(-1);
    QTest::newRow("quota 429") << failure(429, {}, {}, {}, QStringLiteral("insufficient_quota"))
                               << qint64(-1);
    QTest::newRow("after the stream started") << failure(0, {}, {}, {}, {}, true) << qint64(-1);
    QTest::newRow("should-retry false on 500") << failure(500, "false") << qint64(-1);
    QTest::newRow("should-retry true on 400") << failure(400, "true") << qint64(500);
    QTest::newRow("should-retry true after start")
        << failure(400, "true", {}, {}, {}, true) << qint64(-1);
    QTest::newRow("retry-after-ms wins") << failure(429, {}, "1500", "30") << qint64(1500);
    QTest::newRow("retry-after seconds") << failure(429, {}, {}, "12") << qint64(12000);
    QTest::newRow("retry-after fractional") << failure(429, {}, {}, "0.25") << qint64(250);
    QTest::newRow("retry-after over 60 s is ignored")
        << failure(429, {}, {}, "3600") << qint64(500);
    QTest::newRow("retry-after garbage") << failure(429, {}, {}, "soon") << qint64(500);
}

void TestRetryPolicy::decides()
{
    QFETCH(AttemptFailure, input);
    QFETCH(qint64, delayMs);
    RetryPolicy policy;
    policy.random = [] { return 0.0; };
    const auto delay = policy.nextDelayMs(input, 0);
    QCOMPARE(delay.value_or(-1), delayMs);
}

void TestRetryPolicy::backoffIsCappedWithJitter()
{
    RetryPolicy policy;
    policy.maxRetries = 100;
    policy.random = [] { return 0.0; };
    QCOMPARE(*policy.nextDelayMs(failure(500), 1), 1000);
    QCOMPARE(*policy.nextDelayMs(failure(500), 3), 4000);
    QCOMPARE(*policy.nextDelayMs(failure(500), 4), 8000);
    QCOMPARE(*policy.nextDelayMs(failure(500), 20), 8000);
    policy.random = [] { return 0.999999; }; // the jitter takes off at most 25 %
    QCOMPARE(*policy.nextDelayMs(failure(500), 20), 6000);
    policy.random = {};
    for (int i = 0; i < 200; ++i) {
        const qint64 delay = *policy.nextDelayMs(failure(500), 0);
        QVERIFY(delay >= 375 && delay <= 500);
    }
    policy.delayScale = 0.01;
    QCOMPARE(policy.scaled(12000), 120);
}

void TestRetryPolicy::retriesAreLimited()
{
    RetryPolicy policy;
    QVERIFY(policy.nextDelayMs(failure(500), 1));
    QVERIFY(!policy.nextDelayMs(failure(500), 2));
    policy.maxRetries = 0;
    QVERIFY(!policy.nextDelayMs(failure(500), 0));
}

void TestRetryPolicy::httpDateRetryAfter()
{
    RetryPolicy policy;
    policy.now = [] { return QDateTime(QDate(2026, 9, 1), QTime(12, 0, 0), QTimeZone::utc()); };
    QCOMPARE(
        policy.nextDelayMs(failure(503, {}, {}, "Tue, 01 Sep 2026 12:00:20 GMT"), 0).value_or(-1),
        20000);
    policy.random = [] { return 0.0; };
    // In the past or too far ahead: the normal backoff.
    QCOMPARE(
        policy.nextDelayMs(failure(503, {}, {}, "Tue, 01 Sep 2026 11:00:00 GMT"), 0).value_or(-1),
        500);
    QCOMPARE(
        policy.nextDelayMs(failure(503, {}, {}, "Tue, 01 Sep 2026 13:00:00 GMT"), 0).value_or(-1),
        500);
}

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
