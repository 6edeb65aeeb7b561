#include "forge/GiteaClient.h"

#include <QJsonArray>
#include <QPointer>

namespace agentdesk::forge {

namespace {

constexpr int kPageSize = 50;
// Pull requests are listed newest first; a task's branch is recent, so this is plenty.
constexpr int kMaxPages = 20;

QString encoded(const QString &segment)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(segment));
}

bool better(const PullRequest &candidate, const std::optional<PullRequest> &best)
{
    const bool open = candidate.state == PullRequestState::Open;
    const bool bestOpen = best && best->state == PullRequestState::Open;
    return !best || (open && !bestOpen) || (open == bestOpen && candidate.number > best->number);
}

} // namespace

QString GiteaClient::repoPath() const
{
    return QStringLiteral("/repos/%1/%2").arg(encoded(target().owner()), encoded(target().name()));
}

std::optional<PullRequest> GiteaClient::parsePullRequest(const QJsonObject &json)
{
    if (!json.value(QStringLiteral("number")).isDouble())
        return std::nullopt;
    PullRequest pr;
    pr.number = json.value(QStringLiteral("number")).toInt();
    pr.url = json.value(QStringLiteral("html_url")).toString();
    if (json.value(QStringLiteral("merged")).toBool())
        pr.state = PullRequestState::Merged;
    else if (json.value(QStringLiteral("state")).toString() == QLatin1String("closed"))
        pr.state = PullRequestState::Closed;
    bool prefixed = false;
    pr.title = titleWithoutDraftPrefix(json.value(QStringLiteral("title")).toString(), &prefixed);
    pr.draft = json.value(QStringLiteral("draft")).toBool() || prefixed;
    pr.body = json.value(QStringLiteral("body")).toString();
    const QJsonObject head = json.value(QStringLiteral("head")).toObject();
    pr.headBranch = head.value(QStringLiteral("ref")).toString();
    pr.headSha = head.value(QStringLiteral("sha")).toString();
    pr.baseBranch =
        json.value(QStringLiteral("base")).toObject().value(QStringLiteral("ref")).toString();
    return pr;
}

CheckItem GiteaClient::parseStatus(const QJsonObject &json)
{
    CheckItem item;
    item.kind = QStringLiteral("status");
    item.name = json.value(QStringLiteral("context")).toString();
    // Gitea names it "status" per item ("state" on the combined object).
    item.status = json.value(QStringLiteral("status")).toString();
    if (item.status.isEmpty())
        item.status = json.value(QStringLiteral("state")).toString();
    item.url = json.value(QStringLiteral("target_url")).toString();
    if (item.status == QLatin1String("success") || item.status == QLatin1String("warning"))
        item.state = ChecksState::Passed;
    else if (item.status == QLatin1String("failure") || item.status == QLatin1String("error"))
        item.state = ChecksState::Failed;
    else
        item.state = ChecksState::Pending;
    return item;
}

void GiteaClient::findPullRequest(const QString &headBranch,
                                  Callback<std::optional<PullRequest>> done)
{
    findOnPage(headBranch, 1, std::nullopt, std::move(done));
}

void GiteaClient::findOnPage(const QString &headBranch, int page, std::optional<PullRequest> best,
                             Callback<std::optional<PullRequest>> done)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("state"), QStringLiteral("all"));
    query.addQueryItem(QStringLiteral("limit"), QString::number(kPageSize));
    query.addQueryItem(QStringLiteral("page"), QString::number(page));
    QPointer<GiteaClient> self(this);
    http().get(repoPath() + QStringLiteral("/pulls"), query,
               [self, headBranch, page, best, done](const ForgeResponse &response) mutable {
                   if (!self)
                       return;
                   const QString what =
                       QStringLiteral("Looking for the pull request of %1").arg(headBranch);
                   if (!response.ok()) {
                       done(self->http().describe(response, what));
                       return;
                   }
                   if (!response.json.isArray()) {
                       done(self->http().badResponse(what));
                       return;
                   }
                   const QJsonArray pulls = response.json.array();
                   for (const QJsonValue &value : pulls) {
                       std::optional<PullRequest> pr = parsePullRequest(value.toObject());
                       if (pr && pr->headBranch == headBranch && better(*pr, best))
                           best = pr;
                   }
                   const bool lastPage = pulls.size() < kPageSize || page >= kMaxPages;
                   if (lastPage || (best && best->state == PullRequestState::Open)) {
                       done(best);
                       return;
                   }
                   self->findOnPage(headBranch, page + 1, best, done);
               });
}

void GiteaClient::createPullRequest(const PullRequestDraft &draft, Callback<CreateOutcome> done)
{
    const QJsonObject body{
        {QStringLiteral("title"), titleWithDraftPrefix(ForgeKind::Gitea, draft.title, draft.draft)},
        {QStringLiteral("head"), draft.headBranch},
        {QStringLiteral("base"), draft.baseBranch},
        {QStringLiteral("body"), draft.body}};
    QPointer<GiteaClient> self(this);
    const auto created =
        expect<CreateOutcome>(QStringLiteral("Creating the pull request"), done,
                              [](const ForgeResponse &response) -> std::optional<CreateOutcome> {
                                  std::optional<PullRequest> pr =
                                      parsePullRequest(response.json.object());
                                  if (!pr)
                                      return std::nullopt;
                                  CreateOutcome outcome;
                                  outcome.created = pr;
                                  return outcome;
                              });
    http().send("POST", repoPath() + QStringLiteral("/pulls"), QUrlQuery(), body, false,
                [self, done, created](const ForgeResponse &response) {
                    if (!self)
                        return;
                    // 409 "pull request already exists for these targets [id: …, issue_id:
                    // …]": those are database ids, not the number; the list says which.
                    if (response.status == 409) {
                        CreateOutcome exists;
                        exists.alreadyExists = true;
                        done(exists);
                        return;
                    }
                    created(response);
                });
}

void GiteaClient::updatePullRequest(int number, const PullRequestDraft &draft, bool keepDraft,
                                    bool reopen, Callback<PullRequest> done)
{
    QJsonObject body{
        {QStringLiteral("title"), titleWithDraftPrefix(ForgeKind::Gitea, draft.title, keepDraft)},
        {QStringLiteral("body"), draft.body}};
    if (reopen)
        body.insert(QStringLiteral("state"), QStringLiteral("open"));
    // Gitea answers an edit with 201.
    http().send("PATCH", repoPath() + QStringLiteral("/pulls/%1").arg(number), QUrlQuery(), body,
                false,
                expect<PullRequest>(QStringLiteral("Updating pull request #%1").arg(number), done,
                                    [](const ForgeResponse &response) {
                                        return parsePullRequest(response.json.object());
                                    }));
}

void GiteaClient::pullRequest(int number, Callback<PullRequest> done)
{
    http().get(repoPath() + QStringLiteral("/pulls/%1").arg(number), QUrlQuery(),
               expect<PullRequest>(QStringLiteral("Reading pull request #%1").arg(number), done,
                                   [](const ForgeResponse &response) {
                                       return parsePullRequest(response.json.object());
                                   }),
               true);
}

void GiteaClient::checks(const QString &sha, Callback<ChecksSnapshot> done)
{
    http().get(repoPath() + QStringLiteral("/commits/%1/status").arg(encoded(sha)), QUrlQuery(),
               expect<ChecksSnapshot>(
                   QStringLiteral("Reading the checks of %1").arg(sha.left(10)), done,
                   [sha](const ForgeResponse &response) -> std::optional<ChecksSnapshot> {
                       if (!response.json.isObject())
                           return std::nullopt;
                       ChecksSnapshot snapshot;
                       snapshot.sha = sha;
                       snapshot.at = QDateTime::currentDateTimeUtc();
                       snapshot.notModified = response.notModified;
                       for (const QJsonValue &value :
                            response.json.object().value(QStringLiteral("statuses")).toArray())
                           snapshot.items.append(parseStatus(value.toObject()));
                       snapshot.state = combineChecks(snapshot.items);
                       return snapshot;
                   }),
               true);
}

void GiteaClient::testConnection(Callback<ConnectionReport> done)
{
    QPointer<GiteaClient> self(this);
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
                const QString repository = self->target().repository;
                self->http().get(
                    self->repoPath(), QUrlQuery(),
                    self->expect<ConnectionReport>(
                        what, done,
                        [partial, repository](
                            const ForgeResponse &response) -> std::optional<ConnectionReport> {
                            ConnectionReport report = partial;
                            report.repositoryFound = true;
                            report.canPush = response.json.object()
                                                 .value(QStringLiteral("permissions"))
                                                 .toObject()
                                                 .value(QStringLiteral("push"))
                                                 .toBool();
                            report.summary =
                                QStringLiteral("Signed in to Gitea as %1; %2 %3.")
                                    .arg(report.login, repository,
                                         report.canPush ? QStringLiteral("accepts pushes")
                                                        : QStringLiteral("is read-only for this "
                                                                         "token"));
                            return report;
                        }));
            },
            [](const ForgeResponse &response) -> std::optional<ConnectionReport> {
                ConnectionReport report;
                report.login = response.json.object().value(QStringLiteral("login")).toString();
                return report;
            }));
}

} // namespace agentdesk::forge
