#pragma once

#include "FakeProviderServer.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QString>

namespace agentdesk::test {

// A loopback forge answering in GitHub's, GitLab's or Gitea's JSON for what AgentDesk uses:
// pull requests (list, create, update, read), the commit's combined status and check runs
// (GitHub) or statuses (GitLab, Gitea), the user and the repository — with their real
// errors: 401 for a wrong token, 404 for another repository, GitHub's 422 "A pull request
// already exists", GitLab's and Gitea's 409 for a duplicate. GET answers carry an ETag and
// If-None-Match gets a 304. Scripted answers (rate limits, outages) go through http().
class FakeForgeServer : public QObject
{
    Q_OBJECT
public:
    enum class Kind
    {
        GitHub,
        GitLab,
        Gitea,
    };

    struct Pull
    {
        int number = 0;
        QString title;
        QString body;
        QString head;
        QString base;
        QString state = QStringLiteral("open"); // "open", "closed", "merged"
        bool draft = false;
        QString headSha;
    };

    explicit FakeForgeServer(Kind kind, const QString &repository = QStringLiteral("acme/widgets"),
                             QObject *parent = nullptr);

    bool listen();
    // The API base as agentdesk.forgeApiUrl gives it: http://127.0.0.1:PORT/api/v3 (a GitHub
    // Enterprise address), /api/v4, /api/v1.
    QString apiUrl() const;
    QString webBase() const; // http://127.0.0.1:PORT

    void setToken(const QString &token) { m_token = token; }
    QList<Pull> &pulls() { return m_pulls; }
    const Pull *pull(int number) const;
    // The commit statuses (each {"state"|"status", "context"|"name", ...} in the forge's own
    // form) and, for GitHub, check runs of a commit.
    void setStatuses(const QString &sha, const QJsonArray &statuses) { m_statuses[sha] = statuses; }
    void setCheckRuns(const QString &sha, const QJsonArray &runs) { m_checkRuns[sha] = runs; }
    // The next pull request listing answers as if there were none (another publisher's race).
    void hideFromNextList() { m_hideNextList = true; }
    // Adds closed pull requests for other branches before the test's one (Gitea pagination).
    void addNoise(int count);

    FakeProviderServer &http() { return m_http; }
    // Requests whose method is `method` and whose path (without query) ends with `suffix`.
    int count(const QByteArray &method, const QByteArray &suffix) const;
    QList<RecordedRequest> requestsTo(const QByteArray &method, const QByteArray &suffix) const;

private:
    ScriptedResponse respond(const RecordedRequest &request);
    ScriptedResponse json(int status, const QJsonValue &value) const;
    ScriptedResponse error(int status, const QString &message) const;
    bool authorized(const RecordedRequest &request) const;
    QJsonObject pullJson(const Pull &pull) const;
    QJsonObject mergeRequestJson(const Pull &pull) const;
    ScriptedResponse routeGitHub(const QByteArray &method, const QString &path,
                                 const RecordedRequest &request);
    ScriptedResponse routeGitLab(const QByteArray &method, const QString &path,
                                 const RecordedRequest &request);
    ScriptedResponse routeGitea(const QByteArray &method, const QString &path,
                                const RecordedRequest &request);
    ScriptedResponse listPulls(const QString &head, int page, int limit);
    ScriptedResponse createPull(const QJsonObject &body);
    ScriptedResponse updatePull(int number, const QJsonObject &body);
    ScriptedResponse combinedStatus(const QString &sha) const;
    Pull *findPull(int number);

    Kind m_kind;
    QString m_repository;
    QString m_token;
    FakeProviderServer m_http;
    QList<Pull> m_pulls;
    QHash<QString, QJsonArray> m_statuses;
    QHash<QString, QJsonArray> m_checkRuns;
    bool m_hideNextList = false;
    int m_nextNumber = 1;
};

} // namespace agentdesk::test
