#pragma once

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

class QTcpServer;
class QTcpSocket;

namespace agentdesk::test {

// A real git remote over real HTTP: bare repositories served by git's own
// `git http-backend` (the CGI program that ships with git) behind a loopback HTTP/1.1 server
// that demands basic authentication, so a push goes through git's whole credential exchange
// (401, the credential helpers, the retry). Chunked and gzip'd request bodies and
// "Expect: 100-continue" are handled as a web server would.
class GitHttpServer : public QObject
{
    Q_OBJECT
public:
    explicit GitHttpServer(QObject *parent = nullptr);
    ~GitHttpServer() override;

    bool isValid() const { return !m_backend.isEmpty() && m_root.isValid(); }
    bool listen();
    quint16 port() const;

    // Creates ROOT/NAME.git, bare, with `preReceiveHook` as its pre-receive hook when given.
    // Returns its path (empty on failure).
    QString createRepository(const QString &name, const QByteArray &preReceiveHook = {});
    // Installs (or replaces) NAME.git's pre-receive hook: a script that refuses by exiting 1.
    bool setPreReceiveHook(const QString &name, const QByteArray &script);
    QString url(const QString &name) const; // http://127.0.0.1:PORT/NAME.git
    QString rootPath() const { return m_root.path(); }

    // Every request must carry these (basic authentication); empty user: no authentication.
    void setCredentials(const QString &user, const QString &password);

    int requestCount() const { return m_requests; }
    int unauthorizedCount() const { return m_unauthorized; }
    // The user names that authenticated, in order (one per authorized request).
    const QStringList &authenticatedUsers() const { return m_users; }
    // Authorization header values that were refused (to prove a wrong one was tried).
    const QList<QByteArray> &refusedAuthorizations() const { return m_refused; }

private:
    struct Connection;
    void onNewConnection();
    void onReadyRead(Connection *connection);
    bool parseHead(Connection *connection);
    bool takeBody(Connection *connection);
    void handle(Connection *connection);
    void runBackend(Connection *connection, const QString &user);
    void reply(Connection *connection, const QByteArray &statusLine,
               const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &body);

    QTcpServer *m_server = nullptr;
    QTemporaryDir m_root;
    QString m_backend;
    QString m_user;
    QString m_password;
    int m_requests = 0;
    int m_unauthorized = 0;
    QStringList m_users;
    QList<QByteArray> m_refused;
    QList<std::shared_ptr<Connection>> m_connections;
};

} // namespace agentdesk::test
