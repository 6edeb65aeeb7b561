#pragma once

#include "agents/toolbox/Toolbox.h"
#include "core/Money.h"
#include "llm/ChatClient.h"

#include <QPointer>
#include <QString>

#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace agentdesk::cost {
class DailyAllowance;
class Ledger;
class PriceTable;
class SpendJournal;
} // namespace agentdesk::cost

namespace agentdesk::agents {

// Which wire format a provider speaks, and how the ledger names it.
struct ProviderSettings
{
    enum class Protocol
    {
        AnthropicMessages,
        OpenAiChatCompletions,
    };
    Protocol protocol = Protocol::AnthropicMessages;
    QString id = QStringLiteral("anthropic"); // the ledger's provider column
    llm::ClientOptions client;
    bool isLocal = false; // a local server (Ollama, llama.cpp): its models cost 0
};

// Everything the built-in agents need besides the step's AgentRequest. Shared by the
// implementer and the reviewer; each fills in its own role.
struct ApiAgentConfig
{
    ProviderSettings provider;
    // Prices every call. Required when a budget is set (an unpriced model is then an error);
    // without one, calls run unpriced and the outcome says so.
    std::shared_ptr<const cost::PriceTable> prices;
    // Where each call's entry goes. The ledger usually lives on the GUI thread: entries are
    // posted to it (queued across threads). It must outlive the agent. May be null; every
    // entry is also emitted as a signal.
    QPointer<cost::Ledger> ledger;
    QString taskId;
    int iteration = 1;
    // What today's budget still allows when the step starts; nullopt: no daily cap.
    std::optional<Money> dailyRemaining;
    // Today's budget shared with every other agent running now; when set, each call reserves
    // its worst case there first (and dailyRemaining is not used).
    std::shared_ptr<cost::DailyAllowance> daily;
    // Where each call's worst case is reserved before it is sent and settled after (issue 16:
    // a kill never loses spend). When set, every entry MeteredChat emits is already stored
    // (LedgerEntry::stored): the caller must not record it again. Null: entries are only
    // emitted, for the caller to store.
    std::shared_ptr<cost::SpendJournal> journal;
    // The output cap asked for when the budget does not bind (the model's own cap or less).
    int maxOutputTokens = 16384;
    // A call allowed fewer output tokens than this is not worth making: "budget reached".
    int minUsefulOutputTokens = 1024;
    int defaultMaxTurns = 50;
    // The worker thread's network manager; null: the agent makes its own.
    QNetworkAccessManager *network = nullptr;
    // Commands and file limits for the implementer's toolbox (the worktree comes from the
    // request); the reviewer uses only the file limits.
    ToolboxConfig toolbox;
};

} // namespace agentdesk::agents
