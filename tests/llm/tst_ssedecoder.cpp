#include "llm/SseDecoder.h"

#include <QRandomGenerator>
#include <QTest>

using agentdesk::llm::SseDecoder;
using agentdesk::llm::SseEvent;

Q_DECLARE_METATYPE(QList<SseEvent>)

namespace {

SseEvent ev(const QString &type, const QString &data, const QString &id = QString())
{
    SseEvent event;
    event.type = type;
    event.data = data;
    event.id = id;
    return event;
}

QList<SseEvent> decodeInPieces(const QByteArray &input, const QList<qsizetype> &cuts, bool finish)
{
    SseDecoder decoder;
    QList<SseEvent> events;
    qsizetype from = 0;
    for (const qsizetype cut : cuts) {
        events += decoder.feed(input.mid(from, cut - from));
        from = cut;
    }
    events += decoder.feed(input.mid(from));
    if (finish)
        events += decoder.finish();
    return events;
}

QString describe(const QList<SseEvent> &events)
{
    QStringList parts;
    for (const SseEvent &e : events)
        parts << QStringLiteral("[%1|%2|%3]").arg(e.type, e.data, e.id);
    return parts.join(QLatin1Char(' '));
}

} // namespace

class TestSseDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodes_data();
    void decodes();
    void splitAnywhereGivesTheSameEvents_data() { decodes_data(); }
    void splitAnywhereGivesTheSameEvents();
    void randomSplitsGiveTheSameEvents_data() { decodes_data(); }
    void randomSplitsGiveTheSameEvents();
    void unterminatedEventIsOnlyReturnedByFinish();
    void retryFieldSetsReconnectionTime();
    void largeStreamDecodesEveryEvent();
};

void TestSseDecoder::decodes_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QList<SseEvent>>("expected");

    QTest::newRow("anthropic frame")
        << QByteArray("event: message_start\ndata: {\"a\":1}\n\n")
        << QList<SseEvent>{ev(QStringLiteral("message_start"), QStringLiteral("{\"a\":1}"))};
    QTest::newRow("crlf line ends")
        << QByteArray("event: ping\r\ndata: {}\r\n\r\ndata: x\r\n\r\n")
        << QList<SseEvent>{ev(QStringLiteral("ping"), QStringLiteral("{}")),
                           ev(QStringLiteral("message"), QStringLiteral("x"))};
    QTest::newRow("cr line ends") << QByteArray("data: a\r\rdata: b\r\r")
                                  << QList<SseEvent>{
                                         ev(QStringLiteral("message"), QStringLiteral("a")),
                                         ev(QStringLiteral("message"), QStringLiteral("b"))};
    QTest::newRow("mixed line ends")
        << QByteArray("data: a\r\n\ndata: b\r\rdata: c\n\r\n")
        << QList<SseEvent>{ev(QStringLiteral("message"), QStringLiteral("a")),
                           ev(QStringLiteral("message"), QStringLiteral("b")),
                           ev(QStringLiteral("message"), QStringLiteral("c"))};
    QTest::newRow("comments and keep-alives")
        << QByteArray(": keep-alive\n\n:another\ndata: x\n: inside\n\n")
        << QList<SseEvent>{ev(QStringLiteral("message"), QStringLiteral("x"))};
    QTest::newRow("several data lines join with newline")
        << QByteArray("data: one\ndata:two\ndata:  three\n\n")
        << QList<SseEvent>{ev(QStringLiteral("message"), QStringLiteral("one\ntwo\n three"))};
    QTest::newRow("empty data line")
        << QByteArray("data\n\ndata:\ndata:\n\n")
        << QList<SseEvent>{ev(QStringLiteral("message"), QString()),
                           ev(QStringLiteral("message"), QStringLiteral("\n"))};
    QTest::newRow("event without data is dropped")
        << QByteArray("event: ping\n\nevent: x\ndata: 1\n\n")
        << QList<SseEvent>{ev(QStringLiteral("x"), QStringLiteral("1"))};
    QTest::newRow("event type resets after dispatch")
        << QByteArray("event: a\ndata: 1\n\ndata: 2\n\n")
        << QList<SseEvent>{ev(QStringLiteral("a"), QStringLiteral("1")),
                           ev(QStringLiteral("message"), QStringLiteral("2"))};
    QTest::newRow("utf-8 multibyte")
        << QByteArray("data: h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x98\x80\n\n")
        << QList<SseEvent>{ev(QStringLiteral("message"), QStringLiteral("héllo € \U0001F600"))};
    QTest::newRow("bom at start") << QByteArray("\xEF\xBB\xBF"
                                                "data: x\n\n")
                                  << QList<SseEvent>{
                                         ev(QStringLiteral("message"), QStringLiteral("x"))};
    QTest::newRow("ids persist")
        << QByteArray("id: 7\ndata: a\n\ndata: b\n\nid\ndata: c\n\n")
        << QList<SseEvent>{ev(QStringLiteral("message"), QStringLiteral("a"), QStringLiteral("7")),
                           ev(QStringLiteral("message"), QStringLiteral("b"), QStringLiteral("7")),
                           ev(QStringLiteral("message"), QStringLiteral("c"))};
    QTest::newRow("unknown fields ignored")
        << QByteArray("foo: bar\ndata: x\nbaz\n\n")
        << QList<SseEvent>{ev(QStringLiteral("message"), QStringLiteral("x"))};
    QTest::newRow("openai done")
        << QByteArray("data: {\"choices\":[]}\n\ndata: [DONE]\n\n")
        << QList<SseEvent>{ev(QStringLiteral("message"), QStringLiteral("{\"choices\":[]}")),
                           ev(QStringLiteral("message"), QStringLiteral("[DONE]"))};
    QTest::newRow("colon in value")
        << QByteArray("data: {\"a\":\"b:c\"}\n\n")
        << QList<SseEvent>{ev(QStringLiteral("message"), QStringLiteral("{\"a\":\"b:c\"}"))};
}

void TestSseDecoder::decodes()
{
    QFETCH(QByteArray, input);
    QFETCH(QList<SseEvent>, expected);
    QCOMPARE(describe(decodeInPieces(input, {}, false)), describe(expected));
}

void TestSseDecoder::splitAnywhereGivesTheSameEvents()
{
    QFETCH(QByteArray, input);
    QFETCH(QList<SseEvent>, expected);
    const QString want = describe(expected);
    for (qsizetype cut = 0; cut <= input.size(); ++cut)
        QCOMPARE(describe(decodeInPieces(input, {cut}, false)), want);
    for (qsizetype a = 0; a <= input.size(); ++a) {
        for (qsizetype b = a; b <= input.size(); ++b)
            QCOMPARE(describe(decodeInPieces(input, {a, b}, false)), want);
    }
    QList<qsizetype> everyByte;
    for (qsizetype i = 1; i < input.size(); ++i)
        everyByte.append(i);
    QCOMPARE(describe(decodeInPieces(input, everyByte, false)), want);
}

void TestSseDecoder::randomSplitsGiveTheSameEvents()
{
    QFETCH(QByteArray, input);
    QFETCH(QList<SseEvent>, expected);
    // The input repeated, so events also straddle pieces; a fixed seed keeps failures
    // reproducible.
    // A byte order mark counts only at the very start.
    QByteArray again = input;
    if (again.startsWith("\xEF\xBB\xBF"))
        again.remove(0, 3);
    const QByteArray repeated = input + again + again;
    const QString want = describe(expected + expected + expected);
    QRandomGenerator random(1234);
    for (int round = 0; round < 200; ++round) {
        QList<qsizetype> cuts;
        qsizetype at = 0;
        while (true) {
            at += 1 + random.bounded(7);
            if (at >= repeated.size())
                break;
            cuts.append(at);
        }
        QCOMPARE(describe(decodeInPieces(repeated, cuts, false)), want);
    }
}

void TestSseDecoder::unterminatedEventIsOnlyReturnedByFinish()
{
    SseDecoder decoder;
    QCOMPARE(decoder.feed("data: [DONE]\n").size(), 0);
    const QList<SseEvent> rest = decoder.finish();
    QCOMPARE(rest.size(), 1);
    QCOMPARE(rest.first().data, QStringLiteral("[DONE]"));

    SseDecoder partialLine;
    QCOMPARE(partialLine.feed("data: par").size(), 0);
    QCOMPARE(partialLine.finish().first().data, QStringLiteral("par"));
}

void TestSseDecoder::retryFieldSetsReconnectionTime()
{
    SseDecoder decoder;
    QCOMPARE(decoder.reconnectionTimeMs(), -1);
    (void)decoder.feed("retry: 1500\n\nretry: x1\n\n");
    QCOMPARE(decoder.reconnectionTimeMs(), 1500);
}

void TestSseDecoder::largeStreamDecodesEveryEvent()
{
    QByteArray input;
    for (int i = 0; i < 20000; ++i)
        input +=
            "event: content_block_delta\r\ndata: {\"i\":" + QByteArray::number(i) + "}\r\n\r\n";
    SseDecoder decoder;
    QList<SseEvent> events;
    for (qsizetype i = 0; i < input.size(); i += 4093)
        events += decoder.feed(input.mid(i, 4093));
    QCOMPARE(events.size(), 20000);
    QCOMPARE(events.last().data, QStringLiteral("{\"i\":19999}"));
}

QTEST_GUILESS_MAIN(TestSseDecoder)
#include "tst_ssedecoder.moc"
