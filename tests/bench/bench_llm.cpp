// Throughput of the provider layer: SSE decoding, a whole streamed turn through the Anthropic
// client over loopback, the delay from a frame leaving the server to its event, and exact cost.
#include "BenchUtil.h"
#include "FakeProviderServer.h"
#include "ProviderScripts.h"
#include "cost/PriceTable.h"
#include "llm/AnthropicClient.h"
#include "llm/SseDecoder.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QTest>

using namespace agentdesk;
using namespace agentdesk::test;

namespace {

double sseDecodeMbPerSecond()
{
    QByteArray stream;
    while (stream.size() < 10 * 1024 * 1024)
        stream += anthropic::textDelta(0, QStringLiteral("token "));
    QElapsedTimer timer;
    timer.start();
    llm::SseDecoder decoder;
    qsizetype events = 0;
    for (qsizetype i = 0; i < stream.size(); i += 16384)
        events += decoder.feed(stream.mid(i, 16384)).size();
    const double seconds = timer.nsecsElapsed() / 1e9;
    Q_ASSERT(events > 0);
    return stream.size() / (1024.0 * 1024.0) / seconds;
}

struct StreamFigures
{
    double totalMs = 0;
    double tokensPerSecond = 0;
    double eventP99Ms = 0;
};

StreamFigures streamTurn(int tokens)
{
    FakeProviderServer server;
    server.listen();
    QStringList pieces;
    for (int i = 0; i < tokens; ++i)
        pieces << QStringLiteral("tok%1 ").arg(i);
    // Back to back: the client's own throughput (a real model streams far slower).
    ScriptedResponse turn = anthropic::textTurn(pieces, 1000, tokens);
    server.enqueue(turn);
    QNetworkAccessManager network;
    llm::ClientOptions options;
    options.providerName = QStringLiteral("Anthropic");
    options.baseUrl = server.baseUrl();
    options.apiKey = QStringLiteral("bench");
    llm::AnthropicClient client(&network, options);
    QElapsedTimer timer;
    QList<double> gaps;
    qint64 last = 0;
    bool done = false;
    QObject::connect(&client, &llm::ChatClient::event, [&](const llm::ChatEvent &e) {
        if (e.kind != llm::ChatEvent::Kind::TextDelta)
            return;
        const qint64 now = timer.nsecsElapsed();
        if (last)
            gaps.append((now - last) / 1e6);
        last = now;
    });
    QObject::connect(&client, &llm::ChatClient::finished, [&] { done = true; });
    QObject::connect(&client, &llm::ChatClient::failed, [&] { done = true; });
    timer.start();
    client.start(llm::ChatRequest{QStringLiteral("claude-sonnet-4-5"),
                                  {},
                                  {llm::ChatMessage::userText(QStringLiteral("go"))},
                                  {},
                                  {},
                                  64000});
    if (!QTest::qWaitFor([&] { return done; }, 120000))
        qWarning("the streamed turn did not finish");
    StreamFigures figures;
    figures.totalMs = timer.nsecsElapsed() / 1e6;
    figures.tokensPerSecond = tokens / (figures.totalMs / 1000.0);
    figures.eventP99Ms = bench::percentile(gaps, 99);
    return figures;
}

double costNanosPerCall()
{
    const cost::PriceTable table = *cost::PriceTable::loadBundled();
    const cost::ModelPrice price = *table.lookup(QStringLiteral("claude-sonnet-4-5-20250929"));
    QElapsedTimer timer;
    timer.start();
    Money total;
    const int calls = 1'000'000;
    for (int i = 0; i < calls; ++i)
        total += price.cost(llm::Usage{1200 + (i & 7), 7, 0, 0, 0});
    const double nanos = double(timer.nsecsElapsed()) / calls;
    Q_ASSERT(!total.isZero());
    return nanos;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const double mbPerSecond = sseDecodeMbPerSecond();
    const StreamFigures stream = streamTurn(10000);
    const double costNs = costNanosPerCall();
    bench::printResult(QJsonObject{{QStringLiteral("sse_decode_mb_per_s"), mbPerSecond},
                                   {QStringLiteral("stream_10k_tokens_ms"), stream.totalMs},
                                   {QStringLiteral("stream_tokens_per_s"), stream.tokensPerSecond},
                                   {QStringLiteral("stream_delta_gap_p99_ms"), stream.eventP99Ms},
                                   {QStringLiteral("cost_per_call_ns"), costNs},
                                   {QStringLiteral("peak_rss_mb"), bench::peakRssMb()}});
    return 0;
}
