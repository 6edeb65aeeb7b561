#include "forge/GitLabClient.h"

#include <QJsonArray>
#include <QPointer>
#include <QRegularExpression>

namespace agentdesk::forge {

namespace {

// GitLab's access levels: 30 is Developer, the first that may push.
constexpr int kDeveloperAccess = 30;

ChecksState jobState(const QString &status, bool allowFailure)
{
    if (status == QLatin1String("success") || status == QLatin1String("skipped"))
        return ChecksState::Passed;
    if (status == QLatin1String("failed") || status == QLatin1String("canceled"))
        return allowFailure ? ChecksState::Passed : ChecksState::Failed;
    // A manual job waits for a person; one allowed to fail does not hold the pipeline.
    if (status == QLatin1String("manual"))
        return allowFailure ? ChecksState::Passed : ChecksState::Pending;
    return ChecksState::Pending; // created, pending, running, preparing, scheduled, ...
}

int accessLevel(const QJsonObject &permissions, const QString &key)
{
    return permissions.value(key).toObject().value(QStringLiteral("access_level")).toInt();
}

} // namespace

QString GitLabClient::projectPath() const
{
    // The project id may be its full path, URL-encoded: "group%2Fsub%2Fproject".
    return QStringLiteral("/projects/") +
           QString::fromLatin1(QUrl::toPercentEncoding(target().repository));
}

std::optional<PullRequest> GitLabClient::parsePullRequest(const QJsonObject &json)
{
    if (!json.value(QStringLiteral("iid")).isDouble())
        return std::nullopt;
    PullRequest pr;
    pr.number = json.value(QStringLiteral("iid")).toInt();
    pr.url = json.value(QStringLiteral("web_url")).toString();
    const QString state = json.value(QStringLiteral("state")).toString();
    // "merged" is authoritative; merge_status still says can_be_merged after a merge.
    if (state == QLatin1String("merged"))
        pr.state = PullRequestState::Merged;
    else if (state == QLatin1String("closed"))
        pr.state = PullRequestState::Closed;
    bool prefixed = false;
    pr.title = titleWithoutDraftPrefix(json.value(QStringLiteral("title")).toString(), &prefixed);
    pr.draft = json.value(QStringLiteral("draft")).toBool() ||
               json.value(QStringLiteral("work_in_progress")).toBool() || prefixed;
    pr.body = json.value(QStringLiteral("description")).toString();
    pr.headBranch = json.value(QStringLiteral("source_branch")).toString();
    pr.baseBranch = json.value(QStringLiteral("target_branch")).toString();
    pr.headSha = json.value(QStringLiteral("sha")).toString();
    return pr;
}

CheckItem GitLabClient::parseStatus(const QJsonObject &json)
{
    CheckItem item;
    item.kind = QStringLiteral("status");
    item.name = json.value(QStringLiteral("name")).toString();
    item.status = json.value(QStringLiteral("status")).toString();
    item.url = json.value(QStringLiteral("target_url")).toString();
    item.state = jobState(item.status, json.value(QStringLiteral("allow_failure")).toBool());
    return item;
}

int GitLabClient::duplicateIid(const QString &message)
{
    static const QRegularExpression iid(QStringLiteral("!(\\d+)"));
    const QRegularExpressionMatch match = iid.match(message);
    return match.hasMatch() ? match.captured(1).toInt() : 0;
}

void GitLabClient::findPullRequest(const QString &headBranch,
                                   Callback<std::optional<PullRequest>> done)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("source_branch"), headBranch);
    query.addQueryItem(QStringLiteral("per_page"), QStringLiteral("100"));
    http().get(projectPath() + QStringLiteral("/merge_requests"), query,
               expect<std::optional<PullRequest>>(
                   QStringLiteral("Looking for the merge request of %1").arg(headBranch), done,
                   [headBranch](
                       const ForgeResponse &response) -> std::optional<std::optional<PullRequest>> {
                       if (!response.json.isArray())
                           return std::nullopt;
                       std::optional<PullRequest> best;
                       for (const QJsonValue &value : response.json.array()) {
                           std::optional<PullRequest> pr = parsePullRequest(value.toObject());
                           if (!pr || pr->headBranch != headBranch)
                               continue;
                           const bool open = pr->state == PullRequestState::Open;
                           const bool bestOpen = best && best->state == PullRequestState::Open;
                           if (!best || (open && !bestOpen) ||
                               (open == bestOpen && pr->number > best->number))
                               best = pr;
                       }
                       return best;
                   }));
}

void GitLabClient::createPullRequest(const PullRequestDraft &draft, Callback<CreateOutcome> done)
{
    const QJsonObject body{{QStringLiteral("source_branch"), draft.headBranch},
                           {QStringLiteral("target_branch"), draft.baseBranch},
                           {QStringLiteral("title"),
                            titleWithDraftPrefix(ForgeKind::GitLab, draft.title, draft.draft)},
                           {QStringLiteral("description"), draft.body}};
    QPointer<GitLabClient> self(this);
    const auto created =
        expect<CreateOutcome>(QStringLiteral("Creating the merge request"), done,
                              [](const ForgeResponse &response) -> std::optional<CreateOutcome> {
                                  std::optional<PullRequest> pr =
                                      parsePullRequest(response.json.object());
                                  if (!pr)
                                      return std::nullopt;
                                  CreateOutcome outcome;
                                  outcome.created = pr;
                                  return outcome;
                              });
    http().send("POST", projectPath() + QStringLiteral("/merge_requests"), QUrlQuery(), body, false,
                [self, done, created](const ForgeResponse &response) {
                    if (!self)
                        return;
                    // 409: "Another open merge request already exists for this source
                    // branch: !7".
                    if (response.status == 409) {
                        CreateOutcome exists;
                        exists.alreadyExists = true;
                        exists.existingNumber = duplicateIid(serverMessage(response.json));
                        done(exists);
                        return;
                    }
                    created(response);
                });
}

void GitLabClient::updatePullRequest(int number, const PullRequestDraft &draft, bool keepDraft,
                                     bool reopen, Callback<PullRequest> done)
{
    QJsonObject body{
        {QStringLiteral("title"), titleWithDraftPrefix(ForgeKind::GitLab, draft.title, keepDraft)},
        {QStringLiteral("description"), draft.body}};
    if (reopen)
        body.insert(QStringLiteral("state_event"), QStringLiteral("reopen"));
    http().send("PUT", projectPath() + QStringLiteral("/merge_requests/%1").arg(number),
                QUrlQuery(), body, false,
                expect<PullRequest>(QStringLiteral("Updating merge request !%1").arg(number), done,
                                    [](const ForgeResponse &response) {
                                        return parsePullRequest(response.json.object());
                                    }));
}

void GitLabClient::pullRequest(int number, Callback<PullRequest> done)
{
    http().get(projectPath() + QStringLiteral("/merge_requests/%1").arg(number), QUrlQuery(),
               expect<PullRequest>(QStringLiteral("Reading merge request !%1").arg(number), done,
                                   [](const ForgeResponse &response) {
                                       return parsePullRequest(response.json.object());
                                   }),
               true);
}

void GitLabClient::checks(const QString &sha, Callback<ChecksSnapshot> done)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("per_page"), QStringLiteral("100"));
    http().get(projectPath() + QStringLiteral("/repository/commits/%1/statuses")
                                   .arg(QString::fromLatin1(QUrl::toPercentEncoding(sha))),
               query,
               expect<ChecksSnapshot>(
                   QStringLiteral("Reading the checks of %1").arg(sha.left(10)), done,
                   [sha](const ForgeResponse &response) -> std::optional<ChecksSnapshot> {
                       if (!response.json.isArray())
                           return std::nullopt;
                       ChecksSnapshot snapshot;
                       snapshot.sha = sha;
                       snapshot.at = QDateTime::currentDateTimeUtc();
                       snapshot.notModified = response.notModified;
                       for (const QJsonValue &value : response.json.array())
                           snapshot.items.append(parseStatus(value.toObject()));
                       snapshot.state = combineChecks(snapshot.items);
                       return snapshot;
                   }),
               true);
}

void GitLabClient::testConnection(Callback<ConnectionReport> done)
{
    QPointer<GitLabClient> self(this);
    const QString what = QStringLiteral("Testing the connection");
    http().get(
        QStringLiteral("/user"), QUrlQuery(),
        expect<ConnectionReport>(
            what,
            [self, done, what](Result<ConnectionReport> user) {
                if (!self)
                    return;
                if (!user) {
                    done(user);
                    return;
                }
                const ConnectionReport partial = *user;
                self->http().get(
                    self->projectPath(), QUrlQuery(),
                    self->expect<ConnectionReport>(
                        what, done,
                        [partial,
                         self](const ForgeResponse &response) -> std::optional<ConnectionReport> {
                            ConnectionReport report = partial;
                            const QJsonObject permissions =
                                response.json.object()
                                    .value(QStringLiteral("permissions"))
                                    .toObject();
                            report.repositoryFound = true;
                            report.canPush =
                                std::max(
                                    accessLevel(permissions, QStringLiteral("project_access")),
                                    accessLevel(permissions, QStringLiteral("group_access"))) >=
                                kDeveloperAccess;
                            report.summary =
                                QStringLiteral("Signed in to GitLab as %1; %2 %3.")
                                    .arg(report.login, self ? self->target().repository : QString(),
                                         report.canPush ? QStringLiteral("accepts pushes")
                                                        : QStringLiteral("is read-only for this "
                                                                         "token"));
                            return report;
                        }));
            },
            [](const ForgeResponse &response) -> std::optional<ConnectionReport> {
                ConnectionReport report;
                report.login = response.json.object().value(QStringLiteral("username")).toString();
                return report;
            }));
}

} // namespace agentdesk::forge
