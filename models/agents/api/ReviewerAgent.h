#pragma once

#include "agents/AgentEvent.h"
#include "agents/AgentOutcome.h"
#include "agents/api/ApiAgentConfig.h"
#include "agents/api/ReviewSubmission.h"
#include "cost/Ledger.h"
#include "git/DiffTypes.h"
#include "llm/ChatTypes.h"
#include "review/DiffDocument.h"

#include <QObject>

#include <memory>
#include <optional>
#include <vector>

namespace agentdesk::agents {

class MeteredChat;
class FileTools;
class WorktreePaths;

// What the reviewer sees: the task, the diff, the validation summary, and read-only files at
// the branch head. Never the implementer's transcript: there is no field for it.
struct ReviewRequest
{
    QString title;
    QString prompt;
    QString headWorktree; // files at the branch head, read-only
    std::vector<git::FileDelta> diff;
    // The review document of the same diff, for anchoring; built from `diff` when null.
    review::DiffDocumentPtr document;
    QString validationSummary;
    QString model;
    std::optional<Money> remainingBudget;
    int maxTurns = 0; // 0: the config's default (at most 12 for a review)
};

struct ReviewOutcome
{
    OutcomeKind kind = OutcomeKind::Failed;
    QString errorCode; // "malformed-review", "no-review", "budget-reached", a provider code
    QString reason;
    std::vector<review::Finding> findings; // anchored against the document
    review::ReviewVerdict verdict;
    TokenUsage usage;
    std::optional<Money> cost;
    int turns = 0;

    bool succeeded() const { return kind == OutcomeKind::Succeeded; }
};

// The reviewer: a fresh conversation on the thread that owns it. It may read files with
// list_directory, read_file and search_text (any other tool is refused), and must answer
// through the forced `submit_review` tool: every turn requires a tool call, and the last
// allowed turn requires submit_review itself. The answer is validated strictly; a malformed
// one is sent back once with the list of errors, then the review fails with
// "malformed-review". Findings whose file or lines the diff does not show are kept, marked
// unanchored. Metered and budgeted like the implementer, as role "reviewer".
class ReviewerAgent : public QObject
{
    Q_OBJECT

public:
    explicit ReviewerAgent(ApiAgentConfig config, QObject *parent = nullptr);
    ~ReviewerAgent() override;

    VoidResult start(ReviewRequest request);
    // Stops at once; finished() follows with OutcomeKind::Cancelled.
    void cancel();
    bool isRunning() const { return m_running; }

    // The first message of the conversation: the task, the validation and the numbered diff.
    static QString briefing(const ReviewRequest &request);

Q_SIGNALS:
    void eventOccurred(const agentdesk::agents::AgentEvent &event);
    void ledgerEntryRecorded(const agentdesk::cost::LedgerEntry &entry);
    void finished(const agentdesk::agents::ReviewOutcome &outcome);

private:
    void nextTurn();
    void onCallFinished(const llm::FinalMessage &message, Money cost);
    void onCallFailed(const llm::ChatError &error);
    bool handleSubmission(const llm::ContentBlock &call, QList<llm::ContentBlock> &results);
    llm::ContentBlock runReadTool(const llm::ContentBlock &call);
    void appendUserText(const QString &text);
    void end(OutcomeKind kind, const QString &code, const QString &reason);

    ApiAgentConfig m_config;
    ReviewRequest m_request;
    std::unique_ptr<MeteredChat> m_chat;
    std::unique_ptr<WorktreePaths> m_paths;
    std::unique_ptr<FileTools> m_files;
    QList<llm::ChatMessage> m_messages;
    QList<llm::ToolDefinition> m_tools;
    std::optional<ReviewSubmission> m_submission;
    int m_turns = 0;
    int m_maxTurns = 0;
    bool m_forceSubmit = false;
    bool m_retriedMalformed = false;
    bool m_askedToSubmit = false;
    bool m_running = false;
    bool m_cancelling = false;
};

} // namespace agentdesk::agents

Q_DECLARE_METATYPE(agentdesk::agents::ReviewOutcome)
