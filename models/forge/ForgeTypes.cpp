#include "forge/ForgeTypes.h"

#include <QJsonObject>

namespace agentdesk::forge {

QString forgeKindId(ForgeKind kind)
{
    switch (kind) {
    case ForgeKind::GitHub:
        return QStringLiteral("github");
    case ForgeKind::GitLab:
        return QStringLiteral("gitlab");
    case ForgeKind::Gitea:
        return QStringLiteral("gitea");
    }
    return QString();
}

std::optional<ForgeKind> forgeKindFromId(const QString &id)
{
    const QString lower = id.trimmed().toLower();
    if (lower == QLatin1String("github"))
        return ForgeKind::GitHub;
    if (lower == QLatin1String("gitlab"))
        return ForgeKind::GitLab;
    // Forgejo is a Gitea fork with the same REST API.
    if (lower == QLatin1String("gitea") || lower == QLatin1String("forgejo"))
        return ForgeKind::Gitea;
    return std::nullopt;
}

QString forgeKindDisplayName(ForgeKind kind)
{
    switch (kind) {
    case ForgeKind::GitHub:
        return QStringLiteral("GitHub");
    case ForgeKind::GitLab:
        return QStringLiteral("GitLab");
    case ForgeKind::Gitea:
        return QStringLiteral("Gitea");
    }
    return QString();
}

QString pullRequestNoun(ForgeKind kind)
{
    return kind == ForgeKind::GitLab ? QStringLiteral("merge request")
                                     : QStringLiteral("pull request");
}

QString ForgeTarget::owner() const
{
    const qsizetype slash = repository.lastIndexOf(QLatin1Char('/'));
    return slash < 0 ? QString() : repository.left(slash);
}

QString ForgeTarget::name() const
{
    return repository.mid(repository.lastIndexOf(QLatin1Char('/')) + 1);
}

QUrl ForgeTarget::webUrl() const
{
    QUrl url = apiUrl;
    // The API of github.com lives on its own host; the others under /api/vN on the web host.
    if (url.host() == QLatin1String("api.github.com"))
        url.setHost(QStringLiteral("github.com"));
    url.setPath(QLatin1Char('/') + repository);
    url.setQuery(QString());
    return url;
}

QString pullRequestStateId(PullRequestState state)
{
    switch (state) {
    case PullRequestState::Open:
        return QStringLiteral("open");
    case PullRequestState::Merged:
        return QStringLiteral("merged");
    case PullRequestState::Closed:
        return QStringLiteral("closed");
    }
    return QString();
}

std::optional<PullRequestState> pullRequestStateFromId(const QString &id)
{
    if (id == QLatin1String("open"))
        return PullRequestState::Open;
    if (id == QLatin1String("merged"))
        return PullRequestState::Merged;
    if (id == QLatin1String("closed"))
        return PullRequestState::Closed;
    return std::nullopt;
}

QString checksStateId(ChecksState state)
{
    switch (state) {
    case ChecksState::None:
        return QStringLiteral("none");
    case ChecksState::Pending:
        return QStringLiteral("pending");
    case ChecksState::Passed:
        return QStringLiteral("passed");
    case ChecksState::Failed:
        return QStringLiteral("failed");
    }
    return QString();
}

ChecksState checksStateFromId(const QString &id)
{
    if (id == QLatin1String("pending"))
        return ChecksState::Pending;
    if (id == QLatin1String("passed"))
        return ChecksState::Passed;
    if (id == QLatin1String("failed"))
        return ChecksState::Failed;
    return ChecksState::None;
}

int ChecksSnapshot::count(ChecksState itemState) const
{
    int n = 0;
    for (const CheckItem &item : items)
        n += item.state == itemState ? 1 : 0;
    return n;
}

QString ChecksSnapshot::summary() const
{
    if (items.isEmpty())
        return QStringLiteral("no checks");
    QStringList parts{
        QStringLiteral("%1 of %2 passed").arg(count(ChecksState::Passed)).arg(items.size())};
    if (const int failed = count(ChecksState::Failed))
        parts.append(QStringLiteral("%1 failed").arg(failed));
    if (const int pending = count(ChecksState::Pending))
        parts.append(QStringLiteral("%1 running").arg(pending));
    return parts.join(QStringLiteral(", "));
}

ChecksState combineChecks(const QList<CheckItem> &items)
{
    if (items.isEmpty())
        return ChecksState::None;
    bool pending = false;
    for (const CheckItem &item : items) {
        if (item.state == ChecksState::Failed)
            return ChecksState::Failed;
        pending = pending || item.state == ChecksState::Pending || item.state == ChecksState::None;
    }
    return pending ? ChecksState::Pending : ChecksState::Passed;
}

QJsonArray checkItemsToJson(const QList<CheckItem> &items)
{
    QJsonArray array;
    for (const CheckItem &item : items)
        array.append(QJsonObject{{QStringLiteral("name"), item.name},
                                 {QStringLiteral("kind"), item.kind},
                                 {QStringLiteral("status"), item.status},
                                 {QStringLiteral("conclusion"), item.conclusion},
                                 {QStringLiteral("url"), item.url},
                                 {QStringLiteral("state"), checksStateId(item.state)}});
    return array;
}

QList<CheckItem> checkItemsFromJson(const QJsonArray &array)
{
    QList<CheckItem> items;
    for (const QJsonValue &value : array) {
        const QJsonObject o = value.toObject();
        CheckItem item;
        item.name = o.value(QStringLiteral("name")).toString();
        item.kind = o.value(QStringLiteral("kind")).toString();
        item.status = o.value(QStringLiteral("status")).toString();
        item.conclusion = o.value(QStringLiteral("conclusion")).toString();
        item.url = o.value(QStringLiteral("url")).toString();
        item.state = checksStateFromId(o.value(QStringLiteral("state")).toString());
        items.append(item);
    }
    return items;
}

} // namespace agentdesk::forge
