#include "forge/GitHubClient.h"

#include <QJsonArray>
#include <QPointer>

namespace agentdesk::forge {

namespace {

QString encoded(const QString &segment)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(segment));
}

ChecksState checkRunState(const QString &status, const QString &conclusion)
{
    if (status != QLatin1String("completed"))
        return ChecksState::Pending; // queued, in_progress, waiting, requested, pending
    static const QStringList passing{QStringLiteral("success"), QStringLiteral("neutral"),
                                     QStringLiteral("skipped")};
    if (passing.contains(conclusion))
        return ChecksState::Passed;
    if (conclusion.isEmpty())
        return ChecksState::Pending;
    return ChecksState::Failed; // failure, cancelled, timed_out, action_required, stale, ...
}

} // namespace

QString GitHubClient::repoPath() const
{
    return QStringLiteral("/repos/%1/%2").arg(encoded(target().owner()), encoded(target().name()));
}

std::optional<PullRequest> GitHubClient::parsePullRequest(const QJsonObject &json)
{
    if (!json.value(QStringLiteral("number")).isDouble())
        return std::nullopt;
    PullRequest pr;
    pr.number = json.value(QStringLiteral("number")).toInt();
    pr.url = json.value(QStringLiteral("html_url")).toString();
    const bool merged = json.value(QStringLiteral("merged")).toBool() ||
                        json.value(QStringLiteral("merged_at")).isString();
    if (merged)
        pr.state = PullRequestState::Merged;
    else if (json.value(QStringLiteral("state")).toString() == QLatin1String("closed"))
        pr.state = PullRequestState::Closed;
    pr.draft = json.value(QStringLiteral("draft")).toBool();
    pr.title = json.value(QStringLiteral("title")).toString();
    pr.body = json.value(QStringLiteral("body")).toString(); // null for an empty body
    const QJsonObject head = json.value(QStringLiteral("head")).toObject();
    pr.headBranch = head.value(QStringLiteral("ref")).toString();
    pr.headSha = head.value(QStringLiteral("sha")).toString();
    pr.baseBranch =
        json.value(QStringLiteral("base")).toObject().value(QStringLiteral("ref")).toString();
    return pr;
}

CheckItem GitHubClient::parseStatus(const QJsonObject &json)
{
    CheckItem item;
    item.kind = QStringLiteral("status");
    item.name = json.value(QStringLiteral("context")).toString();
    item.status = json.value(QStringLiteral("state")).toString();
    item.url = json.value(QStringLiteral("target_url")).toString();
    if (item.status == QLatin1String("success"))
        item.state = ChecksState::Passed;
    else if (item.status == QLatin1String("failure") || item.status == QLatin1String("error"))
        item.state = ChecksState::Failed;
    else
        item.state = ChecksState::Pending;
    return item;
}

CheckItem GitHubClient::parseCheckRun(const QJsonObject &json)
{
    CheckItem item;
    item.kind = QStringLiteral("check-run");
    item.name = json.value(QStringLiteral("name")).toString();
    item.status = json.value(QStringLiteral("status")).toString();
    item.conclusion = json.value(QStringLiteral("conclusion")).toString();
    item.url = json.value(QStringLiteral("html_url")).toString();
    if (item.url.isEmpty())
        item.url = json.value(QStringLiteral("details_url")).toString();
    item.state = checkRunState(item.status, item.conclusion);
    return item;
}

void GitHubClient::findPullRequest(const QString &headBranch,
                                   Callback<std::optional<PullRequest>> done)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("head"), target().owner() + QLatin1Char(':') + headBranch);
    query.addQueryItem(QStringLiteral("state"), QStringLiteral("all"));
    query.addQueryItem(QStringLiteral("per_page"), QStringLiteral("100"));
    QPointer<GitHubClient> self(this);
    http().get(repoPath() + QStringLiteral("/pulls"), query,
               [self, headBranch, done](const ForgeResponse &response) {
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
                   std::optional<PullRequest> best;
                   for (const QJsonValue &value : response.json.array()) {
                       std::optional<PullRequest> pr = parsePullRequest(value.toObject());
                       // The head filter matches by owner and name; check anyway.
                       if (!pr || pr->headBranch != headBranch)
                           continue;
                       const bool better = !best ||
                                           (pr->state == PullRequestState::Open &&
                                            best->state != PullRequestState::Open) ||
                                           ((pr->state == PullRequestState::Open) ==
                                                (best->state == PullRequestState::Open) &&
                                            pr->number > best->number);
                       if (better)
                           best = pr;
                   }
                   done(best);
               });
}

void GitHubClient::createPullRequest(const PullRequestDraft &draft, Callback<CreateOutcome> done)
{
    const QJsonObject body{{QStringLiteral("title"), draft.title},
                           {QStringLiteral("head"), draft.headBranch},
                           {QStringLiteral("base"), draft.baseBranch},
                           {QStringLiteral("body"), draft.body},
                           {QStringLiteral("draft"), draft.draft}};
    QPointer<GitHubClient> self(this);
    http().send("POST", repoPath() + QStringLiteral("/pulls"), QUrlQuery(), body, false,
                [self, done](const ForgeResponse &response) {
                    if (!self)
                        return;
                    const QString what = QStringLiteral("Creating the pull request");
                    if (response.status == 422 &&
                        serverMessage(response.json)
                            .contains(QLatin1String("already exists"), Qt::CaseInsensitive)) {
                        CreateOutcome exists;
                        exists.alreadyExists = true;
                        done(exists);
                        return;
                    }
                    if (!response.ok()) {
                        done(self->http().describe(response, what));
                        return;
                    }
                    std::optional<PullRequest> pr = parsePullRequest(response.json.object());
                    if (!pr) {
                        done(self->http().badResponse(what));
                        return;
                    }
                    CreateOutcome created;
                    created.created = pr;
                    done(created);
                });
}

void GitHubClient::updatePullRequest(int number, const PullRequestDraft &draft, bool, bool reopen,
                                     Callback<PullRequest> done)
{
    QJsonObject body{{QStringLiteral("title"), draft.title}, {QStringLiteral("body"), draft.body}};
    if (reopen)
        body.insert(QStringLiteral("state"), QStringLiteral("open"));
    QPointer<GitHubClient> self(this);
    http().send("PATCH", repoPath() + QStringLiteral("/pulls/%1").arg(number), QUrlQuery(), body,
                false, [self, done, number](const ForgeResponse &response) {
                    if (!self)
                        return;
                    const QString what = QStringLiteral("Updating pull request #%1").arg(number);
                    if (!response.ok()) {
                        done(self->http().describe(response, what));
                        return;
                    }
                    std::optional<PullRequest> pr = parsePullRequest(response.json.object());
                    if (!pr) {
                        done(self->http().badResponse(what));
                        return;
                    }
                    done(*pr);
                });
}

void GitHubClient::pullRequest(int number, Callback<PullRequest> done)
{
    QPointer<GitHubClient> self(this);
    http().get(
        repoPath() + QStringLiteral("/pulls/%1").arg(number), QUrlQuery(),
        [self, done, number](const ForgeResponse &response) {
            if (!self)
                return;
            const QString what = QStringLiteral("Reading pull request #%1").arg(number);
            if (!response.ok()) {
                done(self->http().describe(response, what));
                return;
            }
            std::optional<PullRequest> pr = parsePullRequest(response.json.object());
            if (!pr) {
                done(self->http().badResponse(what));
                return;
            }
            done(*pr);
        },
        true);
}

void GitHubClient::checks(const QString &sha, Callback<ChecksSnapshot> done)
{
    const QString commit = repoPath() + QStringLiteral("/commits/") + encoded(sha);
    QPointer<GitHubClient> self(this);
    http().get(
        commit + QStringLiteral("/status"), QUrlQuery(),
        [self, done, sha, commit](const ForgeResponse &status) {
            if (!self)
                return;
            const QString what = QStringLiteral("Reading the checks of %1").arg(sha.left(10));
            if (!status.ok()) {
                done(self->http().describe(status, what));
                return;
            }
            ChecksSnapshot snapshot;
            snapshot.sha = sha;
            snapshot.at = QDateTime::currentDateTimeUtc();
            for (const QJsonValue &value :
                 status.json.object().value(QStringLiteral("statuses")).toArray())
                snapshot.items.append(parseStatus(value.toObject()));
            QUrlQuery query;
            query.addQueryItem(QStringLiteral("per_page"), QStringLiteral("100"));
            self->http().get(
                commit + QStringLiteral("/check-runs"), query,
                [self, done, snapshot, what,
                 statusNotModified = status.notModified](const ForgeResponse &runs) mutable {
                    if (!self)
                        return;
                    if (!runs.ok()) {
                        done(self->http().describe(runs, what));
                        return;
                    }
                    for (const QJsonValue &value :
                         runs.json.object().value(QStringLiteral("check_runs")).toArray())
                        snapshot.items.append(parseCheckRun(value.toObject()));
                    // "pending" with no statuses is GitHub's word for "nothing reported":
                    // only the items decide, and none means no checks.
                    snapshot.state = combineChecks(snapshot.items);
                    snapshot.notModified = statusNotModified && runs.notModified;
                    done(snapshot);
                },
                true);
        },
        true);
}

void GitHubClient::testConnection(Callback<ConnectionReport> done)
{
    QPointer<GitHubClient> self(this);
    http().get(QStringLiteral("/user"), QUrlQuery(), [self, done](const ForgeResponse &user) {
        if (!self)
            return;
        const QString what = QStringLiteral("Testing the connection");
        if (!user.ok()) {
            done(self->http().describe(user, what));
            return;
        }
        ConnectionReport report;
        report.login = user.json.object().value(QStringLiteral("login")).toString();
        report.scopes = QString::fromLatin1(user.header("x-oauth-scopes"));
        self->http().get(self->repoPath(), QUrlQuery(),
                         [self, done, report, what](const ForgeResponse &repo) mutable {
                             if (!self)
                                 return;
                             if (!repo.ok()) {
                                 done(self->http().describe(repo, what));
                                 return;
                             }
                             report.repositoryFound = true;
                             report.canPush = repo.json.object()
                                                  .value(QStringLiteral("permissions"))
                                                  .toObject()
                                                  .value(QStringLiteral("push"))
                                                  .toBool();
                             report.summary =
                                 QStringLiteral("Signed in to GitHub as %1; %2 %3.")
                                     .arg(report.login, self->target().repository,
                                          report.canPush ? QStringLiteral("accepts pushes")
                                                         : QStringLiteral("is read-only "
                                                                          "for this token"));
                             done(report);
                         });
    });
}

} // namespace agentdesk::forge
