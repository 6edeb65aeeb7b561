#include "FakeForgeServer.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

namespace agentdesk::test {

namespace {

const QString kCreated = QStringLiteral("2026-09-01T12:00:00Z");

QJsonObject user()
{
    return QJsonObject{{QStringLiteral("login"), QStringLiteral("alice")},
                       {QStringLiteral("id"), 1},
                       {QStringLiteral("type"), QStringLiteral("User")}};
}

QString pathOf(const QByteArray &target)
{
    const qsizetype question = target.indexOf('?');
    return QString::fromLatin1(question < 0 ? target : target.left(question));
}

QUrlQuery queryOf(const QByteArray &target)
{
    const qsizetype question = target.indexOf('?');
    return QUrlQuery(question < 0 ? QString() : QString::fromLatin1(target.mid(question + 1)));
}

QString queryValue(const QUrlQuery &query, const QString &name)
{
    return query.queryItemValue(name, QUrl::FullyDecoded);
}

bool startsWithDraft(const QString &title, const QStringList &prefixes)
{
    for (const QString &prefix : prefixes) {
        if (title.startsWith(prefix, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace

FakeForgeServer::FakeForgeServer(Kind kind, const QString &repository, QObject *parent)
    : QObject(parent)
    , m_kind(kind)
    , m_repository(repository)
{
    m_http.setResponder([this](const RecordedRequest &request) { return respond(request); });
}

bool FakeForgeServer::listen()
{
    return m_http.listen();
}

QString FakeForgeServer::webBase() const
{
    return m_http.baseUrl().toString();
}

QString FakeForgeServer::apiUrl() const
{
    switch (m_kind) {
    case Kind::GitHub:
        return webBase() + QStringLiteral("/api/v3");
    case Kind::GitLab:
        return webBase() + QStringLiteral("/api/v4");
    case Kind::Gitea:
        return webBase() + QStringLiteral("/api/v1");
    }
    return QString();
}

const FakeForgeServer::Pull *FakeForgeServer::pull(int number) const
{
    for (const Pull &p : m_pulls) {
        if (p.number == number)
            return &p;
    }
    return nullptr;
}

FakeForgeServer::Pull *FakeForgeServer::findPull(int number)
{
    for (Pull &p : m_pulls) {
        if (p.number == number)
            return &p;
    }
    return nullptr;
}

void FakeForgeServer::addNoise(int count)
{
    for (int i = 0; i < count; ++i) {
        Pull noise;
        noise.number = m_nextNumber++;
        noise.title = QStringLiteral("Older change %1").arg(noise.number);
        noise.head = QStringLiteral("feature/old-%1").arg(noise.number);
        noise.base = QStringLiteral("main");
        noise.state = QStringLiteral("closed");
        noise.headSha = QString(40, QLatin1Char('a'));
        m_pulls.append(noise);
    }
}

int FakeForgeServer::count(const QByteArray &method, const QByteArray &suffix) const
{
    return int(requestsTo(method, suffix).size());
}

QList<RecordedRequest> FakeForgeServer::requestsTo(const QByteArray &method,
                                                   const QByteArray &suffix) const
{
    QList<RecordedRequest> matching;
    for (const RecordedRequest &request : m_http.requests()) {
        if (request.method == method && pathOf(request.path).endsWith(QString::fromLatin1(suffix)))
            matching.append(request);
    }
    return matching;
}

ScriptedResponse FakeForgeServer::json(int status, const QJsonValue &value) const
{
    const QByteArray body = value.isArray()
                                ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                                : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    ScriptedResponse response =
        ScriptedResponse::body(status, "application/json; charset=utf-8", body);
    if (status == 200)
        response.header("etag",
                        "W/\"" + QCryptographicHash::hash(body, QCryptographicHash::Md5).toHex() +
                            "\"");
    if (m_kind == Kind::GitHub) {
        response.header("x-ratelimit-limit", "5000");
        response.header("x-ratelimit-remaining", "4999");
        response.header("x-github-api-version-selected", "2022-11-28");
    }
    return response;
}

ScriptedResponse FakeForgeServer::error(int status, const QString &message) const
{
    switch (m_kind) {
    case Kind::GitHub:
        return json(status, QJsonObject{{QStringLiteral("message"), message},
                                        {QStringLiteral("documentation_url"),
                                         QStringLiteral("https://docs.github.com/rest")},
                                        {QStringLiteral("status"), QString::number(status)}});
    case Kind::GitLab:
        return json(status, QJsonObject{{QStringLiteral("message"), message}});
    case Kind::Gitea:
        return json(status, QJsonObject{{QStringLiteral("message"), message},
                                        {QStringLiteral("url"),
                                         QString(webBase() + QStringLiteral("/api/swagger"))}});
    }
    return json(status, QJsonObject());
}

bool FakeForgeServer::authorized(const RecordedRequest &request) const
{
    const QByteArray token = m_token.toUtf8();
    const QByteArray authorization = request.header("authorization");
    if (authorization == "Bearer " + token || authorization == "token " + token)
        return true;
    return m_kind == Kind::GitLab && request.header("private-token") == token;
}

QJsonObject FakeForgeServer::mergeRequestJson(const Pull &p) const
{
    const QJsonValue mergedAt =
        p.state == QLatin1String("merged") ? QJsonValue(kCreated) : QJsonValue(QJsonValue::Null);
    const bool draft = startsWithDraft(
        p.title, {QStringLiteral("Draft:"), QStringLiteral("[Draft]"), QStringLiteral("(Draft)")});
    return QJsonObject{
        {QStringLiteral("id"), 5000 + p.number},
        {QStringLiteral("iid"), p.number},
        {QStringLiteral("project_id"), 7},
        {QStringLiteral("title"), p.title},
        {QStringLiteral("description"), p.body},
        {QStringLiteral("state"),
         p.state == QLatin1String("open") ? QStringLiteral("opened") : p.state},
        {QStringLiteral("created_at"), kCreated},
        {QStringLiteral("updated_at"), kCreated},
        {QStringLiteral("merged_at"), mergedAt},
        {QStringLiteral("target_branch"), p.base},
        {QStringLiteral("source_branch"), p.head},
        {QStringLiteral("source_project_id"), 7},
        {QStringLiteral("target_project_id"), 7},
        {QStringLiteral("author"),
         QJsonObject{{QStringLiteral("username"), QStringLiteral("alice")}}},
        {QStringLiteral("draft"), draft},
        {QStringLiteral("work_in_progress"), draft},
        {QStringLiteral("merge_status"), QStringLiteral("can_be_merged")},
        {QStringLiteral("detailed_merge_status"), QStringLiteral("mergeable")},
        {QStringLiteral("sha"), p.headSha},
        {QStringLiteral("web_url"),
         QString(webBase() + QLatin1Char('/') + m_repository +
                 QStringLiteral("/-/merge_requests/") + QString::number(p.number))},
        {QStringLiteral("references"),
         QJsonObject{{QStringLiteral("short"), QStringLiteral("!%1").arg(p.number)},
                     {QStringLiteral("full"),
                      QString(m_repository + QStringLiteral("!%1").arg(p.number))}}},
    };
}

QJsonObject FakeForgeServer::pullJson(const Pull &p) const
{
    if (m_kind == Kind::GitLab)
        return mergeRequestJson(p);
    const QJsonObject repo{{QStringLiteral("id"), 7},
                           {QStringLiteral("name"), m_repository.section(QLatin1Char('/'), 1)},
                           {QStringLiteral("full_name"), m_repository}};
    const QString owner = m_repository.section(QLatin1Char('/'), 0, 0);
    const bool merged = p.state == QLatin1String("merged");
    const QJsonValue mergedAt = merged ? QJsonValue(kCreated) : QJsonValue(QJsonValue::Null);
    const bool gitea = m_kind == Kind::Gitea;
    const QString page = webBase() + QLatin1Char('/') + m_repository +
                         (gitea ? QStringLiteral("/pulls/") : QStringLiteral("/pull/")) +
                         QString::number(p.number);
    QJsonObject head{{QStringLiteral("label"), gitea ? p.head : owner + QLatin1Char(':') + p.head},
                     {QStringLiteral("ref"), p.head},
                     {QStringLiteral("sha"), p.headSha},
                     {QStringLiteral("repo"), repo}};
    QJsonObject base{{QStringLiteral("label"), gitea ? p.base : owner + QLatin1Char(':') + p.base},
                     {QStringLiteral("ref"), p.base},
                     {QStringLiteral("sha"), QString(40, QLatin1Char('b'))},
                     {QStringLiteral("repo"), repo}};
    QJsonObject out{
        {QStringLiteral("id"), 1000 + p.number},
        {QStringLiteral("number"), p.number},
        {QStringLiteral("html_url"), page},
        {QStringLiteral("diff_url"), QString(page + QStringLiteral(".diff"))},
        {QStringLiteral("state"),
         p.state == QLatin1String("open") ? QStringLiteral("open") : QStringLiteral("closed")},
        {QStringLiteral("title"), p.title},
        {QStringLiteral("user"), user()},
        {QStringLiteral("body"),
         p.body.isEmpty() && !gitea ? QJsonValue(QJsonValue::Null) : QJsonValue(p.body)},
        {QStringLiteral("created_at"), kCreated},
        {QStringLiteral("updated_at"), kCreated},
        {QStringLiteral("merged_at"), mergedAt},
        {QStringLiteral("merge_commit_sha"), QJsonValue(QJsonValue::Null)},
        {QStringLiteral("head"), head},
        {QStringLiteral("base"), base},
    };
    if (gitea) {
        out.insert(QStringLiteral("merged"), merged);
        out.insert(QStringLiteral("mergeable"), true);
        out.insert(QStringLiteral("is_locked"), false);
        out.insert(QStringLiteral("url"), page);
        out.insert(QStringLiteral("draft"),
                   startsWithDraft(p.title, {QStringLiteral("WIP:"), QStringLiteral("[WIP]")}));
    } else {
        out.insert(QStringLiteral("node_id"), QStringLiteral("PR_kwDOAAAB%1").arg(p.number));
        out.insert(QStringLiteral("url"),
                   QString(apiUrl() + QStringLiteral("/repos/") + m_repository +
                           QStringLiteral("/pulls/") + QString::number(p.number)));
        out.insert(QStringLiteral("locked"), false);
        out.insert(QStringLiteral("draft"), p.draft);
        out.insert(QStringLiteral("author_association"), QStringLiteral("OWNER"));
    }
    return out;
}

ScriptedResponse FakeForgeServer::respond(const RecordedRequest &request)
{
    const QString path = pathOf(request.path);
    const QString prefix = QUrl(apiUrl()).path();
    if (!path.startsWith(prefix))
        return error(404, QStringLiteral("Not Found"));
    if (!authorized(request)) {
        switch (m_kind) {
        case Kind::GitHub:
            return error(401, QStringLiteral("Bad credentials"));
        case Kind::GitLab:
            return error(401, QStringLiteral("401 Unauthorized"));
        case Kind::Gitea:
            return error(401, QStringLiteral("invalid username, password or token"));
        }
    }
    const QString rest = path.mid(prefix.size());
    ScriptedResponse response = m_kind == Kind::GitHub ? routeGitHub(request.method, rest, request)
                                : m_kind == Kind::GitLab
                                    ? routeGitLab(request.method, rest, request)
                                    : routeGitea(request.method, rest, request);
    if (response.status == 200 && request.method == "GET") {
        for (const auto &[name, value] : response.headers) {
            if (name == "etag" && request.header("if-none-match") == value) {
                ScriptedResponse notModified = ScriptedResponse::body(304, "application/json", {});
                notModified.headers = {{"etag", value}};
                return notModified;
            }
        }
    }
    return response;
}

ScriptedResponse FakeForgeServer::listPulls(const QString &head, int page, int limit)
{
    QJsonArray array;
    if (m_hideNextList) {
        m_hideNextList = false;
        return json(200, array);
    }
    QList<Pull> matching;
    for (const Pull &p : std::as_const(m_pulls)) {
        if (head.isEmpty() || p.head == head)
            matching.prepend(p); // newest first, as the forges list them
    }
    for (qsizetype i = qsizetype(page - 1) * limit;
         i < matching.size() && i < qsizetype(page) * limit; ++i)
        array.append(pullJson(matching.at(i)));
    return json(200, array);
}

ScriptedResponse FakeForgeServer::createPull(const QJsonObject &body)
{
    const bool gitlab = m_kind == Kind::GitLab;
    Pull p;
    p.title = body.value(QStringLiteral("title")).toString();
    p.head =
        body.value(gitlab ? QStringLiteral("source_branch") : QStringLiteral("head")).toString();
    p.base =
        body.value(gitlab ? QStringLiteral("target_branch") : QStringLiteral("base")).toString();
    p.body = body.value(gitlab ? QStringLiteral("description") : QStringLiteral("body")).toString();
    p.draft = body.value(QStringLiteral("draft")).toBool();
    if (p.title.isEmpty() || p.head.isEmpty() || p.base.isEmpty())
        return error(422, QStringLiteral("Validation Failed"));
    for (const Pull &existing : std::as_const(m_pulls)) {
        if (existing.head != p.head || existing.state != QLatin1String("open"))
            continue;
        switch (m_kind) {
        case Kind::GitHub:
            return json(
                422, QJsonObject{
                         {QStringLiteral("message"), QStringLiteral("Validation Failed")},
                         {QStringLiteral("errors"),
                          QJsonArray{QJsonObject{
                              {QStringLiteral("resource"), QStringLiteral("PullRequest")},
                              {QStringLiteral("code"), QStringLiteral("custom")},
                              {QStringLiteral("message"),
                               QStringLiteral("A pull request already exists for %1:%2.")
                                   .arg(m_repository.section(QLatin1Char('/'), 0, 0), p.head)}}}},
                         {QStringLiteral("documentation_url"),
                          QStringLiteral("https://docs.github.com/rest/pulls/"
                                         "pulls#create-a-pull-request")},
                         {QStringLiteral("status"), QStringLiteral("422")}});
        case Kind::GitLab:
            return json(409, QJsonObject{{QStringLiteral("message"),
                                          QJsonArray{QStringLiteral("Another open merge request "
                                                                    "already exists for this "
                                                                    "source branch: !%1")
                                                         .arg(existing.number)}}});
        case Kind::Gitea:
            return error(409, QStringLiteral("pull request already exists for these targets [id: "
                                             "%1, issue_id: %2, head_repo_id: 7, base_repo_id: 7, "
                                             "head_branch: %3, base_branch: %4]")
                                  .arg(QString::number(900 + existing.number),
                                       QString::number(300 + existing.number), existing.head,
                                       existing.base));
        }
    }
    p.number = m_nextNumber++;
    p.headSha = QString(40, QLatin1Char('c'));
    m_pulls.append(p);
    return json(201, pullJson(p));
}

ScriptedResponse FakeForgeServer::updatePull(int number, const QJsonObject &body)
{
    Pull *p = findPull(number);
    if (!p)
        return error(404, m_kind == Kind::GitLab ? QStringLiteral("404 Not found")
                                                 : QStringLiteral("Not Found"));
    if (body.contains(QStringLiteral("title")))
        p->title = body.value(QStringLiteral("title")).toString();
    const QString bodyKey =
        m_kind == Kind::GitLab ? QStringLiteral("description") : QStringLiteral("body");
    if (body.contains(bodyKey))
        p->body = body.value(bodyKey).toString();
    if (body.value(QStringLiteral("state")).toString() == QLatin1String("open") ||
        body.value(QStringLiteral("state_event")).toString() == QLatin1String("reopen"))
        p->state = QStringLiteral("open");
    // Gitea answers an edit with 201 Created.
    return json(m_kind == Kind::Gitea ? 201 : 200, pullJson(*p));
}

ScriptedResponse FakeForgeServer::combinedStatus(const QString &sha) const
{
    const QJsonArray statuses = m_statuses.value(sha);
    QString state =
        m_kind == Kind::Gitea && statuses.isEmpty() ? QString() : QStringLiteral("success");
    bool pending = statuses.isEmpty() && m_kind == Kind::GitHub;
    for (const QJsonValue &value : statuses) {
        const QString s =
            value.toObject()
                .value(m_kind == Kind::Gitea ? QStringLiteral("status") : QStringLiteral("state"))
                .toString();
        if (s == QLatin1String("failure") || s == QLatin1String("error"))
            state = QStringLiteral("failure");
        else if (s == QLatin1String("pending"))
            pending = true;
    }
    if (pending && state != QLatin1String("failure"))
        state = QStringLiteral("pending"); // GitHub: no statuses at all read "pending"
    return json(200, QJsonObject{{QStringLiteral("state"), state},
                                 {QStringLiteral("statuses"), statuses},
                                 {QStringLiteral("sha"), sha},
                                 {QStringLiteral("total_count"), statuses.size()},
                                 {QStringLiteral("commit_url"),
                                  QString(apiUrl() + QStringLiteral("/repos/") + m_repository +
                                          QStringLiteral("/commits/") + sha)}});
}

ScriptedResponse FakeForgeServer::routeGitHub(const QByteArray &method, const QString &path,
                                              const RecordedRequest &request)
{
    const QString repo = QStringLiteral("/repos/") + m_repository;
    const QUrlQuery query = queryOf(request.path);
    if (path == QLatin1String("/user"))
        return json(200, user()).header("x-oauth-scopes", "repo, read:org");
    if (path == repo)
        return json(200, QJsonObject{{QStringLiteral("full_name"), m_repository},
                                     {QStringLiteral("permissions"),
                                      QJsonObject{{QStringLiteral("push"), true}}}});
    if (!path.startsWith(repo + QLatin1Char('/')))
        return error(404, QStringLiteral("Not Found"));
    const QString rest = path.mid(repo.size());
    static const QRegularExpression pullNumber(QStringLiteral("^/pulls/(\\d+)$"));
    static const QRegularExpression commit(
        QStringLiteral("^/commits/([0-9a-f]+)/(status|check-runs)$"));
    if (rest == QLatin1String("/pulls") && method == "GET") {
        // head=owner:branch
        const QString head = queryValue(query, QStringLiteral("head"));
        return listPulls(head.section(QLatin1Char(':'), 1), 1, 100);
    }
    if (rest == QLatin1String("/pulls") && method == "POST")
        return createPull(request.json());
    if (const QRegularExpressionMatch m = pullNumber.match(rest); m.hasMatch()) {
        if (method == "PATCH")
            return updatePull(m.captured(1).toInt(), request.json());
        const Pull *p = pull(m.captured(1).toInt());
        if (!p)
            return error(404, QStringLiteral("Not Found"));
        QJsonObject one = pullJson(*p);
        one.insert(QStringLiteral("merged"), p->state == QLatin1String("merged"));
        return json(200, one);
    }
    if (const QRegularExpressionMatch m = commit.match(rest); m.hasMatch()) {
        if (m.captured(2) == QLatin1String("status"))
            return combinedStatus(m.captured(1));
        const QJsonArray runs = m_checkRuns.value(m.captured(1));
        return json(200, QJsonObject{{QStringLiteral("total_count"), runs.size()},
                                     {QStringLiteral("check_runs"), runs}});
    }
    return error(404, QStringLiteral("Not Found"));
}

ScriptedResponse FakeForgeServer::routeGitLab(const QByteArray &method, const QString &path,
                                              const RecordedRequest &request)
{
    const QString project =
        QStringLiteral("/projects/") + QString::fromLatin1(QUrl::toPercentEncoding(m_repository));
    if (path == QLatin1String("/user"))
        return json(200, QJsonObject{{QStringLiteral("id"), 1},
                                     {QStringLiteral("username"), QStringLiteral("alice")}});
    if (path == project)
        return json(200,
                    QJsonObject{{QStringLiteral("path_with_namespace"), m_repository},
                                {QStringLiteral("permissions"),
                                 QJsonObject{{QStringLiteral("project_access"),
                                              QJsonObject{{QStringLiteral("access_level"), 40}}},
                                             {QStringLiteral("group_access"),
                                              QJsonValue(QJsonValue::Null)}}}});
    if (!path.startsWith(project + QLatin1Char('/')))
        return error(404, QStringLiteral("404 Project Not Found"));
    const QString rest = path.mid(project.size());
    static const QRegularExpression mrNumber(QStringLiteral("^/merge_requests/(\\d+)$"));
    static const QRegularExpression statuses(
        QStringLiteral("^/repository/commits/([0-9a-f]+)/statuses$"));
    if (rest == QLatin1String("/merge_requests") && method == "GET")
        return listPulls(queryValue(queryOf(request.path), QStringLiteral("source_branch")), 1,
                         100);
    if (rest == QLatin1String("/merge_requests") && method == "POST")
        return createPull(request.json());
    if (const QRegularExpressionMatch m = mrNumber.match(rest); m.hasMatch()) {
        if (method == "PUT")
            return updatePull(m.captured(1).toInt(), request.json());
        const Pull *p = pull(m.captured(1).toInt());
        return p ? json(200, pullJson(*p)) : error(404, QStringLiteral("404 Not found"));
    }
    if (const QRegularExpressionMatch m = statuses.match(rest); m.hasMatch())
        return json(200, m_statuses.value(m.captured(1)));
    return error(404, QStringLiteral("404 Not Found"));
}

ScriptedResponse FakeForgeServer::routeGitea(const QByteArray &method, const QString &path,
                                             const RecordedRequest &request)
{
    const QString repo = QStringLiteral("/repos/") + m_repository;
    if (path == QLatin1String("/user"))
        return json(200, user());
    if (path == repo)
        return json(200, QJsonObject{{QStringLiteral("full_name"), m_repository},
                                     {QStringLiteral("permissions"),
                                      QJsonObject{{QStringLiteral("admin"), false},
                                                  {QStringLiteral("push"), true},
                                                  {QStringLiteral("pull"), true}}}});
    if (!path.startsWith(repo + QLatin1Char('/')))
        return json(404, QJsonObject{{QStringLiteral("errors"), QJsonValue(QJsonValue::Null)},
                                     {QStringLiteral("message"), QStringLiteral("not found")},
                                     {QStringLiteral("url"),
                                      QString(webBase() + QStringLiteral("/api/swagger"))}});
    const QString rest = path.mid(repo.size());
    static const QRegularExpression pullNumber(QStringLiteral("^/pulls/(\\d+)$"));
    static const QRegularExpression status(QStringLiteral("^/commits/([0-9a-f]+)/status$"));
    if (rest == QLatin1String("/pulls") && method == "GET") {
        const QUrlQuery query = queryOf(request.path);
        const int limit = queryValue(query, QStringLiteral("limit")).toInt();
        const int page = queryValue(query, QStringLiteral("page")).toInt();
        // The list has no head filter: every pull request, a page at a time.
        return listPulls(QString(), page > 0 ? page : 1, limit > 0 ? limit : 30);
    }
    if (rest == QLatin1String("/pulls") && method == "POST")
        return createPull(request.json());
    if (const QRegularExpressionMatch m = pullNumber.match(rest); m.hasMatch()) {
        if (method == "PATCH")
            return updatePull(m.captured(1).toInt(), request.json());
        const Pull *p = pull(m.captured(1).toInt());
        return p ? json(200, pullJson(*p)) : error(404, QStringLiteral("not found"));
    }
    if (const QRegularExpressionMatch m = status.match(rest); m.hasMatch())
        return combinedStatus(m.captured(1));
    return error(404, QStringLiteral("not found"));
}

} // namespace agentdesk::test
