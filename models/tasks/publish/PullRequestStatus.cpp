#include "tasks/publish/PullRequestStatus.h"

#include "store/StoreWriter.h"

#include <QJsonArray>

namespace agentdesk::tasks {

namespace {

QString dateText(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

forge::ChecksSnapshot snapshotOf(const store::PullRequestRecord &record)
{
    forge::ChecksSnapshot snapshot;
    snapshot.sha = record.checksSha;
    snapshot.state = forge::checksStateFromId(record.checksState);
    snapshot.items = forge::checkItemsFromJson(record.checks);
    snapshot.at = record.checkedAt;
    return snapshot;
}

QString nounOf(const store::PullRequestRecord &record)
{
    return record.forge == QLatin1String("gitlab") ? QStringLiteral("merge request")
                                                   : QStringLiteral("pull request");
}

} // namespace

QJsonObject pullRequestJson(const store::PullRequestRecord &record)
{
    const forge::ChecksSnapshot checks = snapshotOf(record);
    return QJsonObject{
        {QStringLiteral("number"), record.number},
        {QStringLiteral("url"), record.url},
        {QStringLiteral("state"), record.state},
        {QStringLiteral("draft"), record.draft},
        {QStringLiteral("title"), record.title},
        {QStringLiteral("forge"), record.forge},
        {QStringLiteral("host"), record.host},
        {QStringLiteral("repository"), record.repository},
        {QStringLiteral("remote"), record.remote},
        {QStringLiteral("head_branch"), record.headBranch},
        {QStringLiteral("base_branch"), record.baseBranch},
        {QStringLiteral("head_sha"), record.headSha},
        {QStringLiteral("iteration"), record.iteration},
        {QStringLiteral("confirmed"), record.confirmed},
        {QStringLiteral("last_error"), record.lastError},
        {QStringLiteral("updated_at"), dateText(record.updatedAt)},
        {QStringLiteral("checks"),
         QJsonObject{{QStringLiteral("state"), record.checksState},
                     {QStringLiteral("sha"), record.checksSha},
                     {QStringLiteral("summary"), checks.summary()},
                     {QStringLiteral("items"), record.checks},
                     {QStringLiteral("checked_at"), dateText(record.checkedAt)}}},
    };
}

std::optional<QString> forgeChecksGateReason(const std::optional<store::PullRequestRecord> &record,
                                             const QString &validatedHead)
{
    if (!record || !record->published())
        return QStringLiteral("The repository waits for the forge's checks, and the task is not "
                              "published yet: publish it as a pull request first.");
    const QString noun = nounOf(*record);
    if (record->headSha != validatedHead)
        return QStringLiteral("The %1 (#%2) is at %3, not at the validated commit %4: publish "
                              "again so the forge checks what would be merged.")
            .arg(noun, QString::number(record->number), record->headSha.left(10),
                 validatedHead.left(10));
    if (record->checksSha != validatedHead || !record->checkedAt.isValid())
        return QStringLiteral("The forge has not reported checks for %1 yet.")
            .arg(validatedHead.left(10));
    const forge::ChecksSnapshot checks = snapshotOf(*record);
    switch (checks.state) {
    case forge::ChecksState::None:
        return QStringLiteral("The forge reports no checks at all for %1; the repository asks "
                              "for passing checks, and none is not a pass.")
            .arg(validatedHead.left(10));
    case forge::ChecksState::Pending:
        return QStringLiteral("The forge's checks are still running (%1).").arg(checks.summary());
    case forge::ChecksState::Failed: {
        QStringList failed;
        for (const forge::CheckItem &item : checks.items) {
            if (item.state == forge::ChecksState::Failed)
                failed.append(item.name);
        }
        return QStringLiteral("The forge's checks failed: %1.")
            .arg(failed.join(QStringLiteral(", ")));
    }
    case forge::ChecksState::Passed:
        return std::nullopt;
    }
    return std::nullopt;
}

VoidResult recordFollowerUpdate(store::StoreWriter &writer, TaskId id,
                                const forge::PullRequest &pullRequest,
                                const forge::ChecksSnapshot &checks)
{
    return writer.updatePullRequestStatus(id, forge::pullRequestStateId(pullRequest.state),
                                          forge::checksStateId(checks.state), checks.sha,
                                          forge::checkItemsToJson(checks.items));
}

} // namespace agentdesk::tasks
