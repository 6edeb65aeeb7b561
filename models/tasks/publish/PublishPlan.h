#pragma once

#include "core/Result.h"
#include "forge/PublishFlow.h"
#include "store/PullRequestRecord.h"
#include "tasks/TaskId.h"

#include <optional>

namespace agentdesk::store {
class StoreReader;
class StoreWriter;
} // namespace agentdesk::store

namespace agentdesk::tasks {

struct PublishOptions
{
    bool draft = false;
    std::optional<QString> title; // the Publish dialog's; else the stored one, else the task's
    std::optional<QString> body;  // the dialog's edited text; else built from the report
    QString baseBranch;           // empty: the stored one, else the task's base branch
};

// The PublishFlow request for a task, from the store: its branch and latest report, and what
// an earlier publish left. A pull request already published keeps its title, branch and
// number (a revision updates it: the body is the new iteration's report, the push replaces
// only the commit AgentDesk pushed last). A publish that never got confirmed resumes with the
// title and body it was sending. Code publish-not-ready unless the task waits for review.
Result<forge::PublishRequest> planPublish(store::StoreReader &reader, TaskId id,
                                          const PublishOptions &options = {});

// The journal on the store's writer: the intent before the push, the confirmed record after.
// Blocks on the writer: use it on a worker or the headless command's thread, never the GUI's.
class StorePublishJournal : public forge::PublishJournal
{
public:
    explicit StorePublishJournal(store::StoreWriter &writer)
        : m_writer(writer)
    {}

    VoidResult recordIntent(const forge::PublishIntent &intent) override;
    void recordPushed(const forge::PublishIntent &intent) override;
    VoidResult recordPublished(const forge::PublishIntent &intent,
                               const forge::PublishResult &result) override;
    void recordFailure(qint64 taskId, const Error &error) override;

private:
    store::StoreWriter &m_writer;
};

// The stored form of a publish.
store::PullRequestRecord recordFromIntent(const forge::PublishIntent &intent);
store::PullRequestRecord recordFromResult(const forge::PublishIntent &intent,
                                          const forge::PublishResult &result);

} // namespace agentdesk::tasks
