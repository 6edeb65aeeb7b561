#include "GitHttpServer.h"

#include "TestProcess.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QPointer>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

namespace agentdesk::test {

struct GitHttpServer::Connection
{
    QPointer<QTcpSocket> socket;
    QByteArray buffer;
    bool headParsed = false;
    bool continueSent = false;
    bool busy = false;
    QByteArray method;
    QByteArray target;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
    QProcess *backend = nullptr;
};

GitHttpServer::GitHttpServer(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &GitHttpServer::onNewConnection);
    const ProcessOutput execPath =
        runProcess(QStringLiteral("git"), {QStringLiteral("--exec-path")});
    const QString backend =
        QString::fromUtf8(execPath.out).trimmed() + QStringLiteral("/git-http-backend");
    if (execPath.ok() && QFile::exists(backend))
        m_backend = backend;
}

GitHttpServer::~GitHttpServer()
{
    for (const auto &connection : std::as_const(m_connections)) {
        if (connection->backend) {
            connection->backend->disconnect(this);
            connection->backend->kill();
            connection->backend->waitForFinished(2000);
        }
        if (connection->socket)
            connection->socket->abort();
    }
}

bool GitHttpServer::listen()
{
    return m_server->listen(QHostAddress::LocalHost, 0);
}

quint16 GitHttpServer::port() const
{
    return m_server->serverPort();
}

QString GitHttpServer::createRepository(const QString &name, const QByteArray &preReceiveHook)
{
    const QString path = m_root.path() + QLatin1Char('/') + name + QStringLiteral(".git");
    if (!runProcess(QStringLiteral("git"),
                    {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("--bare"),
                     QStringLiteral("-b"), QStringLiteral("main"), path})
             .ok())
        return QString();
    if (!preReceiveHook.isEmpty() && !setPreReceiveHook(name, preReceiveHook))
        return QString();
    return path;
}

bool GitHttpServer::setPreReceiveHook(const QString &name, const QByteArray &script)
{
    QFile hook(m_root.path() + QLatin1Char('/') + name + QStringLiteral(".git/hooks/pre-receive"));
    if (!hook.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        hook.write(script) != script.size())
        return false;
    hook.close();
    return hook.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                               QFileDevice::ExeOwner);
}

QString GitHttpServer::url(const QString &name) const
{
    return QStringLiteral("http://127.0.0.1:%1/%2.git").arg(port()).arg(name);
}

void GitHttpServer::setCredentials(const QString &user, const QString &password)
{
    m_user = user;
    m_password = password;
}

void GitHttpServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        auto connection = std::make_shared<Connection>();
        connection->socket = socket;
        socket->setParent(this);
        m_connections.append(connection);
        Connection *raw = connection.get();
        connect(socket, &QTcpSocket::readyRead, this, [this, raw] { onReadyRead(raw); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void GitHttpServer::onReadyRead(Connection *connection)
{
    if (!connection->socket || connection->busy)
        return;
    connection->buffer += connection->socket->readAll();
    if (!connection->headParsed && !parseHead(connection))
        return;
    if (!takeBody(connection))
        return;
    connection->busy = true;
    handle(connection);
}

bool GitHttpServer::parseHead(Connection *connection)
{
    const qsizetype end = connection->buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return false;
    const QList<QByteArray> lines = connection->buffer.left(end).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    connection->method = requestLine.value(0);
    connection->target = requestLine.value(1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            connection->headers.insert(lines[i].left(colon).trimmed().toLower(),
                                       lines[i].mid(colon + 1).trimmed());
    }
    connection->buffer.remove(0, end + 4);
    connection->headParsed = true;
    if (connection->headers.value("expect").toLower() == "100-continue" &&
        !connection->continueSent) {
        connection->continueSent = true;
        connection->socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    }
    return true;
}

bool GitHttpServer::takeBody(Connection *connection)
{
    if (connection->headers.value("transfer-encoding").toLower().contains("chunked")) {
        // Decode whole chunks in place; done at the zero-length chunk.
        QByteArray decoded;
        qsizetype at = 0;
        while (true) {
            const qsizetype lineEnd = connection->buffer.indexOf("\r\n", at);
            if (lineEnd < 0)
                return false;
            bool ok = false;
            const qsizetype size = connection->buffer.mid(at, lineEnd - at)
                                       .split(';')
                                       .value(0)
                                       .trimmed()
                                       .toLongLong(&ok, 16);
            if (!ok)
                return false;
            if (size == 0) {
                if (connection->buffer.indexOf("\r\n", lineEnd + 2) < 0)
                    return false;
                connection->body = decoded;
                return true;
            }
            if (connection->buffer.size() < lineEnd + 2 + size + 2)
                return false;
            decoded += connection->buffer.mid(lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
    const qsizetype length = connection->headers.value("content-length").toLongLong();
    if (connection->buffer.size() < length)
        return false;
    connection->body = connection->buffer.left(length);
    return true;
}

void GitHttpServer::handle(Connection *connection)
{
    ++m_requests;
    QString user;
    if (!m_user.isEmpty()) {
        const QByteArray authorization = connection->headers.value("authorization");
        const QByteArray expected =
            "Basic " + (m_user + QLatin1Char(':') + m_password).toUtf8().toBase64();
        if (authorization != expected) {
            ++m_unauthorized;
            if (!authorization.isEmpty())
                m_refused.append(authorization);
            reply(connection, "401 Unauthorized",
                  {{"WWW-Authenticate", "Basic realm=\"agentdesk-test\""},
                   {"Content-Type", "text/plain"}},
                  "authentication required\n");
            return;
        }
        user = m_user;
        m_users.append(user);
    }
    runBackend(connection, user);
}

void GitHttpServer::runBackend(Connection *connection, const QString &user)
{
    const QByteArray target = connection->target;
    const qsizetype question = target.indexOf('?');
    const QString pathInfo =
        QUrl::fromPercentEncoding(question < 0 ? target : target.left(question));
    const QString query = question < 0 ? QString() : QString::fromLatin1(target.mid(question + 1));
    QProcessEnvironment env;
    const QProcessEnvironment system = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PATH"), system.value(QStringLiteral("PATH")));
    env.insert(QStringLiteral("HOME"), m_root.path());
    env.insert(QStringLiteral("GIT_CONFIG_NOSYSTEM"), QStringLiteral("1"));
    env.insert(QStringLiteral("GIT_PROJECT_ROOT"), m_root.path());
    env.insert(QStringLiteral("GIT_HTTP_EXPORT_ALL"), QStringLiteral("1"));
    env.insert(QStringLiteral("GATEWAY_INTERFACE"), QStringLiteral("CGI/1.1"));
    env.insert(QStringLiteral("SERVER_PROTOCOL"), QStringLiteral("HTTP/1.1"));
    env.insert(QStringLiteral("SERVER_SOFTWARE"), QStringLiteral("agentdesk-test"));
    env.insert(QStringLiteral("REQUEST_METHOD"), QString::fromLatin1(connection->method));
    env.insert(QStringLiteral("PATH_INFO"), pathInfo);
    env.insert(QStringLiteral("QUERY_STRING"), query);
    env.insert(QStringLiteral("REMOTE_ADDR"), QStringLiteral("127.0.0.1"));
    if (!user.isEmpty())
        env.insert(QStringLiteral("REMOTE_USER"), user); // enables receive-pack
    env.insert(QStringLiteral("CONTENT_TYPE"),
               QString::fromLatin1(connection->headers.value("content-type")));
    env.insert(QStringLiteral("CONTENT_LENGTH"), QString::number(connection->body.size()));
    if (connection->headers.contains("content-encoding"))
        env.insert(QStringLiteral("HTTP_CONTENT_ENCODING"),
                   QString::fromLatin1(connection->headers.value("content-encoding")));
    if (connection->headers.contains("git-protocol"))
        env.insert(QStringLiteral("GIT_PROTOCOL"),
                   QString::fromLatin1(connection->headers.value("git-protocol")));
    auto *process = new QProcess(this);
    connection->backend = process;
    process->setProcessEnvironment(env);
    connect(process, &QProcess::finished, this, [this, connection, process] {
        connection->backend = nullptr;
        process->deleteLater();
        const QByteArray out = process->readAllStandardOutput();
        qsizetype split = out.indexOf("\r\n\r\n");
        qsizetype skip = 4;
        if (split < 0 || (out.indexOf("\n\n") >= 0 && out.indexOf("\n\n") < split)) {
            split = out.indexOf("\n\n");
            skip = 2;
        }
        if (split < 0) {
            reply(connection, "500 Internal Server Error", {{"Content-Type", "text/plain"}},
                  process->readAllStandardError());
            return;
        }
        QByteArray status = "200 OK";
        QList<QPair<QByteArray, QByteArray>> headers;
        for (const QByteArray &line : out.left(split).split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = line.left(colon).trimmed();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name.toLower() == "status")
                status = value;
            else
                headers.append({name, value});
        }
        reply(connection, status, headers, out.mid(split + skip));
    });
    process->start(m_backend, {});
    process->write(connection->body);
    process->closeWriteChannel();
}

void GitHttpServer::reply(Connection *connection, const QByteArray &statusLine,
                          const QList<QPair<QByteArray, QByteArray>> &headers,
                          const QByteArray &body)
{
    if (!connection->socket)
        return;
    QByteArray head = "HTTP/1.1 " + statusLine + "\r\n";
    for (const auto &[name, value] : headers)
        head += name + ": " + value + "\r\n";
    head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    // One request per connection keeps the parser simple; curl opens the next one itself.
    head += "Connection: close\r\n\r\n";
    connection->socket->write(head + body);
    connection->socket->disconnectFromHost();
}

} // namespace agentdesk::test
