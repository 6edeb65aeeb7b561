#include "forge/ForgeClient.h"

#include "forge/GitHubClient.h"
#include "forge/GitLabClient.h"
#include "forge/GiteaClient.h"

#include <QPointer>
#include <QRegularExpression>

namespace agentdesk::forge {

ForgeClient::ForgeClient(QNetworkAccessManager *network, const ForgeTarget &target,
                         const ForgeToken &token, QObject *parent)
    : QObject(parent)
    , m_http(new ForgeHttp(network, target, token, this))
{}

QString ForgeClient::titleWithDraftPrefix(ForgeKind kind, const QString &title, bool draft)
{
    bool already = false;
    const QString bare = titleWithoutDraftPrefix(title, &already);
    if (!draft)
        return bare;
    switch (kind) {
    case ForgeKind::GitHub:
        return bare; // a field of its own
    case ForgeKind::GitLab:
        return QStringLiteral("Draft: ") + bare;
    case ForgeKind::Gitea:
        return QStringLiteral("WIP: ") + bare;
    }
    return bare;
}

QString ForgeClient::titleWithoutDraftPrefix(const QString &title, bool *wasDraft)
{
    // GitLab's prefixes (and the old WIP), Gitea's default work-in-progress prefixes.
    static const QRegularExpression prefix(
        QStringLiteral("^\\s*(\\[draft\\]|\\(draft\\)|draft:|draft\\s+-|\\[wip\\]|wip:)\\s*"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = prefix.match(title);
    if (wasDraft)
        *wasDraft = match.hasMatch();
    return match.hasMatch() ? title.mid(match.capturedLength()) : title;
}

void ForgeClient::publish(const PullRequestDraft &draft, Callback<PublishedPullRequest> done)
{
    QPointer<ForgeClient> self(this);
    findPullRequest(draft.headBranch,
                    [self, draft, done](Result<std::optional<PullRequest>> found) {
                        if (!self)
                            return;
                        if (!found) {
                            done(found.error());
                            return;
                        }
                        if (found->has_value())
                            self->updateExisting(**found, draft, done);
                        else
                            self->createOrAdopt(draft, done);
                    });
}

void ForgeClient::updateExisting(const PullRequest &existing, const PullRequestDraft &draft,
                                 Callback<PublishedPullRequest> done)
{
    if (existing.state == PullRequestState::Merged) {
        done(makeError(QStringLiteral("forge-already-merged"),
                       QStringLiteral("The %1 for %2 (#%3) is already merged: %4. Publish the "
                                      "new work as a new task.")
                           .arg(pullRequestNoun(target().kind), draft.headBranch)
                           .arg(existing.number)
                           .arg(existing.url)));
        return;
    }
    const bool reopen = existing.state == PullRequestState::Closed;
    updatePullRequest(existing.number, draft, existing.draft, reopen,
                      [done, reopen](Result<PullRequest> updated) {
                          if (!updated) {
                              done(updated.error());
                              return;
                          }
                          done(PublishedPullRequest{*updated, false, reopen});
                      });
}

void ForgeClient::createOrAdopt(const PullRequestDraft &draft, Callback<PublishedPullRequest> done)
{
    QPointer<ForgeClient> self(this);
    createPullRequest(draft, [self, draft, done](Result<CreateOutcome> outcome) {
        if (!self)
            return;
        if (!outcome) {
            done(outcome.error());
            return;
        }
        if (outcome->created) {
            done(PublishedPullRequest{*outcome->created, true, false});
            return;
        }
        // Someone opened one between our look and our create: adopt it.
        const auto adopt = [self, draft, done](Result<PullRequest> existing) {
            if (!self)
                return;
            if (!existing) {
                done(existing.error());
                return;
            }
            self->updateExisting(*existing, draft, done);
        };
        if (outcome->existingNumber > 0) {
            self->pullRequest(outcome->existingNumber, adopt);
            return;
        }
        self->findPullRequest(draft.headBranch, [self, draft, done,
                                                 adopt](Result<std::optional<PullRequest>> found) {
            if (!self)
                return;
            if (!found) {
                done(found.error());
                return;
            }
            if (!found->has_value()) {
                done(makeError(QStringLiteral("forge-rejected"),
                               QStringLiteral("%1 says a %2 for %3 already exists but "
                                              "does not list it.")
                                   .arg(forgeKindDisplayName(self->target().kind),
                                        pullRequestNoun(self->target().kind), draft.headBranch)));
                return;
            }
            adopt(**found);
        });
    });
}

std::unique_ptr<ForgeClient> makeForgeClient(QNetworkAccessManager *network,
                                             const ForgeTarget &target, const ForgeToken &token,
                                             QObject *parent)
{
    switch (target.kind) {
    case ForgeKind::GitHub:
        return std::make_unique<GitHubClient>(network, target, token, parent);
    case ForgeKind::GitLab:
        return std::make_unique<GitLabClient>(network, target, token, parent);
    case ForgeKind::Gitea:
        return std::make_unique<GiteaClient>(network, target, token, parent);
    }
    return nullptr;
}

} // namespace agentdesk::forge
