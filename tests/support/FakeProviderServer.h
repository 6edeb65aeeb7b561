#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>
#include <QPair>
#include <QUrl>

#include <functional>

#include <memory>

class QTcpServer;
class QTcpSocket;

namespace agentdesk::test {

// A request as the fake server received it. Header names are lower-case.
struct RecordedRequest
{
    QByteArray method;
    QByteArray path;
    QMap<QByteArray, QByteArray> headers;
    QByteArray body;

    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
    QJsonObject json() const;
};

// One scripted answer. The body goes out in `pieces`, each after its delay, as separate
// writes (and, when chunked, separate HTTP chunks), so a test decides where the client sees
// the stream split. `ending` says what happens after the last piece.
struct ScriptedResponse
{
    enum class Ending
    {
        Complete, // the body ends properly; the connection stays open for the next request
        Drop,     // the connection closes without ending the body
        Stall     // nothing more is sent and the connection stays open
    };
    struct Piece
    {
        QByteArray bytes;
        int delayMs = 0;
    };

    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QList<Piece> pieces;
    bool chunked = true;
    Ending ending = Ending::Complete;

    // A whole body with Content-Length, e.g. a JSON error.
    static ScriptedResponse body(int status, const QByteArray &contentType, const QByteArray &body);
    // A chunked text/event-stream, one piece per frame.
    static ScriptedResponse eventStream(const QList<QByteArray> &frames);

    ScriptedResponse &header(const QByteArray &name, const QByteArray &value);
    // Re-cuts the body into pieces of `size` bytes (the last may be shorter).
    ScriptedResponse &splitEvery(int size);
    // Re-cuts the body at the given byte offsets.
    ScriptedResponse &splitAt(const QList<int> &offsets);
    // Waits `delayMs` before piece `index`.
    ScriptedResponse &pauseBefore(int index, int delayMs);
    // Keeps only the first `bytes` bytes of the body, then ends as `how`.
    ScriptedResponse &truncate(qsizetype bytes, Ending how);
    QByteArray wholeBody() const;
};

// A loopback HTTP/1.1 server that answers each request with the next scripted response and
// records what it received. Speaks what the providers speak: keep-alive connections, chunked
// event streams, Content-Length bodies. With no response left it answers 500.
class FakeProviderServer : public QObject
{
    Q_OBJECT
public:
    explicit FakeProviderServer(QObject *parent = nullptr);
    ~FakeProviderServer() override;

    bool listen();
    quint16 port() const;
    QUrl baseUrl() const; // http://127.0.0.1:PORT

    void enqueue(const ScriptedResponse &response);
    // Answers requests when the script is empty, from what they ask (for many concurrent
    // agents whose requests arrive in no fixed order).
    using Responder = std::function<ScriptedResponse(const RecordedRequest &request)>;
    void setResponder(Responder responder) { m_responder = std::move(responder); }
    // Keep the requests' bodies (default) or only count them (long benchmarks).
    void setRecordRequests(bool record) { m_recordRequests = record; }
    int requestCount() const { return m_requestCount; }
    int pendingResponses() const { return int(m_script.size()); }
    const QList<RecordedRequest> &requests() const { return m_requests; }
    // Waits (running the event loop) until `count` requests have arrived.
    bool waitForRequests(int count, int timeoutMs = 5000);
    // Closes every open connection (ends stalls).
    void closeAll();

Q_SIGNALS:
    void requestReceived(const agentdesk::test::RecordedRequest &request);

private:
    struct Connection;
    void onNewConnection();
    void onReadyRead(Connection *connection);
    void serve(Connection *connection, const ScriptedResponse &response);
    void writePiece(Connection *connection, int index, bool waited);
    void finishResponse(Connection *connection);

    QTcpServer *m_server = nullptr;
    QList<ScriptedResponse> m_script;
    Responder m_responder;
    bool m_recordRequests = true;
    int m_requestCount = 0;
    QList<RecordedRequest> m_requests;
    QList<std::shared_ptr<Connection>> m_connections;
};

} // namespace agentdesk::test
