#include "demo/DemoProvider.h"

#include "demo/DemoStream.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace agentdesk::demo {

namespace {

// A request larger than this is refused: the demo's own requests stay far below it.
constexpr qsizetype kMaxRequestBytes = 64 * 1024 * 1024;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 413:
        return "Payload Too Large";
    default:
        return "Error";
    }
}

QString roleName(DemoRole role)
{
    return role == DemoRole::Reviewer ? QStringLiteral("reviewer") : QStringLiteral("implementer");
}

} // namespace

// One client connection: reads requests one after the other (keep-alive) and streams each
// answer, piece by piece on a timer. A child of its socket, so it goes when the socket does.
class DemoProvider::Connection : public QObject
{
public:
    Connection(DemoProvider *provider, QTcpSocket *socket)
        : QObject(socket)
        , m_provider(provider)
        , m_socket(socket)
    {
        m_timer.setSingleShot(true);
        connect(&m_timer, &QTimer::timeout, this, [this] { pump(true); });
        connect(socket, &QTcpSocket::readyRead, this, [this] { onReadyRead(); });
    }

private:
    void onReadyRead()
    {
        m_buffer += m_socket->readAll();
        while (!m_busy && m_provider) {
            const qsizetype headerEnd = m_buffer.indexOf("\r\n\r\n");
            if (headerEnd < 0) {
                if (m_buffer.size() > 64 * 1024)
                    m_socket->abort();
                return;
            }
            const QList<QByteArray> lines = m_buffer.left(headerEnd).split('\n');
            const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
            qsizetype length = 0;
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines.at(i).indexOf(':');
                if (colon > 0 && lines.at(i).left(colon).trimmed().toLower() ==
                                     QByteArrayLiteral("content-length"))
                    length = lines.at(i).mid(colon + 1).trimmed().toLongLong();
            }
            if (length < 0 || length > kMaxRequestBytes) {
                m_buffer.clear();
                serve(m_provider->error(413, QStringLiteral("request_too_large"),
                                        QStringLiteral("The request is too large.")),
                      true);
                return;
            }
            if (m_buffer.size() < headerEnd + 4 + length)
                return;
            const QByteArray body = m_buffer.mid(headerEnd + 4, length);
            m_buffer.remove(0, headerEnd + 4 + length);
            serve(m_provider->answer(requestLine.value(0), requestLine.value(1), body), false);
        }
    }

    void serve(Answer answer, bool close)
    {
        m_busy = true;
        m_close = close;
        m_answer = std::move(answer);
        m_next = 0;
        QByteArray head = "HTTP/1.1 " + QByteArray::number(m_answer.status) + ' ' +
                          reasonPhrase(m_answer.status) + "\r\n";
        head += "content-type: " + m_answer.contentType + "\r\n";
        for (const auto &[name, value] : std::as_const(m_answer.headers))
            head += name + ": " + value + "\r\n";
        if (m_answer.chunked) {
            head += "transfer-encoding: chunked\r\n";
        } else {
            qsizetype size = 0;
            for (const auto &piece : std::as_const(m_answer.pieces))
                size += piece.first.size();
            head += "content-length: " + QByteArray::number(size) + "\r\n";
        }
        head += close ? "connection: close\r\n\r\n" : "connection: keep-alive\r\n\r\n";
        m_socket->write(head);
        pump(false);
    }

    // Writes the pieces due now; a piece with a delay waits for the timer.
    void pump(bool waited)
    {
        for (; m_next < m_answer.pieces.size(); ++m_next) {
            const auto &[bytes, delayMs] = m_answer.pieces.at(m_next);
            if (delayMs > 0 && !waited) {
                m_timer.start(delayMs);
                return;
            }
            waited = false;
            if (bytes.isEmpty())
                continue;
            if (m_answer.chunked)
                m_socket->write(QByteArray::number(bytes.size(), 16) + "\r\n" + bytes + "\r\n");
            else
                m_socket->write(bytes);
        }
        if (m_answer.chunked)
            m_socket->write("0\r\n\r\n");
        m_socket->flush();
        m_busy = false;
        m_answer = Answer();
        if (m_close) {
            m_socket->disconnectFromHost();
            return;
        }
        if (!m_buffer.isEmpty())
            QTimer::singleShot(0, this, [this] { onReadyRead(); });
    }

    QPointer<DemoProvider> m_provider;
    QTcpSocket *m_socket = nullptr;
    QByteArray m_buffer;
    bool m_busy = false;
    bool m_close = false;
    Answer m_answer;
    qsizetype m_next = 0;
    QTimer m_timer;
};

DemoProvider::DemoProvider(std::shared_ptr<const DemoScript> script, QObject *parent)
    : QObject(parent)
    , m_script(std::move(script))
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server->nextPendingConnection()) {
            // As the providers' servers do: no Nagle delay between a stream's small writes.
            socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            new Connection(this, socket);
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
}

DemoProvider::~DemoProvider()
{
    // The server and its sockets (with their connections) go first, while the script they
    // answer from still exists.
    delete m_server;
    m_server = nullptr;
}

VoidResult DemoProvider::listen()
{
    if (m_server->isListening())
        return {};
    if (!m_script)
        return makeError(QStringLiteral("demo-script"),
                         QStringLiteral("The demo provider was given no script."));
    if (!m_server->listen(QHostAddress::LocalHost, 0))
        return makeError(QStringLiteral("demo-listen"),
                         QStringLiteral("The demo provider could not listen on 127.0.0.1: %1")
                             .arg(m_server->errorString()));
    return {};
}

bool DemoProvider::isListening() const
{
    return m_server && m_server->isListening();
}

QUrl DemoProvider::baseUrl() const
{
    if (!isListening())
        return QUrl();
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server->serverPort()));
}

DemoProvider::Answer DemoProvider::error(int status, const QString &type, const QString &message)
{
    Q_EMIT refused(message);
    Answer answer;
    answer.status = status;
    answer.contentType = "application/json";
    answer.headers.append({"request-id", "req_demo_" + QByteArray::number(m_requestCount)});
    answer.pieces.append({DemoStream::errorBody(type, message), 0});
    answer.chunked = false;
    return answer;
}

DemoProvider::Answer DemoProvider::answer(const QByteArray &method, const QByteArray &path,
                                          const QByteArray &body)
{
    ++m_requestCount;
    const QByteArray route = path.left(path.indexOf('?') < 0 ? path.size() : path.indexOf('?'));
    if (method != "POST" || route != "/v1/messages")
        return error(404, QStringLiteral("not_found_error"),
                     QStringLiteral("The demo provider serves POST /v1/messages only."));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return error(400, QStringLiteral("invalid_request_error"),
                     QStringLiteral("The request body is not a JSON object."));
    const QJsonObject request = document.object();
    const Result<DemoCall> call = m_script->locate(request);
    if (!call)
        return error(400, QStringLiteral("invalid_request_error"), call.errorMessage());

    const DemoTask &task = m_script->tasks.at(call->task);
    const QString role = roleName(call->role);
    DemoStream::Ids ids;
    ids.messageId = QStringLiteral("msg_demo_%1").arg(m_requestCount, 6, 10, QLatin1Char('0'));
    ids.toolUseId = QStringLiteral("toolu_demo_%1_%2_%3_%4")
                        .arg(task.key, role.left(1))
                        .arg(call->run)
                        .arg(call->step);
    const QString model = request.value(QStringLiteral("model")).toString();
    Answer answer;
    answer.contentType = "text/event-stream; charset=utf-8";
    answer.headers.append(qMakePair(QByteArray("cache-control"), QByteArray("no-cache")));
    answer.headers.append(
        qMakePair(QByteArray("request-id"), "req_demo_" + QByteArray::number(m_requestCount)));
    for (DemoStream::Piece &piece : DemoStream::turn(m_script->turn(*call), model, ids, m_paceMs))
        answer.pieces.append({std::move(piece.bytes), piece.delayMs});
    Q_EMIT answered(task.key, role, call->run, call->step);
    return answer;
}

} // namespace agentdesk::demo
