#include "tasks/publish/PublishPlan.h"

#include "store/StoreReader.h"
#include "store/StoreWriter.h"
#include "tasks/publish/PublishContent.h"

namespace agentdesk::tasks {

Result<forge::PublishRequest> planPublish(store::StoreReader &reader, TaskId id,
                                          const PublishOptions &options)
{
    auto source = loadPublishSource(reader, id);
    if (!source) {
        if (auto state = reader.taskState(id); state && !state->has_value())
            return makeError(QStringLiteral("not-found"),
                             QStringLiteral("There is no task %1.").arg(id));
        return source.error();
    }
    const store::TaskRecord &task = source->task;
    if (task.state != TaskState::ReadyForReview)
        return makeError(QStringLiteral("publish-not-ready"),
                         QStringLiteral("Task %1 is %2; a task is published once it waits for "
                                        "review.")
                             .arg(QString::number(id), taskStateDisplayName(task.state)));
    auto stored = reader.pullRequest(id);
    if (!stored)
        return stored.error();
    const std::optional<store::PullRequestRecord> &record = *stored;

    forge::PublishRequest request;
    request.taskId = id;
    request.iteration = source->iteration.number;
    request.repositoryPath = task.spec.repositoryPath;
    request.localBranch = task.branch;
    request.remoteBranch = record ? record->headBranch : task.branch;
    request.baseBranch = !options.baseBranch.isEmpty() ? options.baseBranch
                         : record                      ? record->baseBranch
                                                       : task.spec.baseBranch;
    request.title = options.title ? *options.title : record ? record->title : task.spec.title;
    request.draft = options.draft || (record && record->draft);
    request.expectedHeadSha = source->iteration.headCommit;
    // Only what AgentDesk itself pushed may be replaced; a first push replaces nothing.
    request.leaseSha = record ? record->headSha : QString();
    if (options.body)
        request.body = *options.body;
    else if (record && !record->confirmed && record->iteration == request.iteration)
        request.body = record->body; // an interrupted publish resumes with what it was sending
    else
        request.report = buildPullRequestReport(*source);
    return request;
}

store::PullRequestRecord recordFromIntent(const forge::PublishIntent &intent)
{
    store::PullRequestRecord record;
    record.taskId = intent.taskId;
    record.forge = forge::forgeKindId(intent.target.kind);
    record.host = intent.target.host;
    record.apiUrl = intent.target.apiUrl.toString();
    record.repository = intent.target.repository;
    record.remote = intent.target.remote;
    record.headBranch = intent.remoteBranch;
    record.baseBranch = intent.baseBranch;
    record.title = intent.title;
    record.body = intent.body;
    record.draft = intent.draft;
    record.iteration = intent.iteration;
    return record;
}

store::PullRequestRecord recordFromResult(const forge::PublishIntent &intent,
                                          const forge::PublishResult &result)
{
    store::PullRequestRecord record = recordFromIntent(intent);
    record.confirmed = true;
    record.number = result.pullRequest.number;
    record.url = result.pullRequest.url;
    record.state = forge::pullRequestStateId(result.pullRequest.state);
    record.draft = result.pullRequest.draft;
    record.headSha = result.pushedSha;
    if (result.checks) {
        record.checksState = forge::checksStateId(result.checks->state);
        record.checksSha = result.checks->sha;
        record.checks = forge::checkItemsToJson(result.checks->items);
        record.checkedAt =
            result.checks->at.isValid() ? result.checks->at : QDateTime::currentDateTimeUtc();
    }
    return record;
}

VoidResult StorePublishJournal::recordIntent(const forge::PublishIntent &intent)
{
    return m_writer.recordPublishIntent(recordFromIntent(intent));
}

void StorePublishJournal::recordPushed(const forge::PublishIntent &intent)
{
    // Best effort: if this is lost, the next push finds the remote already at this commit.
    (void)m_writer.recordPushedHead(intent.taskId, intent.headSha);
}

VoidResult StorePublishJournal::recordPublished(const forge::PublishIntent &intent,
                                                const forge::PublishResult &result)
{
    return m_writer.recordPublished(recordFromResult(intent, result));
}

void StorePublishJournal::recordFailure(qint64 taskId, const Error &error)
{
    // Best effort: the failure is reported to the caller either way.
    (void)m_writer.recordPublishFailure(taskId, error.message);
}

} // namespace agentdesk::tasks
