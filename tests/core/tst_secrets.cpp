// The central redactor: a secret registered once is scrubbed from every error, log line and
// text that passes through it, whatever shape it was echoed in.

#include "core/Result.h"
#include "core/Secrets.h"

#include <QtTest>

using namespace agentdesk;

namespace {

const QString liveKey = QStringLiteral("ak-live-7f3a9c0e5b1d4f2a8c6e");
QStringList logged;

void recordingHandler(QtMsgType, const QMessageLogContext &, const QString &message)
{
    logged.append(message);
}

} // namespace

class TestSecrets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { Secrets::add(liveKey); }

    // A key of any shape (this one matches no provider pattern) is removed by value.
    void registeredSecretIsRedactedEverywhere_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("request id") << QStringLiteral("request-id: req_") + liveKey;
        QTest::newRow("in a sentence")
            << QStringLiteral("401 from server: key ") + liveKey + QStringLiteral(" is invalid");
        QTest::newRow("twice") << liveKey + QLatin1Char(' ') + liveKey;
    }

    void registeredSecretIsRedactedEverywhere()
    {
        QFETCH(QString, text);
        const QString out = Secrets::redact(text);
        QVERIFY2(!out.contains(liveKey), qPrintable(out));
        QVERIFY(out.contains(Secrets::marker()));
        QVERIFY(Secrets::containsSecret(text));
        QVERIFY(!Secrets::containsSecret(out));
    }

    void percentEncodedSecretIsRedacted()
    {
        const QString key = QStringLiteral("tok+live/9Zq8Yx7Wv6Ut5");
        Secrets::add(key);
        const QString url = QStringLiteral("GET /v1?key=tok%2Blive%2F9Zq8Yx7Wv6Ut5 failed");
        QCOMPARE(Secrets::redact(url), QStringLiteral("GET /v1?key=[redacted] failed"));
    }

    void keyShapesAreRedactedUnregistered()
    {
        const QString text = QStringLiteral("x-api-key: sk-ant-api03-AbCdEfGhIjKlMnOpQrSt and "
                                            "Authorization: Bearer abcdefghijklmnop.qrs");
        const QString out = Secrets::redact(text);
        QVERIFY(!out.contains(QLatin1String("AbCdEfGhIjKlMnOpQrSt")));
        QVERIFY(!out.contains(QLatin1String("abcdefghijklmnop")));
    }

    void ordinaryTextIsUntouched()
    {
        const QString text = QStringLiteral("Created src/main.cpp (120 bytes).");
        QCOMPARE(Secrets::redact(text), text);
        Secrets::add(QStringLiteral("short")); // too short to be a key: ignored
        QCOMPARE(Secrets::redact(QStringLiteral("a short note")), QStringLiteral("a short note"));
    }

    // Every Error built anywhere is scrubbed: a provider error echoing the key cannot carry it
    // to a state reason, a message box or the command line.
    void errorsNeverCarryASecret()
    {
        const Error error =
            makeError(QStringLiteral("auth"), QStringLiteral("invalid key ") + liveKey +
                                                  QStringLiteral(" (request req_") + liveKey +
                                                  QLatin1Char(')'));
        QVERIFY(!error.message.contains(liveKey));
        const Result<int> result = Error(QStringLiteral("x"), liveKey);
        QVERIFY(!result.errorMessage().contains(liveKey));
    }

    void logLinesAreScrubbed()
    {
        qInstallMessageHandler(recordingHandler); // stands for the default handler
        installRedactingMessageHandler();
        qWarning("provider said %s", qPrintable(liveKey));
        qInstallMessageHandler(nullptr);
        QCOMPARE(logged.size(), 1);
        QVERIFY2(!logged.first().contains(liveKey), qPrintable(logged.first()));
        QVERIFY(logged.first().contains(QLatin1String("provider said [redacted]")));
    }
};

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
