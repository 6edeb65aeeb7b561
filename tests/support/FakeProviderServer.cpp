#include "FakeProviderServer.h"

#include <QDeadlineTimer>
#include <QHostAddress>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

namespace agentdesk::test {

QJsonObject RecordedRequest::json() const
{
    return QJsonDocument::fromJson(body).object();
}

ScriptedResponse ScriptedResponse::body(int status, const QByteArray &contentType,
                                        const QByteArray &body)
{
    ScriptedResponse response;
    response.status = status;
    response.chunked = false;
    response.headers.append(qMakePair(QByteArray("content-type"), contentType));
    response.pieces.append({body, 0});
    return response;
}

ScriptedResponse ScriptedResponse::eventStream(const QList<QByteArray> &frames)
{
    ScriptedResponse response;
    response.header("content-type", "text/event-stream; charset=utf-8");
    response.header("cache-control", "no-cache");
    for (const QByteArray &frame : frames)
        response.pieces.append({frame, 0});
    return response;
}

ScriptedResponse &ScriptedResponse::header(const QByteArray &name, const QByteArray &value)
{
    headers.append(qMakePair(name, value));
    return *this;
}

QByteArray ScriptedResponse::wholeBody() const
{
    QByteArray all;
    for (const Piece &piece : pieces)
        all += piece.bytes;
    return all;
}

ScriptedResponse &ScriptedResponse::splitEvery(int size)
{
    const QByteArray all = wholeBody();
    pieces.clear();
    for (qsizetype i = 0; i < all.size(); i += size)
        pieces.append({all.mid(i, size), 0});
    return *this;
}

ScriptedResponse &ScriptedResponse::splitAt(const QList<int> &offsets)
{
    const QByteArray all = wholeBody();
    pieces.clear();
    qsizetype from = 0;
    for (const int offset : offsets) {
        if (offset <= from || offset >= all.size())
            continue;
        pieces.append({all.mid(from, offset - from), 0});
        from = offset;
    }
    pieces.append({all.mid(from), 0});
    return *this;
}

ScriptedResponse &ScriptedResponse::pauseBefore(int index, int delayMs)
{
    if (index >= 0 && index < pieces.size())
        pieces[index].delayMs = delayMs;
    return *this;
}

ScriptedResponse &ScriptedResponse::truncate(qsizetype bytes, Ending how)
{
    QList<Piece> kept;
    qsizetype used = 0;
    for (const Piece &piece : pieces) {
        if (used >= bytes)
            break;
        kept.append({piece.bytes.left(bytes - used), piece.delayMs});
        used += kept.last().bytes.size();
    }
    pieces = kept;
    ending = how;
    return *this;
}

struct FakeProviderServer::Connection
{
    QPointer<QTcpSocket> socket;
    QByteArray buffer;
    bool busy = false;
    ScriptedResponse response;
};

namespace {
QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 413:
        return "Payload Too Large";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    case 529:
        return "Site Overloaded";
    default:
        return "Status";
    }
}
} // namespace

FakeProviderServer::FakeProviderServer(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &FakeProviderServer::onNewConnection);
}

FakeProviderServer::~FakeProviderServer()
{
    closeAll();
}

bool FakeProviderServer::listen()
{
    return m_server->listen(QHostAddress::LocalHost, 0);
}

quint16 FakeProviderServer::port() const
{
    return m_server->serverPort();
}

QUrl FakeProviderServer::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port()));
}

void FakeProviderServer::enqueue(const ScriptedResponse &response)
{
    m_script.append(response);
}

bool FakeProviderServer::waitForRequests(int count, int timeoutMs)
{
    return QTest::qWaitFor([&] { return m_requestCount >= count; }, timeoutMs);
}

void FakeProviderServer::closeAll()
{
    for (const auto &connection : std::as_const(m_connections)) {
        if (connection->socket)
            connection->socket->abort();
    }
}

void FakeProviderServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        auto connection = std::make_shared<Connection>();
        connection->socket = socket;
        // As the providers' servers do: no Nagle delay between the small writes of a stream.
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        socket->setParent(this);
        m_connections.append(connection);
        Connection *raw = connection.get();
        connect(socket, &QTcpSocket::readyRead, this, [this, raw] { onReadyRead(raw); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void FakeProviderServer::onReadyRead(Connection *connection)
{
    if (!connection->socket)
        return;
    connection->buffer += connection->socket->readAll();
    while (!connection->busy) {
        const qsizetype headerEnd = connection->buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        RecordedRequest request;
        const QList<QByteArray> lines = connection->buffer.left(headerEnd).split('\n');
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        request.method = requestLine.value(0);
        request.path = requestLine.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                request.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                       lines[i].mid(colon + 1).trimmed());
        }
        const qsizetype length = request.headers.value("content-length").toLongLong();
        if (connection->buffer.size() < headerEnd + 4 + length)
            return;
        request.body = connection->buffer.mid(headerEnd + 4, length);
        connection->buffer.remove(0, headerEnd + 4 + length);
        ++m_requestCount;
        if (m_recordRequests)
            m_requests.append(request);
        Q_EMIT requestReceived(request);
        ScriptedResponse response =
            !m_script.isEmpty() ? m_script.takeFirst()
            : m_responder
                ? m_responder(request)
                : ScriptedResponse::body(500, "application/json",
                                         R"({"error":{"message":"no scripted response left"}})");
        serve(connection, response);
    }
}

void FakeProviderServer::serve(Connection *connection, const ScriptedResponse &response)
{
    connection->busy = true;
    connection->response = response;
    QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' +
                      reasonPhrase(response.status) + "\r\n";
    head += "date: Mon, 01 Sep 2026 12:00:00 GMT\r\n";
    for (const auto &[name, value] : response.headers)
        head += name + ": " + value + "\r\n";
    if (response.chunked)
        head += "transfer-encoding: chunked\r\n";
    else
        head += "content-length: " + QByteArray::number(response.wholeBody().size()) + "\r\n";
    head += "connection: keep-alive\r\n\r\n";
    connection->socket->write(head);
    writePiece(connection, 0, false);
}

void FakeProviderServer::writePiece(Connection *connection, int index, bool waited)
{
    // A loop, not recursion: a body cut into single bytes has millions of pieces.
    for (; connection->socket && index < connection->response.pieces.size(); ++index) {
        const ScriptedResponse::Piece &piece = connection->response.pieces[index];
        if (piece.delayMs > 0 && !waited) {
            QTimer::singleShot(piece.delayMs, connection->socket.data(),
                               [this, connection, index] { writePiece(connection, index, true); });
            return;
        }
        waited = false;
        if (piece.bytes.isEmpty())
            continue;
        if (connection->response.chunked)
            connection->socket->write(QByteArray::number(piece.bytes.size(), 16) + "\r\n" +
                                      piece.bytes + "\r\n");
        else
            connection->socket->write(piece.bytes);
        connection->socket->flush();
    }
    if (connection->socket)
        finishResponse(connection);
}

void FakeProviderServer::finishResponse(Connection *connection)
{
    QTcpSocket *socket = connection->socket;
    switch (connection->response.ending) {
    case ScriptedResponse::Ending::Complete:
        if (connection->response.chunked)
            socket->write("0\r\n\r\n");
        socket->flush();
        connection->busy = false;
        if (!connection->buffer.isEmpty())
            QTimer::singleShot(0, socket, [this, connection] { onReadyRead(connection); });
        break;
    case ScriptedResponse::Ending::Drop:
        socket->flush();
        socket->disconnectFromHost();
        break;
    case ScriptedResponse::Ending::Stall:
        break;
    }
}

} // namespace agentdesk::test
